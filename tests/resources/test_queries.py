"""Bounded queries: the challenge page, the overview and the contribution statement take the same
number of queries for a few needs, pledges and bookings as for many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.resources.world import MONDAY, World
from veerkracht.resources.models import NeedKind

pytestmark = pytest.mark.django_db


def grow(world: World, size: int) -> None:
    from veerkracht.resources.services import hours_consent_give, sharing_set

    hours_consent_give(person=world.welzijn_worker, organisation=world.welzijn)
    for n in range(size):
        challenge = (
            world.challenge
            if n == 0
            else ChallengeFactory(agenda=world.agenda, regisseur=world.regisseur, in_uitvoering=True)
        )
        if n % 2:
            sharing_set(challenge=challenge, by=world.regisseur, share=True)
        for kind in (NeedKind.UREN, NeedKind.GELD):
            need = world.need(kind, "100", challenge=challenge)
            for org in (world.welzijn, world.zorg):
                pledge = world.pledge(need, org, "10")
                if kind == NeedKind.UREN:
                    world.hours(pledge, "2", week=MONDAY)
                else:
                    world.money(pledge, "3")


def count(client, user, url: str) -> int:
    client.force_login(user)
    client.get(url)  # warm up sessions and caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("regisseur", lambda w: reverse("resources:challenge", args=[w.challenge.slug])),
        ("welzijn_contact", lambda w: reverse("resources:challenge", args=[w.challenge.slug])),
        ("regisseur", lambda w: reverse("resources:index")),
        ("welzijn_contact", lambda w: reverse("resources:contribution", args=["welzijn"])),
        ("welzijn_contact", lambda w: reverse("resources:index")),
        ("welzijn_worker", lambda w: reverse("resources:my_hours")),
        ("welzijn_contact", lambda w: reverse("resources:people_hours", args=["welzijn"])),
    ],
)
def test_bounded(client, who, url) -> None:
    small = World()
    grow(small, 1)
    few = count(client, getattr(small, who), url(small))
    from veerkracht.resources.models import LedgerEntry, Need, Pledge  # noqa: F401

    # many more needs, pledges and bookings on the same challenge and on other challenges
    for _ in range(4):
        grow(small, 3)
    many = count(client, getattr(small, who), url(small))
    assert many == few, (few, many)
