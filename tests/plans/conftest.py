"""A challenge with one person in each role around it (and some outside it), and its plan versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.plans.documents import sample_document
from tests.teams.factories import ProfileFactory
from veerkracht.organisations.models import Role
from veerkracht.plans import services
from veerkracht.plans.document import to_data
from veerkracht.plans.version_models import PlanVersion
from veerkracht.teams.models import Team, TeamMember
from veerkracht.teams.workflow import MemberStatus


@dataclass
class PlanWorld:
    challenge: Any
    other_challenge: Any  # another municipality's
    regisseur: Any
    coordinator: Any
    board: Any
    team_member: Any
    invited: Any  # invited to the team, not (yet) accepted
    council: Any  # a raadslid of the municipality: only versions sent to the board
    outsider: Any  # staff of the municipality, no role on the challenge
    other_board: Any  # the board of another municipality


@pytest.fixture
def plan_world(db) -> PlanWorld:
    municipality = OrganisationFactory(gemeente=True, name="Gemeente Veerdam")
    coordinator = UserFactory()
    agenda = AgendaFactory(municipality=municipality, coordinators=[coordinator])
    regisseur = UserFactory()
    challenge = ChallengeFactory(
        agenda=agenda, title="Eenzaamheid onder ouderen", slug="eenzaamheid", in_uitvoering=True
    )
    challenge.regisseur = regisseur
    challenge.save()
    team = Team.objects.create(challenge=challenge, leader=regisseur)
    team_member, invited = UserFactory(), UserFactory()
    TeamMember.objects.create(
        team=team,
        profile=ProfileFactory(user=team_member, municipality=municipality),
        status=MemberStatus.ACCEPTED,
    )
    TeamMember.objects.create(
        team=team,
        profile=ProfileFactory(user=invited, municipality=municipality),
        status=MemberStatus.INVITED,
    )
    other = OrganisationFactory(gemeente=True, name="Gemeente Elders")
    other_challenge = ChallengeFactory(agenda=AgendaFactory(municipality=other), in_uitvoering=True)
    return PlanWorld(
        challenge=challenge,
        other_challenge=other_challenge,
        regisseur=regisseur,
        coordinator=coordinator,
        board=member(municipality, Role.BESTUURDER),
        team_member=team_member,
        invited=invited,
        council=member(municipality, Role.RAADSLID),
        outsider=member(municipality, Role.MEDEWERKER),
        other_board=member(other, Role.BESTUURDER),
    )


def make_version(challenge: Any, number: int = 1, language: str = "nl", **kwargs: Any) -> PlanVersion:
    """A stored plan version of ``challenge`` holding the sample document (as the generation stores one)."""
    return PlanVersion.objects.create(
        challenge=challenge,
        number=number,
        language=language,
        document=to_data(sample_document(language, **kwargs)),
    )


@pytest.fixture
def plan_version(plan_world) -> PlanVersion:
    """Version 1 of the challenge's plan, in Dutch, not sent to the board."""
    return make_version(plan_world.challenge)


@pytest.fixture
def sent_version(plan_world) -> PlanVersion:
    """Version 2 of the challenge's plan, in English, sent to the board (the council may read it)."""
    return services.mark_sent_to_board(
        version=make_version(plan_world.challenge, 2, "en"), by=plan_world.regisseur
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
