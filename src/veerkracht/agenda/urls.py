from django.urls import path

from veerkracht.core.views import part_page

app_name = "agenda"
urlpatterns = [path("", part_page, {"key": "agenda"}, name="index")]
