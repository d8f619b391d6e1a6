"""The performance API: each app routes its own endpoints under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from masa.performance.api import BenchmarkView, IndicatorViewSet
from masa.performance.api_submissions import OutstandingView, SubmissionViewSet

router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = [
    path("benchmarks", BenchmarkView.as_view(), name="api-benchmarks"),
    path(
        "submissions/outstanding",
        OutstandingView.as_view(),
        name="api-submissions-outstanding",
    ),
    *router.urls,
]
