"""Declared permissions of the pilots (django-rules). The role × own/other municipality matrix is tested
in tests/plans/test_permissions.py.

* ``plans.view_pilots`` (challenge) / ``plans.view_pilot`` (pilot): the challenge's participants (team
  members, partners, regisseur, coordinators) and its board.
* ``plans.add_pilot`` (challenge): the people who run pilots — the challenge's regisseur, its agenda's
  coordinators and the accepted members (and leader) of its innovation team.
* ``plans.change_pilot`` (pilot): the same people, while the pilot is not closed (scaled up or stopped).
* ``plans.add_lesson`` (pilot): the same people, also after the pilot closed.
* ``plans.decide_pilot`` (pilot): the go/no-go. The mandate says who decides: when the pilot lies
  inside the challenge's mandate in force (see :func:`veerkracht.plans.selectors.mandate_covers`), its
  holder (the regisseur) decides; otherwise the board (a bestuurder of the challenge's municipalities).
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.rules import is_coordinator, is_regisseur
from veerkracht.governance.rules import is_board, takes_part
from veerkracht.plans import states
from veerkracht.plans.models import Pilot
from veerkracht.teams.models import MemberStatus, TeamMember


def _challenge(obj: Any) -> Challenge | None:
    if isinstance(obj, Pilot):
        return obj.challenge
    if isinstance(obj, Challenge):
        return obj
    return None


@rules.predicate
def in_team(user: Any, obj: Any) -> bool:
    """An accepted member, or the leader, of the challenge's innovation team."""
    challenge = _challenge(obj)
    if challenge is None or not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_plans_teams", None)
    if cache is None:
        cache = user._plans_teams = {}
    if challenge.pk not in cache:
        cache[challenge.pk] = (
            TeamMember.objects.filter(
                team__challenge_id=challenge.pk, profile__user=user, status=MemberStatus.ACCEPTED
            ).exists()
            or challenge.__class__.objects.filter(pk=challenge.pk, innovation_team__leader=user).exists()
        )
    return bool(cache[challenge.pk])


@rules.predicate
def runs_pilots(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and bool(
        is_regisseur(user, challenge) or is_coordinator(user, challenge) or in_team(user, challenge)
    )


@rules.predicate
def sees_pilots(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return challenge is not None and bool(takes_part(user, challenge) or is_board(user, challenge))


@rules.predicate
def is_open(user: Any, pilot: Any) -> bool:
    return isinstance(pilot, Pilot) and pilot.state not in states.CLOSED


@rules.predicate
def decides(user: Any, pilot: Any) -> bool:
    """The one the mandate names for this pilot's go/no-go (see the module's docstring)."""
    if not isinstance(pilot, Pilot) or not getattr(user, "is_authenticated", False):
        return False
    from veerkracht.plans.pilot_selectors import decider

    who = decider(pilot)
    if who.holder is not None:
        return bool(who.holder.pk == user.pk)
    return bool(is_board(user, pilot.challenge))


rules.add_perm("plans.view_pilots", sees_pilots)
rules.add_perm("plans.view_pilot", sees_pilots)
rules.add_perm("plans.add_pilot", runs_pilots)
rules.add_perm("plans.change_pilot", runs_pilots & is_open)
rules.add_perm("plans.add_lesson", runs_pilots)
rules.add_perm("plans.decide_pilot", decides & is_open)
