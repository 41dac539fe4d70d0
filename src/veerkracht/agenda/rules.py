"""Declared permissions on agendas and challenges (django-rules). Other apps reuse these predicates
(``agenda.view_challenge`` …) for anything hanging off a challenge. The role × state × public matrix
is tested in tests/agenda/test_rules.py.

Installation administrators (superusers) pass every check through Django itself.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda import selectors, workflow
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.organisations.models import Kind, Membership, Role


def _agenda(obj: Any) -> Agenda | None:
    if isinstance(obj, Agenda):
        return obj
    if isinstance(obj, Challenge):
        return obj.agenda
    return None


# --- predicates on a challenge ------------------------------------------------------------------


@rules.predicate
def is_coordinator(user: Any, obj: Any) -> bool:
    agenda = _agenda(obj)
    return agenda is not None and selectors.is_agenda_coordinator(user, agenda)


@rules.predicate
def is_partner_representative(user: Any, obj: Any) -> bool:
    agenda = _agenda(obj)
    return agenda is not None and selectors.is_agenda_partner(user, agenda)


@rules.predicate
def is_agenda_administrator(user: Any, obj: Any) -> bool:
    agenda = _agenda(obj)
    return agenda is not None and selectors.is_agenda_administrator(user, agenda)


@rules.predicate
def is_regisseur(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and selectors.is_challenge_regisseur(user, challenge)


@rules.predicate
def is_participant(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and selectors.is_challenge_participant(user, challenge)


@rules.predicate
def is_public_challenge(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and challenge.is_public


@rules.predicate
def is_open(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and not workflow.is_closed(challenge.status)


@rules.predicate
def scoring_open(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and challenge.status in workflow.SCORING_OPEN


@rules.predicate
def has_transition(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and bool(selectors.transitions_for(user, challenge))


# --- predicates on an agenda --------------------------------------------------------------------


@rules.predicate
def is_public_agenda(user: Any, agenda: Agenda | None) -> bool:
    return isinstance(agenda, Agenda) and agenda.published


@rules.predicate
def takes_part_in_agenda(user: Any, agenda: Agenda | None) -> bool:
    return isinstance(agenda, Agenda) and (
        selectors.agenda_sees_all(user, agenda)
        or selectors.challenges_of(user).filter(agenda=agenda).exists()
    )


@rules.predicate
def may_start_agendas(user: Any) -> bool:
    """Coordinators and administrators of a municipality may start an agenda."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organisation__kind=Kind.GEMEENTE, role__in=[Role.COORDINATOR, Role.BEHEERDER]
    ).exists()


manage_challenge = is_coordinator | is_regisseur

# challenges
rules.add_perm("agenda.view_challenge", is_participant)
rules.add_perm("agenda.view_public_challenge", is_public_challenge)
rules.add_perm("agenda.manage_challenge", manage_challenge)
rules.add_perm("agenda.change_challenge", manage_challenge & is_open)
rules.add_perm("agenda.manage_stakeholders", manage_challenge & is_open)
rules.add_perm("agenda.score_challenge", (is_coordinator | is_partner_representative) & scoring_open)
rules.add_perm("agenda.transition_challenge", manage_challenge & has_transition)
rules.add_perm("agenda.publish_challenge", is_coordinator)

# agendas
rules.add_perm("agenda.add_agenda", may_start_agendas)
rules.add_perm("agenda.view_agenda", takes_part_in_agenda)
rules.add_perm("agenda.view_public_agenda", is_public_agenda)
rules.add_perm("agenda.change_agenda", is_coordinator | is_agenda_administrator)
rules.add_perm("agenda.publish_agenda", is_coordinator | is_agenda_administrator)
rules.add_perm("agenda.add_challenge", is_coordinator)
rules.add_perm("agenda.import_challenges", is_coordinator)
rules.add_perm("agenda.export_agenda", takes_part_in_agenda)
