from django.urls import path

from veerkracht.conf.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("deliberately broken view")


urlpatterns = [path("kapot/", broken), *site_urlpatterns]
handler500 = "veerkracht.core.views.server_error"
