from django.urls import path

from veerkracht.community import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("lessen.json", views.open_data, name="open_data"),
    path("lessen/nieuw/", views.lesson_new, name="lesson_new"),
    path("lessen/<int:pk>/", views.lesson_detail, name="lesson"),
    path("lessen/<int:pk>/bewerken/", views.lesson_edit, name="lesson_edit"),
    path("lessen/<int:pk>/bewijs/", views.evidence_add, name="evidence_add"),
    path("praktijken/", views.communities, name="communities"),
    path("praktijken/<slug:slug>/", views.community_detail, name="community"),
    path("praktijken/<slug:slug>/lidmaatschap/", views.community_membership, name="community_membership"),
    path("opgaven/<slug:slug>/elders/", views.elsewhere, name="elsewhere"),
]
