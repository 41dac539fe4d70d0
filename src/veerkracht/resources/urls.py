from django.urls import path

from veerkracht.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.index, name="index"),
    path("opgaven/<slug:slug>/", views.challenge_page, name="challenge"),
    path("opgaven/<slug:slug>/behoefte/", views.need_add, name="need_add"),
    path("opgaven/<slug:slug>/delen/", views.sharing, name="sharing"),
    path("behoeften/<int:pk>/toezeggen/", views.pledge_make, name="pledge_make"),
    path("behoeften/<int:pk>/wijzigen/", views.need_edit, name="need_edit"),
    path("behoeften/<int:pk>/status/", views.need_state, name="need_state"),
    path("toezeggingen/<int:pk>/intrekken/", views.pledge_withdraw, name="pledge_withdraw"),
    path("toezeggingen/<int:pk>/beeindigen/", views.pledge_end, name="pledge_end"),
    path("toezeggingen/<int:pk>/besluit/", views.pledge_decide, name="pledge_decide"),
    path("toezeggingen/<int:pk>/boeken/", views.book, name="book"),
    path("boekingen/<int:pk>/corrigeren/", views.correct, name="correct"),
    path("partners/<slug:slug>/bijdrage/", views.contribution, name="contribution"),
    path("partners/<slug:slug>/bijdrage.xlsx", views.contribution_xlsx, name="contribution_xlsx"),
    path(
        "partners/<slug:slug>/bijdrage/pdf/", views.contribution_pdf_request, name="contribution_pdf_request"
    ),
    path("partners/<slug:slug>/bijdrage.pdf", views.contribution_pdf, name="contribution_pdf"),
    path("mijn-uren/", views.my_hours, name="my_hours"),
    path("mijn-uren/toestemming/", views.my_hours_consent, name="my_hours_consent"),
    path("partners/<slug:slug>/uren/", views.people_hours, name="people_hours"),
    path("partners/<slug:slug>/uren/<int:person>/", views.person_statement, name="person_statement"),
    path(
        "partners/<slug:slug>/uren/<int:person>.xlsx",
        views.person_statement_xlsx,
        name="person_statement_xlsx",
    ),
    path("partners/<slug:slug>/importeren/", views.import_file, name="import"),
]

# key results across organisations (names start with ``result_``)
from veerkracht.resources import results_views  # noqa: E402

urlpatterns += results_views.urlpatterns
