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
    path("ideeen/overzicht/", views.overview, name="overview"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # co-creation sessions
    path("opgaven/<slug:slug>/sessies/", session_views.session_list, name="session_list"),
    path("opgaven/<slug:slug>/sessies/nieuw/", session_views.session_new, name="session_new"),
    path("opgaven/<slug:slug>/sessies.ics", session_views.session_feed, name="session_feed"),
    path("sessies/<int:pk>/", session_views.session_detail, name="session"),
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
