"""The pilots' pages: who sees them, forms that keep what was typed and say what is wrong, a refused
step shown as a message, the sections on the challenge and team pages, and bounded query counts on the
list at two sizes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.plans.world import World, days
from veerkracht.governance.models import Decision
from veerkracht.plans.models import Pilot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_for_the_team(world: World) -> None:
    pilot = world.pilot()
    client = client_for(world.teamlid)
    for url in (
        reverse("plans:challenge_pilots", args=[world.challenge.slug]),
        reverse("plans:pilot_create", args=[world.challenge.slug]),
        reverse("plans:pilot", args=[pilot.pk]),
        reverse("plans:pilot_edit", args=[pilot.pk]),
        reverse("plans:pilot_conclusion", args=[pilot.pk]),
        reverse("plans:lesson_new", args=[pilot.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(reverse("plans:pilot", args=[pilot.pk])).content.decode()
    assert pilot.title in detail and "Banen" in detail
    # a team member may not take the go/no-go, nor add needs to the ledger
    assert client.get(reverse("plans:pilot_decide", args=[pilot.pk])).status_code == 403
    assert client.get(reverse("plans:need_new", args=[pilot.pk])).status_code == 403


def test_other_municipalities_do_not_learn_that_pilots_exist(world: World) -> None:
    pilot = world.pilot()
    for user in (world.outsider, world.other_board, world.other_coordinator, world.staff):
        client = client_for(user)
        assert client.get(reverse("plans:pilot", args=[pilot.pk])).status_code == 404
        assert client.get(reverse("plans:challenge_pilots", args=[world.challenge.slug])).status_code == 404
        response = client.post(reverse("plans:pilot_step", args=[pilot.pk]), {"to": "lopend"})
        assert response.status_code == 404
    assert Pilot.objects.get(pk=pilot.pk).state == "voorbereiding"


def test_creating_a_pilot_through_the_form(world: World) -> None:
    client = client_for(world.regisseur)
    url = reverse("plans:pilot_create", args=[world.challenge.slug])
    bad = client.post(url, {"title": "Buurtkamer", "starts_on": "2027-05-01", "ends_on": "2027-04-01"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="Buurtkamer"' in page
    assert "De einddatum moet na de startdatum liggen." in page
    assert "Kies ten minste één indicator om het mee te meten." in page
    assert Pilot.objects.count() == 0
    good = client.post(
        url,
        {
            "title": "Buurtkamer",
            "intervention": "een buurtkamer openen",
            "expectation": "meer ontmoeting",
            "indicators": [world.indicator.pk],
            "starts_on": days(1).isoformat(),
            "ends_on": days(90).isoformat(),
            "experiment_rules": [world.rule.pk],
        },
    )
    pilot = Pilot.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse("plans:pilot", args=[pilot.pk])
    assert pilot.team == world.team and list(pilot.experiment_rules.all()) == [world.rule]


def test_a_refused_step_is_a_clear_message(world: World) -> None:
    pilot = world.pilot()
    client = client_for(world.regisseur)
    response = client.post(reverse("plans:pilot_step", args=[pilot.pk]), {"to": "geevalueerd"}, follow=True)
    assert "Een pilot kan niet van “voorbereiding” naar “geëvalueerd”." in response.content.decode()
    assert Pilot.objects.get(pk=pilot.pk).state == "voorbereiding"
    client.post(reverse("plans:pilot_step", args=[pilot.pk]), {"to": "lopend"})
    assert Pilot.objects.get(pk=pilot.pk).state == "lopend"


def test_the_go_no_go_form(world: World) -> None:
    pilot = world.pilot()
    Pilot.objects.filter(pk=pilot.pk).update(state="geevalueerd", conclusion="Stoppen.")
    client = client_for(world.regisseur)
    url = reverse("plans:pilot_decide", args=[pilot.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"to": "gestopt", "note": "Geen effect.", "public": "ja"})
    assert refused.status_code == 400
    assert "zonder ten minste één les" in refused.content.decode()
    assert Decision.objects.filter(kind="go-no-go").count() == 0
    client.post(
        reverse("plans:lesson_new", args=[pilot.pk]),
        {
            "title": "Wat niet werkte",
            "tried": "Een klussendienst",
            "outcome": "Te weinig vraag",
            "size_band": "20-50k",
            "neighbourhood_type": "stedelijk",
            "visibility": "gemeente",
        },
    )
    assert pilot.lessons.count() == 1
    done = client.post(url, {"to": "gestopt", "note": "Geen effect.", "public": "ja"})
    assert done.status_code == 302
    assert Pilot.objects.get(pk=pilot.pk).state == "gestopt"
    assert Decision.objects.filter(kind="go-no-go").count() == 1
    # the board may not: the pilot lies inside the mandate
    assert client_for(world.board).get(url).status_code == 403


def test_the_sections_on_the_challenge_and_team_pages(world: World) -> None:
    pilot = world.pilot()
    client = client_for(world.teamlid)
    challenge_page = client.get(reverse("agenda:challenge", args=[world.challenge.slug])).content.decode()
    assert 'id="section-pilots"' in challenge_page and pilot.title in challenge_page
    team_page = client.get(reverse("teams:members", args=[world.challenge.slug]))
    assert team_page.status_code == 200
    assert pilot.title in team_page.content.decode()
    other = client_for(world.staff).get(reverse("agenda:challenge", args=[world.challenge.slug]))
    assert pilot.title not in other.content.decode()


def test_the_list_runs_a_bounded_number_of_queries(world: World) -> None:
    """The same number of queries with one pilot and with six (each with its lesson and indicator)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.teamlid)
    url = reverse("plans:challenge_pilots", args=[world.challenge.slug])
    counts = []
    for n in range(6):
        pilot = world.pilot(title=f"Pilot {n}")
        pilot.lessons.add(world.lesson(f"Les {n}"))
        if n in (0, 5):
            client.get(url)  # the session and the person's roles, as on any page
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.content.decode().count(reverse("plans:pilot", args=[pilot.pk])) == 1
            counts.append(len(queries))
    assert counts[0] == counts[1] <= 14, counts
