from django.urls import path

from veerkracht.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda_index, name="index"),
    path("nieuw/", views.agenda_create, name="create"),
    path("uitnodigingen/<int:pk>/", views.partner_invitation, name="partner_invitation"),
    path("openbaar/<slug:slug>/", views.public_agenda, name="public_agenda"),
    path("openbaar/opgaven/<slug:slug>/", views.public_challenge, name="public_challenge"),
    path("opgaven/<slug:slug>/", views.challenge_detail, name="challenge"),
    path("opgaven/<slug:slug>/bewerken/", views.challenge_edit, name="challenge_edit"),
    path("opgaven/<slug:slug>/publiceren/", views.challenge_publish, name="challenge_publish"),
    path("opgaven/<slug:slug>/scoren/", views.challenge_score, name="challenge_score"),
    path("opgaven/<slug:slug>/status/", views.challenge_transition, name="challenge_transition"),
    path("opgaven/<slug:slug>/belanghebbenden/nieuw/", views.stakeholder_add, name="stakeholder_add"),
    path(
        "opgaven/<slug:slug>/belanghebbenden/<int:pk>/bewerken/",
        views.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "opgaven/<slug:slug>/belanghebbenden/<int:pk>/verwijderen/",
        views.stakeholder_remove,
        name="stakeholder_remove",
    ),
    path("<slug:slug>/", views.agenda_detail, name="detail"),
    path("<slug:slug>/bewerken/", views.agenda_edit, name="edit"),
    path("<slug:slug>/publiceren/", views.agenda_publish, name="publish"),
    path("<slug:slug>/prioriteiten/", views.agenda_ranking, name="ranking"),
    path("<slug:slug>/export.csv", views.agenda_export_csv, name="export_csv"),
    path("<slug:slug>/export.json", views.agenda_export_json, name="export_json"),
    path("<slug:slug>/importeren/", views.agenda_import, name="import"),
    path("<slug:slug>/opgaven/nieuw/", views.challenge_create, name="challenge_create"),
]
