from django.urls import path

from veerkracht.governance.views import board, council, decisions, mandates, objectives

app_name = "governance"
urlpatterns = [
    path("", board.index, name="index"),
    *board.urlpatterns,
    *objectives.urlpatterns,
    *mandates.urlpatterns,
    *decisions.urlpatterns,
    *council.urlpatterns,
]
