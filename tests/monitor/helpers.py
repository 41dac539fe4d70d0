"""Building instruments and waves for the monitor tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import strategies as st

from tests.monitor.reference import Row
from veerkracht.monitor.scoring import instrument_from_document, responses_from_records, score_wave


def make_doc(
    dims: list[list[bool]], lo: int = 1, hi: int = 5, missing: tuple[int, ...] = (9,)
) -> dict[str, Any]:
    """An instrument document; ``dims`` lists each dimension's reverse flags."""
    return {
        "code": "test",
        "version": 1,
        "scale": {"min": lo, "max": hi, "missing": list(missing)},
        "dimensions": [
            {
                "code": f"D{d + 1}",
                "name": {"nl": f"Dimensie {d + 1}", "en": f"Dimension {d + 1}"},
                "items": [
                    {"code": f"D{d + 1}_{i + 1}", "reverse": rev, "text": {"nl": "x", "en": "x"}}
                    for i, rev in enumerate(flags)
                ],
            }
            for d, flags in enumerate(dims)
        ],
    }


def item_codes(doc: dict[str, Any]) -> list[str]:
    return [item["code"] for dim in doc["dimensions"] for item in dim["items"]]


def engine_document(doc: dict[str, Any], rows: list[Row], k: int = 5, benchmark: dict | None = None) -> dict:
    spec = instrument_from_document(doc)
    responses = responses_from_records(instrument=spec, records=rows)
    return score_wave(instrument=spec, responses=responses, k=k, benchmark=benchmark).to_document()


def rows_csv(doc: dict[str, Any], rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    codes = item_codes(doc)
    writer.writerow(["respondent", "group", *codes])
    for rid, group, answers in rows:
        writer.writerow([rid, group, *("" if answers.get(c) is None else answers[c] for c in codes)])
    return out.getvalue()


def uniform_dim(rows_scores: dict[str, tuple[str, list[int]]], doc: dict[str, Any]) -> list[Row]:
    """Rows from {respondent: (group, answers in item order)}."""
    codes = item_codes(doc)
    return [(rid, g, dict(zip(codes, vals, strict=True))) for rid, (g, vals) in rows_scores.items()]


@st.composite
def waves(draw: st.DrawFn, max_respondents: int = 30) -> tuple[dict, list[Row], int]:
    lo = draw(st.sampled_from([0, 1, 1, 1]))
    hi = lo + draw(st.sampled_from([4, 4, 6, 3]))
    missing = hi + 4
    dims = draw(st.lists(st.lists(st.booleans(), min_size=2, max_size=5), min_size=1, max_size=3))
    doc = make_doc(dims, lo=lo, hi=hi, missing=(missing,))
    codes = item_codes(doc)
    n = draw(st.integers(0, max_respondents))
    groups = draw(st.lists(st.sampled_from(["a", "b", "c", "d", ""]), min_size=n, max_size=n))
    value = st.one_of(
        st.integers(lo, hi), st.integers(lo, hi), st.integers(lo, hi), st.none(), st.just(missing)
    )
    rows: list[Row] = []
    for i in range(n):
        if draw(st.integers(0, 9)) == 0:
            constant = draw(st.integers(lo, hi))
            answers: dict[str, int | None] = dict.fromkeys(codes, constant)
        else:
            answers = {c: draw(value) for c in codes}
        rows.append((f"r{i}", groups[i], answers))
    k = draw(st.integers(2, 6))
    return doc, rows, k
