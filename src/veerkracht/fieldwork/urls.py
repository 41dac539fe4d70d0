from django.urls import path

from veerkracht.core.views import part_page

app_name = "fieldwork"
urlpatterns = [path("", part_page, {"key": "monitor"}, name="index")]
