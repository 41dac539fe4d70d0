"""The Theil–Sen slope, exactly: the median of the pairwise slopes of integer points.

The pairwise slopes are sorted as floats (an ``int / int`` division in Python is correctly rounded,
and correct rounding is monotonic, so the float order never contradicts the exact order). The value at
a median position is then taken exactly: when its float is shared by other slopes, those few are put
in exact order with ``Fraction``. The result is an exact ratio of integers.
"""

from __future__ import annotations

from bisect import bisect_left
from fractions import Fraction


def _pair(index: int, n: int, skip_first: bool) -> tuple[int, int]:
    """The (i, j) of the index-th pair in the order i < j, i-major (optionally without pair (0, 1))."""
    if skip_first:
        index += 1
    i = 0
    while index >= n - 1 - i:
        index -= n - 1 - i
        i += 1
    return i, i + 1 + index


def _order_statistic(
    position: int, ordered: list[float], keys: list[float], ts: list[int], ys: list[int], skip_first: bool
) -> tuple[int, int]:
    """The exact slope at ``position`` of the exact order, as (numerator, denominator > 0)."""
    key = ordered[position]
    n = len(ts)
    if keys.count(key) == 1:
        i, j = _pair(keys.index(key), n, skip_first)
        return ys[j] - ys[i], ts[j] - ts[i]
    first = bisect_left(ordered, key)
    group = []
    for index, k in enumerate(keys):
        if k == key:
            i, j = _pair(index, n, skip_first)
            group.append(Fraction(ys[j] - ys[i], ts[j] - ts[i]))
    group.sort()
    exact = group[position - first]
    return exact.numerator, exact.denominator


def median_slope(ts: list[int], ys: list[int]) -> tuple[int, int]:
    """The median of (y_j - y_i) / (t_j - t_i) over the pairs i < j with t_i != t_j, as (num, den > 0).

    ``ts`` must be ascending with no repeated value except possibly ``ts[0] == ts[1]`` (a measurement
    on the baseline date); that one pair has no slope and is left out. Needs at least one pair."""
    n = len(ts)
    skip_first = n > 1 and ts[0] == ts[1]
    keys = [(ys[j] - ys[i]) / (ts[j] - ts[i]) for i in range(n) for j in range(i + 1, n) if ts[j] != ts[i]]
    m = len(keys)
    ordered = sorted(keys)
    lo_n, lo_d = _order_statistic((m - 1) // 2, ordered, keys, ts, ys, skip_first)
    if m % 2:
        return lo_n, lo_d
    hi_n, hi_d = _order_statistic(m // 2, ordered, keys, ts, ys, skip_first)
    if lo_d == hi_d:
        return lo_n + hi_n, 2 * lo_d
    return lo_n * hi_d + hi_n * lo_d, 2 * lo_d * hi_d
