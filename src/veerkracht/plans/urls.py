from django.urls import path

from veerkracht.plans import views_export

app_name = "plans"
urlpatterns: list = [
    path("<slug:slug>/exporteren/", views_export.export_list, name="exports"),
    path("exports/<int:pk>/", views_export.export_detail, name="export"),
    path("exports/<int:pk>/status/", views_export.export_status, name="export_status"),
    path("exports/<int:pk>/bestand/", views_export.export_download, name="export_download"),
]
