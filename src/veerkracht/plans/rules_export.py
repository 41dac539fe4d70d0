"""Who may export a challenge's plan (DOCX, PDF) and download the files (django-rules).

* ``plans.export_plan`` (challenge) and ``plans.view_export`` (an export): :func:`can_view_plan`, that
  is the challenge's team (accepted members), the agenda's coordinators, the challenge's regisseur and
  the board (bestuurders) of the challenge's municipality. Nobody else, not even other participants.

The matrix is tested in tests/plans/test_exports.py.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.rules import is_coordinator, is_regisseur
from veerkracht.governance.rules import is_board
from veerkracht.teams.models import TeamMember
from veerkracht.teams.workflow import MemberStatus


def _challenge(obj: Any) -> Challenge | None:
    if isinstance(obj, Challenge):
        return obj
    challenge = getattr(obj, "challenge", None)
    return challenge if isinstance(challenge, Challenge) else None


@rules.predicate
def is_team_member(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    if challenge is None or not getattr(user, "is_authenticated", False):
        return False
    return TeamMember.objects.filter(
        team__challenge=challenge, profile__user=user, status=MemberStatus.ACCEPTED
    ).exists()


@rules.predicate
def can_view_plan(user: Any, obj: Any) -> bool:
    """The team, the coordinators, the regisseur and the board of the challenge's municipality."""
    challenge = _challenge(obj)
    if challenge is None:
        return False
    return bool(
        is_regisseur(user, challenge)
        or is_coordinator(user, challenge)
        or is_board(user, challenge)
        or is_team_member(user, challenge)
    )


rules.add_perm("plans.export_plan", can_view_plan)
rules.add_perm("plans.view_export", can_view_plan)
