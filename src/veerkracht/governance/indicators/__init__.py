"""Objectives and indicators: status, progress, trend and forecast at a reference date.

A pure package (no Django; the standard library, and numpy to compute many trends at once): every
page, the council letter, the API and the ``indicator_status`` command use it, so that they all give
the same answer. The rules are described in docs/governance/indicators.md.
"""

from veerkracht.governance.indicators.document import (
    Document,
    DocumentError,
    Indicator,
    Objective,
    exact_number,
    loads,
    parse_date,
    parse_document,
)
from veerkracht.governance.indicators.engine import (
    ACHIEVED,
    ATTENTION,
    NO_MEASUREMENT,
    NOT_ACHIEVED,
    OFF_COURSE,
    ON_COURSE,
    ORDER,
    STATUSES,
    IndicatorStatus,
    ObjectiveStatus,
    Trend,
    evaluate,
    evaluate_indicator,
    evaluate_objective,
)

__all__ = [
    "ACHIEVED",
    "ATTENTION",
    "NOT_ACHIEVED",
    "NO_MEASUREMENT",
    "OFF_COURSE",
    "ON_COURSE",
    "ORDER",
    "STATUSES",
    "Document",
    "DocumentError",
    "Indicator",
    "IndicatorStatus",
    "Objective",
    "ObjectiveStatus",
    "Trend",
    "evaluate",
    "evaluate_indicator",
    "evaluate_objective",
    "exact_number",
    "loads",
    "parse_date",
    "parse_document",
    "status_of",
]


def status_of(text: str | bytes) -> dict:  # type: ignore[type-arg]
    """JSON text in, the ``indicator_status`` answer out; ``DocumentError`` when malformed."""
    return evaluate(parse_document(loads(text)))
