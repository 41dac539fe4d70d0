"""The status sentences, against examples worked out by hand from the rules (baseline, target,
tolerance, planned course, Theil–Sen trend), in Dutch and in English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from tests.governance.helpers import document, indicator
from veerkracht.governance.indicators import evaluate_objective, parse_document
from veerkracht.governance.wording import months_between, status_sentence


def sentence(language, *, baseline, target, t1=100, as_of, measurements, unit="%", tolerance=None):
    extra = {"tolerance": tolerance} if tolerance is not None else {}
    doc = document(
        indicator(baseline=baseline, target=target, t1=t1, measurements=measurements, unit=unit, **extra),
        as_of=as_of,
    )
    parsed = parse_document(doc)
    result = evaluate_objective(parsed.objectives[0], parsed.as_of).indicators[0]
    stored = SimpleNamespace(
        baseline_value=Decimal(str(baseline)),
        target_value=Decimal(str(target)),
        unit=unit,
        target_date=date.fromisoformat(doc["objectives"][0]["indicators"][0]["target"]["date"]),
    )
    with translation.override(language):
        return status_sentence(result, stored)


def test_on_course_ahead():
    # 40 → 60 over 730 days; on day 365 planned 50, measured 52: progress 12/20 = 60 %, deviation
    # 2/20 = 0.1 → 0.1 · 20 = 2 points ahead
    args = {"baseline": 40, "target": 60, "t1": 730, "as_of": 365, "measurements": [(365, 52)]}
    assert sentence("nl", **args) == "Op koers: 60 % van de beoogde verandering, 2 punten voor op de planning"
    assert sentence("en", **args) == "On course: 60 % of the intended change, 2 points ahead of plan"


def test_falling_indicator_ahead():
    # 60 → 40 (D = −20); day 50 of 100: planned 50, measured 48: progress −12/−20 = 60 %,
    # deviation (48 − 50)/−20 = 0.1 → 2 points ahead
    args = {"baseline": 60, "target": 40, "as_of": 50, "measurements": [(50, 48)]}
    assert sentence("nl", **args) == "Op koers: 60 % van de beoogde verandering, 2 punten voor op de planning"


def test_off_course_with_decimal_points():
    # 0 → 10 over 100 days; day 50: planned 5, measured 2.5 → deviation −0.25 < −0.2: off course,
    # 0.25 · 10 = 2.5 points behind; two points only, so no trend
    args = {"baseline": 0, "target": 10, "as_of": 50, "measurements": [(50, 2.5)]}
    assert sentence("nl", **args) == "Uit koers: 2,5 punten achter"
    assert sentence("en", **args) == "Off course: 2.5 points behind"


def test_off_course_with_forecast_after_the_target_date():
    # 0 → 100 over 100 days (target 2026-04-11); measured 5 on day 20 and 10 on day 40. Planned on
    # day 40 is 40: deviation −0.3 → off course, 30 points behind. Trend through (0,0), (20,5),
    # (40,10): slope 0.25 per day, intercept 0 → target reached on day 400 = 2027-02-05, which is
    # 9 whole months after 2026-04-11.
    args = {"baseline": 0, "target": 100, "as_of": 40, "measurements": [(20, 5), (40, 10)]}
    assert sentence("nl", **args) == (
        "Uit koers: 30 punten achter; bij de huidige trend wordt het doel op 5 februari 2027 gehaald, "
        "9 maanden na de streefdatum"
    )
    assert sentence("en", **args) == (
        "Off course: 30 points behind; at the current trend the target is reached on 5 February 2027, "
        "9 months after the target date"
    )


def test_attention_in_the_units_own_words():
    # 100 → 200 homes; day 50: planned 150, measured 135: progress 35 %, deviation −0.15 (attention),
    # 0.15 · 100 = 15 homes behind
    args = {"baseline": 100, "target": 200, "as_of": 50, "measurements": [(50, 135)], "unit": "woningen"}
    assert (
        sentence("nl", **args)
        == "Aandacht: 35 % van de beoogde verandering, 15 woningen achter op de planning"
    )


def test_trend_going_the_wrong_way():
    # 0 → 100; measured 30 on day 10 and 20 on day 20: slopes 3, 1 and −1 per day, median 1 → the
    # trend rises; median y = 20, median t = 10 → intercept 10, t* = 90: on trend (before day 100), so
    # no trend clause. Status: planned 20, measured 20 → deviation 0, on course.
    args = {"baseline": 0, "target": 100, "as_of": 20, "measurements": [(10, 30), (20, 20)]}
    assert sentence("nl", **args) == "Op koers: 20 % van de beoogde verandering, precies volgens de planning"
    # 0 → 100, but measured −5, −10, −15 on days 10, 20, 30: slope −0.5 per day, away from the target:
    # no forecast. Planned on day 30 is 30: deviation −0.45 → off course, 45 points behind.
    falling = {"baseline": 0, "target": 100, "as_of": 30, "measurements": [(10, -5), (20, -10), (30, -15)]}
    assert sentence("nl", **falling) == (
        "Uit koers: 45 punten achter; bij de huidige trend wordt het doel niet gehaald"
    )


def test_achieved_and_no_measurement():
    assert sentence("nl", baseline=0, target=10, as_of=50, measurements=[(40, 10)]) == (
        "Behaald: 100 % van de beoogde verandering"
    )
    assert sentence("nl", baseline=0, target=10, as_of=50, measurements=[]) == "Nog geen meting."
    assert sentence("en", baseline=0, target=10, as_of=50, measurements=[]) == "No measurement yet."


@pytest.mark.parametrize(
    ("a", "b", "months"),
    [
        (date(2028, 1, 14), date(2029, 3, 14), 14),
        (date(2028, 1, 15), date(2029, 3, 14), 13),
        (date(2028, 1, 31), date(2028, 2, 29), 0),
    ],
)
def test_months_between(a, b, months):
    assert months_between(a, b) == months
