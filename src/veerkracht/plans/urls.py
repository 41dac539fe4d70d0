from django.urls import path

from veerkracht.plans import views

app_name = "plans"
urlpatterns = [
    path("opgaven/<slug:slug>/pilots/", views.pilot_list, name="challenge_pilots"),
    path("opgaven/<slug:slug>/pilots/nieuw/", views.pilot_create, name="pilot_create"),
    path("pilots/<int:pk>/", views.pilot_detail, name="pilot"),
    path("pilots/<int:pk>/bewerken/", views.pilot_edit, name="pilot_edit"),
    path("pilots/<int:pk>/stap/", views.pilot_step, name="pilot_step"),
    path("pilots/<int:pk>/besluit/", views.pilot_decide, name="pilot_decide"),
    path("pilots/<int:pk>/conclusie/", views.pilot_conclusion, name="pilot_conclusion"),
    path("pilots/<int:pk>/lessen/nieuw/", views.lesson_new, name="lesson_new"),
    path("pilots/<int:pk>/lessen/koppelen/", views.lesson_link, name="lesson_link"),
    path("pilots/<int:pk>/behoeften/nieuw/", views.need_new, name="need_new"),
]
