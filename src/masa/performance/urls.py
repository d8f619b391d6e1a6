from django.urls import path

from masa.performance import views, views_dashboard

app_name = "performance"

urlpatterns = [
    path("performance/", views_dashboard.dashboard, name="dashboard"),
    path("performance/export.csv", views_dashboard.dashboard_export, name="dashboard-export"),
    path("performance/indicators/<slug:code>/", views_dashboard.indicator, name="indicator"),
    path(
        "performance/indicators/<slug:code>/export.csv",
        views_dashboard.indicator_export,
        name="indicator-export",
    ),
    path("performance/submissions/", views.submission_list, name="submissions"),
    path(
        "performance/submissions/upload/",
        views.submission_upload,
        name="submission-upload",
    ),
    path("performance/submissions/new/", views.submission_new, name="submission-new"),
    path("performance/submissions/<int:pk>/", views.submission_detail, name="submission"),
    path(
        "performance/submissions/outstanding/",
        views.outstanding,
        name="submissions-outstanding",
    ),
    path(
        "performance/submissions/outstanding/remind/",
        views.send_reminders,
        name="submissions-remind",
    ),
]
