"""Plain-language sentences about an indicator's status, in the active language (Dutch first).

The numbers all come from the rules engine (``status.evaluate``); this module only words them:

* progress: the share of the intended change reached, rounded to a whole percentage;
* points ahead or behind: deviation × |D| (D = target − baseline), in the indicator's own unit, one
  decimal at most (a "point" for percentages and unitless scores, otherwise the unit itself);
* the trend: the forecast date, and how many whole months (or days, under a month) that is before or
  after the target date.

Numbers and dates follow the active language's format (2,5 and 14 maart 2029 in Dutch).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from veerkracht.governance.indicators import (
    ACHIEVED,
    ATTENTION,
    NO_MEASUREMENT,
    NOT_ACHIEVED,
    OFF_COURSE,
    ON_COURSE,
)

STATUS_LABELS = {
    ACHIEVED: gettext_lazy("Achieved"),
    NOT_ACHIEVED: gettext_lazy("Not achieved"),
    ON_COURSE: gettext_lazy("On course"),
    ATTENTION: gettext_lazy("Needs attention"),
    OFF_COURSE: gettext_lazy("Off course"),
    NO_MEASUREMENT: gettext_lazy("No measurement"),
}

# units whose amounts are called "points" (percentage points, scores)
POINT_UNITS = {"", "%", "punt", "punten", "point", "points", "score", "procent"}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def number(value: float | Decimal, decimals: int = 1) -> str:
    """``value`` rounded to at most ``decimals`` decimals, without trailing zeros, in the active
    language's format."""
    rounded = round(Decimal(str(value)), decimals)
    if rounded == rounded.to_integral_value():
        rounded = rounded.to_integral_value()
        places = 0
    else:
        places = max(0, -int(rounded.normalize().as_tuple().exponent))
    if rounded == 0:
        rounded = abs(rounded)
    return formats.number_format(rounded, places)


def long_date(value: date) -> str:
    return formats.date_format(value, "j F Y")


def amount(value: float, unit: str) -> str:
    """``value`` (≥ 0) with its unit: "2,5 punten", "1 punt", "12 woningen"."""
    shown = number(value)
    if unit.strip().lower() in POINT_UNITS:
        one = Decimal(str(round(Decimal(str(value)), 1))) == 1
        return ngettext("%(n)s point", "%(n)s points", 1 if one else 2) % {"n": shown}
    return f"{shown} {unit.strip()}"


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later`` (later ≥ earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def _distance(forecast: date, target: date) -> str:
    early, late = sorted((forecast, target))
    months = months_between(early, late)
    if months >= 1:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    days = (late - early).days
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def trend_clause(result: Any, indicator: Any) -> str:
    """What the trend says about reaching the target, or "" without a trend."""
    if result.trend is None:
        return ""
    forecast = result.forecast_date
    if forecast is None:
        return _("at the current trend the target is not reached")
    target = indicator.target_date
    when = long_date(forecast)
    if forecast == target:
        return _("at the current trend the target is reached on %(date)s, the target date") % {"date": when}
    if forecast > target:
        return _(
            "at the current trend the target is reached on %(date)s, %(distance)s after the target date"
        ) % {
            "date": when,
            "distance": _distance(forecast, target),
        }
    return _(
        "at the current trend the target is reached on %(date)s, %(distance)s before the target date"
    ) % {
        "date": when,
        "distance": _distance(forecast, target),
    }


def status_sentence(result: Any, indicator: Any) -> str:
    """One sentence for an indicator's status (``result``: the engine's ``IndicatorStatus`` for
    ``indicator``, which gives the unit, the baseline and target)."""
    label = status_label(result.status)
    if result.status == NO_MEASUREMENT:
        return _("No measurement yet.")
    progress = number(result.progress, 0)
    if result.status == ACHIEVED:
        return _("%(label)s: %(progress)s %% of the intended change") % {"label": label, "progress": progress}
    if result.status == NOT_ACHIEVED:
        return _("%(label)s: %(progress)s %% of the intended change when the target date had passed") % {
            "label": label,
            "progress": progress,
        }
    total = abs(Decimal(indicator.target_value) - Decimal(indicator.baseline_value))
    points = Decimal(str(result.deviation)) * total
    shown = amount(float(abs(points)), indicator.unit)
    if result.status == OFF_COURSE:
        sentence = _("%(label)s: %(amount)s behind") % {"label": label, "amount": shown}
    else:
        if number(abs(points)) == number(0):
            where = _("exactly on plan")
        elif points > 0:
            where = _("%(amount)s ahead of plan") % {"amount": shown}
        else:
            where = _("%(amount)s behind plan") % {"amount": shown}
        sentence = _("%(label)s: %(progress)s %% of the intended change, %(where)s") % {
            "label": label,
            "progress": progress,
            "where": where,
        }
    if result.status in (ATTENTION, OFF_COURSE) or result.on_trend is False:
        clause = trend_clause(result, indicator)
        if clause:
            sentence = f"{sentence}; {clause}"
    return sentence
