from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse(b'{"ok":true}', content_type="application/json")


urlpatterns = [path("bench/bare", bare), path("", include("config.urls"))]
