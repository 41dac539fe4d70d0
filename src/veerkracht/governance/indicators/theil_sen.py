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


_EXACT_FLOAT = 2**52  # |y| below this: y and every difference of two are exact doubles
_CHUNK = 2048


def median_slopes(problems: list[tuple[list[int], list[int]]]) -> list[tuple[int, int]]:
    """``median_slope`` for many point sets at once; the same exact answers.

    Point sets of equal size are done together with numpy when their values allow it exactly: every
    value below 2**52 in magnitude (so each difference converts to a double exactly and the division is
    correctly rounded, as in Python), and |Δy|·Δt below 2**62 (so the test that all slopes sharing the
    median's float are the same exact ratio, by cross-multiplication, cannot overflow). The others, and
    everything when numpy is missing, go through ``median_slope``."""
    results: list[tuple[int, int] | None] = [None] * len(problems)
    groups: dict[int, list[int]] = {}
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is a dependency
        np = None  # type: ignore[assignment]
    for k, (ts, ys) in enumerate(problems):
        if np is None or len(ts) < 4 or ts[0] == ts[1]:
            results[k] = median_slope(ts, ys)
        else:
            groups.setdefault(len(ts), []).append(k)
    for n, members in groups.items():
        first, second = np.triu_indices(n, 1)
        m = len(first)
        lo, hi = (m - 1) // 2, m // 2
        for start in range(0, len(members), _CHUNK):
            chunk = members[start : start + _CHUNK]
            try:
                ys_array = np.array([problems[k][1] for k in chunk], dtype=np.int64)
            except OverflowError:
                for k in chunk:
                    results[k] = median_slope(*problems[k])
                continue
            ts_array = np.array([problems[k][0] for k in chunk], dtype=np.int64)
            span = (ts_array[:, -1] - ts_array[:, 0]).astype(np.float64)
            largest = np.abs(ys_array).max(axis=1).astype(np.float64)
            safe = (largest < _EXACT_FLOAT) & (2 * largest * span < 2.0**61)
            dt = ts_array[:, second] - ts_array[:, first]
            dy = ys_array[:, second] - ys_array[:, first]
            dy[~safe] = 0  # not used: keeps the products below from overflowing
            slopes = dy / dt
            ordered = np.sort(slopes, axis=1)
            rows = np.arange(len(chunk))
            picks = []
            for position in (lo, hi) if m % 2 == 0 else (lo,):
                key = ordered[:, position]
                equal = slopes == key[:, None]
                index = equal.argmax(axis=1)
                num, den = dy[rows, index], dt[rows, index]
                same = ~(equal & (dy * den[:, None] - num[:, None] * dt != 0)).any(axis=1)
                safe &= same
                picks.append((num.tolist(), den.tolist()))
            safe_list = safe.tolist()
            for row, k in enumerate(chunk):
                if not safe_list[row]:
                    results[k] = median_slope(*problems[k])
                elif m % 2:
                    results[k] = (picks[0][0][row], picks[0][1][row])
                else:
                    a, b = picks[0][0][row], picks[0][1][row]
                    c, d = picks[1][0][row], picks[1][1][row]
                    results[k] = (a + c, 2 * b) if b == d else (a * d + c * b, 2 * b * d)
    return results  # type: ignore[return-value]
