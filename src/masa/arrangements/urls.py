from django.urls import path

from masa.arrangements import views

app_name = "arrangements"

urlpatterns = [
    path("arrangements/", views.published, name="published"),
    path("arrangements/versions/<int:pk>/", views.version, name="version"),
    path("arrangements/versions/<int:pk>/changes/", views.version_changes, name="version-changes"),
    path("arrangements/versions/<int:pk>/pdf/", views.version_pdf_download, name="version-pdf"),
    path("arrangements/drafts/", views.drafts, name="drafts"),
    path("arrangements/drafts/<int:pk>/", views.draft, name="draft"),
    path("arrangements/drafts/<int:pk>/details/", views.details_edit, name="details"),
    path("arrangements/drafts/<int:pk>/approve/", views.approve, name="approve"),
    path("arrangements/sections/<int:pk>/", views.section_edit, name="section"),
    path("arrangements/milestones/<int:pk>/", views.milestone_edit, name="milestone"),
]
