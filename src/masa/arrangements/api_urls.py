"""The arrangements API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.arrangements.api import (
    ArrangementDraftViewSet,
    DraftSectionViewSet,
    PublishedArrangementsViewSet,
)

router = SimpleRouter()
router.register("arrangements", PublishedArrangementsViewSet, basename="arrangements-version")
router.register("arrangement-drafts", ArrangementDraftViewSet, basename="arrangement-draft")
router.register("arrangement-sections", DraftSectionViewSet, basename="arrangement-section")

urlpatterns = router.urls
