"""The engine against the naive reference implementation, and invariants (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.monitor.helpers import engine_document, make_doc, waves
from tests.monitor.reference import assert_documents_match, reference_score
from veerkracht.monitor.scoring import instrument_from_document, recode

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(waves(), st.lists(st.floats(0, 6, allow_nan=False), min_size=0, max_size=30))
def test_engine_matches_the_reference(wave, bench):
    doc, rows, k = wave
    benchmark = {dim["code"]: bench for dim in doc["dimensions"]}
    assert_documents_match(engine_document(doc, rows, k, benchmark), reference_score(doc, rows, k, benchmark))


@SETTINGS
@given(
    st.lists(st.lists(st.booleans(), min_size=2, max_size=5), min_size=1, max_size=3),
    st.integers(1, 40),
    st.integers(0, 2**32 - 1),
)
def test_recoding_twice_is_the_identity(dims, n, seed):
    spec = instrument_from_document(make_doc(dims))
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 6, size=(n, len(spec.item_codes))).astype(float)
    values[rng.random(values.shape) < 0.2] = np.nan
    twice = recode(instrument=spec, values=recode(instrument=spec, values=values))
    np.testing.assert_array_equal(twice, values)


def _shift(doc, rows, c):
    lo, hi = doc["scale"]["min"], doc["scale"]["max"]
    missing = doc["scale"]["missing"]
    shifted_doc = {**doc, "scale": {"min": lo + c, "max": hi + c, "missing": [m + 100 for m in missing]}}
    shifted_rows = [
        (
            rid,
            g,
            {code: (None if v is None else (v + 100 if v in missing else v + c)) for code, v in ans.items()},
        )
        for rid, g, ans in rows
    ]
    return shifted_doc, shifted_rows


@SETTINGS
@given(waves(), st.integers(-3, 10))
def test_adding_a_constant_leaves_alpha_agreement_and_differences_unchanged(wave, c):
    doc, rows, k = wave
    before = engine_document(doc, rows, k)
    after = engine_document(*_shift(doc, rows, c), k)
    for code, dim in before["dimensions"].items():
        other = after["dimensions"][code]
        for key in (
            "alpha",
            "alpha_ci95",
            "rwg_j",
            "rwg_j_lindell",
            "ad_m",
            "icc1",
            "icc2",
            "label",
            "flags",
        ):
            assert_documents_match(other[key], dim[key], f"{code}.{key}", rel=1e-7)
        if dim["headline"] is not None:
            assert abs(other["headline"] - (dim["headline"] + c)) < 1e-9
    assert_documents_match(after["gaps"], before["gaps"], "gaps", rel=1e-7)


@SETTINGS
@given(waves(), st.randoms(use_true_random=False))
def test_permuting_respondents_changes_nothing(wave, random):
    doc, rows, k = wave
    shuffled = list(rows)
    random.shuffle(shuffled)
    before = engine_document(doc, rows, k)
    after = engine_document(doc, shuffled, k)
    assert sorted(after["respondents"].pop("straightlining")) == sorted(
        before["respondents"].pop("straightlining")
    )
    assert_documents_match(after, before, rel=1e-9)
