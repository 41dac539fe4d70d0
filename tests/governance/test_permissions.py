"""The permission matrix of governance: role × permission × own/other municipality, for every declared
governance permission (rules.py). The pages are checked against the same rules in each page's tests;
here the rules themselves are pinned, from the roles the issue names (not from the code)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.agenda.conftest import World
from tests.organisations.factories import member
from tests.teams.factories import ProfileFactory
from veerkracht.agenda import selectors
from veerkracht.governance.models import Objective
from veerkracht.organisations.models import Role
from veerkracht.teams.models import MemberStatus, Team, TeamMember

pytestmark = pytest.mark.django_db

CHALLENGE_PERMS = [
    "governance.view_challenge",
    "governance.view_confidential",
    "governance.propose_objective",
    "governance.confirm_as_board",
    "governance.confirm_as_regisseur",
    "governance.give_mandate",
    "governance.enter_usage",
    "governance.answer_escalation",
    "governance.record_decision",
]
MUNICIPALITY_PERMS = ["governance.view_board", "governance.view_council", "governance.write_letter"]

# Who may do what, in the words of the method: the board governs, the regisseur and the coordinators
# work on the challenge, participants (team, partners) read, the council reads but never the
# confidential, and nobody of another municipality has anything.
BOARD = {
    "governance.view_challenge",
    "governance.view_confidential",
    "governance.confirm_as_board",
    "governance.give_mandate",
    "governance.answer_escalation",
    "governance.record_decision",
}
WORKERS = {
    "governance.view_challenge",
    "governance.view_confidential",
    "governance.propose_objective",
    "governance.enter_usage",
}
EXPECTED: dict[str, set[str]] = {
    "anonymous": set(),
    "staff": set(),  # staff of the same municipality, not involved
    "teamlid": {"governance.view_challenge"},
    "partner": {"governance.view_challenge"},
    "coordinator": WORKERS,
    "regisseur": WORKERS | {"governance.confirm_as_regisseur"},
    "bestuurder": BOARD,
    "raadslid": {"governance.view_challenge"},
    "other_bestuurder": set(),
    "other_raadslid": set(),
    "other_coordinator": set(),
}
EXPECTED_MUNICIPALITY: dict[str, set[str]] = {
    "bestuurder": set(MUNICIPALITY_PERMS),
    "raadslid": {"governance.view_council"},
}


@pytest.fixture
def setting(db):
    world = World()
    challenge = world.challenge(in_uitvoering=True)
    teamlid = member(world.veerdam, Role.TEAMLID)
    team = Team.objects.create(challenge=challenge, leader=world.regisseur)
    TeamMember.objects.create(
        team=team,
        profile=ProfileFactory(user=teamlid, organisation=world.partner_org),
        status=MemberStatus.ACCEPTED,
    )
    users = {
        "anonymous": AnonymousUser(),
        "staff": world.staff,
        "teamlid": teamlid,
        "partner": world.partner,
        "coordinator": world.coordinator,
        "regisseur": world.regisseur,
        "bestuurder": member(world.veerdam, Role.BESTUURDER),
        "raadslid": member(world.veerdam, Role.RAADSLID),
        "other_bestuurder": member(world.other, Role.BESTUURDER),
        "other_raadslid": member(world.other, Role.RAADSLID),
        "other_coordinator": world.other_coordinator,
    }
    return world, challenge, users


def test_the_challenge_matrix(setting):
    _world, challenge, users = setting
    failures = []
    for role, user in users.items():
        selectors.forget_access(user)
        for perm in CHALLENGE_PERMS:
            if user.has_perm(perm, challenge) != (perm in EXPECTED[role]):
                failures.append((role, perm, perm not in EXPECTED[role]))
    assert failures == []


def test_the_municipality_matrix(setting):
    world, _challenge, users = setting
    failures = []
    for role, user in users.items():
        for municipality, own in ((world.veerdam, True), (world.other, False)):
            for perm in MUNICIPALITY_PERMS:
                if own:
                    want = perm in EXPECTED_MUNICIPALITY.get(role, set())
                else:
                    want = perm in EXPECTED_MUNICIPALITY.get(role.removeprefix("other_"), set()) and (
                        role.startswith("other_")
                    )
                if user.has_perm(perm, municipality) != want:
                    failures.append((role, municipality.slug, perm))
    assert failures == []


def test_a_partner_organisation_is_not_a_municipality(setting):
    world, _challenge, users = setting
    for perm in MUNICIPALITY_PERMS:
        assert not users["bestuurder"].has_perm(perm, world.partner_org)


def test_the_owner_of_an_objective_enters_measurements_and_only_they_besides_the_workers(setting):
    world, challenge, users = setting
    owner = users["teamlid"]
    objective = Objective.objects.create(
        challenge=challenge, code="O1", name="Minder eenzaamheid", owner=owner
    )
    may = {role for role, user in users.items() if user.has_perm("governance.enter_measurement", objective)}
    assert may == {"teamlid", "coordinator", "regisseur"}
    other = Objective.objects.create(challenge=challenge, code="O2", name="Meer buurtinitiatieven")
    assert not owner.has_perm("governance.enter_measurement", other)


def test_a_lead_municipality_of_a_regional_agenda_governs_its_challenge(setting):
    """A challenge on another municipality's (regional) agenda, led by this municipality: the board and
    council of the lead municipality are in, and the agenda's owner's board too."""
    world, _challenge, users = setting
    led = world.challenge(agenda=world.other_agenda, lead_municipality=world.veerdam, regisseur=None)
    assert users["bestuurder"].has_perm("governance.give_mandate", led)
    assert users["raadslid"].has_perm("governance.view_challenge", led)
    assert users["other_bestuurder"].has_perm("governance.give_mandate", led)
    assert not users["raadslid"].has_perm("governance.view_confidential", led)
