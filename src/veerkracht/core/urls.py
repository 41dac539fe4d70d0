from django.urls import path

from veerkracht.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("thema/<str:colour>.css", views.theme_css, name="theme_css"),
    path("status/", views.status, name="status"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
]
