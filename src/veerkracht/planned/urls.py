from django.urls import URLPattern

app_name = "planned"
urlpatterns: list[URLPattern] = []
