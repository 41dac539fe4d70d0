"""A small region for the network tests: two municipalities of one region, a third outside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.organisations.factories import OrganisationFactory, RegionFactory, member
from veerkracht.organisations.models import Kind, Organisation, Region, Role


@dataclass
class World:
    region: Region
    town: Organisation
    other: Organisation
    outside: Organisation
    coordinator: Any
    regisseur: Any
    bestuurder: Any
    outsider: Any
    staff: Any
    partners: list[Organisation]


def when(year: int) -> datetime:
    return datetime(year, 3, 1, tzinfo=UTC)


def world(*, partners: int = 3, challenges: int = 1) -> World:
    town = OrganisationFactory(gemeente=True, name="Lindendorp", slug="lindendorp")
    other = OrganisationFactory(gemeente=True, name="Beekveld", slug="beekveld")
    outside = OrganisationFactory(gemeente=True, name="Verweg", slug="verweg")
    region = RegionFactory(name="Regio Test", slug="regio-test")
    region.municipalities.set([town, other])
    agenda = AgendaFactory(municipality=town, published=True)
    kinds = [Kind.BEDRIJF, Kind.MAATSCHAPPELIJK, Kind.KENNISINSTELLING]
    orgs = [OrganisationFactory(kind=kinds[i % 3], municipality=town) for i in range(partners)]
    for c in range(challenges):
        challenge = ChallengeFactory(agenda=agenda, created_at=when(2024 + c % 3), published=True)
        for org in orgs:
            StakeholderFactory(challenge=challenge, organisation=org)
    return World(
        region=region,
        town=town,
        other=other,
        outside=outside,
        coordinator=member(town, Role.COORDINATOR),
        regisseur=member(other, Role.REGISSEUR),
        bestuurder=member(town, Role.BESTUURDER),
        outsider=member(outside, Role.COORDINATOR),
        staff=member(town, Role.MEDEWERKER),
        partners=orgs,
    )
