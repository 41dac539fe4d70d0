"""Key results across organisations: an indicator of a team's challenge with the partners contributing to
it, shown on the team page (status from governance's indicator rules) and on each contributing partner's
page, only to those who may read the challenge's objectives."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.governance.board_world import objective_with
from tests.organisations.factories import OrganisationFactory, member
from tests.resources.world import World
from veerkracht.governance import status as engine
from veerkracht.governance.models import Objective
from veerkracht.governance.wording import status_label
from veerkracht.organisations.models import Kind, Role
from veerkracht.resources import results
from veerkracht.resources.models import KeyResult
from veerkracht.teams.models import Team

pytestmark = pytest.mark.django_db

STATUSES = ("op koers", "aandacht", "uit koers", "behaald", "geen meting")


@pytest.fixture
def world() -> World:
    w = World()
    StakeholderFactory(challenge=w.challenge, organisation=w.welzijn, role="partner")
    w.team = Team.objects.create(challenge=w.challenge, leader=w.regisseur)
    w.objectives = [objective_with(w.challenge, f"O{k}", s) for k, s in enumerate(STATUSES, start=1)]
    w.indicators = [o.indicators.get() for o in w.objectives]
    # another municipality's confidential challenge that Welzijn also contributes to
    w.elders_board = member(w.other, Role.BESTUURDER, email="wethouder@elders.example")
    w.elders_regisseur = member(w.other, Role.REGISSEUR, email="regisseur@elders.example")
    w.elders_challenge = ChallengeFactory(
        agenda=AgendaFactory(municipality=w.other, coordinators=[w.other_coordinator]),
        regisseur=w.elders_regisseur,
        in_uitvoering=True,
        title="Schuldhulp Elders",
    )
    StakeholderFactory(
        challenge=w.elders_challenge, organisation=w.welzijn, role="partner", contact_person=w.welzijn_contact
    )
    w.elders_team = Team.objects.create(challenge=w.elders_challenge, leader=w.elders_regisseur)
    w.elders_indicator = objective_with(w.elders_challenge, "E1", "op koers").indicators.get()
    return w


def declare(w: World, indicator: Any, *orgs: Any, by: Any = None, team: Any = None) -> KeyResult:
    return results.key_result_declare(
        team=team or w.team, indicator=indicator, contributors=list(orgs) or [w.welzijn], by=by or w.regisseur
    )


def text(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


# --- the status shown is governance's --------------------------------------------------------------


def test_the_team_page_shows_each_key_results_status_as_governance_evaluates_it(world: World, client) -> None:
    for indicator in world.indicators:
        declare(world, indicator, world.welzijn, world.veerdam)
    # independently: governance's one-by-one evaluation (not the batch the pages use)
    expected = {}
    for objective in engine.with_measurements(Objective.objects.filter(challenge=world.challenge)):
        found = engine.evaluate([objective])[objective.pk]
        expected[objective.code] = found.indicators[0].status
    # and the known answers the measurements were made for
    assert list(expected.values()) == list(STATUSES)
    client.force_login(world.coordinator)
    client.cookies["django_language"] = "nl"
    page = text(client.get(reverse("teams:members", args=[world.challenge.slug])))
    assert "Kernresultaten" in page
    for objective in world.objectives:
        with translation.override("nl"):
            label = status_label(expected[objective.code])
        row = re.search(rf"Doel {objective.code}</a>.*?</tr>", page)
        assert row is not None, objective.code
        assert f">{label}</span>" in row.group(0)
        assert "Gemeente Veerdam" in row.group(0) and "Welzijn" in row.group(0)


def test_rows_carry_the_engine_status_and_the_indicator_link(world: World) -> None:
    for indicator in world.indicators:
        declare(world, indicator)
    rows = results.team_results(world.team)
    assert [r.status for r in rows] == list(STATUSES)
    assert [r.css for r in rows] == ["on-course", "attention", "off-course", "achieved", "no-measurement"]


# --- who may declare ---------------------------------------------------------------------------------


def _post(client: Any, w: World, user: Any, **data: Any) -> Any:
    if user is not None:
        client.force_login(user)
    payload = {"indicator": w.indicators[0].pk, "contributors": [w.welzijn.pk], **data}
    return client.post(reverse("resources:result_challenge", args=[w.challenge.slug]), payload)


@pytest.mark.parametrize("who", ["regisseur", "coordinator"])
def test_regisseur_and_coordinators_declare(world: World, client, who: str) -> None:
    response = _post(client, world, getattr(world, who))
    assert response.status_code == 302
    result = KeyResult.objects.get()
    assert result.team == world.team and result.indicator == world.indicators[0]
    assert list(result.contributors.all()) == [world.welzijn]


@pytest.mark.parametrize(
    ("who", "status"),
    [("welzijn_contact", 403), ("board", 403), ("elders_board", 404), ("outsider", 404), (None, 302)],
)
def test_others_cannot_declare_nor_withdraw(world: World, client, who: str | None, status: int) -> None:
    existing = declare(world, world.indicators[1], world.veerdam)
    user = getattr(world, who) if who else None
    response = _post(client, world, user)
    assert response.status_code == status
    if who is None:
        assert "/login" in response["Location"] or "inloggen" in response["Location"]
    response = _post(client, world, user, action="remove", result=existing.pk)
    assert response.status_code == status
    assert list(KeyResult.objects.values_list("indicator_id", flat=True)) == [world.indicators[1].pk]
    assert list(existing.contributors.all()) == [world.veerdam]
    with pytest.raises(PermissionDenied):
        declare(world, world.indicators[0], by=user or world.outsider)


def test_the_regisseur_changes_partners_and_withdraws(world: World, client) -> None:
    declare(world, world.indicators[0], world.welzijn)
    assert _post(client, world, world.regisseur, contributors=[world.veerdam.pk]).status_code == 302
    result = KeyResult.objects.get()
    assert list(result.contributors.all()) == [world.veerdam]
    assert _post(client, world, world.regisseur, action="remove", result=result.pk).status_code == 302
    assert not KeyResult.objects.exists()
    assert world.indicators[0].__class__.objects.filter(pk=world.indicators[0].pk).exists()


# --- validation --------------------------------------------------------------------------------------


def test_an_indicator_of_another_challenge_is_refused(world: World, client) -> None:
    with pytest.raises(ValidationError) as refused:
        declare(world, world.elders_indicator)
    assert "indicator" in refused.value.error_dict
    response = _post(client, world, world.regisseur, indicator=world.elders_indicator.pk)
    assert response.status_code == 400
    assert not KeyResult.objects.exists()


def test_a_contributor_not_taking_part_is_refused_and_the_form_keeps_the_input(world: World, client) -> None:
    stranger = OrganisationFactory(name="Ver Weg BV", slug="ver-weg", kind=Kind.BEDRIJF)
    with pytest.raises(ValidationError) as refused:
        declare(world, world.indicators[0], world.welzijn, stranger)
    assert "Ver Weg BV" in str(refused.value.error_dict["contributors"])
    assert not KeyResult.objects.exists()
    # zorg is an agenda partner but takes no part in this challenge (no stake, pledge or team member)
    assert world.zorg not in results.taking_part(world.challenge)
    for language, message in (
        ("nl", "Kies partners die meedoen aan deze opgave."),
        ("en", "Choose partners taking part in this challenge."),
    ):
        client.cookies["django_language"] = language
        response = _post(
            client,
            world,
            world.regisseur,
            indicator=world.indicators[2].pk,
            contributors=[world.welzijn.pk, world.zorg.pk],
        )
        assert response.status_code == 400
        page = text(response)
        assert message in page, language
        assert f'<option value="{world.indicators[2].pk}" selected>' in page
        assert re.search(rf'value="{world.welzijn.pk}"[^>]*checked', page)
    assert not KeyResult.objects.exists()


def test_who_takes_part(world: World) -> None:
    hours = world.need(description="Uren")
    world.pledge(hours, world.zorg, accept=False)
    assert set(results.taking_part(world.challenge)) == {world.veerdam, world.welzijn}
    world.pledge(world.need(description="Meer uren"), world.zorg)
    assert set(results.taking_part(world.challenge)) == {world.veerdam, world.welzijn, world.zorg}


# --- the partner's page: only what the viewer may see --------------------------------------------------


@pytest.fixture
def both(world: World) -> World:
    declare(world, world.indicators[0], world.welzijn, world.veerdam)
    declare(world, world.elders_indicator, world.welzijn, by=world.elders_regisseur, team=world.elders_team)
    return world


@pytest.mark.parametrize(
    ("who", "veerdam", "elders"),
    [
        ("regisseur", True, False),
        ("coordinator", True, False),
        ("board", True, False),
        ("elders_board", False, True),
        ("elders_regisseur", False, True),
        ("other_coordinator", False, True),
        ("outsider", False, False),
        ("zorg_contact", True, False),  # an agenda partner of Veerdam's agenda takes part in its challenges
        ("welzijn_contact", True, True),  # whatever municipality owns the challenge
        ("welzijn_worker", False, False),
    ],
)
def test_the_partner_page_shows_only_what_the_viewer_may_see(
    both: World, client, who: str, veerdam: bool, elders: bool
) -> None:
    user = getattr(both, who)
    client.force_login(user)
    page = text(client.get(reverse("organisations:detail", args=[both.welzijn.slug])))
    assert ("Doel O1" in page) is veerdam
    assert (both.challenge.title in page) is veerdam
    assert ("Doel E1" in page) is elders
    assert ("Schuldhulp Elders" in page) is elders
    # the page's filter is the declared rule
    for result in KeyResult.objects.all():
        shown = result in [r.result for r in results.organisation_results(both.welzijn, user)]
        assert shown is user.has_perm("resources.view_key_result", result)


def test_anonymous_sees_no_partner_page(both: World, client) -> None:
    response = client.get(reverse("organisations:detail", args=[both.welzijn.slug]))
    assert response.status_code == 302
    assert results.organisation_results(both.welzijn, response.wsgi_request.user) == []


def test_the_results_page_is_hidden_from_outsiders(both: World, client) -> None:
    url = reverse("resources:result_challenge", args=[both.challenge.slug])
    client.force_login(both.elders_board)
    assert client.get(url).status_code == 404
    client.force_login(both.board)
    response = client.get(url)
    assert response.status_code == 200
    assert "Doel O1" in text(response) and "<form" not in text(response).split("</table>")[-1]


# --- bounded queries --------------------------------------------------------------------------------


def _more(w: World, n: int) -> None:
    for k in range(n):
        objective = objective_with(w.challenge, f"X{k}", STATUSES[k % 4])
        declare(w, objective.indicators.get(), w.welzijn, w.veerdam)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["team", "partner"])
def test_bounded_queries(world: World, client, django_assert_max_num_queries, page: str) -> None:
    declare(world, world.indicators[0], world.welzijn)
    url = (
        reverse("teams:members", args=[world.challenge.slug])
        if page == "team"
        else reverse("organisations:detail", args=[world.welzijn.slug])
    )
    client.force_login(world.coordinator)
    few = _count(client, url)
    _more(world, 12)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert text(response).count("vk-status vk-status--") == 13


# --- the demo ---------------------------------------------------------------------------------------


def test_demo_declares_key_results_the_partner_pages_show(client) -> None:
    import io

    from django.core.management import call_command

    from veerkracht.accounts.models import User

    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    found = list(KeyResult.objects.select_related("team__challenge").prefetch_related("contributors"))
    assert len(found) == 4
    assert {r.team.challenge.slug for r in found} == {"transitie-sociaal-domein", "buurtbedrijf-rivierwijk"}
    assert all(2 <= len(r.contributors.all()) <= 3 for r in found)
    regisseur = User.objects.get(email="regisseur@veerdam.example")
    client.force_login(regisseur)
    page = text(client.get(reverse("organisations:detail", args=["zorggroep-de-linde"])))
    assert "Resultaten waaraan wij bijdragen" in page
    assert "Eén plan per huishouden" in page and "Minder beroep op maatwerkvoorzieningen" in page
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    assert KeyResult.objects.count() == 4
