"""Status of indicators and objectives at a reference date (see docs/governance/indicators.md).

All comparisons that decide a status, and the rounding up of the forecast, are exact: they are done on
integers (each indicator's values scaled to a common denominator, time in whole days). Numbers that
are reported are the exact results rounded once to the nearest float.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from veerkracht.governance.indicators.document import Document, Indicator, Number, Objective
from veerkracht.governance.indicators.theil_sen import median_slope, median_slopes

ACHIEVED = "behaald"
NOT_ACHIEVED = "niet behaald"
ON_COURSE = "op koers"
ATTENTION = "aandacht"
OFF_COURSE = "uit koers"
NO_MEASUREMENT = "geen meting"

# From worst to best; "geen meting" is not in the order (it is not a judgement).
ORDER = (NOT_ACHIEVED, OFF_COURSE, ATTENTION, ON_COURSE, ACHIEVED)
STATUSES = (*ORDER, NO_MEASUREMENT)
_RANK = {status: rank for rank, status in enumerate(ORDER)}

DAYS_PER_YEAR = Fraction(1461, 4)  # 365.25
_LAST_ORDINAL = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class Trend:
    slope_per_year: float
    intercept: float
    points: int


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    code: str
    latest: tuple[date, Number] | None
    planned_at_latest: float | None
    planned_at_as_of: float
    progress: float | None
    deviation: float | None
    status: str
    trend: Trend | None
    forecast_date: date | None
    on_trend: bool | None
    weight: Fraction
    # exact progress as (numerator, denominator > 0), for an objective's weighted mean; None without a
    # measurement
    exact_progress: tuple[int, int] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "latest": None
            if self.latest is None
            else {"date": self.latest[0].isoformat(), "value": _number(self.latest[1])},
            "planned_at_latest": self.planned_at_latest,
            "planned_at_as_of": self.planned_at_as_of,
            "progress": self.progress,
            "deviation": self.deviation,
            "status": self.status,
            "trend": None
            if self.trend is None
            else {
                "slope_per_year": self.trend.slope_per_year,
                "intercept": self.trend.intercept,
                "points": self.trend.points,
            },
            "forecast_date": None if self.forecast_date is None else self.forecast_date.isoformat(),
            "on_trend": self.on_trend,
        }


@dataclass(frozen=True, slots=True)
class ObjectiveStatus:
    code: str
    progress: float | None
    status: str
    incomplete: bool
    indicators: tuple[IndicatorStatus, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "progress": self.progress,
            "status": self.status,
            "incomplete": self.incomplete,
            "indicators": [i.to_dict() for i in self.indicators],
        }


def _number(value: Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def _planned(ind: Indicator, t: int, t1: int, d: int) -> float:
    """planned(t) = baseline + D * clamp(t / t1, 0, 1), rounded once to a float."""
    if t <= 0:
        return ind.scaled_baseline / ind.scale
    if t >= t1:
        return ind.scaled_target / ind.scale
    return (ind.scaled_baseline * t1 + d * t) / (t1 * ind.scale)


def _ceil_div(num: int, den: int) -> int:
    return -((-num) // den)


def trend_points(ind: Indicator, as_of: date) -> tuple[list[int], list[int]]:
    """The trend's points (days, scaled values): the baseline and every counted measurement."""
    counted = bisect_right(ind.days, as_of.toordinal() - ind.baseline_date.toordinal())
    return [0, *ind.days[:counted]], [ind.scaled_baseline, *ind.scaled_values[:counted]]


