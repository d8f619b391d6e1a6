"""The businessplan API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.businessplan.api import PlanActionViewSet, PriorityViewSet, ProgressUpdateViewSet

router = SimpleRouter()
router.register("priorities", PriorityViewSet, basename="priority")
router.register("plan-actions", PlanActionViewSet, basename="plan-action")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")

urlpatterns = router.urls
