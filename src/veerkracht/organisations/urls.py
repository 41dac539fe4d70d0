from django.urls import path

from veerkracht.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/bewerken/", views.organisation_edit, name="edit"),
    path("<slug:slug>/mensen/", views.organisation_members, name="members"),
]
