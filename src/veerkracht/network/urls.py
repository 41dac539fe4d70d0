from django.urls import path

from veerkracht.network import views

app_name = "network"
urlpatterns = [
    path("landelijk/", views.national, name="national"),
    path("<slug:slug>/", views.network, name="network"),
]
