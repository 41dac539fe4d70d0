"""A beheerder's agenda page, ranking and exports list only the challenges they may open
(issue 9, point 5)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder_world(world, client):
    world.agenda.published = True
    world.agenda.save()
    world.public = ChallengeFactory(agenda=world.agenda, title="Openbare opgave", published=True)
    world.hidden = ChallengeFactory(agenda=world.agenda, title="Vertrouwelijke opgave", problem="Geheim plan")
    world.beheerder = member(world.veerdam, Role.BEHEERDER)
    # a beheerder logs in with a second factor
    device = TOTPDevice.objects.create(user=world.beheerder, name="app", confirmed=True)
    client.force_login(world.beheerder)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return world


def test_agenda_page_links_only_to_challenges_the_beheerder_may_open(beheerder_world, client):
    world = beheerder_world
    body = client.get(reverse("agenda:detail", kwargs={"slug": world.agenda.slug})).content.decode()
    assert "Openbare opgave" in body
    assert "Vertrouwelijke opgave" not in body
    links = set(re.findall(r'href="(/agenda/opgaven/[^"/]+/)"', body))
    assert links, "the page links to challenges"
    for link in links:
        assert client.get(link).status_code in (200, 302), link
    assert client.get(reverse("agenda:challenge", kwargs={"slug": world.hidden.slug})).status_code == 404


@pytest.mark.parametrize("name", ["agenda:export_csv", "agenda:export_json", "agenda:ranking"])
def test_exports_and_ranking_hold_no_more_than_the_page(beheerder_world, client, name):
    world = beheerder_world
    body = client.get(reverse(name, kwargs={"slug": world.agenda.slug})).content.decode()
    assert "Openbare opgave" in body
    assert "Vertrouwelijke opgave" not in body and "Geheim plan" not in body


def test_coordinator_still_sees_every_challenge(beheerder_world, client):
    world = beheerder_world
    client.force_login(world.coordinator)
    body = client.get(reverse("agenda:export_csv", kwargs={"slug": world.agenda.slug})).content.decode()
    assert "Openbare opgave" in body and "Vertrouwelijke opgave" in body
