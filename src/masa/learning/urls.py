from django.urls import path

from masa.learning import views

app_name = "learning"

urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/raise/", views.case_raise, name="case-raise"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/notification/", views.case_notification, name="case-notification"),
    path("cases/<int:pk>/rapid-review/", views.case_rapid_review, name="case-rapid-review"),
    path("cases/<int:pk>/ask-agency/", views.info_request_add, name="case-request-add"),
    path("cases/requests/<int:pk>/reply/", views.info_request_reply, name="case-request-reply"),
]
