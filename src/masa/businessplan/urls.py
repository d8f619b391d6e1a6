from django.urls import path

from masa.businessplan import views

app_name = "businessplan"

urlpatterns = [
    path("business-plan/", views.plan, name="plan"),
    path("business-plan/priorities/new/", views.priority_create, name="priority-create"),
    path("business-plan/priorities/<int:pk>/", views.priority_detail, name="priority"),
    path("business-plan/priorities/<int:pk>/change/", views.priority_edit, name="priority-edit"),
    path(
        "business-plan/priorities/<int:pk>/add-action/",
        views.action_create,
        name="action-create",
    ),
    path("business-plan/priorities/<int:pk>/impact/", views.impact_edit, name="impact-edit"),
    path("business-plan/actions/<int:pk>/", views.action_detail, name="action"),
    path("business-plan/actions/<int:pk>/change/", views.action_edit, name="action-edit"),
    path("business-plan/actions/<int:pk>/progress/", views.action_progress, name="action-progress"),
    path("business-plan/highlight-reports/", views.highlight_reports, name="highlight-reports"),
    path(
        "business-plan/highlight-reports/new/",
        views.highlight_report_create,
        name="highlight-report-create",
    ),
    path(
        "business-plan/highlight-reports/<int:pk>/",
        views.highlight_report_detail,
        name="highlight-report",
    ),
    path(
        "business-plan/highlight-reports/<int:pk>/change/",
        views.highlight_report_edit,
        name="highlight-report-edit",
    ),
]
