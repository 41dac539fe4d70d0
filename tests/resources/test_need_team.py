"""A need may be for the challenge's innovation team: the need form offers that team only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.resources.world import World
from veerkracht.resources.models import Need
from veerkracht.teams.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    w.team = Team.objects.create(challenge=w.challenge, leader=w.regisseur)
    w.elsewhere = ChallengeFactory(agenda=w.agenda, regisseur=w.regisseur, in_uitvoering=True)
    w.other_team = Team.objects.create(challenge=w.elsewhere, leader=w.regisseur)
    return w


def _post(client, world: World, team) -> object:
    client.force_login(world.regisseur)
    return client.post(
        reverse("resources:need_add", args=[world.challenge.slug]),
        {
            "kind": "uren",
            "team": team.pk if team else "",
            "description": "Uren voor het team",
            "quantity": "24",
            "data_agreement": "geen",
        },
    )


def test_the_form_offers_only_the_challenges_own_team(client, world: World) -> None:
    client.force_login(world.regisseur)
    page = client.get(reverse("resources:challenge", args=[world.challenge.slug])).content.decode()
    select = re.search(r'<select name="team".*?</select>', page, re.S)
    assert select is not None
    values = re.findall(r'<option value="(\d*)"', select.group(0))
    assert values == ["", str(world.team.pk)]


def test_a_need_for_the_team(client, world: World) -> None:
    assert _post(client, world, world.team).status_code == 302
    need = Need.objects.get()
    assert need.team == world.team
    page = client.get(reverse("resources:challenge", args=[world.challenge.slug])).content.decode()
    assert "Voor het innovatieteam." in page


def test_another_challenges_team_is_refused_and_nothing_is_written(client, world: World) -> None:
    response = _post(client, world, world.other_team)
    assert response.status_code == 400 and 'value="Uren voor het team"' in response.content.decode()
    assert not Need.objects.exists()


def test_without_a_team_the_need_is_for_the_whole_challenge(client, world: World) -> None:
    assert _post(client, world, None).status_code == 302
    assert Need.objects.get().team is None
