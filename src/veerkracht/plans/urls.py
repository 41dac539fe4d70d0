from django.urls import path

from veerkracht.plans import views, views_export

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
]
