"""The batch path (many challenges) and the single-wave path give the same numbers."""

from __future__ import annotations

import numpy as np

from tests.monitor.helpers import make_doc
from tests.monitor.reference import assert_documents_match
from veerkracht.monitor.scoring import (
    ResponseSet,
    instrument_from_document,
    percentile_ranks,
    score_challenges,
    score_wave,
    wave_result,
)


def test_batch_and_single_wave_agree():
    spec = instrument_from_document(
        make_doc([[False, True, False, False], [False, False, True], [True, False]])
    )
    rng = np.random.default_rng(7)
    n, C = 400, 6
    values = rng.integers(1, 6, size=(n, len(spec.item_codes))).astype(float)
    values[rng.random(values.shape) < 0.1] = np.nan
    values[:5] = 4.0  # straight-liners
    challenge = rng.integers(0, C, n)
    names = ("a", "b", "c", "d", "onbekend")
    group = rng.integers(0, len(names), n)
    group[challenge == 2] = rng.choice([0, 1], (challenge == 2).sum(), p=[0.97, 0.03])  # small groups
    challenge[challenge == 5] = np.where(rng.random((challenge == 5).sum()) < 0.9, 4, 5)  # a tiny challenge
    ids = np.array([f"r{i}" for i in range(n)])
    batch = score_challenges(
        instrument=spec,
        values=values,
        challenge=challenge,
        group=group,
        n_challenges=C,
        group_names=names,
        k=5,
    )
    for c in range(C):
        rows = np.flatnonzero(challenge == c)
        alone = score_wave(
            instrument=spec,
            responses=ResponseSet(
                respondents=tuple(ids[rows]), groups=tuple(names[g] for g in group[rows]), values=values[rows]
            ),
            k=5,
        ).to_document()
        from_batch = wave_result(
            batch=batch, challenge=c, respondents=list(ids[rows]), rows=rows
        ).to_document()
        assert_documents_match(from_batch, alone)
    assert batch.label[5].tolist() == [0, 0, 0]  # the tiny challenge is suppressed


def test_percentile_ranks_of_a_national_set():
    scores = np.array([1.0, 2.0, 2.0, 3.0, np.nan])
    ranks = percentile_ranks(scores, scores)
    # 4 valid scores; 2.0: ≤ is 3/4, < is 1/4 → 50
    np.testing.assert_allclose(ranks[:4], [12.5, 50.0, 50.0, 87.5])
    assert np.isnan(ranks[4])
