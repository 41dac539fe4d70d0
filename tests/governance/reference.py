"""A slow, literal reference for the indicator rules, written from docs/governance/indicators.md.

Everything is a ``Fraction`` (values read from their decimal text), time is ``date`` subtraction, the
Theil–Sen slope is the median of a sorted list of every pairwise slope, and numbers are converted to
float only at the end. It shares no code with ``veerkracht.governance.indicators``.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

WORST_FIRST = ["niet behaald", "uit koers", "aandacht", "op koers", "behaald"]


def exact(value: Any) -> Fraction:
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(str(value))


def median(values: list[Fraction]) -> Fraction:
    values = sorted(values)
    n = len(values)
    if n % 2:
        return values[n // 2]
    return (values[n // 2 - 1] + values[n // 2]) / 2


def clamp(x: Fraction, lo: Fraction, hi: Fraction) -> Fraction:
    return max(lo, min(hi, x))


def indicator(ind: dict[str, Any], as_of: date) -> tuple[dict[str, Any], Fraction | None]:
    """The answer for one indicator, and its exact progress (None without a measurement)."""
    b_date = date.fromisoformat(ind["baseline"]["date"])
    t_date = date.fromisoformat(ind["target"]["date"])
    b = exact(ind["baseline"]["value"])
    target = exact(ind["target"]["value"])
    tol = exact(ind["tolerance"]) if ind.get("tolerance") is not None else Fraction(1, 10)
    d = target - b
    t1 = (t_date - b_date).days

    def t_of(day: date) -> int:
        return (day - b_date).days

    def planned(t: int) -> Fraction:
        return b + d * clamp(Fraction(t, t1), Fraction(0), Fraction(1))

    counted = [(date.fromisoformat(m["date"]), exact(m["value"]), m["value"]) for m in ind["measurements"]]
    counted = [m for m in counted if m[0] <= as_of]
    out: dict[str, Any] = {"code": ind["code"], "planned_at_as_of": float(planned(t_of(as_of)))}
    if not counted:
        out.update(latest=None, planned_at_latest=None, progress=None, deviation=None, status="geen meting")
        out.update(trend=None, forecast_date=None, on_trend=None)
        return out, None
    l_date, v_latest, raw = max(counted, key=lambda m: m[0])
    progress = 100 * (v_latest - b) / d
    deviation = (v_latest - planned(t_of(l_date))) / d
    if progress >= 100:
        status = "behaald"
    elif as_of > t_date:
        status = "niet behaald"
    elif deviation >= -tol:
        status = "op koers"
    elif deviation >= -2 * tol:
        status = "aandacht"
    else:
        status = "uit koers"
    out.update(
        latest={"date": l_date.isoformat(), "value": raw},
        planned_at_latest=float(planned(t_of(l_date))),
        progress=float(progress),
        deviation=float(deviation),
        status=status,
    )
    points = [(Fraction(0), b)] + [(Fraction(t_of(m[0])), m[1]) for m in counted]
    if len(points) < 3:
        out.update(trend=None, forecast_date=None, on_trend=None)
        return out, progress
    slopes = [
        (yj - yi) / (tj - ti) for i, (ti, yi) in enumerate(points) for (tj, yj) in points[i + 1 :] if tj != ti
    ]
    slope = median(slopes)
    intercept = median([y for _, y in points]) - slope * median([t for t, _ in points])
    out["trend"] = {
        "slope_per_year": float(slope * Fraction("365.25")),
        "intercept": float(intercept),
        "points": len(points),
    }
    if slope * d > 0:
        t_star = (target - intercept) / slope
        try:
            forecast = b_date + timedelta(days=max(0, math.ceil(t_star)))
        except OverflowError:  # after 9999-12-31: no date (the documented reading)
            out.update(forecast_date=None, on_trend=False)
        else:
            out.update(forecast_date=forecast.isoformat(), on_trend=forecast <= t_date)
    else:
        out.update(forecast_date=None, on_trend=False)
    return out, progress


def status_of(document: dict[str, Any]) -> dict[str, Any]:
    as_of = date.fromisoformat(document["as_of"])
    objectives = []
    for obj in document["objectives"]:
        answers, measured = [], []
        for ind in obj["indicators"]:
            answer, progress = indicator(ind, as_of)
            answers.append(answer)
            if progress is not None:
                weight = exact(ind["weight"]) if ind.get("weight") is not None else Fraction(1)
                measured.append((weight, clamp(progress, Fraction(0), Fraction(100)), answer["status"]))
        if measured:
            mean = sum(w * p for w, p, _ in measured) / sum(w for w, _, _ in measured)
            progress_out: float | None = float(mean)
            status = min((s for _, _, s in measured), key=WORST_FIRST.index)
        else:
            progress_out, status = None, "geen meting"
        objectives.append(
            {
                "code": obj["code"],
                "progress": progress_out,
                "status": status,
                "incomplete": len(measured) < len(answers),
                "indicators": answers,
            }
        )
    return {"as_of": document["as_of"], "objectives": objectives}
