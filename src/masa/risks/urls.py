from django.urls import path

from masa.risks import views

app_name = "risks"

urlpatterns = [
    path("risks/", views.register, name="register"),
    path("risks/add/", views.risk_add, name="risk-add"),
    path("risks/<int:pk>/", views.risk_detail, name="risk"),
    path("risks/<int:pk>/change/", views.risk_edit, name="risk-edit"),
    path("risks/<int:pk>/reassess/", views.risk_assess, name="risk-assess"),
    path("challenges/", views.challenge_log, name="challenges"),
    path("challenges/raise/", views.challenge_raise, name="challenge-raise"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/respond/", views.challenge_respond, name="challenge-respond"),
    path("challenges/<int:pk>/assurance/", views.challenge_assurance, name="challenge-assurance"),
    path("challenges/<int:pk>/close/", views.challenge_close, name="challenge-close"),
    path("challenges/<int:pk>/reopen/", views.challenge_reopen, name="challenge-reopen"),
]
