from django.urls import path

from veerkracht.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.index, name="index"),
    path("talent/<int:pk>/", views.profile_detail, name="profile"),
    path("mijn-profiel/", views.my_profile, name="my_profile"),
    path("mijn-profiel/export.json", views.my_profile_export, name="my_profile_export"),
    path("mijn-profiel/toestemming-intrekken/", views.my_profile_withdraw, name="my_profile_withdraw"),
    path("mijn-profiel/verwijderen/", views.my_profile_delete, name="my_profile_delete"),
    path("meedoen/", views.sign_up, name="sign_up"),
    path("vaardigheden/", views.skills, name="skills"),
    path("vaardigheden/nieuw/", views.skill_add, name="skill_add"),
]
