from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from masa.accounts.api import OrganisationViewSet, PersonViewSet
from masa.core.access import Access
from masa.core.api_docs import api_docs
from masa.partnership.api_budget import BudgetApiView
from masa.partnership.api_meetings import AttendanceView

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")


class SchemaView(SpectacularAPIView):
    masa_access = Access.PUBLIC


urlpatterns = [
    path("", include("masa.core.urls")),
    path("", include("masa.accounts.urls")),
    path("", include("masa.partnership.urls")),
    path("", include("masa.arrangements.urls")),
    path("", include("masa.businessplan.urls")),
    path("", include("masa.risks.urls")),
    path("", include("masa.documents.urls")),
    path("", include("masa.learning.urls")),
    path("", include("masa.performance.urls")),
    path("", include("masa.audits.urls")),
    path("", include("masa.assurance.urls")),
    path("api/v1/budget", BudgetApiView.as_view(), name="api-budget"),
    path("api/v1/attendance", AttendanceView.as_view(), name="api-attendance"),
    path("api/v1/", include(router.urls)),
    path("api/v1/", include("masa.partnership.api_urls")),
    path("api/v1/", include("masa.arrangements.api_urls")),
    path("api/v1/", include("masa.businessplan.api_urls")),
    path("api/v1/", include("masa.risks.api_urls")),
    path("api/v1/", include("masa.documents.api_urls")),
    path("api/v1/", include("masa.learning.api_urls")),
    path("api/v1/", include("masa.performance.api_urls")),
    path("api/v1/", include("masa.audits.api_urls")),
    path("api/v1/", include("masa.assurance.api_urls")),
    path("api/v1/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/v1/docs/", api_docs, name="api-docs"),
]

handler400 = "masa.core.errors.bad_request"
handler403 = "masa.core.errors.forbidden"
handler404 = "masa.core.errors.not_found"
handler500 = "masa.core.errors.server_error"
