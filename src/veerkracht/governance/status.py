"""The bridge from stored objectives to the rules engine: every page, letter, escalation check and API
answer computes status here, through the same engine as ``indicator_status`` (no second computation).

Callers prefetch ``indicators__measurements`` (see :func:`with_measurements`); this module adds no
queries of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from veerkracht.governance.indicators import (
    DocumentError,
    ObjectiveStatus,
    evaluate_objective,
    parse_document,
)
from veerkracht.governance.models import Indicator, Measurement, Objective


def with_measurements(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """``objectives`` with their indicators and measurements fetched in two more queries."""
    return objectives.prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position", "code").prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("date"))
            ),
        )
    )


def raw_indicator(indicator: Indicator, as_of: date | None = None) -> dict[str, Any]:
    """An indicator in the ``indicator_status`` input form (exact decimals; measurements after
    ``as_of`` are left in: the engine ignores them)."""
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": {"date": indicator.baseline_date.isoformat(), "value": indicator.baseline_value},
        "target": {"date": indicator.target_date.isoformat(), "value": indicator.target_value},
        "tolerance": indicator.tolerance,
        "weight": indicator.weight,
        "measurements": [
            {"date": m.date.isoformat(), "value": m.value} for m in indicator.measurements.all()
        ],
    }


def raw_objective(objective: Objective) -> dict[str, Any]:
    return {
        "code": objective.code,
        "name": objective.name,
        "indicators": [raw_indicator(i) for i in objective.indicators.all()],
    }


def document_of(objectives: Iterable[Objective], as_of: date | None = None) -> dict[str, Any]:
    """The ``indicator_status`` input document for ``objectives`` (also what the API and exports give)."""
    as_of = as_of or timezone.localdate()
    return {"as_of": as_of.isoformat(), "objectives": [raw_objective(o) for o in objectives]}


def evaluate(objectives: Iterable[Objective], as_of: date | None = None) -> dict[int, ObjectiveStatus]:
    """Each objective's status at ``as_of`` (default today), by primary key. An objective without
    indicators is left out (it has no status yet)."""
    as_of = as_of or timezone.localdate()
    answer: dict[int, ObjectiveStatus] = {}
    for objective in objectives:
        raw = raw_objective(objective)
        if not raw["indicators"]:
            continue
        try:
            parsed = parse_document({"as_of": as_of.isoformat(), "objectives": [raw]})
        except DocumentError:
            # Stored data always passes (the forms and constraints use the same rules); a document that
            # does not is left without status rather than given a wrong one.
            continue
        answer[objective.pk] = evaluate_objective(parsed.objectives[0], as_of)
    return answer
