from django.urls import path

from masa.assurance import views

app_name = "assurance"

urlpatterns = [
    path("assurance/", views.overview, name="overview"),
    path("assurance/case-audits/", views.case_audits, name="case-audits"),
    path("assurance/case-audits/add/", views.case_audit_add, name="case-audit-add"),
    path("assurance/case-audits/<int:pk>/", views.case_audit, name="case-audit"),
    path("assurance/case-audits/<int:pk>/change/", views.case_audit_edit, name="case-audit-edit"),
    path(
        "assurance/case-audits/<int:pk>/add-action/",
        views.action_add,
        name="case-audit-action-add",
    ),
    path("assurance/case-audits/actions/", views.case_audit_actions, name="case-audit-actions"),
    path(
        "assurance/case-audits/actions/<int:pk>/change/",
        views.action_edit,
        name="case-audit-action-edit",
    ),
    path(
        "assurance/case-audits/actions/<int:pk>/close/",
        views.action_close,
        name="case-audit-action-close",
    ),
    path(
        "assurance/case-audits/actions/<int:pk>/reopen/",
        views.action_reopen,
        name="case-audit-action-reopen",
    ),
    path("assurance/reports/", views.reports, name="reports"),
    path("assurance/reports/add/", views.report_add, name="report-add"),
    path("assurance/reports/<int:pk>/", views.report, name="report"),
    path("assurance/reports/<int:pk>/change/", views.report_edit, name="report-edit"),
    path("assurance/inspections/", views.inspections, name="inspections"),
    path("assurance/inspections/add/", views.inspection_add, name="inspection-add"),
    path("assurance/inspections/<int:pk>/", views.inspection, name="inspection"),
    path("assurance/inspections/<int:pk>/change/", views.inspection_edit, name="inspection-edit"),
]
