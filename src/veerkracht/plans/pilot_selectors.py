"""Reading pilots (no writes here). List selectors run a bounded number of queries.

* :func:`pilots_of` — a challenge's pilots for its list and the challenge/team page sections.
* :func:`pilot_or_none` — one pilot with what its page shows.
* :func:`decider` / :func:`mandate_covers` — who takes a pilot's go/no-go, as the mandate says.
* :func:`indicator_course` — each indicator's status at the pilot's start and end, computed by
  governance's indicator rules (``governance.status.evaluate``; no second computation).
* :func:`monitor_change` — where the monitor measured before and after the pilot, the change of each
  dimension's headline between those waves with its 95 % interval (the monitor's ``headline_change``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from veerkracht.agenda.models import Challenge
from veerkracht.governance.indicators import IndicatorStatus
from veerkracht.governance.models import (
    ExperimentRule,
    Indicator,
    Mandate,
    MandateState,
    Objective,
    ObjectiveState,
)
from veerkracht.governance.status import evaluate, with_measurements
from veerkracht.plans.models import Pilot, PilotChange
from veerkracht.resources.models import Need, NeedKind


def pilots_of(challenge: Challenge) -> QuerySet[Pilot]:
    """The challenge's pilots with their indicators and counts: three queries, however many pilots."""
    return (
        Pilot.objects.filter(challenge=challenge)
        .select_related("team", "decision")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("objective_id", "position"))
        )
        .annotate(lesson_count=Count("lessons", distinct=True), need_count=Count("needs", distinct=True))
        .order_by("starts_on", "pk")
    )


def pilot_or_none(pk: int) -> Pilot | None:
    return (
        Pilot.objects.select_related(
            "challenge__agenda__municipality",
            "challenge__lead_municipality",
            "challenge__regisseur",
            "challenge__domain",
            "team",
            "decision",
        )
        .filter(pk=pk)
        .first()
    )


def history_of(pilot: Pilot) -> QuerySet[PilotChange]:
    return pilot.changes.select_related("by", "decision").order_by("at", "pk")


# --- choices for the forms --------------------------------------------------------------------------


def indicator_choices(challenge: Challenge) -> QuerySet[Indicator]:
    """The indicators of the challenge's current objectives (not superseded ones)."""
    return (
        Indicator.objects.filter(objective__challenge=challenge)
        .exclude(objective__state=ObjectiveState.VERVANGEN)
        .select_related("objective")
        .order_by("objective__code", "position", "code")
    )


def need_choices(challenge: Challenge) -> QuerySet[Need]:
    return Need.objects.filter(challenge=challenge).order_by("kind", "pk")


def mandate_in_force(challenge: Challenge) -> Mandate | None:
    return (
        Mandate.objects.filter(challenge_id=challenge.pk, state=MandateState.GEGEVEN)
        .select_related("holder")
        .first()
    )


def rule_choices(challenge: Challenge) -> QuerySet[ExperimentRule]:
    """The experimentation space of the mandate in force."""
    return ExperimentRule.objects.filter(
        mandate__challenge=challenge, mandate__state=MandateState.GEGEVEN
    ).order_by("until", "pk")


# --- who decides ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decider:
    """Who takes the go/no-go: ``holder`` (the mandate's holder) when the pilot lies inside the
    mandate, else None (the board); ``reasons`` says why the pilot is outside it."""

    holder: Any
    mandate: Mandate | None
    reasons: tuple[str, ...] = ()


def need_totals(pilot: Pilot) -> tuple[Decimal, Decimal]:
    """(money, hours) the pilot's needs ask for."""
    rows = dict(
        pilot.needs.filter(kind__in=(NeedKind.GELD, NeedKind.UREN))
        .values_list("kind")
        .annotate(total=Sum("quantity"))
    )
    return rows.get(NeedKind.GELD) or Decimal(0), rows.get(NeedKind.UREN) or Decimal(0)


