"""The network of one year (chosen on the page) and the national network: who sees them, what they
show (known answers on small graphs, worked out by hand), and their query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.network.world import when, world
from tests.organisations.factories import OrganisationFactory
from veerkracht.network import services
from veerkracht.network.graph import Tie, density_by_year
from veerkracht.network.models import JobStatus, NetworkJob, Scope

pytestmark = pytest.mark.django_db

NATIONAL = "/netwerk/landelijk/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _compute(scope, owner, year=None):
    job = services.network_request(scope=scope, owner=owner, year=year)
    services.network_compute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def test_groups_per_year():
    # 2024: 1-2, 2-3: one group. 2025: 1-2: one group. 2026: 1-2 and 3-4: two groups.
    ties = [Tie(1, 2, year=2024), Tie(2, 3, year=2024), Tie(1, 2, year=2025)]
    ties += [Tie(1, 2, year=2026), Tie(3, 4, year=2026)]
    assert [(y.year, y.components) for y in density_by_year(ties)] == [(2024, 1), (2025, 1), (2026, 2)]


def test_the_home_page_links_the_national_network_for_network_roles_only(client):
    assert reverse("network:national") == NATIONAL
    w = world(partners=0)
    client.force_login(w.outsider)
    assert f'href="{NATIONAL}"' in client.get("/").content.decode()
    client.force_login(w.staff)
    assert NATIONAL not in client.get("/").content.decode()


def test_the_year_links(client):
    w = world(partners=3, challenges=3)  # one challenge a year, 2024-2026, the same three partners
    _compute(Scope.MUNICIPALITY, w.town)
    client.force_login(w.coordinator)
    page = client.get("/netwerk/lindendorp/").content.decode()
    for year in (2024, 2025, 2026):
        assert f'href="/netwerk/lindendorp/?jaar={year}"' in page
    assert 'href="/netwerk/lindendorp/" aria-current="page"' in page


def test_a_year_is_computed_on_request_and_shown_with_its_own_measures(
    client, django_capture_on_commit_callbacks
):
    w = world(partners=0)
    a, b, c = (OrganisationFactory(municipality=w.town) for _ in range(3))
    agenda = w.town.agendas.first()
    # 2024: a-b; 2025: a-b-c all together (a triangle). All years: a triangle with a-b weighing 2.
    for year, orgs in ((2024, [a, b]), (2025, [a, b, c])):
        challenge = ChallengeFactory(agenda=agenda, created_at=when(year), published=True)
        for org in orgs:
            StakeholderFactory(challenge=challenge, organisation=org)
    _compute(Scope.MUNICIPALITY, w.town)
    client.force_login(w.coordinator)
    url = "/netwerk/lindendorp/"
    page = client.get(url + "?jaar=2024").content.decode()
    assert 'aria-current="page">2024<' in page and "has not been computed yet" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"jaar": "2024"})
    assert response.status_code == 302 and response["Location"] == url + "?jaar=2024"
    job = NetworkJob.objects.get(year=2024)
    assert job.status == JobStatus.DONE and job.scope == Scope.MUNICIPALITY
    page = client.get(url + "?jaar=2024").content.decode()
    # 2024 alone: two organisations, one tie, density 1; c took no part that year
    assert "2 organisations" in page and "1 tie," in page and "density 1.000" in page
    assert c.name not in page.split('id="table"')[1]
    # the all-years page is unchanged: three organisations, three ties
    page = client.get(url).content.decode()
    assert "3 organisations" in page and "3 ties" in page
    # a year without ties, or nonsense, shows all years (never an error)
    for bad in ("1999", "abc", "2024x", ""):
        response = client.get(url, {"jaar": bad})
        assert response.status_code == 200 and "3 organisations" in response.content.decode()


def test_the_years_table_has_groups_and_change(client):
    w = world(partners=3, challenges=2)  # 2024 and 2025: the same triangle
    _compute(Scope.MUNICIPALITY, w.town)
    client.force_login(w.coordinator)
    page = client.get("/netwerk/lindendorp/").content.decode()
    table = page.split('id="years"')[1].split("</table>")[0]
    rows = table.split("<tr")[2:]
    assert len(rows) == 2
    # year, organisations, ties, groups, density, change
    assert ">3</td>" in rows[0] and ">1</td>" in rows[0] and "1.000" in rows[0] and "—" in rows[0]
    assert "0.000" in rows[1]


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("regisseur", 200), ("bestuurder", 200), ("outsider", 200), ("staff", 404)],
)
def test_who_sees_the_national_network(client, who, status):
    w = world()
    client.force_login(getattr(w, who))
    assert client.get(NATIONAL).status_code == status


def test_who_may_start_the_national_computation(client, django_capture_on_commit_callbacks):
    w = world()
    response = client.post(NATIONAL)  # a visitor: to the log-in page or not found, nothing queued
    assert response.status_code in (302, 404)
    client.force_login(w.staff)
    assert client.post(NATIONAL).status_code == 404
    assert not NetworkJob.objects.exists()
    client.force_login(w.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(NATIONAL).status_code == 302
    job = NetworkJob.objects.get()
    assert job.scope == Scope.NATIONAL and job.status == JobStatus.DONE


def _path_of_three_in_public_and_a_secret(w):
    """a-b on one public challenge, b-c on another (a path: b is the broker); x-y only on an
    unpublished one (never in the national network)."""
    a, b, c, x, y = (OrganisationFactory(name=n) for n in ("Aa", "Bb", "Cc", "Xx", "Yy"))
    agenda = w.town.agendas.first()
    for orgs in ((a, b), (b, c)):
        challenge = ChallengeFactory(agenda=agenda, created_at=when(2025), published=True)
        for org in orgs:
            StakeholderFactory(challenge=challenge, organisation=org)
    secret = ChallengeFactory(agenda=agenda, created_at=when(2025), published=False)
    for org in (x, y):
        StakeholderFactory(challenge=secret, organisation=org)
    return a, b, c


def test_the_national_page_shows_measures_brokers_and_groups(client):
    w = world(partners=0)
    _path_of_three_in_public_and_a_secret(w)
    _compute(Scope.NATIONAL, None)
    client.force_login(w.outsider)
    page = client.get(NATIONAL).content.decode()
    # path a-b-c: 3 organisations, 2 ties, density 2/3, one group; b lies on the one shortest path
    # between a and c: brokerage 1 (normalised by (n-1)(n-2)/2 = 1); a and c: 0
    assert ">3</td>" in page and ">2</td>" in page and "0.6667" in page
    brokers = page.split("Top brokers")[1].split("</table>")[0]
    assert "Bb" in brokers and "1.0000" in brokers and "Aa" not in brokers and "Cc" not in brokers
    groups = page.split("Groups of organisations connected")[1].split("</table>")[0]
    assert groups.count("<tr") == 2  # the header and one group of 3
    # the names as words (a random CSRF token may hold the letters)
    assert not re.search(r"(?<![A-Za-z0-9])(Xx|Yy)(?![A-Za-z0-9])", page)
    assert 'role="img"' in page  # small enough for a picture


def test_a_large_national_network_gets_a_note_instead_of_a_picture(client, monkeypatch):
    w = world(partners=0)
    _path_of_three_in_public_and_a_secret(w)
    monkeypatch.setattr(services, "NATIONAL_PICTURE_LIMIT", 2)
    job = _compute(Scope.NATIONAL, None)
    assert all(n["x"] == 0 and n["y"] == 0 for n in __import__("json").loads(job.result)["nodes"])
    client.force_login(w.coordinator)
    page = client.get(NATIONAL).content.decode()
    assert 'role="img"' not in page and "No picture: with 3 organisations" in page
    assert "up to 2" in page


def test_the_national_page_shows_progress(client):
    w = world()
    NetworkJob.objects.create(scope=Scope.NATIONAL, status=JobStatus.RUNNING, progress=37)
    client.force_login(w.coordinator)
    page = client.get(NATIONAL).content.decode()
    assert "37% done" in page and "<form" not in page.split("<main")[-1].split("Refresh")[0].split("37%")[0]


def _grow(n: int) -> None:
    agenda = AgendaFactory(published=True)
    for _ in range(n):
        challenge = ChallengeFactory(agenda=agenda, created_at=when(2025), published=True)
        for _ in range(4):
            StakeholderFactory(challenge=challenge, organisation=OrganisationFactory())


def test_national_and_year_pages_run_a_bounded_number_of_queries(client):
    w = world(partners=3, challenges=2)
    client.force_login(w.coordinator)
    counts = []
    for extra in (1, 10):
        _grow(extra)
        with CaptureQueriesContext(connection) as compute_queries:
            _compute(Scope.NATIONAL, None)
            _compute(Scope.MUNICIPALITY, w.town)
            _compute(Scope.MUNICIPALITY, w.town, year=2025)
        with CaptureQueriesContext(connection) as national_queries:
            assert client.get(NATIONAL).status_code == 200
        with CaptureQueriesContext(connection) as year_queries:
            assert client.get("/netwerk/lindendorp/?jaar=2025").status_code == 200
        counts.append((len(compute_queries), len(national_queries), len(year_queries)))
    assert counts[0] == counts[1], counts
    assert counts[1][1] < 30 and counts[1][2] < 40
