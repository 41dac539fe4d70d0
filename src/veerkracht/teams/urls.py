from django.urls import path

from veerkracht.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.index, name="index"),
    path("talent/<int:pk>/", views.profile_detail, name="profile"),
    path("mijn-profiel/", views.my_profile, name="my_profile"),
    path("mijn-profiel/teams/", views.my_profile, name="my_teams"),
    path("mijn-profiel/bewerken/", views.my_profile_edit, name="my_profile_edit"),
    path("mijn-profiel/export.json", views.my_profile_export, name="my_profile_export"),
    path("mijn-profiel/toestemming-intrekken/", views.my_profile_withdraw, name="my_profile_withdraw"),
    path("mijn-profiel/verwijderen/", views.my_profile_delete, name="my_profile_delete"),
    path("mijn-profiel/uitnodigingen/<int:pk>/", views.invitation, name="invitation"),
    path("uitnodiging/<str:token>/", views.invitation_token, name="invitation_token"),
    path("meedoen/", views.sign_up, name="sign_up"),
    path("meedoen/bevestigen/<str:token>/", views.sign_up_confirm, name="sign_up_confirm"),
    path("vaardigheden/", views.skills, name="skills"),
    path("vaardigheden/nieuw/", views.skill_add, name="skill_add"),
    path("organisaties/<slug:slug>/uren/", views.organisation_hours, name="organisation_hours"),
    path("opgaven/<slug:slug>/team/", views.formation, name="formation"),
    path("opgaven/<slug:slug>/team/behoeften/", views.needs_edit, name="needs"),
    path("opgaven/<slug:slug>/team/leden/", views.members, name="members"),
]
