"""Known answers for the indicator rules, computed by hand from docs/governance/indicators.md.

Baselines are on day 0 (2026-01-01); ``day(n)`` is n days later. Expected numbers are written as the
exact fraction the rules give, converted once to float.
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from typing import Any

import pytest

from veerkracht.governance.indicators import status_of

from .helpers import day, document, indicator


def answer(doc: dict[str, Any]) -> dict[str, Any]:
    return status_of(json.dumps(doc))


def one(ind: dict[str, Any], as_of: int = 50) -> dict[str, Any]:
    return answer(document(ind, as_of=as_of))["objectives"][0]["indicators"][0]


# --- planned course, progress, deviation ------------------------------------------------------------


def test_progress_deviation_and_planned_course() -> None:
    # baseline 0 -> target 100 over 100 days; on day 40 the plan is 40; measured 30
    got = one(indicator(measurements=[(40, 30)]), as_of=50)
    assert got["latest"] == {"date": day(40), "value": 30}
    assert got["planned_at_latest"] == 40
    assert got["planned_at_as_of"] == 50
    assert got["progress"] == 30
    assert got["deviation"] == -0.1  # (30 - 40) / 100


def test_the_documented_example() -> None:
    doc = {
        "as_of": "2027-06-30",
        "objectives": [
            {
                "code": "O1",
                "name": "…",
                "indicators": [
                    {
                        "code": "I1",
                        "name": "…",
                        "unit": "%",
                        "baseline": {"date": "2026-01-01", "value": 40},
                        "target": {"date": "2028-01-01", "value": 60},
                        "tolerance": 0.1,
                        "weight": 1,
                        "measurements": [{"date": "2026-07-01", "value": 43.5}],
                    }
                ],
            }
        ],
    }
    got = answer(doc)
    ind = got["objectives"][0]["indicators"][0]
    # t1 = 730 days (2026 and 2027 are not leap years); 2026-07-01 is day 181; 2027-06-30 is day 545
    assert ind["planned_at_latest"] == float(40 + F(20 * 181, 730))
    assert ind["planned_at_as_of"] == float(40 + F(20 * 545, 730))
    assert ind["progress"] == 17.5
    assert ind["deviation"] == float(F(35, 200) - F(181, 730))
    assert ind["status"] == "op koers"
    assert ind["trend"] is None and ind["forecast_date"] is None and ind["on_trend"] is None
    assert got["objectives"][0] == {
        "code": "O1",
        "progress": 17.5,
        "status": "op koers",
        "incomplete": False,
        "indicators": [ind],
    }
    assert got["as_of"] == "2027-06-30"
    assert list(ind) == [
        "code", "latest", "planned_at_latest", "planned_at_as_of", "progress", "deviation", "status",
        "trend", "forecast_date", "on_trend",
    ]  # fmt: skip


def test_planned_course_is_clamped_before_and_after() -> None:
    assert one(indicator(), as_of=-5)["planned_at_as_of"] == 0
    late = one(indicator(measurements=[(120, 90)]), as_of=130)
    assert late["planned_at_as_of"] == 100 and late["planned_at_latest"] == 100
    assert late["deviation"] == -0.1


# --- status boundaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (60, "op koers"),  # +0.2, ahead
        (40, "op koers"),  # 0
        (30, "op koers"),  # exactly -tol
        (29.99, "aandacht"),  # just below -tol
        (20, "aandacht"),  # exactly -2 tol
        (19.99, "uit koers"),  # just below -2 tol
        (-10, "uit koers"),  # progress below 0
    ],
)
def test_status_boundaries_rising(value: float, status: str) -> None:
    assert one(indicator(measurements=[(40, value)]))["status"] == status


@pytest.mark.parametrize(
    ("value", "status", "deviation"),
    [
        (0.22, "op koers", F(-1, 10)),  # (0.22 - 0.28) / 0.6 = -0.1 exactly
        (0.2199, "aandacht", F(-601, 6000)),
        (0.16, "aandacht", F(-2, 10)),  # (0.16 - 0.28) / 0.6 = -0.2 exactly
        (0.1599, "uit koers", F(-1201, 6000)),
    ],
)
def test_status_boundaries_are_exact_for_decimal_values(value: float, status: str, deviation: F) -> None:
    # baseline 0.1 -> 0.7 over 10 days, measured on day 3 (plan 0.28). In binary floating point
    # (0.22 - 0.28) / 0.6 is -0.10000000000000005, below -0.1: only exact arithmetic gives "op koers".
    got = one(indicator(baseline=0.1, target=0.7, t1=10, measurements=[(3, value)]), as_of=5)
    assert got["status"] == status
    assert got["deviation"] == float(deviation)
    assert got["planned_at_latest"] == 0.28


def test_tolerance_is_used() -> None:
    ind = indicator(baseline=0.1, target=0.7, t1=10, measurements=[(3, 0.16)], tolerance=0.2)
    assert one(ind, as_of=5)["status"] == "op koers"  # -0.2 = -tol
    ind = indicator(measurements=[(40, 0)], tolerance=0.5)
    assert one(ind)["status"] == "op koers"  # -0.4 >= -0.5
    ind = indicator(measurements=[(40, 34)], tolerance=0.05)
    assert one(ind)["status"] == "aandacht"  # -0.06 between -0.05 and -0.1


@pytest.mark.parametrize(
    ("value", "status", "progress", "deviation"),
    [
        (38, "op koers", 60, F(1, 10)),  # falling is good: 38 is ahead of the plan (40)
        (42, "op koers", 40, F(-1, 10)),  # exactly -tol
        (44, "aandacht", 30, F(-2, 10)),  # exactly -2 tol
        (44.5, "uit koers", 27.5, F(-9, 40)),
        (30, "behaald", 100, F(1, 2)),
        (29, "behaald", 105, F(11, 20)),
    ],
)
def test_falling_indicator(value: float, status: str, progress: float, deviation: F) -> None:
    # baseline 50 -> target 30 (D = -20) over 100 days; plan on day 50 is 40
    got = one(indicator(baseline=50, target=30, measurements=[(50, value)]), as_of=60)
    assert (got["status"], got["progress"], got["deviation"]) == (status, progress, float(deviation))


def test_behaald_at_exactly_100_and_not_just_below() -> None:
    assert one(indicator(measurements=[(60, 100)]), as_of=70)["status"] == "behaald"
    assert one(indicator(measurements=[(60, 100)]), as_of=70)["progress"] == 100
    assert one(indicator(measurements=[(60, 99.99)]), as_of=70)["status"] == "op koers"
    # decimals that do not add up in binary: 0.1 -> 0.3, measured 0.3
    assert one(indicator(baseline=0.1, target=0.3, measurements=[(60, 0.3)]), as_of=70)["status"] == "behaald"
    # behaald wins over the target date having passed
    assert one(indicator(measurements=[(60, 120)]), as_of=400)["status"] == "behaald"


def test_niet_behaald_the_day_after_the_target_date() -> None:
    ind = indicator(measurements=[(100, 90)])
    assert one(ind, as_of=100)["status"] == "op koers"  # on the target date: deviation -0.1
    assert one(ind, as_of=101)["status"] == "niet behaald"
    assert one(indicator(measurements=[(100, 90), (101, 100)]), as_of=101)["status"] == "behaald"


# --- no measurement; what counts -------------------------------------------------------------------


def test_geen_meting() -> None:
    got = one(indicator(measurements=[(60, 70)]), as_of=50)  # measured after the reference date
    assert got == {
        "code": "I1",
        "latest": None,
        "planned_at_latest": None,
        "planned_at_as_of": 50,
        "progress": None,
        "deviation": None,
        "status": "geen meting",
        "trend": None,
        "forecast_date": None,
        "on_trend": None,
    }
    assert one(indicator(), as_of=500)["status"] == "geen meting"  # also after the target date


def test_only_measurements_up_to_the_reference_date_count() -> None:
    ind = indicator(measurements=[(30, 25), (10, 5), (50, 50), (51, 0)])  # any order
    got = one(ind, as_of=50)
    assert got["latest"] == {"date": day(50), "value": 50}
    assert got["trend"]["points"] == 4  # baseline + days 10, 30, 50


def test_values_are_reported_as_given() -> None:
    got = one(indicator(measurements=[(40, 43.5)]))
    assert got["latest"]["value"] == 43.5
    got = one(indicator(measurements=[(40, 43)]))
    assert got["latest"]["value"] == 43 and isinstance(got["latest"]["value"], int)


# --- trend and forecast -----------------------------------------------------------------------------


def test_no_trend_below_three_points() -> None:
    got = one(indicator(measurements=[(10, 10)]))
    assert got["trend"] is None and got["forecast_date"] is None and got["on_trend"] is None


def test_trend_three_points() -> None:
    # points (0, 0), (10, 10), (20, 40): slopes 1, 2, 3 -> median 2 per day;
    # intercept = median(0, 10, 40) - 2 * median(0, 10, 20) = 10 - 20 = -10;
    # t* = (100 - (-10)) / 2 = 55 exactly -> day 55, before the target date (day 100)
    got = one(indicator(measurements=[(10, 10), (20, 40)]), as_of=20)
    assert got["trend"] == {"slope_per_year": 2 * 365.25, "intercept": -10, "points": 3}
    assert got["forecast_date"] == day(55)
    assert got["on_trend"] is True


def test_trend_even_number_of_slopes_and_points() -> None:
    # points (0,0), (1,1), (2,4), (4,16): slopes 1, 2, 4, 3, 5, 6 -> sorted 1 2 3 4 5 6 -> median 3.5;
    # median y = (1 + 4) / 2 = 2.5, median t = (1 + 2) / 2 = 1.5 -> intercept = 2.5 - 5.25 = -2.75;
    # t* = (100 + 2.75) / 3.5 = 29.36 -> rounded up: day 30
    got = one(indicator(measurements=[(1, 1), (2, 4), (4, 16)]), as_of=10)
    assert got["trend"] == {"slope_per_year": 3.5 * 365.25, "intercept": -2.75, "points": 4}
    assert got["forecast_date"] == day(30)
    assert got["on_trend"] is True


def test_forecast_exactly_on_a_day_is_not_rounded_up() -> None:
    # 40 -> 60 over 730 days, measured exactly on the planned line: slope 20/730 = 2/73 per day,
    # intercept 40, t* = 730 exactly: the forecast is the target date itself (not a day later)
    ind = indicator(baseline=40, target=60, t1=730, measurements=[(73, 42), (146, 44), (365, 50)])
    got = one(ind, as_of=400)
    assert got["trend"] == {"slope_per_year": float(F(2, 73) * F(1461, 4)), "intercept": 40, "points": 4}
    assert got["forecast_date"] == day(730)
    assert got["on_trend"] is True


def test_forecast_after_the_target_date() -> None:
    # slope 1 per day from 0: reaches 100 on day 100 + ... take points (0,0), (10,5), (20,10): slope 0.5,
    # intercept 5 - 0.5 * 10 = 0, t* = 200 -> day 200 > day 100
    got = one(indicator(measurements=[(10, 5), (20, 10)]), as_of=20)
    assert got["forecast_date"] == day(200)
    assert got["on_trend"] is False


@pytest.mark.parametrize(
    ("baseline", "target", "values"),
    [
        (0, 100, [0, 0]),  # flat
        (0, 100, [-5, -10]),  # away from a rising target
        (50, 30, [55, 60]),  # away from a falling target
    ],
)
def test_no_forecast_when_the_trend_does_not_move_towards_the_target(
    baseline: int, target: int, values: list[int]
) -> None:
    got = one(indicator(baseline=baseline, target=target, measurements=[(10, values[0]), (20, values[1])]))
    assert got["trend"] is not None
    assert got["forecast_date"] is None
    assert got["on_trend"] is False


def test_falling_trend_towards_a_falling_target() -> None:
    # (0, 50), (10, 48), (20, 46): slope -0.2, intercept 48 - (-0.2) * 10 = 50, t* = (30 - 50) / -0.2 = 100
    got = one(indicator(baseline=50, target=30, measurements=[(10, 48), (20, 46)]), as_of=20)
    assert got["trend"]["slope_per_year"] == float(F(-1, 5) * F(1461, 4))
    assert got["forecast_date"] == day(100)
    assert got["on_trend"] is True


def test_forecast_is_never_before_the_baseline_date() -> None:
    # (0,0), (10,300), (20,301), (30,302): slopes 30, 15.05, 302/30, 0.1, 0.1, 0.1 ->
    # median (0.1 + 302/30) / 2 = 61/12; intercept 300.5 - 15 * 61/12 = 224.25 > target: t* < 0
    got = one(indicator(measurements=[(10, 300), (20, 301), (30, 302)]), as_of=30)
    assert got["trend"] == {"slope_per_year": float(F(61, 12) * F(1461, 4)), "intercept": 224.25, "points": 4}
    assert got["forecast_date"] == day(0)
    assert got["on_trend"] is True
    assert got["status"] == "behaald"


def test_measurement_on_the_baseline_date() -> None:
    # points (0, 0) baseline, (0, 5), (10, 10): the pair with equal t has no slope;
    # slopes 1 and 0.5 -> median 0.75; intercept = median(0, 5, 10) - 0.75 * median(0, 0, 10) = 5
    got = one(indicator(measurements=[(0, 5), (10, 10)]), as_of=10)
    assert got["trend"] == {"slope_per_year": 0.75 * 365.25, "intercept": 5, "points": 3}
    assert got["forecast_date"] == day(127)  # (100 - 5) / 0.75 = 126.67 -> 127


def test_forecast_beyond_the_calendar_is_null() -> None:
    # a slope of 1e-9 per day from 0 towards 100 would take 1e11 days
    ind = indicator(measurements=[(1000, 0.000001), (2000, 0.000002)], t1=3000)
    got = one(ind, as_of=2000)
    assert got["forecast_date"] is None
    assert got["on_trend"] is False


# --- objectives -----------------------------------------------------------------------------------


def objective(*indicators: dict[str, Any], as_of: int = 50) -> dict[str, Any]:
    return answer(document(*indicators, as_of=as_of))["objectives"][0]


def test_objective_weighted_clamped_progress_worst_status_incomplete() -> None:
    got = objective(
        indicator("A", measurements=[(40, 150)], weight=1),  # progress 150 -> 100; behaald
        indicator("B", measurements=[(40, -20)], weight=3),  # progress -20 -> 0; uit koers
        indicator("C", weight=5),  # no measurement: not in the mean
    )
    assert got["progress"] == 25  # (1 * 100 + 3 * 0) / (1 + 3)
    assert got["status"] == "uit koers"
    assert got["incomplete"] is True
    assert [i["code"] for i in got["indicators"]] == ["A", "B", "C"]


def test_objective_weighted_mean() -> None:
    got = objective(
        indicator("A", measurements=[(50, 50)], weight=2),  # 50 %, op koers
        indicator("B", measurements=[(20, 20)]),  # 20 %, weight 1 by default
        indicator("C", measurements=[(10, 7)], weight=0.5),  # 7 %
    )
    # C: plan on day 10 is 10, deviation -0.03 -> op koers
    assert got["progress"] == float(F(2 * 50 + 20 + F(1, 2) * 7, F(7, 2)))
    assert got["status"] == "op koers"
    assert got["incomplete"] is False


def test_objective_worst_status_order() -> None:
    behaald = indicator("A", measurements=[(10, 100)])
    aandacht = indicator("B", measurements=[(40, 25)])
    op_koers = indicator("C", measurements=[(40, 40)])
    assert objective(behaald, aandacht, op_koers)["status"] == "aandacht"
    assert objective(behaald, op_koers)["status"] == "op koers"
    assert objective(behaald)["status"] == "behaald"
    gone = indicator("D", t1=40, measurements=[(30, 10)])  # target date passed on day 50
    uit_koers = indicator("E", measurements=[(40, 0)])
    assert objective(behaald, uit_koers, gone, aandacht)["status"] == "niet behaald"
    assert objective(behaald, uit_koers, aandacht)["status"] == "uit koers"


def test_objective_without_any_measurement() -> None:
    got = objective(indicator("A"), indicator("B", measurements=[(60, 10)]))
    assert got["progress"] is None
    assert got["status"] == "geen meting"
    assert got["incomplete"] is True


def test_order_of_objectives_and_indicators_is_kept() -> None:
    doc = document(
        objectives=[
            {"code": "O2", "name": "b", "indicators": [indicator("Z"), indicator("A")]},
            {"code": "O1", "name": "a", "indicators": [indicator("A")]},  # the same code in another objective
        ]
    )
    got = answer(doc)
    assert [o["code"] for o in got["objectives"]] == ["O2", "O1"]
    assert [i["code"] for i in got["objectives"][0]["indicators"]] == ["Z", "A"]


def test_empty_list_of_objectives() -> None:
    assert answer({"as_of": "2027-01-01", "objectives": []}) == {"as_of": "2027-01-01", "objectives": []}
