"""Governance's step on the challenge page (the agenda's hub): what has been agreed and how the mandate
is used, linking to the challenge's governance page. Registered with ``agenda.hub``, so the agenda does
not know governance."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veerkracht.agenda import hub
from veerkracht.governance.models import EscalationLevel, Mandate, MandateState, Objective, ObjectiveState


@hub.register("besturen")
def besturen_step(challenge: Any, user: Any) -> hub.StepInfo | None:
    if not user.has_perm("governance.view_challenge", challenge):
        return None
    states = list(
        Objective.objects.filter(challenge=challenge)
        .exclude(state=ObjectiveState.VERVANGEN)
        .values_list("state", flat=True)
    )
    agreed = sum(1 for s in states if s == ObjectiveState.OVEREENGEKOMEN)
    parts = [
        ngettext("%(n)s objective, %(a)s agreed", "%(n)s objectives, %(a)s agreed", len(states))
        % {"n": len(states), "a": agreed}
        if states
        else _("No objectives yet.")
    ]
    mandate = Mandate.objects.filter(challenge=challenge, state=MandateState.GEGEVEN).only("ends_on").first()
    parts.append(
        _("mandate until %(date)s") % {"date": mandate.ends_on.strftime("%d-%m-%Y")}
        if mandate
        else _("no mandate yet")
    )
    open_escalations = challenge.escalations.filter(
        level=EscalationLevel.ESCALATION, answer__isnull=True
    ).count()
    if open_escalations:
        parts.append(
            ngettext("%(n)s open escalation", "%(n)s open escalations", open_escalations)
            % {"n": open_escalations}
        )
    return hub.StepInfo(url=reverse("governance:challenge", args=[challenge.slug]), summary="; ".join(parts))
