"""The network page: who may see it (others get a 404), what it shows, and its query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.network.world import when, world
from tests.organisations.factories import OrganisationFactory
from veerkracht.network import selectors, services
from veerkracht.network.graph import Tie
from veerkracht.network.models import JobStatus, NetworkJob, Scope
from veerkracht.network.sources import register_edge_source, unregister_edge_source
from veerkracht.organisations.models import Kind

pytestmark = pytest.mark.django_db


def _url(slug: str) -> str:
    return reverse("network:network", kwargs={"slug": slug})


def _computed(scope, owner):
    job = services.network_request(scope=scope, owner=owner)
    services.network_compute(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("who", "slug", "status"),
    [
        ("coordinator", "lindendorp", 200),
        ("bestuurder", "lindendorp", 200),
        ("coordinator", "regio-test", 200),
        ("regisseur", "regio-test", 200),  # regisseur of the region's other municipality
        ("regisseur", "lindendorp", 404),  # ... but not of Lindendorp itself
        ("outsider", "lindendorp", 404),
        ("outsider", "regio-test", 404),
        ("staff", "lindendorp", 404),
        ("coordinator", "verweg", 404),
        ("coordinator", "bestaat-niet", 404),
    ],
)
def test_who_sees_which_network(client, who, slug, status):
    w = world()
    client.force_login(getattr(w, who))
    assert client.get(_url(slug)).status_code == status


def test_anonymous_and_outsiders_cannot_start_a_computation(client):
    w = world()
    assert client.post(_url("lindendorp")).status_code in (302, 404)
    client.force_login(w.outsider)
    assert client.post(_url("lindendorp")).status_code == 404
    assert not NetworkJob.objects.exists()


def test_page_queues_a_job_then_shows_the_result(client, django_capture_on_commit_callbacks):
    w = world(partners=3)
    client.force_login(w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery in tests
        response = client.post(_url("lindendorp"))
    assert response.status_code == 302
    job = NetworkJob.objects.get()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.municipality == w.town
    page = client.get(_url("lindendorp")).content.decode()
    # three partners, all on the one challenge: a triangle (3 ties, density 1)
    assert 'role="img"' in page and "dichtheid 1,000" in page and "Partnernetwerk van Lindendorp" in page
    for org in w.partners:
        assert org.name in page
    assert "2024" in page


def test_progress_is_shown_while_running(client):
    w = world()
    NetworkJob.objects.create(
        scope=Scope.MUNICIPALITY, municipality=w.town, status=JobStatus.RUNNING, progress=42
    )
    client.force_login(w.coordinator)
    page = client.get(_url("lindendorp"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "42%" in page and "<script" not in page.split("</header>")[-1]
    assert 'http-equiv="refresh"' not in page


def test_ties_from_teams_stakeholders_and_a_registered_source():
    w = world(partners=2)
    extra = OrganisationFactory(kind=Kind.INWONERSINITIATIEF)
    a, b = w.partners

    def pledges(ids):
        assert ids  # the scope's challenges are passed in
        return [Tie(a.pk, extra.pk, 1.0, 2026, "pledge")]

    register_edge_source("test-pledges", pledges)
    try:
        data = selectors.network_input(Scope.MUNICIPALITY, w.town)
    finally:
        unregister_edge_source("test-pledges")
    assert {o.id for o in data.orgs} == {a.pk, b.pk, extra.pk}
    assert sorted((t.source, t.year) for t in data.ties) == [("pledge", 2026), ("stakeholder", 2024)]


def test_who_is_missing_names_kinds_seen_elsewhere_in_the_same_domain():
    w = world(partners=1)  # Lindendorp: one company
    elsewhere = ChallengeFactory(
        agenda=AgendaFactory(municipality=w.outside), published=True, created_at=when(2025)
    )
    StakeholderFactory(challenge=elsewhere, organisation=OrganisationFactory(kind=Kind.KENNISINSTELLING))
    StakeholderFactory(challenge=elsewhere, organisation=OrganisationFactory(kind=Kind.BEDRIJF))
    hidden = ChallengeFactory(agenda=AgendaFactory(municipality=w.outside), published=False)
    StakeholderFactory(challenge=hidden, organisation=OrganisationFactory(kind=Kind.INWONERSINITIATIEF))
    missing = selectors.missing_kinds(Scope.MUNICIPALITY, w.town)
    assert [(m.kind, m.elsewhere) for m in missing] == [(Kind.KENNISINSTELLING, 1)]


def _grow(challenges: int) -> None:
    from veerkracht.agenda.models import Agenda

    agenda = Agenda.objects.get(municipality__slug="lindendorp")
    for _ in range(challenges):
        challenge = ChallengeFactory(agenda=agenda, created_at=when(2025), published=True)
        for _ in range(4):
            StakeholderFactory(challenge=challenge, organisation=OrganisationFactory())


def test_page_and_computation_run_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    w = world(partners=3)
    client.force_login(w.coordinator)
    counts = []
    for extra in (1, 12):
        _grow(extra)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as compute_queries:
            _computed(Scope.MUNICIPALITY, w.town)
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(_url("lindendorp")).status_code == 200
        counts.append((len(compute_queries), len(page_queries)))
    assert counts[0] == counts[1], counts
    assert counts[1][1] < 40


def test_shared_teams_tie_the_organisations_of_accepted_members_once_per_team():
    from tests.teams.factories import ProfileFactory
    from veerkracht.teams.models import Team, TeamMember
    from veerkracht.teams.workflow import MemberStatus

    w = world(partners=0)
    a, b, c = (OrganisationFactory(municipality=w.town) for _ in range(3))
    challenge = ChallengeFactory(agenda=w.town.agendas.first(), created_at=when(2024), published=True)
    team = Team.objects.create(challenge=challenge, created_at=when(2025))
    for org, status in [(a, MemberStatus.ACCEPTED), (a, MemberStatus.ACCEPTED), (b, MemberStatus.ACCEPTED)]:
        TeamMember.objects.create(
            team=team, profile=ProfileFactory(organisation=org, municipality=w.town), status=status
        )
    # c was only invited: no tie; a resident (no organisation) adds nothing
    TeamMember.objects.create(team=team, profile=ProfileFactory(organisation=c, municipality=w.town))
    TeamMember.objects.create(
        team=team, profile=ProfileFactory(resident=True, municipality=w.town), status=MemberStatus.ACCEPTED
    )
    ties = selectors.team_ties({challenge.pk})
    assert [(t.a, t.b, t.weight, t.year, t.source) for t in ties] == [(a.pk, b.pk, 1.0, 2025, "team")]
    # another municipality's challenge is not in Lindendorp's scope
    assert challenge.pk in selectors.challenge_ids(Scope.MUNICIPALITY, w.town)
    assert challenge.pk not in selectors.challenge_ids(Scope.MUNICIPALITY, w.outside)
    assert challenge.pk in selectors.challenge_ids(Scope.REGION, w.region)


def test_home_page_links_the_networks_of_ones_municipality_and_region(client):
    w = world()
    client.force_login(w.coordinator)
    page = client.get("/").content.decode()
    assert _url("lindendorp") in page and _url("regio-test") in page and _url("verweg") not in page
    client.force_login(w.staff)
    assert "/netwerk/" not in client.get("/").content.decode()


def test_a_region_shows_no_municipality_s_non_public_work_to_the_others(db):
    """A member municipality's unpublished challenge ties its partners in the municipality's own network,
    never in the region's (which the region's other municipalities see) nor in the national one."""

    w = world(partners=0)
    secret = ChallengeFactory(agenda=w.town.agendas.first(), created_at=when(2025), published=False)
    assert secret.pk in selectors.challenge_ids(Scope.MUNICIPALITY, w.town)
    assert secret.pk not in selectors.challenge_ids(Scope.REGION, w.region)
    assert secret.pk not in selectors.challenge_ids(Scope.NATIONAL, None)
    secret.published = True
    secret.save()
    assert secret.pk in selectors.challenge_ids(Scope.REGION, w.region)
