"""Declared permissions on the analysis and the plan van aanpak (django-rules).

A plan is the work of a challenge's team; it goes to the board, and once sent, the council may read it.

* ``plans.view_analysis`` (challenge): its team, its regisseur, its agenda's coordinators, its board.
* ``plans.view_plan`` (challenge): the same, and the council of its municipalities once a version has
  been sent to the board.
* ``plans.view_version`` (plan version): the same as the analysis; the council only a sent version.
* ``plans.generate`` (challenge): its team, regisseur and coordinators.
* ``plans.edit_text`` (plan version): its team, regisseur and coordinators, while not yet sent.
* ``plans.send_to_board`` (plan version): the regisseur and the coordinators, once.
* ``plans.export_version`` (plan version): whoever may view the version (the council: a sent one).
* ``plans.view_export`` (an export): whoever may view the export's version.

The one rule set for a plan: the pages, the exports and their downloads all ask these permissions.

Every predicate is about one challenge: nobody of another municipality holds any of these roles on it.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.rules import is_coordinator, is_regisseur
from veerkracht.governance.rules import is_board, is_council
from veerkracht.plans.models import PlanExport
from veerkracht.plans.version_models import PlanVersion
from veerkracht.teams.models import TeamMember
from veerkracht.teams.workflow import MemberStatus


def challenge_of(obj: Any) -> Challenge | None:
    if isinstance(obj, Challenge):
        return obj
    if isinstance(obj, PlanVersion):
        return obj.challenge
    return None


def version_of(obj: Any) -> PlanVersion | None:
    if isinstance(obj, PlanVersion):
        return obj
    if isinstance(obj, PlanExport):
        return obj.version
    return None


@rules.predicate
def in_team(user: Any, obj: Any) -> bool:
    """An accepted member of the challenge's innovation team."""
    challenge = challenge_of(obj)
    if challenge is None or not getattr(user, "is_authenticated", False):
        return False
    return TeamMember.objects.filter(
        team__challenge=challenge, profile__user=user, status=MemberStatus.ACCEPTED
    ).exists()


@rules.predicate
def coordinates(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(is_coordinator(user, challenge))


@rules.predicate
def directs(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(is_regisseur(user, challenge))


@rules.predicate
def governs(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(is_board(user, challenge))


@rules.predicate
def reads_for_council(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(is_council(user, challenge))


@rules.predicate
def plan_sent(user: Any, obj: Any) -> bool:
    """For a version: it was sent to the board; for a challenge: one of its versions was."""
    if isinstance(obj, PlanVersion):
        return obj.is_sent
    challenge = challenge_of(obj)
    return (
        challenge is not None
        and PlanVersion.objects.filter(challenge=challenge, sent_to_board__isnull=False).exists()
    )


@rules.predicate
def not_sent(user: Any, version: Any) -> bool:
    return isinstance(version, PlanVersion) and not version.is_sent


# the regisseur and the coordinators are answered from what the request already read; the team's
# query runs only for the others (rules evaluates left to right and stops at the first yes)
works_on_plan = directs | coordinates | in_team
readers = works_on_plan | governs

rules.add_perm("plans.view_analysis", readers)
rules.add_perm("plans.view_plan", readers | (reads_for_council & plan_sent))
rules.add_perm("plans.view_version", readers | (reads_for_council & plan_sent))
rules.add_perm("plans.export_version", readers | (reads_for_council & plan_sent))


@rules.predicate
def may_view_export_version(user: Any, export: Any) -> bool:
    """An export is seen by whoever may see its version (it shows nothing the version does not)."""
    version = version_of(export)
    return version is not None and bool(user.has_perm("plans.view_version", version))


rules.add_perm("plans.view_export", may_view_export_version)
rules.add_perm("plans.generate", works_on_plan)
rules.add_perm("plans.edit_text", works_on_plan & not_sent)
rules.add_perm("plans.send_to_board", (directs | coordinates) & not_sent)
