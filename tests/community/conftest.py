"""Three municipalities: Veerdam and Linden share the region Rivierenland, Bergen is elsewhere. A
challenge of Veerdam with a regisseur, a coordinator and an accepted team member; people of each
municipality (staff of the municipality, or of an organisation based there) and an outsider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, RegionFactory, UserFactory, member
from tests.teams.factories import ProfileFactory
from veerkracht.agenda.models import Domain
from veerkracht.community import services
from veerkracht.community.models import Lesson
from veerkracht.organisations.models import Role
from veerkracht.teams.models import MemberStatus, Team, TeamMember


@dataclass
class World:
    veerdam: Any
    linden: Any
    bergen: Any
    region: Any
    challenge: Any
    coordinator: Any
    regisseur: Any
    team_member: Any
    veerdam_staff: Any  # works for the municipality of Veerdam
    veerdam_partner: Any  # works for an organisation based in Veerdam
    linden_staff: Any
    bergen_staff: Any
    outsider: Any  # logged in, no role anywhere
    domain: Any
    other_domain: Any

    def lesson(
        self, visibility: str, *, title: str = "Les", municipality: Any = None, **fields: Any
    ) -> Lesson:
        by = fields.pop("by", self.regisseur)
        data = {
            "title": title,
            "tried": fields.pop("tried", "Iets geprobeerd."),
            "outcome": fields.pop("outcome", "Iets geleerd."),
            "domain": fields.pop("domain", self.domain),
            "municipality": municipality or self.veerdam,
            "size_band": "20-50k",
            "neighbourhood_type": "gemengd",
            "visibility": visibility,
            "challenge": fields.pop("challenge", self.challenge if visibility == "team" else None),
        }
        data.update(fields)
        return services.save_lesson(by=by, **data)


@pytest.fixture
def world(db) -> World:
    veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="veerdam-c")
    linden = OrganisationFactory(gemeente=True, name="Gemeente Linden", slug="linden-c")
    bergen = OrganisationFactory(gemeente=True, name="Gemeente Bergen", slug="bergen-c")
    region = RegionFactory(name="Rivierenland", slug="rivierenland-c")
    region.municipalities.set([veerdam, linden])
    welzijn = OrganisationFactory(
        municipality=veerdam, name="Welzijn Veerdam", slug="welzijn-c", kind="maatschappelijk"
    )
    coordinator = member(veerdam, Role.COORDINATOR, full_name="Coby Coördinator")
    regisseur = member(veerdam, Role.REGISSEUR, full_name="Rik Regisseur")
    agenda = AgendaFactory(municipality=veerdam, coordinators=[coordinator])
    challenge = ChallengeFactory(agenda=agenda, regisseur=regisseur, title="Eenzaamheid onder jongeren")
    team = Team.objects.create(challenge=challenge, leader=regisseur)
    team_member = UserFactory(full_name="Tess Teamlid")
    profile = ProfileFactory(user=team_member, organisation=welzijn, municipality=veerdam)
    TeamMember.objects.create(
        team=team, profile=profile, status=MemberStatus.ACCEPTED, responded_at=timezone.now()
    )
    return World(
        veerdam=veerdam,
        linden=linden,
        bergen=bergen,
        region=region,
        challenge=challenge,
        coordinator=coordinator,
        regisseur=regisseur,
        team_member=team_member,
        veerdam_staff=member(veerdam, Role.MEDEWERKER, full_name="Vera Veerdam"),
        veerdam_partner=member(welzijn, Role.PARTNERCONTACT, full_name="Piet Partner"),
        linden_staff=member(linden, Role.MEDEWERKER, full_name="Lies Linden"),
        bergen_staff=member(bergen, Role.MEDEWERKER, full_name="Bas Bergen"),
        outsider=UserFactory(full_name="Olaf Buitenstaander"),
        domain=Domain.objects.get(code="sociaal-domein"),
        other_domain=Domain.objects.exclude(code="sociaal-domein").order_by("pk").first(),
    )
