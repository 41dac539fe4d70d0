from django.urls import path

from veerkracht.fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("", views.index, name="index"),
    path("opgaven/<slug:slug>/metingen/nieuw/", views.wave_create, name="wave_create"),
    path("metingen/<int:pk>/", views.wave_detail, name="wave"),
    path("metingen/<int:pk>/bewerken/", views.wave_edit, name="wave_edit"),
    path("metingen/<int:pk>/stap/<str:name>/", views.wave_transition, name="wave_transition"),
    path("metingen/<int:pk>/respondenten/", views.invitations, name="invitations"),
    path(
        "metingen/<int:pk>/respondenten/<int:invitation_pk>/verwijderen/",
        views.invitation_remove,
        name="invitation_remove",
    ),
    path("metingen/<int:pk>/herinneren/", views.remind, name="remind"),
    path("metingen/<int:pk>/rapport/", views.report_page, name="report"),
    path("metingen/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("metingen/<int:pk>/prioriteiten/", views.priority_add, name="priority_add"),
    path(
        "metingen/<int:pk>/prioriteiten/<int:priority_pk>/verwijderen/",
        views.priority_remove,
        name="priority_remove",
    ),
    path("metingen/<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("metingen/<int:pk>/codeboek.json", views.export_codebook, name="export_codebook"),
    path("metingen/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("metingen/<int:pk>/importeren/", views.import_answers, name="import"),
]
