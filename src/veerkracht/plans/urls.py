from django.urls import path

from veerkracht.plans import pilot_views, views, views_export

app_name = "plans"
urlpatterns = [
    path("opgaven/<slug:slug>/analyse/", views.analysis, name="analysis"),
    path("opgaven/<slug:slug>/plan/", views.plan, name="plan"),
    path("opgaven/<slug:slug>/plan/genereren/", views.generate_version, name="generate"),
    path("opgaven/<slug:slug>/plan/versies/", views.versions, name="versions"),
    path("opgaven/<slug:slug>/plan/versies/<int:number>/", views.version_detail, name="version"),
    path("opgaven/<slug:slug>/plan/versies/<int:number>/vergelijking/", views.comparison, name="compare"),
    path(
        "opgaven/<slug:slug>/plan/versies/<int:number>/secties/<slug:section>/",
        views.section_edit,
        name="section_edit",
    ),
    path("opgaven/<slug:slug>/plan/versies/<int:number>/naar-bestuur/", views.send_to_board, name="send"),
    path(
        "opgaven/<slug:slug>/plan/versies/<int:number>/exporteren/", views_export.export_list, name="exports"
    ),
    path("plan/exports/<int:pk>/", views_export.export_detail, name="export"),
    path("plan/exports/<int:pk>/status/", views_export.export_status, name="export_status"),
    path("plan/exports/<int:pk>/bestand/", views_export.export_download, name="export_download"),
    path("opgaven/<slug:slug>/pilots/", pilot_views.pilot_list, name="challenge_pilots"),
    path("opgaven/<slug:slug>/pilots/nieuw/", pilot_views.pilot_create, name="pilot_create"),
    path("pilots/<int:pk>/", pilot_views.pilot_detail, name="pilot"),
    path("pilots/<int:pk>/bewerken/", pilot_views.pilot_edit, name="pilot_edit"),
    path("pilots/<int:pk>/stap/", pilot_views.pilot_step, name="pilot_step"),
    path("pilots/<int:pk>/besluit/", pilot_views.pilot_decide, name="pilot_decide"),
    path("pilots/<int:pk>/conclusie/", pilot_views.pilot_conclusion, name="pilot_conclusion"),
    path("pilots/<int:pk>/lessen/nieuw/", pilot_views.lesson_new, name="lesson_new"),
    path("pilots/<int:pk>/lessen/koppelen/", pilot_views.lesson_link, name="lesson_link"),
    path("pilots/<int:pk>/behoeften/nieuw/", pilot_views.need_new, name="need_new"),
]
