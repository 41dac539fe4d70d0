"""Each rule of docs/monitor/scoring.md with answers computed by hand (exact fractions written out here)."""

from __future__ import annotations

import math
from fractions import Fraction as Fr

import numpy as np
import pytest
from scipy import stats

from tests.monitor.helpers import engine_document, make_doc, uniform_dim
from veerkracht.monitor.scoring import (
    AnswersError,
    Estimate,
    facet_profile,
    flag_straightlining,
    headline_change,
    instrument_from_document,
    is_reliable_change,
    read_answers_csv,
    reliable_change_index,
)

T = lambda df: stats.t.ppf(0.975, df)  # noqa: E731


def close(a, b, tol=1e-12):
    return a is not None and math.isclose(a, float(b), rel_tol=tol, abs_tol=tol)


# --- rule 1: cleaning -------------------------------------------------------------------------
def test_blank_and_missing_code_are_missing_and_integers_like_3_0_count():
    spec = instrument_from_document(make_doc([[False, False]]))
    cleaned = read_answers_csv("respondent,group,D1_1,D1_2,extra\nr1,a,3.0,9,zz\nr2,,,5,\n", instrument=spec)
    values = cleaned.responses.values
    assert values[0, 0] == 3 and np.isnan(values[0, 1]) and np.isnan(values[1, 0]) and values[1, 1] == 5
    assert cleaned.responses.groups == ("a", "onbekend")


def test_invalid_values_are_all_named_or_turned_missing():
    spec = instrument_from_document(make_doc([[False, False]]))
    data = "respondent,group,D1_1,D1_2\nr1,a,6,x\nr2,a,0,2.5\nr3,a,1,2\n"
    with pytest.raises(AnswersError) as caught:
        read_answers_csv(data, instrument=spec)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(2, "D1_1"), (2, "D1_2"), (3, "D1_1"), (3, "D1_2")}
    cleaned = read_answers_csv(data, instrument=spec, invalid="missing")
    assert cleaned.invalid_as_missing == 4
    assert np.isnan(cleaned.responses.values[:2]).all()


def test_problem_summary_stops_at_twenty_then_counts():
    spec = instrument_from_document(make_doc([[False, False]]))
    data = "respondent,group,D1_1,D1_2\n" + "".join(f"r{i},a,7,7\n" for i in range(15))
    with pytest.raises(AnswersError) as caught:
        read_answers_csv(data, instrument=spec)
    lines = caught.value.summary().splitlines()
    assert len(lines) == 21 and lines[-1] == "... and 10 more problems"


def test_straightlining_needs_eight_answered_identical_raw_answers():
    nan = np.nan
    values = np.array(
        [
            [3] * 8 + [nan, nan],  # flagged
            [3] * 7 + [nan, nan, nan],  # only 7 answered
            [3] * 7 + [4, nan, nan],  # not identical
            [5] * 9 + [nan],  # 9 answered, identical: flagged
        ],
        dtype=float,
    )
    assert flag_straightlining(values).tolist() == [True, False, False, True]


def test_straightliners_are_left_out_listed_and_counted():
    doc = make_doc([[False, False, False, False], [False, False, False, True]])  # 8 items, one reverse
    rows = uniform_dim(
        {
            "s": ("a", [2] * 8),  # raw identical (reverse included): flagged
            "r1": ("a", [4, 4, 4, 4, 4, 4, 4, 2]),
            "r2": ("a", [2, 2, 2, 2, 2, 2, 2, 4]),
        },
        doc,
    )
    out = engine_document(doc, rows, k=2)
    assert out["respondents"] == {"total": 3, "scored": 2, "straightlining": ["s"]}
    assert out["dimensions"]["D1"]["n"] == 2 and close(out["dimensions"]["D1"]["pooled"]["mean"], 3)


# --- rules 2, 3, 5, 6: a worked example -------------------------------------------------------
# Recoded answers (item 2 reverse-keyed; raw = 6 - recoded):
#   r1 4 5 4 | r2 3 4 3 | r3 5 5 4 | r4 2 3 3  → scores 13/3, 10/3, 14/3, 8/3.
WORKED = {"r1": ("a", [4, 1, 4]), "r2": ("a", [3, 2, 3]), "r3": ("b", [5, 1, 4]), "r4": ("b", [2, 3, 3])}


