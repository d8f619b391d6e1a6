from django.urls import path

from masa.performance import views

app_name = "performance"

urlpatterns = [
    path("performance/submissions/", views.submission_list, name="submissions"),
    path(
        "performance/submissions/upload/",
        views.submission_upload,
        name="submission-upload",
    ),
]
