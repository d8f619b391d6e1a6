"""The risks API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.risks.api import ChallengeResponseViewSet, ChallengeViewSet, RiskViewSet

router = SimpleRouter()
router.register("risks", RiskViewSet, basename="risk")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("challenge-responses", ChallengeResponseViewSet, basename="challenge-response")

urlpatterns = router.urls