def test_worked_example_pooled_alpha_and_agreement():
    doc = make_doc([[False, True, False]])
    dim = engine_document(doc, uniform_dim(WORKED, doc), k=2)["dimensions"]["D1"]
    assert close(dim["pooled"]["mean"], Fr(15, 4))  # (13+10+14+8)/12
    sd = math.sqrt(Fr(91, 108))  # var of totals (91/12) / 9
    assert close(dim["pooled"]["sd"], sd)
    half = T(3) * sd / 2
    assert close(dim["pooled"]["ci95"][0], 3.75 - half) and close(dim["pooled"]["ci95"][1], 3.75 + half)
    # α = 3/2 · (1 − (5/3 + 11/12 + 1/3) / (91/12)) = 12/13
    assert close(dim["alpha"], Fr(12, 13)) and dim["alpha_n"] == 4
    lo = 1 - (1 - 12 / 13) * stats.f.ppf(0.975, 3, 6)
    hi = 1 - (1 - 12 / 13) * stats.f.ppf(0.025, 3, 6)
    assert close(dim["alpha_ci95"][0], lo) and close(dim["alpha_ci95"][1], hi)
    # s̄² = 35/36, σ²_EU = 2 → ratio 35/72; r_wg(3) = 3·37/72 / (3·37/72 + 35/72) = 111/146
    assert close(dim["rwg_j"], Fr(111, 146)) and close(dim["rwg_j_lindell"], Fr(37, 72))
    assert close(dim["ad_m"], Fr(3, 4))  # (1 + 3/4 + 1/2) / 3
    assert dim["label"] == "sterkte"  # exactly 3.75
    assert "geen gedeeld beeld" not in dim["flags"]
    assert dim["headline_basis"] == "pooled" and "onvoldoende spreiding" in dim["flags"]


@pytest.mark.parametrize(
    ("items", "answered", "scored"),
    [(4, 3, True), (4, 2, False), (5, 3, True), (5, 2, False), (7, 4, False), (7, 5, True)],
)
def test_respondent_score_needs_ceil_of_sixty_percent(items, answered, scored):
    doc = make_doc([[False] * items])
    answers = [4] * answered + [None] * (items - answered)
    dim = engine_document(doc, uniform_dim({"r1": ("a", answers)}, doc), k=1)["dimensions"]["D1"]
    assert dim["n"] == (1 if scored else 0)


# --- rule 4: suppression ------------------------------------------------------------------------
def _groups_wave(sizes: dict[str, int]):
    doc = make_doc([[False, False]])
    rows, i = {}, 0
    for group, size in sizes.items():
        for j in range(size):
            rows[f"r{i}"] = (group, [3 + j % 2, 4])
            i += 1
    return engine_document(doc, uniform_dim(rows, doc), k=5)


def test_one_small_group_suppresses_the_smallest_other_group_too_ties_by_name():
    out = _groups_wave({"a": 3, "c": 6, "b": 6, "d": 7})
    groups = out["dimensions"]["D1"]["groups"]
    assert {g: v["suppressed"] for g, v in groups.items()} == {"a": True, "b": True, "c": False, "d": False}
    assert groups["a"] == {"n": 3, "suppressed": True} and groups["b"] == {"n": 6, "suppressed": True}
    assert [g["groups"] for g in out["gaps"]] == [["c", "d"]]
    assert out["dimensions"]["D1"]["headline_basis"] == "pooled"


def test_two_small_groups_need_no_complementary_suppression():
    out = _groups_wave({"a": 3, "b": 4, "c": 6, "d": 7})
    groups = out["dimensions"]["D1"]["groups"]
    assert {g: v["suppressed"] for g, v in groups.items()} == {"a": True, "b": True, "c": False, "d": False}


def test_dimension_under_k_is_suppressed_entirely():
    out = _groups_wave({"a": 2, "b": 2})
    dim = out["dimensions"]["D1"]
    assert dim["label"] == "onderdrukt" and dim["n"] == 4 and dim["flags"] == []
    assert dim["headline"] is None and dim["pooled"] == {"mean": None, "sd": None, "ci95": None}
    assert (
        dim["alpha"] is None and dim["alpha_n"] is None and dim["rwg_j"] is None and dim["balanced"] is None
    )
    assert dim["groups"] == {"a": {"n": 2, "suppressed": True}, "b": {"n": 2, "suppressed": True}}
    assert out["gaps"] == [] and out["index"] is None


