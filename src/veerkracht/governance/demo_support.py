"""Governance for demo (and test) challenges that are put in a lifecycle state directly: an agreed
objective, a mandate in force and a decision about the execution, so that the challenge meets the
lifecycle conditions of :mod:`veerkracht.governance.lifecycle`.

The demo loader sets statuses directly; when it (or a test) moves a challenge through
``agenda.services.challenge_transition`` instead, call :func:`ensure_governance_for_demo` first.
It is idempotent: what is already there is kept.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.governance.lifecycle import execution_decisions
from veerkracht.governance.models import (
    DecisionKind,
    Mandate,
    MandateState,
    Objective,
    ObjectiveState,
)
from veerkracht.governance.services.decisions import record_decision


@transaction.atomic
def ensure_governance_for_demo(
    challenge: Any,
    *,
    by: Any,
    holder: Any = None,
    decision: bool = True,
    budget: Decimal = Decimal("50000"),
    hours: Decimal = Decimal("400"),
    months: int = 12,
) -> None:
    """Give ``challenge`` an agreed objective and a mandate in force (held by ``holder``, default its
    regisseur), both recorded in the decision log as decided by ``by`` (a bestuurder); with
    ``decision`` also a ``besluit`` about the execution (what ``in_evaluatie`` and ``afgerond`` need;
    it counts only when recorded after the challenge entered ``in_uitvoering``, so call this again with
    ``decision=True`` after that step)."""
    organisation = challenge.agenda.municipality or challenge.lead_municipality
    today = timezone.localdate()
    if not Objective.objects.filter(challenge=challenge, state=ObjectiveState.OVEREENGEKOMEN).exists():
        agreement = record_decision(
            challenge=challenge,
            kind=DecisionKind.DOELWIJZIGING,
            title=f"Doel overeengekomen: {challenge.title}",
            text="Doel en indicatoren overeengekomen door bestuur en innovatieregisseur.",
            by=by,
            role="bestuurder",
            organisation=organisation,
        )
        Objective.objects.create(
            challenge=challenge,
            code="D1",
            name=f"Doel van {challenge.title}"[:200],
            state=ObjectiveState.OVEREENGEKOMEN,
            board_confirmed_by=by,
            board_confirmed_at=timezone.now(),
            regisseur_confirmed_by=holder or challenge.regisseur,
            regisseur_confirmed_at=timezone.now(),
            agreement=agreement,
            created_by=by,
        )
    if not Mandate.objects.filter(challenge=challenge, state=MandateState.GEGEVEN).exists():
        version = (
            Mandate.objects.filter(challenge=challenge)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
            or 0
        ) + 1
        entry = record_decision(
            challenge=challenge,
            kind=DecisionKind.MANDAAT,
            title=f"Mandaat gegeven: {challenge.title}",
            text=f"Budget € {budget}, {hours} uur, {months} maanden.",
            by=by,
            role="bestuurder",
            organisation=organisation,
        )
        Mandate.objects.create(
            challenge=challenge,
            version=version,
            holder=holder or challenge.regisseur,
            given_by=by,
            scope="Uitvoering van de aanpak zoals overeengekomen.",
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=30 * months),
            budget=budget,
            hours=hours,
            decides_alone="Inzet van het team en de volgorde van de experimenten.",
            decision=entry,
        )
    if decision and not execution_decisions(challenge).exists():
        record_decision(
            challenge=challenge,
            kind=DecisionKind.BESLUIT,
            title=f"Besluit over de uitvoering: {challenge.title}",
            text="Het bestuur neemt kennis van de resultaten en besluit tot evaluatie.",
            by=by,
            role="bestuurder",
            organisation=organisation,
        )
