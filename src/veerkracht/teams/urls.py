from django.urls import path

from veerkracht.core.views import part_page

app_name = "teams"
urlpatterns = [path("", part_page, {"key": "samenwerken"}, name="index")]