# --- rule 5, 6 (ICC), 8: three groups worked by hand ----------------------------------------------
# group a: scores 3, 4; group b: 2, 3, 4; group c: 5, 5 (two items, equal answers per respondent)
THREE = {
    "a1": ("a", [3, 3]),
    "a2": ("a", [4, 4]),
    "b1": ("b", [2, 2]),
    "b2": ("b", [3, 3]),
    "b3": ("b", [4, 4]),
    "c1": ("c", [5, 5]),
    "c2": ("c", [5, 5]),
}


def test_balanced_score_with_welch_satterthwaite_interval():
    doc = make_doc([[False, False]])
    out = engine_document(doc, uniform_dim(THREE, doc), k=2)
    dim = out["dimensions"]["D1"]
    B = Fr(23, 6)  # (7/2 + 3 + 5) / 3
    se = math.sqrt(Fr(7, 12)) / 3  # u = 1/4, 1/3, 0
    df = Fr(7, 12) ** 2 / (Fr(1, 16) / 1 + Fr(1, 9) / 2)  # = 49/17
    assert dim["balanced"]["groups"] == 3 and close(dim["balanced"]["mean"], B)
    assert close(dim["balanced"]["ci95"][1] - float(B), T(float(df)) * se)
    assert dim["headline_basis"] == "balanced" and close(dim["headline"], B)
    assert "indicatief" in dim["flags"]  # half-width ≈ 1.1 > 0.5 points


def test_icc_by_one_way_anova():
    doc = make_doc([[False, False]])
    dim = engine_document(doc, uniform_dim(THREE, doc), k=2)["dimensions"]["D1"]
    grand = Fr(26, 7)
    ssb = 2 * (Fr(7, 2) - grand) ** 2 + 3 * (3 - grand) ** 2 + 2 * (5 - grand) ** 2
    ssw = Fr(1, 2) + 2 + 0
    msb, msw = ssb / 2, ssw / 4
    k0 = (7 - Fr(4 + 9 + 4, 7)) / 2
    assert close(dim["icc1"], (msb - msw) / (msb + (k0 - 1) * msw))
    assert close(dim["icc2"], (msb - msw) / msb)


def test_gaps_welch_cohen_and_perspective_flag():
    doc = make_doc([[False, False]])
    gaps = {tuple(g["groups"]): g for g in engine_document(doc, uniform_dim(THREE, doc), k=2)["gaps"]}
    assert list(gaps) == [("a", "b"), ("a", "c"), ("b", "c")]
    ab = gaps[("a", "b")]
    t = 0.5 / math.sqrt(Fr(7, 12))
    assert close(ab["diff"], 0.5) and close(ab["welch_t"], t)
    assert close(ab["welch_p"], 2 * stats.t.sf(t, 49 / 17), 1e-9)
    assert close(ab["cohen_d"], 0.5 / math.sqrt(Fr(5, 6)))
    assert ab["flag"] is None  # |diff| = 0.5 but p is large
    bc = gaps[("b", "c")]  # diff −2, se² = 1/3 → t = −2√3, df = 2
    assert close(bc["welch_t"], -2 * math.sqrt(3))
    assert close(bc["welch_p"], 2 * stats.t.sf(2 * math.sqrt(3), 2), 1e-9)
    assert bc["welch_p"] > 0.05 and bc["flag"] is None  # a large difference, but not significant


