"""The board's overview (/besturen/): worst first, the engine's numbers, mandate use, what waits for
the board, bounded queries at two sizes, and nothing of another municipality."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.governance.board_world import bulk_world, mandate_for, objective_with, open_escalation, town, use
from tests.organisations.factories import UserFactory
from veerkracht.governance import overview, status
from veerkracht.governance.models import Objective, ObjectiveState, UsageKind

pytestmark = pytest.mark.django_db

URL = "/besturen/"


@pytest.fixture
def veerdam():
    return town("Gemeente Veerdam", "veerdam")


@pytest.fixture
def elders():
    return town("Gemeente Elders", "elders")


def _titles_in_order(html: str, titles: list[str]) -> list[str]:
    found = sorted((html.index(f">{t}<"), t) for t in titles if f">{t}<" in html)
    return [t for _pos, t in found]


def test_the_reverse_is_the_index():
    assert reverse("governance:index") == URL


def test_challenges_are_listed_worst_first(client, veerdam):
    cases = {
        "Opgave behaald": ["behaald"],
        "Opgave uit koers": ["op koers", "uit koers"],
        "Opgave geen meting": ["geen meting"],
        "Opgave niet behaald": ["niet behaald", "behaald"],
        "Opgave aandacht": ["aandacht", "behaald"],
        "Opgave op koers": ["op koers"],
        "Opgave zonder doelen": [],
    }
    for title, statuses in cases.items():
        challenge = ChallengeFactory(agenda=veerdam.agenda, title=title)
        for k, s in enumerate(statuses):
            objective_with(challenge, f"D{k + 1}", s)
    client.force_login(veerdam.bestuurder)
    html = client.get(URL).content.decode()
    assert _titles_in_order(html, list(cases)) == [
        "Opgave niet behaald",
        "Opgave uit koers",
        "Opgave aandacht",
        "Opgave op koers",
        "Opgave behaald",
        "Opgave geen meting",
        "Opgave zonder doelen",
    ]
    # within a challenge, the worse objective first: D2 (uit koers) before D1 (op koers)
    section = html[html.index(">Opgave uit koers<") :]
    assert section.index("D2 Doel D2") < section.index("D1 Doel D1")


def test_status_and_progress_are_the_engines(client, veerdam):
    challenge = ChallengeFactory(agenda=veerdam.agenda, title="Schone wijk")
    objective_with(challenge, "D1", "op koers")
    objective_with(challenge, "D2", "aandacht")
    objective_with(challenge, "D3", "uit koers")
    client.force_login(veerdam.bestuurder)
    html = client.get(URL).content.decode()
    # written independently: measured 45, 30 and 10 of a change of 100 from 0
    for code, css, percent in (("D1", "on-course", 45), ("D2", "attention", 30), ("D3", "off-course", 10)):
        row = re.search(rf"D{code[1]} Doel {code}.*?</tr>", html, re.S)
        assert row is not None
        assert f"vk-status--{css}" in row.group(0)
        assert f'value="{percent}"' in row.group(0)
        assert f"{percent}%" in row.group(0)
    # and the engine says the same through status.py
    objectives = list(status.with_measurements(Objective.objects.filter(challenge=challenge)))
    answers = status.evaluate(objectives)
    assert {o.code: (answers[o.pk].status, round(answers[o.pk].progress)) for o in objectives} == {
        "D1": ("op koers", 45),
        "D2": ("aandacht", 30),
        "D3": ("uit koers", 10),
    }


def test_evaluate_many_gives_the_same_answers_as_evaluate(veerdam):
    bulk_world(veerdam.agenda, 3, 3, 2, 7)
    challenge = ChallengeFactory(agenda=veerdam.agenda)
    for k, s in enumerate(["op koers", "niet behaald", "geen meting", "behaald"]):
        objective_with(challenge, f"X{k}", s)
    Objective.objects.create(challenge=challenge, code="LEEG", name="Zonder indicatoren")
    one = status.evaluate(status.with_measurements(Objective.objects.all()))
    many = status.evaluate_many(status.with_indicators(Objective.objects.all()))
    prefetched = status.evaluate_many(status.with_measurements(Objective.objects.all()))
    assert len(one) == 3 * 3 + 4
    assert many == one
    assert prefetched == one


def test_mandate_use_escalations_and_waiting_decisions(client, veerdam):
    challenge = ChallengeFactory(agenda=veerdam.agenda, title="Warme wijk")
    mandate_for(challenge, budget=10_000, hours=200)
    use(challenge, UsageKind.MONEY, 5000)
    use(challenge, UsageKind.MONEY, 3500)
    use(challenge, UsageKind.MONEY, "-500")  # a correction
    use(challenge, UsageKind.HOURS, 250)
    objective_with(challenge, "D1", "op koers", state=ObjectiveState.VOORGESTELD)
    open_escalation(challenge, "Uren boven het mandaat")
    client.force_login(veerdam.bestuurder)
    html = client.get(URL).content.decode()
    # numbers as the reader's language writes them (Dutch by default), the bar's attributes plain
    assert "8.000,00" in html and "10.000,00" in html and "(80%)" in html
    assert 'max="10000.00"' in html and 'value="8000.00"' in html and 'high="8000.00"' in html
    assert "250,0" in html and "200,0" in html and "(125%)" in html
    assert 'max="200.0" high="160.0" optimum="0" value="250.0"' in html
    assert "Uren boven het mandaat" in html
    data = overview.overview_for(veerdam.municipality)
    (row,) = data.rows
    assert (data.open_escalations, data.waiting) == (1, 2)
    assert [o.objective.code for o in row.waiting_objectives] == ["D1"]
    assert reverse("governance:index") + f"opgaven/{challenge.slug}/" in html


def test_lead_municipality_challenges_are_included(client, veerdam, elders):
    led = ChallengeFactory(
        agenda=elders.agenda, lead_municipality=veerdam.municipality, title="Gedeelde opgave"
    )
    objective_with(led, "D1", "behaald")
    client.force_login(veerdam.bestuurder)
    assert "Gedeelde opgave" in client.get(URL).content.decode()
    client.force_login(elders.bestuurder)
    assert "Gedeelde opgave" in client.get(URL).content.decode()


def test_other_municipalitys_bestuurder_sees_nothing_of_this_one(client, veerdam, elders):
    challenge = ChallengeFactory(agenda=veerdam.agenda, title="Geheime opgave Veerdam")
    objective_with(challenge, "D1", "uit koers")
    open_escalation(challenge, "Escalatie in Veerdam")
    client.force_login(elders.bestuurder)
    html = client.get(URL).content.decode()
    assert "Gemeente Elders" in html
    assert "Geheime opgave Veerdam" not in html and "Escalatie in Veerdam" not in html
    assert client.get(URL, {"gemeente": "veerdam"}).status_code == 404


def test_others_get_the_introduction(client, veerdam):
    ChallengeFactory(agenda=veerdam.agenda, title="Opgave voor het bestuur")
    for user in (veerdam.raadslid, UserFactory()):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        assert "Opgave voor het bestuur" not in response.content.decode()
        assert response.templates[0].name == "core/part.html"
    client.logout()
    assert client.get(URL).templates[0].name == "core/part.html"


def test_a_bestuurder_of_two_municipalities_chooses(client, veerdam, elders):
    from tests.organisations.factories import MembershipFactory

    MembershipFactory(user=veerdam.bestuurder, organisation=elders.municipality, role="bestuurder")
    ChallengeFactory(agenda=elders.agenda, title="Opgave Elders")
    client.force_login(veerdam.bestuurder)
    chooser = client.get(URL).content.decode()
    assert "?gemeente=elders" in chooser and "?gemeente=veerdam" in chooser
    assert "Opgave Elders" in client.get(URL, {"gemeente": "elders"}).content.decode()
    assert "Opgave Elders" not in client.get(URL, {"gemeente": "veerdam"}).content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_bounded_queries_at_two_sizes(client, veerdam, elders):
    client.force_login(veerdam.bestuurder)
    bulk_world(veerdam.agenda, 2, 1, 1, 2)
    small = _count(client, URL)
    council_small = _count(client, reverse("governance:council", args=["veerdam"]))
    bulk_world(veerdam.agenda, 4, 3, 2, 5)
    bulk_world(elders.agenda, 3, 2, 2, 3)  # another municipality's data changes nothing either
    large = _count(client, URL)
    council_large = _count(client, reverse("governance:council", args=["veerdam"]))
    data = overview.overview_for(veerdam.municipality)
    assert len(data.rows) == 6 and sum(len(r.objectives) for r in data.rows) == 2 * 1 + 4 * 3
    assert small == large
    assert council_small == council_large


def test_home_panel_counts_for_board_and_council(client, veerdam, elders):
    from veerkracht.core.dashboard import dashboard_for

    challenge = ChallengeFactory(agenda=veerdam.agenda)
    objective_with(challenge, "D1", "op koers", state=ObjectiveState.VOORGESTELD)
    open_escalation(challenge, "Een")
    open_escalation(challenge, "Twee")
    board = {p.key: p for p in dashboard_for(veerdam.bestuurder)}["governance"]
    assert (board.context["escalations"], board.context["waiting"]) == (2, 3)
    assert board.context["links"][0]["url"] == URL
    council = {p.key: p for p in dashboard_for(veerdam.raadslid)}["governance"]
    assert council.context["links"][0]["url"] == reverse("governance:council", args=["veerdam"])
    assert (council.context["escalations"], council.context["waiting"]) == (2, 3)
    other = {p.key: p for p in dashboard_for(elders.bestuurder)}["governance"]
    assert (other.context["escalations"], other.context["waiting"]) == (0, 0)
    assert "governance" not in {p.key for p in dashboard_for(UserFactory())}
    client.force_login(veerdam.bestuurder)
    assert URL in client.get("/").content.decode()
