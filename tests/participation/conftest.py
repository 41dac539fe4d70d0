"""Two municipalities: Veerdam (a public challenge with a coordinator and a regisseur) and Bergen
(its own public challenge and coordinator); residents without any role, in Dutch and in English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.organisations.models import Role
from veerkracht.participation import services


@dataclass
class World:
    veerdam: Any
    bergen: Any
    challenge: Any
    bergen_challenge: Any
    coordinator: Any
    regisseur: Any
    bergen_coordinator: Any
    anna: Any  # resident, Dutch
    ben: Any  # resident, English
    carla: Any  # resident, Dutch

    def idea(self, *, by: Any = None, title: str = "Buurtmoestuin", text: str = "Een moestuin.", **kw: Any):
        return services.idea_create(
            challenge=kw.pop("challenge", self.challenge), by=by or self.anna, title=title, text=text, **kw
        )


@pytest.fixture
def world(db) -> World:
    veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="veerdam-p")
    bergen = OrganisationFactory(gemeente=True, name="Gemeente Bergen", slug="bergen-p")
    coordinator = member(veerdam, Role.COORDINATOR, full_name="Coby Coördinator")
    regisseur = member(veerdam, Role.REGISSEUR, full_name="Rik Regisseur")
    bergen_coordinator = member(bergen, Role.COORDINATOR, full_name="Bert Bergen")
    agenda = AgendaFactory(municipality=veerdam, coordinators=[coordinator], published=True)
    challenge = ChallengeFactory(
        agenda=agenda, regisseur=regisseur, title="Eenzaamheid onder ouderen", published=True
    )
    bergen_agenda = AgendaFactory(municipality=bergen, coordinators=[bergen_coordinator], published=True)
    bergen_challenge = ChallengeFactory(agenda=bergen_agenda, title="Energie in Bergen", published=True)
    return World(
        veerdam=veerdam,
        bergen=bergen,
        challenge=challenge,
        bergen_challenge=bergen_challenge,
        coordinator=coordinator,
        regisseur=regisseur,
        bergen_coordinator=bergen_coordinator,
        anna=UserFactory(full_name="Anna de Vries", email="anna@example.org", preferred_language="nl"),
        ben=UserFactory(full_name="Ben Smith", email="ben@example.org", preferred_language="en"),
        carla=UserFactory(full_name="Carla Jansen", email="carla@example.org", preferred_language="nl"),
    )
