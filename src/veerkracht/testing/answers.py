"""Seeded, plausible monitor answers for tests and benchmarks: per group a leaning, some "don't know"
(9) and blanks."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

Row = tuple[str, dict[str, int | None]]  # (group, {item code: value or None})


def random_answers(item_codes: Sequence[str], groups: Mapping[str, int], seed: int = 1) -> list[Row]:
    """``groups``: group code -> number of respondents; the later a group, the higher its leaning."""
    rng = random.Random(seed)  # noqa: S311 - test data
    rows: list[Row] = []
    for g, (group, n) in enumerate(groups.items()):
        lean = 2.5 + g * 0.35
        for _ in range(n):
            values: dict[str, int | None] = {}
            for code in item_codes:
                r = rng.random()
                if r < 0.05:
                    values[code] = 9
                elif r < 0.08:
                    values[code] = None
                else:
                    values[code] = max(1, min(5, round(rng.gauss(lean, 1.0))))
            rows.append((group, values))
    return rows
