from django.urls import path

from veerkracht.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogus.jsonld", views.catalogue, name="catalogue"),
    path("<slug:slug>.csv", views.download_csv, name="csv"),
    path("<slug:slug>.json", views.download_json, name="json"),
]
