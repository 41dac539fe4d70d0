"""A small world around one challenge: an agenda of Veerdam with two partners, its coordinator and
regisseur, a pool of staff and residents with known skills, and outsiders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.organisations.models import Role
from veerkracht.teams.models import Profile

from .factories import ProfileFactory, ProfileSkillFactory, SkillFactory

NEEDS = {
    "team_size": 3,
    "max_share_per_organisation": 0.5,  # at most 1 of 3 per organisation
    "min_organisations": 2,
    "min_residents": 1,
    "min_hours_per_week": 4,
}


@dataclass
class World:
    veerdam: Any
    linden: Any
    partner: Any
    partner2: Any
    elsewhere: Any  # an organisation in Veerdam that takes part in no agenda
    agenda: Any
    challenge: Any
    coordinator: Any
    regisseur: Any
    contact: Any  # partner contact of ``partner``
    people: dict[str, Profile]


def person(name: str, org: Any, municipality: Any, skills: dict[str, int], **fields: Any) -> Profile:
    user = UserFactory(full_name=name, email=f"{name.lower().replace(' ', '.')}@example.org")
    if org is None:
        profile = ProfileFactory(user=user, resident=True, municipality=municipality, **fields)
    else:
        profile = ProfileFactory(user=user, organisation=org, municipality=municipality, **fields)
    for slug, level in skills.items():
        ProfileSkillFactory(profile=profile, skill=SkillFactory(slug=slug), level=level)
    return profile


@pytest.fixture
def world(db) -> World:
    veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam-t")
    linden = OrganisationFactory(gemeente=True, name="Gemeente Linden", slug="gemeente-linden-t")
    partner = OrganisationFactory(
        municipality=veerdam, name="Welzijn", slug="welzijn-t", kind="maatschappelijk"
    )
    partner2 = OrganisationFactory(municipality=veerdam, name="Hogeschool", slug="hogeschool-t")
    elsewhere = OrganisationFactory(municipality=veerdam, name="Elders BV", slug="elders-t")
    coordinator = member(veerdam, Role.MEDEWERKER)
    regisseur = member(veerdam, Role.MEDEWERKER)
    contact = member(partner, Role.PARTNERCONTACT)
    agenda = AgendaFactory(municipality=veerdam, coordinators=[coordinator], partners=[partner, partner2])
    challenge = ChallengeFactory(agenda=agenda, regisseur=regisseur, team_in_vorming=True, slug="opgave-t")
    people = {
        "ambtenaar": person("Ans Ambtenaar", veerdam, veerdam, {"data-analyse": 4}, willing_to_lead=True),
        "welzijn1": person("Wim Welzijn", partner, veerdam, {"wijkkennis": 4}, willing_to_lead=True),
        "welzijn2": person("Wanda Welzijn", partner, veerdam, {"wijkkennis": 3, "data-analyse": 3}),
        "hogeschool": person("Hans Hogeschool", partner2, veerdam, {"data-analyse": 5}, willing_to_lead=True),
        "bewoner1": person("Bea Bewoner", None, veerdam, {"wijkkennis": 5}),
        "bewoner2": person("Bob Bewoner", None, veerdam, {"wijkkennis": 2}),
        "linden_bewoner": person("Lies Linden", None, linden, {"wijkkennis": 5}),
        "elders": person("Erik Elders", elsewhere, veerdam, {"data-analyse": 5}, willing_to_lead=True),
    }
    return World(
        veerdam,
        linden,
        partner,
        partner2,
        elsewhere,
        agenda,
        challenge,
        coordinator,
        regisseur,
        contact,
        people,
    )
