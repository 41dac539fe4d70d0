"""Declared permissions of governance (django-rules). The role × page × own/other municipality matrix
is tested in tests/governance/test_permissions.py.

Whose challenge is it? A challenge's *municipalities* are the one that owns its agenda and its lead
municipality. A **bestuurder** or **raadslid** of one of them governs or reads it; the regisseur and the
agenda's coordinators work on it; participants (team members, partners) read its objectives.

* ``governance.view_challenge`` (challenge): participants, board, council.
* ``governance.view_confidential`` (challenge): board, regisseur, coordinators (never the council).
* ``governance.propose_objective`` (challenge): regisseur, coordinators.
* ``governance.confirm_as_board`` / ``governance.give_mandate`` / ``governance.answer_escalation``
  / ``governance.record_decision`` (challenge): the board.
* ``governance.confirm_as_regisseur`` (challenge): the regisseur.
* ``governance.enter_measurement`` (objective): its owner, the regisseur, coordinators.
* ``governance.create_goal`` (agenda): its coordinators (municipal goals on the agenda).
* ``governance.enter_usage`` (challenge): regisseur, coordinators.
* ``governance.view_board`` (municipality): its bestuurders.
* ``governance.view_council`` (municipality): its raadsleden and bestuurders.
* ``governance.write_letter`` (municipality): its bestuurders.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.rules import is_coordinator, is_participant, is_regisseur
from veerkracht.governance.models import Objective
from veerkracht.organisations.models import Kind, Membership, Organisation, Role


def municipalities_of(challenge: Challenge) -> set[int]:
    found = {challenge.agenda.municipality_id, challenge.lead_municipality_id}
    return {pk for pk in found if pk is not None}


def _holds(user: Any, role: str, organisation_ids: set[int]) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_governance_roles", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=user).values_list("role", "organisation_id"))
        user._governance_roles = cache
    return any((role, pk) in cache for pk in organisation_ids)


def _challenge(obj: Any) -> Challenge | None:
    if isinstance(obj, Challenge):
        return obj
    if isinstance(obj, Objective):
        return obj.challenge
    return None


@rules.predicate
def is_board(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and _holds(user, Role.BESTUURDER, municipalities_of(challenge))


@rules.predicate
def is_council(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and _holds(user, Role.RAADSLID, municipalities_of(challenge))


@rules.predicate
def is_objective_owner(user: Any, objective: Any) -> bool:
    return (
        isinstance(objective, Objective) and objective.owner_id is not None and objective.owner_id == user.pk
    )


@rules.predicate
def works_on(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and bool(is_regisseur(user, challenge) or is_coordinator(user, challenge))


@rules.predicate
def is_challenge_regisseur(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and bool(is_regisseur(user, challenge))


@rules.predicate
def takes_part(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and bool(is_participant(user, challenge))


def _municipality(obj: Any) -> Organisation | None:
    return obj if isinstance(obj, Organisation) and obj.kind == Kind.GEMEENTE else None


@rules.predicate
def is_board_of(user: Any, municipality: Any) -> bool:
    m = _municipality(municipality)
    return m is not None and _holds(user, Role.BESTUURDER, {m.pk})


@rules.predicate
def is_council_of(user: Any, municipality: Any) -> bool:
    m = _municipality(municipality)
    return m is not None and _holds(user, Role.RAADSLID, {m.pk})


rules.add_perm("governance.view_challenge", takes_part | is_board | is_council)
rules.add_perm("governance.view_confidential", is_board | works_on)
rules.add_perm("governance.propose_objective", works_on)
rules.add_perm("governance.confirm_as_board", is_board)
rules.add_perm("governance.confirm_as_regisseur", is_challenge_regisseur)
rules.add_perm("governance.enter_measurement", is_objective_owner | works_on)
rules.add_perm("governance.give_mandate", is_board)
rules.add_perm("governance.enter_usage", works_on)
rules.add_perm("governance.answer_escalation", is_board)
rules.add_perm("governance.record_decision", is_board)
rules.add_perm("governance.view_board", is_board_of)
rules.add_perm("governance.view_council", is_council_of | is_board_of)
rules.add_perm("governance.write_letter", is_board_of)
rules.add_perm("governance.create_goal", is_coordinator)
