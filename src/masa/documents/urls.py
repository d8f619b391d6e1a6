from django.urls import path

from masa.documents import views

app_name = "documents"

urlpatterns = [
    path("meetings/agenda-items/<int:pk>/add-paper/", views.paper_add, name="paper-add"),
    path("papers/<int:pk>/download/", views.paper_download, name="paper-download"),
    path("papers/<int:pk>/remove/", views.paper_remove_view, name="paper-remove"),
]
