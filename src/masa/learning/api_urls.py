"""The learning API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.learning.api import CaseViewSet
from masa.learning.api_actions import DisseminationViewSet, ReviewActionViewSet
from masa.learning.api_reviews import ReviewViewSet, ThemeViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("reviews", ReviewViewSet, basename="review")
router.register("themes", ThemeViewSet, basename="theme")
router.register("actions", ReviewActionViewSet, basename="review-action")
router.register("disseminations", DisseminationViewSet, basename="dissemination")

urlpatterns = router.urls