def test_perspective_gap_needs_half_a_point_and_significance():
    doc = make_doc([[False, False]])
    x = {f"x{i}": ("x", [2 + i // 3] * 2) for i in range(6)}  # 2,2,2,3,3,3: mean 5/2, s² 3/10
    y = {f"y{i}": ("y", [3 + i // 3] * 2) for i in range(6)}  # 3,3,3,4,4,4: mean 7/2
    (gap,) = engine_document(doc, uniform_dim(x | y, doc), k=2)["gaps"]
    t = -1 / math.sqrt(Fr(1, 10))
    assert close(gap["welch_t"], t) and close(gap["welch_p"], 2 * stats.t.sf(-t, 10), 1e-9)
    assert close(gap["cohen_d"], -1 / math.sqrt(Fr(3, 10)))
    assert gap["flag"] == "perspectiefverschil"


# --- rule 7: classification boundaries ----------------------------------------------------------
@pytest.mark.parametrize(
    ("answers", "label"),
    [
        ([[4, 4], [3, 4]], "sterkte"),  # mean exactly 3.75
        ([[4, 4], [4, 4], [4, 4], [3, 4], [3, 4], [3, 4]], "sterkte"),  # 22.5/6 = 3.75
        ([[4, 4], [3, 3], [3, 4], [4, 4], [4, 3], [4, 3]], "aandachtspunt"),  # 21.5/6 < 3.75
        ([[3, 3], [3, 3]], "aandachtspunt"),  # exactly 3.00
        ([[2, 4], [3, 3], [4, 2]], "aandachtspunt"),  # exactly 3.00
        ([[3, 3], [3, 2], [3, 3]], "ontwikkelpunt"),  # 17/6 < 3
    ],
)
def test_classification_cutoffs_on_five_points(answers, label):
    doc = make_doc([[False, False]])
    rows = uniform_dim({f"r{i}": ("a", a) for i, a in enumerate(answers)}, doc)
    assert engine_document(doc, rows, k=2)["dimensions"]["D1"]["label"] == label


def test_classification_of_a_balanced_headline_exactly_on_the_cutoff():
    doc = make_doc([[False, False]])
    # group means 7/2, 4 and 15/4: balanced (7/2 + 4 + 15/4)/3 = 15/4 exactly
    rows = {"a1": ("a", [3, 4]), "a2": ("a", [4, 3]), "b1": ("b", [4, 4]), "b2": ("b", [4, 4])}
    rows |= {"c1": ("c", [4, 4]), "c2": ("c", [3, 4])}
    dim = engine_document(doc, uniform_dim(rows, doc), k=2)["dimensions"]["D1"]
    assert dim["headline_basis"] == "balanced" and close(dim["headline"], 3.75) and dim["label"] == "sterkte"


def test_seven_point_instrument_cutoffs_and_thirds():
    doc = make_doc([[False, False, False, True]], lo=1, hi=7, missing=(99,))
    # 7 points: strength at 1 + 0.6875·6 = 5.125, development below 4.
    rows = uniform_dim({"r1": ("a", [5, 5, 6, 3]), "r2": ("a", [5, 5, 5, 3])}, doc)  # 21/4 and 5
    dim = engine_document(doc, rows, k=2)["dimensions"]["D1"]
    assert close(dim["headline"], Fr(41, 8)) and dim["label"] == "sterkte"
    assert close(dim["score_0_100"], 68.75)
    doc3 = make_doc([[False, False, False]], lo=1, hi=7, missing=(99,))
    rows3 = uniform_dim({"r1": ("a", [4, 4, 5]), "r2": ("a", [4, 4, 3]), "r3": ("a", [4, 4, 4])}, doc3)
    dim3 = engine_document(doc3, rows3, k=2)["dimensions"]["D1"]  # 13/3, 11/3, 4: mean exactly 4
    assert dim3["label"] == "aandachtspunt" and close(dim3["score_0_100"], 50)


def test_indicative_flag_at_half_width_above_half_a_point():
    doc = make_doc([[False, False]])
    many = {f"r{i}": ("a", [3 + i % 2, 3 + i % 2]) for i in range(40)}  # half-width ≈ 0.16
    dim = engine_document(doc, uniform_dim(many, doc), k=2)["dimensions"]["D1"]
    assert "indicatief" not in dim["flags"]
    few = {f"r{i}": ("a", [2 + 2 * (i % 2), 2 + 2 * (i % 2)]) for i in range(6)}  # sd ≈ 1.1, n 6
    assert "indicatief" in engine_document(doc, uniform_dim(few, doc), k=2)["dimensions"]["D1"]["flags"]


def test_no_shared_view_when_answers_are_spread():
    doc = make_doc([[False, False]])
    rows = {f"r{i}": ("a", [1 + 4 * (i % 2), 1 + 4 * (i % 2)]) for i in range(6)}  # 1s and 5s
    dim = engine_document(doc, uniform_dim(rows, doc), k=2)["dimensions"]["D1"]
    # s² = 6·4/5 = 24/5 ≥ 2 → r_wg = 0; AD = 2 > 5/6
    assert dim["rwg_j"] == 0 and close(dim["rwg_j_lindell"], 1 - Fr(24, 10)) and close(dim["ad_m"], 2)
    assert "geen gedeeld beeld" in dim["flags"]


# --- rule 6: α not computable -------------------------------------------------------------------
def test_alpha_needs_three_complete_respondents():
    doc = make_doc([[False, False, False]])
    rows = {
        "r1": ("a", [4, 5, 4]),
        "r2": ("a", [3, 4, 3]),
        "r3": ("a", [5, None, 4]),
        "r4": ("a", [2, 3, None]),
    }
    dim = engine_document(doc, uniform_dim(rows, doc), k=2)["dimensions"]["D1"]
    assert dim["n"] == 4 and dim["alpha"] is None and dim["alpha_ci95"] is None and dim["alpha_n"] == 2


def test_alpha_needs_total_variance():
    doc = make_doc([[False, False]])
    rows = {"r1": ("a", [1, 5]), "r2": ("a", [5, 1]), "r3": ("a", [3, 3])}
    dim = engine_document(doc, uniform_dim(rows, doc), k=2)["dimensions"]["D1"]
    assert dim["alpha"] is None and dim["alpha_n"] == 3


# --- rule 9: index and benchmark ------------------------------------------------------------------
def test_index_allows_one_missing_dimension_only():
    doc = make_doc([[False, False], [False, False], [False, False]])
    both = {f"r{i}": ("a", [4, 4, 2, 2, None, None]) for i in range(5)}
    out = engine_document(doc, uniform_dim(both, doc), k=5)
    assert out["dimensions"]["D3"]["label"] == "onderdrukt" and close(out["index"], 3)
    two_missing = {f"r{i}": ("a", [4, 4, None, None, None, None]) for i in range(5)}
    assert engine_document(doc, uniform_dim(two_missing, doc), k=5)["index"] is None


def test_benchmark_mean_percentile_with_ties_and_linear_quartiles():
    doc = make_doc([[False, False]])
    rows = {f"r{i}": ("a", [5, 5]) for i in range(5)}
    ref = [float(x) for x in range(1, 21)]
    dim = engine_document(doc, uniform_dim(rows, doc), k=5, benchmark={"D1": ref})["dimensions"]["D1"]
    # 5 ≤ ... : five values ≤ 5, four < 5 → (25 % + 20 %) / 2
    assert dim["benchmark"] == {"n": 20, "percentile": 22.5, "p25": 5.75, "p50": 10.5, "p75": 15.25}
    assert (
        engine_document(doc, uniform_dim(rows, doc), k=5, benchmark={"D1": ref[:19]})["dimensions"]["D1"][
            "benchmark"
        ]
        is None
    )


# --- rule 10: change ------------------------------------------------------------------------------
def test_headline_change_with_welch_interval():
    change = headline_change(
        first=Estimate(mean=3.0, se=0.1, df=20), second=Estimate(mean=3.5, se=0.2, df=10)
    )
    df = 0.05**2 / (0.01**2 / 20 + 0.04**2 / 10)
    assert close(change.diff, 0.5) and close(change.se, math.sqrt(0.05)) and close(change.df, df, 1e-9)
    assert close(change.ci95[0], 0.5 - T(df) * math.sqrt(0.05), 1e-9)


def test_reliable_change_index():
    rci = reliable_change_index(
        first=np.array([3.0, 3.0]), second=np.array([4.0, 3.25]), sd=0.5, reliability=0.84
    )
    assert close(rci[0], 1 / (math.sqrt(2) * 0.5 * 0.4), 1e-12) and close(
        rci[1], 0.25 / (math.sqrt(2) * 0.2), 1e-12
    )
    assert is_reliable_change(rci).tolist() == [True, False]


# --- facet profile --------------------------------------------------------------------------------
def test_facet_profile_means_per_group_with_suppression():
    groups = ["a"] * 5 + ["b"] * 6 + ["c"] * 2 + ["a"]
    alloc = [[40, 30, 20, 10]] * 4 + [[20, 30, 20, 30]] + [[25, 25, 25, 25]] * 6 + [[100, 0, 0, 0]] * 2
    alloc += [[50, 50, 50, 50]]  # adds up to 200: left out
    profile = facet_profile(groups=groups, allocations=np.array(alloc, dtype=float), k=5)
    assert profile.n == 13 and profile.excluded == 1
    by = {g.name: g for g in profile.groups}
    assert by["c"].suppressed and by["a"].suppressed  # one small group → the smallest other too
    assert by["b"].means == dict.fromkeys("abcd", 25.0)
    low_k = {
        g.name: g for g in facet_profile(groups=groups, allocations=np.array(alloc, dtype=float), k=2).groups
    }
    assert low_k["a"].means == {"a": 36.0, "b": 30.0, "c": 20.0, "d": 14.0}
    assert low_k["c"].means == {"a": 100.0, "b": 0.0, "c": 0.0, "d": 0.0}
