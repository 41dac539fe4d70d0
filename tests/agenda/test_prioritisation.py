"""Prioritisation arithmetic, without a database. Known answers worked out by hand (in comments)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veerkracht.agenda.prioritisation import Result, Sheet, Weights, evaluate, rank, scorer_total


def sheet(name, u, i, f, n):
    return Sheet(scorer=name, scores={"urgency": u, "impact": i, "feasibility": f, "innovation": n})


W = Weights(urgency=3, impact=3, feasibility=2, innovation=2)  # total 10
A = sheet("A", 5, 4, 3, 2)  # (15 + 12 + 6 + 4) / 10 = 37/10
B = sheet("B", 3, 3, 4, 5)  # (9 + 9 + 8 + 10) / 10 = 36/10
C = sheet("C", 1, 2, 5, 4)  # (3 + 6 + 10 + 8) / 10 = 27/10


def test_scorer_totals():
    assert scorer_total(A.scores, W) == Fraction(37, 10)
    assert scorer_total(B.scores, W) == Fraction(18, 5)
    assert scorer_total(C.scores, W) == Fraction(27, 10)


def test_weighted_score_spread_and_explanation():
    result = evaluate([A, B, C], W)
    # mean of 37/10, 36/10, 27/10 = 100/30 = 10/3
    assert result.weighted == Fraction(10, 3)
    # highest minus lowest scorer: 37/10 - 27/10 = 1
    assert result.spread == Fraction(1)
    assert result.scorer_count == 3
    lines = {line.criterion: line for line in result.lines}
    # urgency: mean (5+3+1)/3 = 3, weight 3 of 10 -> 9/10
    assert (lines["urgency"].mean, lines["urgency"].contribution) == (Fraction(3), Fraction(9, 10))
    # impact: mean (4+3+2)/3 = 3 -> 9/10
    assert (lines["impact"].mean, lines["impact"].contribution) == (Fraction(3), Fraction(9, 10))
    # feasibility: mean (3+4+5)/3 = 4, weight 2 of 10 -> 8/10
    assert (lines["feasibility"].mean, lines["feasibility"].contribution) == (Fraction(4), Fraction(4, 5))
    # innovation: mean (2+5+4)/3 = 11/3, weight 2 of 10 -> 22/30 = 11/15
    assert (lines["innovation"].mean, lines["innovation"].contribution) == (Fraction(11, 3), Fraction(11, 15))
    assert lines["innovation"].weight == 2 and lines["innovation"].total_weight == 10
    # the explanation adds up: 9/10 + 9/10 + 8/10 + 11/15 = 10/3
    assert sum(line.contribution for line in result.lines) == result.weighted
    assert dict(result.per_scorer) == {"A": Fraction(37, 10), "B": Fraction(36, 10), "C": Fraction(27, 10)}


def test_equal_weights_one_scorer():
    result = evaluate([sheet("x", 2, 3, 4, 4)], Weights())
    assert result.weighted == Fraction(13, 4)  # (2+3+4+4)/4
    assert result.spread == 0


def test_zero_weights_leave_criteria_out():
    weights = Weights(urgency=0, impact=0, feasibility=0, innovation=5)
    result = evaluate([sheet("x", 1, 1, 1, 4), sheet("y", 5, 5, 5, 2)], weights)
    assert result.weighted == Fraction(3)  # (4 + 2) / 2
    assert result.spread == Fraction(2)


def test_no_scores_no_score():
    result = evaluate([], W)
    assert result.weighted is None and result.spread is None and result.scorer_count == 0


def test_rank_by_score_then_spread_then_order_unscored_last():
    high = evaluate([sheet("a", 5, 5, 5, 5)], W)  # 5
    agreed = evaluate([sheet("a", 3, 3, 3, 3), sheet("b", 3, 3, 3, 3)], W)  # 3, spread 0
    disputed = evaluate([sheet("a", 1, 1, 1, 1), sheet("b", 5, 5, 5, 5)], W)  # 3, spread 4
    none = evaluate([], W)
    results = {"none": none, "disputed": disputed, "agreed": agreed, "high": high}
    assert rank(results) == ["high", "agreed", "disputed", "none"]
    tie = {"p": agreed, "q": agreed}
    assert rank(tie, ["q", "p"]) == ["q", "p"]


@pytest.mark.parametrize("bad", [0, 6, -1, "3", 2.5, True, None])
def test_scores_outside_1_to_5_are_refused(bad):
    with pytest.raises(ValueError):
        Sheet(scorer="x", scores={"urgency": bad, "impact": 3, "feasibility": 3, "innovation": 3})


@pytest.mark.parametrize(
    "weights",
    [
        {"urgency": 0, "impact": 0, "feasibility": 0, "innovation": 0},
        {"urgency": 11},
        {"urgency": -1},
        {"urgency": 1.5},
    ],
)
def test_bad_weights_are_refused(weights):
    with pytest.raises(ValueError):
        Weights(**weights)


score = st.integers(min_value=1, max_value=5)
weight = st.integers(min_value=0, max_value=10)


# generating the sheets is slower than Hypothesis expects on a busy machine; that says nothing about
# the code under test
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.tuples(score, score, score, score), min_size=1, max_size=8),
    st.tuples(weight, weight, weight, weight).filter(lambda w: sum(w) > 0),
)
def test_properties(sheets, weights):
    w = Weights(*weights)
    result: Result = evaluate([sheet(i, *s) for i, s in enumerate(sheets)], w)
    assert 1 <= result.weighted <= 5
    assert sum(line.contribution for line in result.lines) == result.weighted
    totals = [t for _, t in result.per_scorer]
    assert result.spread == max(totals) - min(totals) >= 0
