from django.urls import path

from veerkracht.core.views import part_page

app_name = "planned"
urlpatterns = [
    path("organiseren/", part_page, {"key": "organiseren"}, name="organising"),
]
