"""The respondent's survey: short public links (/v/<token>/), no account needed."""

from django.urls import path

from veerkracht.fieldwork import survey_views

app_name = "survey"
urlpatterns = [
    path("open/<str:key>/", survey_views.open_start, name="open_start"),
    path("open/<str:key>/<int:number>/", survey_views.open_page, name="open_page"),
    path("open/<str:key>/bedankt/", survey_views.open_thanks, name="open_thanks"),
    path("<str:token>/", survey_views.start, name="start"),
    path("<str:token>/<int:number>/", survey_views.page, name="page"),
    path("<str:token>/bedankt/", survey_views.thanks, name="thanks"),
]
