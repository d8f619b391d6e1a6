"""The learning API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.learning.api import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = router.urls
