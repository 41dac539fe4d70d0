"""``municipal_challenge_ids``: the challenges of a municipality (its own agenda, led by it, and with
``regions`` its regions' joint agendas), for one municipality and for several, against the sets
written out by hand."""

from __future__ import annotations

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, RegionFactory
from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import municipal_challenge_ids

pytestmark = pytest.mark.django_db


def test_own_agenda_led_and_regional_challenges():
    veerdam, elders, derde = (OrganisationFactory(gemeente=True) for _ in range(3))
    region = RegionFactory()
    region.municipalities.set([veerdam, elders])
    own = ChallengeFactory(agenda=AgendaFactory(municipality=veerdam), lead_municipality=veerdam)
    led = ChallengeFactory(agenda=AgendaFactory(municipality=elders), lead_municipality=veerdam)
    elders_own = ChallengeFactory(agenda=AgendaFactory(municipality=elders), lead_municipality=elders)
    joint = ChallengeFactory(agenda=AgendaFactory(municipality=None, region=region), lead_municipality=elders)
    ChallengeFactory(agenda=AgendaFactory(municipality=derde), lead_municipality=derde)

    def found(municipalities, **kwargs):
        return set(Challenge.objects.filter(pk__in=municipal_challenge_ids(municipalities, **kwargs)))

    assert found(veerdam) == {own, led}
    assert found(veerdam, regions=True) == {own, led, joint}
    assert found(elders) == {led, elders_own, joint}  # led: on its agenda; joint: it leads it
    assert found([veerdam, elders]) == {own, led, elders_own, joint}
    assert found([derde]) == set(Challenge.objects.filter(agenda__municipality=derde))
