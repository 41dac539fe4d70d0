"""A municipality with challenges, objectives, indicators, measurements, mandates, use and
escalations, for the board's overview, the council's page and the letters (tests of this worktree)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.governance.models import (
    Escalation,
    EscalationKind,
    EscalationLevel,
    Indicator,
    Mandate,
    Measurement,
    Objective,
    ObjectiveState,
    UsageEntry,
    UsageKind,
)
from veerkracht.organisations.models import Role

# The value measured 10 days ago on an indicator running from 100 days ago (0) to 100 days ahead (100):
# planned then 45, so 45 is on course, 30 needs attention (deviation -0.15), 10 is off course (-0.35)
# with the default tolerance 0.10, 100 is achieved.
VALUE_FOR = {"op koers": 45, "aandacht": 30, "uit koers": 10, "behaald": 100}


@dataclass
class Town:
    municipality: Any
    bestuurder: Any
    raadslid: Any
    agenda: Any


def town(name: str, slug: str) -> Town:
    municipality = OrganisationFactory(gemeente=True, name=name, slug=slug)
    return Town(
        municipality=municipality,
        bestuurder=member(municipality, Role.BESTUURDER),
        raadslid=member(municipality, Role.RAADSLID),
        agenda=AgendaFactory(municipality=municipality),
    )


def objective_with(
    challenge: Any, code: str, status: str, *, state: str = ObjectiveState.OVEREENGEKOMEN
) -> Objective:
    """An objective with one indicator whose measurements give ``status`` today (see VALUE_FOR);
    "niet behaald": the target date passed; "geen meting": no measurement."""
    today = timezone.localdate()
    objective = Objective.objects.create(challenge=challenge, code=code, name=f"Doel {code}", state=state)
    if status == "niet behaald":
        start, end = today - timedelta(days=200), today - timedelta(days=10)
    else:
        start, end = today - timedelta(days=100), today + timedelta(days=100)
    indicator = Indicator.objects.create(
        objective=objective,
        code="I1",
        name="Indicator",
        unit="%",
        baseline_date=start,
        baseline_value=Decimal(0),
        target_date=end,
        target_value=Decimal(100),
    )
    if status == "niet behaald":
        Measurement.objects.create(indicator=indicator, date=today - timedelta(days=20), value=Decimal(50))
    elif status != "geen meting":
        Measurement.objects.create(
            indicator=indicator, date=today - timedelta(days=10), value=Decimal(VALUE_FOR[status])
        )
    return objective


def mandate_for(challenge: Any, *, budget: int = 10_000, hours: int = 100, by: Any = None) -> Mandate:
    today = timezone.localdate()
    return Mandate.objects.create(
        challenge=challenge,
        scope="De opgave uitvoeren",
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=200),
        budget=Decimal(budget),
        hours=Decimal(hours),
        decides_alone="Inzet van het team",
        given_by=by,
    )


def use(challenge: Any, kind: str, amount: Any, on: date | None = None) -> UsageEntry:
    return UsageEntry.objects.create(
        challenge=challenge,
        kind=kind,
        amount=Decimal(amount),
        on=on or timezone.localdate(),
        description="inzet",
    )


def open_escalation(challenge: Any, summary: str = "Budget overschreden") -> Escalation:
    return Escalation.objects.create(
        challenge=challenge,
        kind=EscalationKind.BUDGET,
        level=EscalationLevel.ESCALATION,
        key=f"budget:{challenge.pk}:{summary}",
        summary=summary,
    )


def bulk_world(
    agenda: Any, challenges: int, objectives: int, indicators: int, measurements: int
) -> list[Any]:
    """``challenges`` × ``objectives`` × ``indicators`` × ``measurements`` (monthly), with a mandate,
    use of money and hours, and an open escalation per challenge: built with bulk_create."""
    today = timezone.localdate()
    start = today - timedelta(days=30 * measurements + 10)
    made = [ChallengeFactory(agenda=agenda, history=False) for _ in range(challenges)]
    objs = Objective.objects.bulk_create(
        Objective(
            challenge=c,
            code=f"D{k + 1}",
            name=f"Doel {k + 1}",
            state=ObjectiveState.VOORGESTELD if k == 0 else ObjectiveState.OVEREENGEKOMEN,
        )
        for c in made
        for k in range(objectives)
    )
    inds = Indicator.objects.bulk_create(
        Indicator(
            objective=o,
            code=f"I{j + 1}",
            name=f"Indicator {j + 1}",
            baseline_date=start,
            baseline_value=Decimal(10 * j),
            target_date=start + timedelta(days=900),
            target_value=Decimal(10 * j + 50 + o.pk % 7),
            position=j,
        )
        for o in objs
        for j in range(indicators)
    )
    Measurement.objects.bulk_create(
        Measurement(
            indicator=i,
            date=start + timedelta(days=30 * (m + 1)),
            value=i.baseline_value + (Decimal(m * ((i.pk % 5) + 1)) / 3).quantize(Decimal("0.1")),
        )
        for i in inds
        for m in range(measurements)
    )
    for c in made:
        mandate_for(c)
        use(c, UsageKind.MONEY, 8500)
        use(c, UsageKind.HOURS, 20)
        open_escalation(c)
    return made