def mandate_covers(pilot: Pilot, mandate: Mandate | None, *, today: dt.date | None = None) -> list[str]:
    """Why ``pilot`` lies outside ``mandate`` (an empty list: inside). Inside means: the mandate is in
    force, has a holder and has not ended; the pilot's period lies within the mandate's; the money and
    hours its needs ask for fit the mandate's budget and hours; and every rule of the experimentation
    space the pilot uses belongs to that mandate."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    if mandate is None or mandate.state != MandateState.GEGEVEN:
        return [_("The challenge has no mandate in force.")]
    reasons = []
    if mandate.holder_id is None:
        reasons.append(_("The mandate has no holder."))
    if mandate.ends_on < today:
        reasons.append(_("The mandate has ended."))
    if pilot.starts_on < mandate.starts_on or pilot.ends_on > mandate.ends_on:
        reasons.append(_("The pilot's period lies outside the mandate's period."))
    money, hours = need_totals(pilot)
    if money > mandate.budget:
        reasons.append(_("The pilot's money needs exceed the mandate's budget."))
    if hours > mandate.hours:
        reasons.append(_("The pilot's hours exceed the mandate's hours."))
    if pilot.experiment_rules.exclude(mandate_id=mandate.pk).exists():
        reasons.append(_("The pilot uses experimentation space outside the mandate in force."))
    return reasons


def decider(pilot: Pilot, *, today: dt.date | None = None) -> Decider:
    mandate = mandate_in_force(pilot.challenge)
    reasons = mandate_covers(pilot, mandate, today=today)
    if reasons or mandate is None:
        return Decider(holder=None, mandate=mandate, reasons=tuple(reasons))
    return Decider(holder=mandate.holder, mandate=mandate)


# --- evaluation: the indicators ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorCourse:
    indicator: Indicator
    start: IndicatorStatus | None
    end: IndicatorStatus | None
    end_date: dt.date
    measurements: list[Any] = field(default_factory=list)  # measured during the pilot

    @staticmethod
    def _shown(result: IndicatorStatus | None) -> dict[str, str]:
        from veerkracht.governance.overview import STATUS_CLASSES
        from veerkracht.governance.wording import status_label

        if result is None:
            return {"label": "—", "css": "no-measurement"}
        return {
            "label": status_label(result.status),
            "css": STATUS_CLASSES.get(result.status, "no-measurement"),
        }

    @property
    def at_start(self) -> dict[str, str]:
        return self._shown(self.start)

    @property
    def at_end(self) -> dict[str, str]:
        return self._shown(self.end)


def indicator_course(pilot: Pilot, *, today: dt.date | None = None) -> list[IndicatorCourse]:
    """Per indicator of the pilot: its status (the governance rules) on the pilot's first day and on its
    last day (or today, while it runs), and the measurements taken in between. Four queries."""
    today = today or timezone.localdate()
    end_date = min(pilot.ends_on, today)
    chosen = list(pilot.indicators.all())
    objectives = list(with_measurements(Objective.objects.filter(pk__in={i.objective_id for i in chosen})))
    at_start = evaluate(objectives, pilot.starts_on)
    at_end = evaluate(objectives, end_date)
    by_pk = {ind.pk: (objective, ind) for objective in objectives for ind in objective.indicators.all()}
    courses = []
    for indicator in chosen:
        objective, stored = by_pk[indicator.pk]
        position = [i.pk for i in objective.indicators.all()].index(indicator.pk)

        def status(
            answers: dict[int, Any], objective: Objective = objective, position: int = position
        ) -> Any:
            found = answers.get(objective.pk)
            return found.indicators[position] if found is not None else None

        courses.append(
            IndicatorCourse(
                indicator=stored,
                start=status(at_start),
                end=status(at_end),
                end_date=end_date,
                measurements=[m for m in stored.measurements.all() if pilot.starts_on <= m.date <= end_date],
            )
        )
    return courses


# --- evaluation: the monitor -------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionChange:
    code: str
    name: str
    before: float | None  # headline on 0-100
    after: float | None
    diff: float | None
    low: float | None
    high: float | None
    measured_by_pilot: bool  # one of the pilot's indicators measures this dimension


@dataclass(frozen=True)
class MonitorChange:
    before: Any  # Wave
    after: Any  # Wave
    rows: list[DimensionChange]


def waves_around(pilot: Pilot) -> tuple[Any, Any]:
    """The monitor's reported waves around the pilot: the last whose fieldwork ended on or before the
    pilot's start, and the first whose fieldwork started on or after the pilot's end (either None)."""
    from veerkracht.fieldwork.models import Wave
    from veerkracht.fieldwork.workflow import WaveState

    reported = Wave.objects.filter(
        challenge_id=pilot.challenge_id, state=WaveState.GERAPPORTEERD
    ).select_related("instrument")
    before = reported.filter(ends_on__lte=pilot.starts_on).order_by("-ends_on", "-number").first()
    after = reported.filter(starts_on__gte=pilot.ends_on).order_by("starts_on", "number").first()
    return before, after


def monitor_change(pilot: Pilot, *, language: str) -> MonitorChange | None:
    """The change of each dimension's headline between the waves around the pilot, with its 95 %
    interval, as the monitor's report computes it (``wave_scores`` and ``headline_change``), on 0–100.
    None when the monitor did not measure both before and after, or with different instruments."""
    from veerkracht.fieldwork.selectors import wave_scores
    from veerkracht.fieldwork.structure import spec_of, structure_of
    from veerkracht.monitor.scoring import headline_change

    before, after = waves_around(pilot)
    if before is None or after is None or before.instrument.code != after.instrument.code:
        return None
    spec = spec_of(after.instrument)
    structure = structure_of(after.instrument)
    span = spec.scale.span
    first, second = wave_scores(before, with_benchmark=False), wave_scores(after, with_benchmark=False)
    earlier = {d.code: d for d in first.dimensions}
    linked = {i.monitor_dimension for i in pilot.indicators.all() if i.monitor_dimension}

    def pct(value: float | None) -> float | None:
        return None if value is None else float(spec.scale.to_0_100(value))

    rows = []
    for dim in second.dimensions:
        old = earlier.get(dim.code)
        diff = low = high = None
        if old is not None:
            a, b = old.estimate(), dim.estimate()
            if a is not None and b is not None:
                delta = headline_change(first=a, second=b)
                diff = delta.diff / span * 100
                if delta.ci95 is not None:
                    low, high = delta.ci95[0] / span * 100, delta.ci95[1] / span * 100
        rows.append(
            DimensionChange(
                code=dim.code,
                name=structure.dimension_name(dim.code, language),
                before=pct(old.headline) if old is not None else None,
                after=pct(dim.headline),
                diff=diff,
                low=low,
                high=high,
                measured_by_pilot=dim.code in linked,
            )
        )
    return MonitorChange(before=before, after=after, rows=rows)
