from django.urls import path

from masa.core import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("demo/", views.demo_sign_in, name="demo"),
]
