from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView

from veerkracht.api import compute, views
from veerkracht.api.resources import governance, insight, participation

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema-json"),
    path("openapi.yaml", SpectacularYAMLAPIView.as_view(), name="schema"),
    path("organisaties", views.OrganisationList.as_view(), name="organisations"),
    path("agendas", views.AgendaList.as_view(), name="agendas"),
    path("agendas/<slug:slug>", views.AgendaDetail.as_view(), name="agenda"),
    path("opgaven", views.ChallengeList.as_view(), name="challenges"),
    path("opgaven/<slug:slug>", views.ChallengeDetail.as_view(), name="challenge"),
    path("belanghebbenden", views.StakeholderList.as_view(), name="stakeholders"),
    path("teamvorming", compute.TeamFormation.as_view(), name="team-formation"),
    path("teamvorming/<uuid:job_id>", compute.TeamFormationJobDetail.as_view(), name="team-formation-job"),
    path("monitor/scores", compute.ScoreResponses.as_view(), name="monitor-scores"),
    *governance.urlpatterns,
    *insight.urlpatterns,
    *participation.urlpatterns,
]
