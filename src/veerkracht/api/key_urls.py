from django.urls import path

from veerkracht.api import pages

app_name = "api_keys"
urlpatterns = [
    path("", pages.key_list, name="list"),
    path("<int:pk>/intrekken/", pages.key_revoke, name="revoke"),
]
