"""The audits API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.audits.api import (
    CycleViewSet,
    FrameworkViewSet,
    PeerChallengeViewSet,
    ReturnViewSet,
)

router = SimpleRouter()
router.register("audits/frameworks", FrameworkViewSet, basename="audit-framework")
router.register("audits/cycles", CycleViewSet, basename="audit-cycle")
router.register("audits/returns", ReturnViewSet, basename="audit-return")
router.register("audits/peer-challenges", PeerChallengeViewSet, basename="audit-peer-challenge")

urlpatterns = router.urls
