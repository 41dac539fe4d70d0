"""Governance's conditions on a challenge's lifecycle (registered with the agenda's transition table in
``GovernanceConfig.ready``; the agenda imports nothing of governance). See docs/governance/mandate.md.

* Entering ``in_uitvoering`` (forward from team formation, or back from evaluation) needs an **agreed**
  objective (state ``overeengekomen``) and a **mandate in force** (state ``gegeven``) whose end date has
  not passed.
* Entering ``in_evaluatie`` or ``afgerond`` needs at least one **decision about the execution** in the
  challenge's decision log, recorded since the challenge last entered ``in_uitvoering``: an entry of
  kind ``besluit`` (which includes the board's answer to an escalation) or ``go-no-go``. A mandate, an
  agreed objective or a raised escalation is not such a decision: they come before or during the work,
  not as a judgement on it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.agenda.workflow import Status
from veerkracht.governance.chain import format_recorded_at
from veerkracht.governance.models import (
    Decision,
    DecisionKind,
    Mandate,
    MandateState,
    Objective,
    ObjectiveState,
)

#: The kinds of log entry that count as a decision about the execution.
EXECUTION_DECISIONS = (DecisionKind.BESLUIT, DecisionKind.GO_NO_GO)


def execution_decisions(challenge: Any) -> Any:
    """The challenge's decisions about its execution since it last entered ``in_uitvoering`` (all of
    them when the history does not say when)."""
    decisions = Decision.objects.filter(challenge_id=challenge.pk, kind__in=EXECUTION_DECISIONS)
    entered = (
        challenge.transitions.filter(to_status=Status.IN_UITVOERING)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if entered is not None:
        decisions = decisions.filter(recorded_at__gte=format_recorded_at(entered))
    return decisions


def governance_condition(challenge: Any, target: str) -> str | None:
    """Why ``challenge`` may not enter ``target`` yet, or None."""
    if target == Status.IN_UITVOERING:
        reasons = []
        if not Objective.objects.filter(
            challenge_id=challenge.pk, state=ObjectiveState.OVEREENGEKOMEN
        ).exists():
            reasons.append(
                _("The challenge needs an objective agreed by the board and the innovation director.")
            )
        in_force = Mandate.objects.filter(challenge_id=challenge.pk, state=MandateState.GEGEVEN).first()
        if in_force is None:
            reasons.append(_("The board has not given a mandate for the challenge."))
        elif in_force.ends_on < timezone.localdate():
            reasons.append(_("The mandate has ended; the board must renew it first."))
        return " ".join(reasons) or None
    if target in (Status.IN_EVALUATIE, Status.AFGEROND) and not execution_decisions(challenge).exists():
        return _(
            "Record a decision about the execution first (a decision or a go/no-go in the decision "
            "log, since the execution started)."
        )
    return None
