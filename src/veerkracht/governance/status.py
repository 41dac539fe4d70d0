"""The bridge from stored objectives to the rules engine: every page, letter, escalation check and API
answer computes status here, through the same engine as ``indicator_status`` (no second computation).

Callers prefetch ``indicators__measurements`` (see :func:`with_measurements`); this module adds no
queries of its own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from veerkracht.governance.indicators import (
    DocumentError,
    ObjectiveStatus,
    evaluate_indicator,
    evaluate_objective,
    parse_document,
)
from veerkracht.governance.indicators.engine import combine, trend_points
from veerkracht.governance.indicators.theil_sen import median_slopes
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


# ---------------------------------------------------------------------------------------------------
# Many objectives at once (the board's overview, the council's page and letter)


def with_indicators(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """``objectives`` with their indicators (one more query); :func:`evaluate_many` then reads the
    measurements of all of them in one query, as plain rows."""
    return objectives.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "code"))
    )


def _points_of(indicator_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    points: dict[int, list[dict[str, Any]]] = {pk: [] for pk in indicator_ids}
    if not indicator_ids:
        return points
    rows = (
        Measurement.objects.filter(indicator_id__in=indicator_ids)
        .order_by("indicator_id", "date")
        .values_list("indicator_id", "date", "value")
    )
    for indicator_id, on, value in rows.iterator(chunk_size=20_000):
        points[indicator_id].append({"date": on.isoformat(), "value": value})
    return points


def evaluate_many(objectives: Iterable[Objective], as_of: date | None = None) -> dict[int, ObjectiveStatus]:
    """The same answers as :func:`evaluate`, for many objectives at once: the measurements are read
    in one query (when not prefetched), the objectives are parsed as one document and the trends of
    all indicators are computed together, as the engine's own batch evaluation does.

    ``objectives`` need their indicators prefetched (:func:`with_indicators` or
    :func:`with_measurements`)."""
    as_of = as_of or timezone.localdate()
    objectives = list(objectives)
    prefetched = [o for o in objectives if "indicators" in getattr(o, "_prefetched_objects_cache", {})]
    needs_points = [
        i.pk
        for o in prefetched
        for i in o.indicators.all()
        if "measurements" not in getattr(i, "_prefetched_objects_cache", {})
    ]
    points = _points_of(needs_points)
    raws: list[tuple[Objective, dict[str, Any]]] = []
    for objective in objectives:
        indicators = []
        for ind in objective.indicators.all():
            raw = {
                "code": ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "baseline": {"date": ind.baseline_date.isoformat(), "value": ind.baseline_value},
                "target": {"date": ind.target_date.isoformat(), "value": ind.target_value},
                "tolerance": ind.tolerance,
                "weight": ind.weight,
                "measurements": points[ind.pk]
                if ind.pk in points
                else [{"date": m.date.isoformat(), "value": m.value} for m in ind.measurements.all()],
            }
            indicators.append(raw)
        if indicators:
            # unique codes within the one document: the objective's own code is put back below
            raws.append(
                (objective, {"code": str(len(raws)), "name": objective.name, "indicators": indicators})
            )
    if not raws:
        return {}
    try:
        parsed = parse_document({"as_of": as_of.isoformat(), "objectives": [raw for _o, raw in raws]})
    except DocumentError:
        # one objective that does not pass spoils the document: evaluate one by one, leaving it out
        return evaluate(objectives, as_of)
    with_trend = [
        ind
        for parsed_objective in parsed.objectives
        for ind in parsed_objective.indicators
        if bisect_right(ind.days, (as_of - ind.baseline_date).days) >= 2
    ]
    slopes = dict(
        zip(map(id, with_trend), median_slopes([trend_points(i, as_of) for i in with_trend]), strict=True)
    )
    answer: dict[int, ObjectiveStatus] = {}
    for (objective, _raw), parsed_objective in zip(raws, parsed.objectives, strict=True):
        answer[objective.pk] = combine(
            objective.code,
            tuple(evaluate_indicator(i, as_of, slopes.get(id(i))) for i in parsed_objective.indicators),
        )
    return answer
