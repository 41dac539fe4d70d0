from django.urls import path

from veerkracht.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", views.status, name="status"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("besturen/", views.governance, name="governance"),
    path("organiseren/", views.organising, name="organising"),
]
