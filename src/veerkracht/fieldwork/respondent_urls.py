"""The respondent's survey: short public links (/v/<token>/), no account needed."""

from django.urls import path

app_name = "survey"
urlpatterns: list = []