def evaluate_indicator(ind: Indicator, as_of: date, slope: tuple[int, int] | None = None) -> IndicatorStatus:
    """The status of one indicator at ``as_of``. ``slope``: its median slope, when already computed
    (by ``median_slopes`` for many indicators at once)."""
    origin = ind.baseline_date.toordinal()
    t1 = ind.target_date.toordinal() - origin
    t_as_of = as_of.toordinal() - origin
    yb, yt = ind.scaled_baseline, ind.scaled_target
    d = yt - yb
    planned_at_as_of = _planned(ind, t_as_of, t1, d)
    counted = bisect_right(ind.days, t_as_of)
    if counted == 0:
        return IndicatorStatus(
            code=ind.code,
            latest=None,
            planned_at_latest=None,
            planned_at_as_of=planned_at_as_of,
            progress=None,
            deviation=None,
            status=NO_MEASUREMENT,
            trend=None,
            forecast_date=None,
            on_trend=None,
            weight=ind.weight,
            exact_progress=None,
        )
    t_latest = ind.days[counted - 1]
    y_latest = ind.scaled_values[counted - 1]
    change = y_latest - yb
    # deviation = change / D - clamp(tL / t1) = (change * t1 - D * min(tL, t1)) / (D * t1)
    dev_num = change * t1 - d * min(t_latest, t1)
    dev_den = d * t1
    if (change >= d) if d > 0 else (change <= d):
        status = ACHIEVED
    elif as_of > ind.target_date:
        status = NOT_ACHIEVED
    else:
        # deviation >= -k * tol  <=>  (dev_num * q + k * p * dev_den) has the sign of dev_den (or is 0)
        p, q = ind.tolerance.numerator, ind.tolerance.denominator
        sign = 1 if dev_den > 0 else -1
        if (dev_num * q + p * dev_den) * sign >= 0:
            status = ON_COURSE
        elif (dev_num * q + 2 * p * dev_den) * sign >= 0:
            status = ATTENTION
        else:
            status = OFF_COURSE

    trend: Trend | None = None
    forecast: date | None = None
    on_trend: bool | None = None
    points = counted + 1
    if points >= 3:
        ts = [0, *ind.days[:counted]]
        ys = [yb, *ind.scaled_values[:counted]]
        a, b = slope if slope is not None else median_slope(ts, ys)  # a / b scaled units per day, b > 0
        # intercept = median(y) - slope * median(t) = i_num / i_den, i_den > 0
        mid = points // 2
        sorted_ys = sorted(ys)
        if points % 2:
            my_n, my_d, mt_n, mt_d = sorted_ys[mid], 1, ts[mid], 1
        else:
            my_n, my_d = sorted_ys[mid - 1] + sorted_ys[mid], 2
            mt_n, mt_d = ts[mid - 1] + ts[mid], 2
        i_num = my_n * b * mt_d - a * mt_n * my_d
        i_den = my_d * b * mt_d
        trend = Trend(
            slope_per_year=(a * DAYS_PER_YEAR.numerator) / (b * DAYS_PER_YEAR.denominator * ind.scale),
            intercept=i_num / (i_den * ind.scale),
            points=points,
        )
        if (a > 0) == (d > 0) and a != 0:
            # t* = (target - intercept) / slope = (yt * i_den - i_num) * b / (i_den * a)
            num = (yt * i_den - i_num) * b
            den = i_den * a
            if den < 0:
                num, den = -num, -den
            days = max(0, _ceil_div(num, den))
            if origin + days <= _LAST_ORDINAL:
                forecast = ind.baseline_date + timedelta(days=days)
                on_trend = forecast <= ind.target_date
            else:  # not reached before the end of the calendar (year 9999)
                on_trend = False
        else:
            on_trend = False

    return IndicatorStatus(
        code=ind.code,
        latest=(ind.dates[counted - 1], ind.values[counted - 1]),
        planned_at_latest=_planned(ind, t_latest, t1, d),
        planned_at_as_of=planned_at_as_of,
        progress=100 * change / d,
        deviation=dev_num / dev_den,
        status=status,
        trend=trend,
        forecast_date=forecast,
        on_trend=on_trend,
        weight=ind.weight,
        exact_progress=(100 * change, d) if d > 0 else (-100 * change, -d),
    )


def combine(code: str, statuses: tuple[IndicatorStatus, ...]) -> ObjectiveStatus:
    """An objective's progress (weighted mean of clamped progress), worst status and completeness."""
    measured = [s for s in statuses if s.exact_progress is not None]
    progress: float | None = None
    status = NO_MEASUREMENT
    if measured:
        # sum of weight * clamp(progress, 0, 100) and sum of weights, as exact integer ratios
        total_n, total_d, weights_n, weights_d = 0, 1, 0, 1
        for s in measured:
            num, den = s.exact_progress  # type: ignore[misc]
            if num <= 0:
                num, den = 0, 1
            elif num >= 100 * den:
                num, den = 100, 1
            w_n, w_d = s.weight.numerator, s.weight.denominator
            total_n, total_d = total_n * w_d * den + w_n * num * total_d, total_d * w_d * den
            weights_n, weights_d = weights_n * w_d + w_n * weights_d, weights_d * w_d
        progress = (total_n * weights_d) / (total_d * weights_n)
        status = min((s.status for s in measured), key=_RANK.__getitem__)
    return ObjectiveStatus(
        code=code,
        progress=progress,
        status=status,
        incomplete=len(measured) < len(statuses),
        indicators=statuses,
    )


def evaluate_objective(objective: Objective, as_of: date) -> ObjectiveStatus:
    return combine(objective.code, tuple(evaluate_indicator(i, as_of) for i in objective.indicators))


def evaluate(document: Document) -> dict[str, Any]:
    """The ``indicator_status`` answer for a parsed document (the trends of all indicators at once)."""
    as_of = document.as_of
    with_trend = [
        ind
        for objective in document.objectives
        for ind in objective.indicators
        if bisect_right(ind.days, (as_of - ind.baseline_date).days) >= 2
    ]
    slopes = dict(
        zip(map(id, with_trend), median_slopes([trend_points(i, as_of) for i in with_trend]), strict=True)
    )
    return {
        "as_of": as_of.isoformat(),
        "objectives": [
            combine(
                o.code, tuple(evaluate_indicator(i, as_of, slopes.get(id(i))) for i in o.indicators)
            ).to_dict()
            for o in document.objectives
        ],
    }
