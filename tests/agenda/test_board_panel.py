"""The bestuurder's home shows the challenges their municipality leads, their state and what the
monitor reports (issue 10, point 6): links only to what they may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import member
from veerkracht.agenda import hub
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(world):
    world.agenda.published = True
    world.agenda.save()
    world.bestuurder = member(world.veerdam, Role.BESTUURDER)
    world.public = ChallengeFactory(
        agenda=world.agenda, title="Openbare opgave", published=True, in_meting=True
    )
    world.internal = ChallengeFactory(agenda=world.agenda, title="Interne opgave")
    world.elsewhere = ChallengeFactory(agenda=world.other_agenda, title="Opgave elders")
    return world


@pytest.fixture
def monitor_provider():
    """A monitor step as the fieldwork app gives it, standing in for it (and restoring it after)."""
    before = hub._PROVIDERS.get("monitor")

    def provider(challenge, user):
        if challenge.status != "in_meting":
            return None
        return hub.StepInfo(url="", summary=f"Meting 1 van {challenge.title}: gerapporteerd")

    hub._PROVIDERS["monitor"] = provider
    yield
    if before is None:
        del hub._PROVIDERS["monitor"]
    else:
        hub._PROVIDERS["monitor"] = before


def test_bestuurder_home_lists_the_municipalitys_challenges(board, client, monitor_provider):
    world = board
    client.force_login(world.bestuurder)
    body = client.get(reverse("core:home")).content.decode()
    assert "U doet nog niet mee" not in body
    assert "Opgaven van Gemeente Veerdam" in body
    assert "Openbare opgave" in body and "Interne opgave" in body
    assert "Opgave elders" not in body
    assert "in meting" in body and "gesignaleerd" in body
    assert "Meting 1 van Openbare opgave: gerapporteerd" in body
    # links only to what the bestuurder may open
    public_url = reverse("agenda:public_challenge", kwargs={"slug": world.public.slug})
    assert f'href="{public_url}"' in body
    assert world.internal.slug not in body
    assert client.get(public_url).status_code == 200


def test_no_board_panel_for_other_roles(board, client):
    client.force_login(board.coordinator)
    assert "Opgaven van Gemeente Veerdam" not in client.get(reverse("core:home")).content.decode()


def test_board_panel_is_bounded(board, client, django_assert_max_num_queries):
    client.force_login(board.bestuurder)
    for n in range(25):
        ChallengeFactory(agenda=board.agenda, title=f"Opgave {n:02d}")
    with django_assert_max_num_queries(60):
        body = client.get(reverse("core:home")).content.decode()
    assert "Alleen de laatst gewijzigde opgaven worden getoond." in body
