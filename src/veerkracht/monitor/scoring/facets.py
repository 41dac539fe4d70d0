"""The unscored facet profile: mean allocation of 100 points per stakeholder group.

Groups are suppressed with the same rule as dimension scores (rule 4, primary and complementary),
because a group mean of fewer than k people can identify them just the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veerkracht.monitor.scoring.engine import suppression_mask

FACETS = ("a", "b", "c", "d")
TOTAL_POINTS = 100


@dataclass(frozen=True)
class FacetGroup:
    name: str
    n: int
    suppressed: bool
    means: dict[str, float] | None


@dataclass(frozen=True)
class FacetProfile:
    n: int
    excluded: int  # allocations that do not add up to 100 (or have blanks/negatives)
    means: dict[str, float] | None  # all valid allocations; None when n < k
    groups: tuple[FacetGroup, ...]


def facet_profile(
    *, groups: Sequence[str], allocations: np.ndarray, k: int = 5, facets: Sequence[str] = FACETS
) -> FacetProfile:
    """Mean allocation per group over the rows whose numbers are ≥ 0 and add up to 100. No rows give
    an empty profile (n 0, no means, no groups)."""
    if len(groups) == 0:
        return FacetProfile(n=0, excluded=0, means=None, groups=())
    alloc = np.asarray(allocations, dtype=np.float64).reshape(len(groups), len(facets))
    ok = np.all(np.isfinite(alloc), axis=1) & np.all(alloc >= 0, axis=1)
    ok &= np.abs(np.where(ok[:, None], alloc, 0).sum(axis=1) - TOTAL_POINTS) < 1e-9
    names = tuple(sorted(set(groups)))
    code = np.array([names.index(g) for g in groups], dtype=np.int64)
    counts = np.bincount(code[ok], minlength=len(names))
    suppressed = suppression_mask(counts[None, :], k)[0]
    out = []
    for g, name in enumerate(names):
        if counts[g] == 0:
            continue
        if suppressed[g]:
            out.append(FacetGroup(name=name, n=int(counts[g]), suppressed=True, means=None))
            continue
        rows = alloc[ok & (code == g)]
        out.append(
            FacetGroup(
                name=name,
                n=int(counts[g]),
                suppressed=False,
                means={f: float(m) for f, m in zip(facets, rows.mean(axis=0), strict=True)},
            )
        )
    n = int(ok.sum())
    means = None
    if n >= k and n > 0:
        means = {f: float(m) for f, m in zip(facets, alloc[ok].mean(axis=0), strict=True)}
    return FacetProfile(n=n, excluded=int((~ok).sum()), means=means, groups=tuple(out))
