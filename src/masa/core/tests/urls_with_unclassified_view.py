"""The real URLs plus one view that nobody classified, for the URL-classification test."""

from django.http import HttpResponse
from django.urls import path

from masa.config.urls import urlpatterns as real_urlpatterns


def forgotten(request):
    return HttpResponse("this should never be served")


urlpatterns = [*real_urlpatterns, path("forgotten/", forgotten, name="forgotten")]
