"""The documents API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.documents.api import PaperViewSet

router = SimpleRouter()
router.register("papers", PaperViewSet, basename="paper")

urlpatterns = router.urls
