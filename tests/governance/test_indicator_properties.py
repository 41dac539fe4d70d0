"""Properties: the engine equals the slow literal reference (``reference.py``) on generated documents,
bit for bit, including values placed exactly on the status boundaries; the exact Theil–Sen median
equals a brute-force median of ``Fraction`` slopes, also when distinct slopes round to the same float."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from veerkracht.governance.indicators import status_of
from veerkracht.governance.indicators.theil_sen import median_slope, median_slopes

from .helpers import day
from .reference import median
from .reference import status_of as reference_status_of

DECIMALS = st.builds(lambda n, k: n / 10**k if k else n, st.integers(-5000, 5000), st.integers(0, 3))
TOLERANCES = st.sampled_from([0.05, 0.1, 0.15, 0.2, 0.25, 1 / 3, 0.5, 0.01])


@st.composite
def indicators(draw: st.DrawFn, code: str) -> dict[str, Any]:
    t1 = draw(st.sampled_from([1, 7, 10, 100, 365, 730, draw(st.integers(1, 2000))]))
    baseline = draw(DECIMALS)
    target = draw(DECIMALS)
    assume(baseline != target)
    tolerance = draw(st.one_of(st.none(), TOLERANCES))
    days = draw(st.lists(st.integers(0, 2 * t1 + 30), unique=True, max_size=9))
    measurements = []
    for t in days:
        if draw(st.booleans()) and t1 in (10, 100) and tolerance in (0.05, 0.1, 0.2, 0.25, 0.5):
            # a value exactly on a boundary: deviation = -k * tol (k in 0, 1, 2)
            b, g = Fraction(str(baseline)), Fraction(str(target))
            d = g - b
            k = draw(st.sampled_from([0, 1, 2]))
            exact = b + d * (min(Fraction(t, t1), Fraction(1)) - k * Fraction(str(tolerance)))
            value: Any = exact.numerator if exact.denominator == 1 else float(exact)
            if Fraction(repr(value)) != exact:
                value = draw(DECIMALS)
        else:
            value = draw(DECIMALS)
        measurements.append({"date": day(t), "value": value})
    ind = {
        "code": code,
        "name": code,
        "unit": "",
        "baseline": {"date": day(0), "value": baseline},
        "target": {"date": day(t1), "value": target},
        "measurements": measurements,
    }
    if tolerance is not None:
        ind["tolerance"] = tolerance
    weight = draw(st.one_of(st.none(), st.sampled_from([0.5, 1, 2, 3.25])))
    if weight is not None:
        ind["weight"] = weight
    return ind


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    objectives = []
    for o in range(draw(st.integers(1, 3))):
        inds = [draw(indicators(f"I{k}")) for k in range(draw(st.integers(1, 4)))]
        objectives.append({"code": f"O{o}", "name": "", "indicators": inds})
    return {"as_of": day(draw(st.integers(-10, 2500))), "objectives": objectives}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_engine_equals_the_reference(doc: dict[str, Any]) -> None:
    assert status_of(json.dumps(doc)) == reference_status_of(doc)


def brute_median(points: list[tuple[int, int]]) -> Fraction:
    slopes = [
        Fraction(yj - yi, tj - ti)
        for i, (ti, yi) in enumerate(points)
        for tj, yj in points[i + 1 :]
        if tj != ti
    ]
    return median(slopes)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(1, 60), unique=True, min_size=2, max_size=12),
    st.lists(st.integers(-(2**62), 2**62), min_size=14, max_size=14),
    st.booleans(),
    st.booleans(),
)
def test_median_slope_is_exact(days: list[int], ys: list[int], same_day: bool, near: bool) -> None:
    ts = sorted([0, *days])
    if same_day:
        ts = [0, *ts]  # a measurement on the baseline date: one pair without a slope
    # near: all slopes within a few units of 2**60, so many distinct slopes share one double
    near_values = [2**60 * t + y % 2001 - 1000 for t, y in zip(ts, ys, strict=False)]
    values = near_values if near else ys[: len(ts)]
    points = list(zip(ts, values, strict=True))
    num, den = median_slope(ts, values)
    assert den > 0
    assert Fraction(num, den) == brute_median(points)
    batch_num, batch_den = median_slopes([(ts, values)])[0]  # numpy where it is exact
    assert batch_den > 0 and Fraction(batch_num, batch_den) == brute_median(points)


def test_median_slope_with_float_ties() -> None:
    # slopes 2**53 + 1 and 2**53 are distinct but the same double; the median must pick exactly
    ts = [0, 1, 2, 3]
    ys = [0, 2**53 + 1, 2**54 + 1, 3 * 2**53 + 2]
    num, den = median_slope(ts, ys)
    assert Fraction(num, den) == brute_median(list(zip(ts, ys, strict=True)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(-50, 50), min_size=7, max_size=7),
            st.sampled_from([0, 2**40, 2**51, 2**62]),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_median_slopes_in_one_batch(rows: list[tuple[list[int], int, bool]]) -> None:
    # many point sets of one size: small values, values near the float limits, ties, a point on day 0
    problems = []
    for noise, slope, same_day in rows:
        ts = [0, 0, 3, 5, 6, 10, 11] if same_day else [0, 1, 3, 5, 6, 10, 11]
        problems.append((ts, [slope * t + e for t, e in zip(ts, noise, strict=True)]))
    for (ts, ys), (num, den) in zip(problems, median_slopes(problems), strict=True):
        assert den > 0 and Fraction(num, den) == brute_median(list(zip(ts, ys, strict=True)))
