"""The assurance API: each app routes its own endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from masa.assurance.api import (
    AssuranceReportViewSet,
    CaseAuditActionViewSet,
    CaseAuditViewSet,
    InspectionViewSet,
)

router = SimpleRouter()
router.register("audits/case-audits", CaseAuditViewSet, basename="case-audit")
router.register("audits/case-audit-actions", CaseAuditActionViewSet, basename="case-audit-action")
router.register("assurance-reports", AssuranceReportViewSet, basename="assurance-report")
router.register("inspections", InspectionViewSet, basename="inspection")

urlpatterns = router.urls
