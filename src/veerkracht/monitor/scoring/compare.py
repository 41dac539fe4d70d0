"""Rules 8-10: differences between groups, benchmark positions and change between waves."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veerkracht.monitor.scoring.engine import TOLERANCE, percentile_ranks

GAP_POINTS = 12.5  # on 0-100
GAP_P = 0.05
MIN_BENCHMARK = 20
RCI_CRITICAL = 1.96


def _finite(value: float) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class Welch:
    diff: float
    t: float | None
    df: float | None
    p: float | None


def welch_test(*, mean_a: float, var_a: float, n_a: int, mean_b: float, var_b: float, n_b: int) -> Welch:
    """Welch's t-test of mean_a - mean_b; t, df and p are None when the standard error is 0."""
    diff = mean_a - mean_b
    ua, ub = var_a / n_a, var_b / n_b
    se2 = ua + ub
    if not (n_a >= 2 and n_b >= 2) or not math.isfinite(se2) or se2 <= 0:
        return Welch(diff=diff, t=None, df=None, p=None)
    t = diff / math.sqrt(se2)
    df = se2 * se2 / (ua * ua / (n_a - 1) + ub * ub / (n_b - 1))
    from scipy import stats  # here, not at module level: it costs seconds at start-up

    p = float(2 * stats.t.sf(abs(t), df))
    return Welch(diff=diff, t=t, df=df, p=p)


def cohen_d(*, mean_a: float, var_a: float, n_a: int, mean_b: float, var_b: float, n_b: int) -> float | None:
    """(mean_a - mean_b) / pooled sd, the pooled sd weighting the variances by n - 1."""
    if n_a + n_b <= 2:
        return None
    pooled = math.sqrt(((n_a - 1) * var_a + (n_b - 1) * var_b) / (n_a + n_b - 2))
    if not math.isfinite(pooled) or pooled == 0:
        return None
    return (mean_a - mean_b) / pooled


def is_perspective_gap(*, diff: float, p: float | None, span: int) -> bool:
    """Rule 8: |diff| ≥ 12.5 on 0-100 and p < 0.05."""
    return p is not None and p < GAP_P and abs(diff) / span * 100 >= GAP_POINTS - TOLERANCE


@dataclass(frozen=True)
class Benchmark:
    n: int
    percentile: float | None
    p25: float
    p50: float
    p75: float


def benchmark_position(score: float | None, reference: Sequence[float] | np.ndarray) -> Benchmark | None:
    """Rule 9: the position of ``score`` among earlier headline scores (None with fewer than 20)."""
    ref = np.asarray(reference, dtype=np.float64)
    ref = ref[np.isfinite(ref)]
    if ref.size < MIN_BENCHMARK:
        return None
    p25, p50, p75 = np.percentile(ref, [25, 50, 75])
    percentile = None
    if score is not None and math.isfinite(score):
        percentile = float(percentile_ranks(np.array([score]), ref)[0])
    return Benchmark(n=int(ref.size), percentile=percentile, p25=float(p25), p50=float(p50), p75=float(p75))


@dataclass(frozen=True)
class Estimate:
    """A headline mean with its standard error and degrees of freedom (pooled: n - 1;
    balanced: Welch–Satterthwaite)."""

    mean: float
    se: float
    df: float


@dataclass(frozen=True)
class Change:
    diff: float
    se: float
    df: float | None
    ci95: tuple[float, float] | None


def headline_change(*, first: Estimate, second: Estimate) -> Change:
    """Rule 10: second - first with a Welch interval.

    SE = √(se₁² + se₂²), df = (se₁² + se₂²)² / (se₁⁴/df₁ + se₂⁴/df₂) — Welch–Satterthwaite, which for
    two pooled headlines (se² = s²/n, df = n - 1) is exactly Welch's two-sample interval.
    """
    diff = second.mean - first.mean
    v1, v2 = first.se**2, second.se**2
    se = math.sqrt(v1 + v2)
    if not math.isfinite(se):
        return Change(diff=diff, se=se, df=None, ci95=None)
    if se == 0:
        return Change(diff=diff, se=0.0, df=None, ci95=(diff, diff))
    terms = (v1 * v1 / first.df if v1 else 0.0) + (v2 * v2 / second.df if v2 else 0.0)
    df = (v1 + v2) ** 2 / terms
    from scipy import stats  # here, not at module level: it costs seconds at start-up

    half = float(stats.t.ppf(0.975, df)) * se
    return Change(diff=diff, se=se, df=df, ci95=(diff - half, diff + half))


def reliable_change_index(
    *, first: np.ndarray, second: np.ndarray, sd: float, reliability: float
) -> np.ndarray:
    """Rule 10: RCI = (x₂ - x₁) / (√2 · SD · √(1 - r_xx)) for linked respondents' dimension scores.

    ``sd`` is the first wave's sd, ``reliability`` the dimension's α from the pooled benchmark data.
    |RCI| > 1.96 is a reliable change (:func:`is_reliable_change`). NaN where a score is missing.
    """
    if not reliability < 1 or not sd > 0:
        raise ValueError("the RCI needs sd > 0 and reliability < 1")
    first = np.asarray(first, dtype=np.float64)
    second = np.asarray(second, dtype=np.float64)
    return (second - first) / (math.sqrt(2) * sd * math.sqrt(1 - reliability))


def is_reliable_change(rci: np.ndarray) -> np.ndarray:
    return np.abs(rci) > RCI_CRITICAL
