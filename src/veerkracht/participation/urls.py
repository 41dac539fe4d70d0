from django.urls import path

from veerkracht.participation import session_views, views

app_name = "participation"
urlpatterns = [
    path("opgaven/<slug:slug>/ideeen/", views.ideas, name="ideas"),
    path("opgaven/<slug:slug>/ideeen/nieuw/", views.idea_new, name="idea_new"),
    path("opgaven/<slug:slug>/ideeen/vergelijkbaar/", views.similar, name="similar"),
    path("ideeen/<int:pk>/", views.idea_detail, name="idea"),
    path("ideeen/<int:pk>/afbeelding/", views.idea_picture, name="idea_picture"),
    path("ideeen/<int:pk>/steunen/", views.idea_support, name="idea_support"),
    path("ideeen/<int:pk>/status/", views.idea_transition, name="idea_transition"),
    path("ideeen/<int:pk>/reageren/", views.idea_comment, name="idea_comment"),
    path("reacties/<int:pk>/verbergen/", views.comment_hide, name="comment_hide"),
    path("reacties/<int:pk>/melden/", views.comment_report, name="comment_report"),
    path("agenda/<slug:slug>/ideeen/", views.agenda_ideas, name="agenda_ideas"),
    path("agenda/<slug:slug>/ideeen/nieuw/", views.agenda_idea_new, name="agenda_idea_new"),
    path("agenda/<slug:slug>/ideeen/openen/", views.agenda_ideas_switch, name="agenda_ideas_switch"),
    path("ideeen/<int:pk>/koppelen/", views.idea_link, name="idea_link"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/export/", views.my_data_export, name="my_data_export"),
    path("ideeen/overzicht/", views.overview, name="overview"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # co-creation sessions
    path("opgaven/<slug:slug>/sessies/", session_views.session_list, name="session_list"),
    path("opgaven/<slug:slug>/sessies/nieuw/", session_views.session_new, name="session_new"),
    path("opgaven/<slug:slug>/sessies.ics", session_views.session_feed, name="session_feed"),
    path("praktijken/<slug:slug>/sessies/nieuw/", session_views.cop_session_new, name="cop_session_new"),
    path("praktijken/<slug:slug>/sessies.ics", session_views.cop_session_feed, name="cop_session_feed"),
    path("sessies/<int:pk>/", session_views.session_detail, name="session"),
    path("sessies/<int:pk>/bewerken/", session_views.session_edit, name="session_edit"),
    path("sessies/<int:pk>/afgelasten/", session_views.session_call_off, name="session_call_off"),
    path("sessies/<int:pk>/agenda.ics", session_views.session_ics, name="session_ics"),
    path("sessies/<int:pk>/aanmelden/", session_views.session_register, name="session_register"),
    path("sessies/<int:pk>/afmelden/", session_views.session_cancel, name="session_cancel"),
    path("sessies/<int:pk>/aanwezigheid/", session_views.session_attendance, name="session_attendance"),
    path("sessies/<int:pk>/verslag/", session_views.session_minutes, name="session_minutes"),
    path("sessies/<int:pk>/acties/", session_views.session_action_add, name="session_action_add"),
    path(
        "sessies/acties/<int:pk>/toepassen/", session_views.session_action_apply, name="session_action_apply"
    ),
]
