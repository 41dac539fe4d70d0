"""A challenge with one person in each role around it (and some outside it), and the plan source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.plans.documents import sample_document
from tests.teams.factories import ProfileFactory
from veerkracht.organisations.models import Role
from veerkracht.plans import exports
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
    council: Any  # a raadslid of the municipality: not in the rule
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


@pytest.fixture
def plan_source():
    """The generation of plans, stood in for by the sample document (in the language asked for)."""
    exports.set_document_source(lambda challenge, language: sample_document(language))
    yield
    exports.set_document_source(None)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
