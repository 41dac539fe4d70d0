"""One wave: :func:`score_wave` turns a :class:`ResponseSet` into a :class:`WaveResult`."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from veerkracht.monitor.scoring.clean import ResponseSet, recode
from veerkracht.monitor.scoring.compare import (
    Benchmark,
    Estimate,
    benchmark_position,
    cohen_d,
    is_perspective_gap,
    welch_test,
)
from veerkracht.monitor.scoring.engine import LABELS, ONDERDRUKT, BatchScores, score_challenges
from veerkracht.monitor.scoring.spec import InstrumentSpec

PERSPECTIEFVERSCHIL = "perspectiefverschil"


def _num(value: Any) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _interval(lo: Any, hi: Any) -> tuple[float, float] | None:
    lo, hi = _num(lo), _num(hi)
    return None if lo is None or hi is None else (lo, hi)


@dataclass(frozen=True)
class GroupResult:
    name: str
    n: int
    suppressed: bool
    mean: float | None = None
    sd: float | None = None
    ci95: tuple[float, float] | None = None

    def to_document(self) -> dict[str, Any]:
        if self.suppressed:
            return {"n": self.n, "suppressed": True}
        return {"n": self.n, "suppressed": False, "mean": self.mean, "sd": self.sd, "ci95": _list(self.ci95)}


@dataclass(frozen=True)
class Pooled:
    mean: float | None
    sd: float | None
    ci95: tuple[float, float] | None


@dataclass(frozen=True)
class Balanced:
    mean: float
    ci95: tuple[float, float] | None
    groups: int
    se: float | None
    df: float | None


@dataclass(frozen=True)
class Gap:
    dimension: str
    groups: tuple[str, str]
    diff: float
    welch_t: float | None
    welch_df: float | None
    welch_p: float | None
    cohen_d: float | None
    flag: str | None

    def to_document(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "groups": list(self.groups),
            "diff": self.diff,
            "welch_t": self.welch_t,
            "welch_p": self.welch_p,
            "cohen_d": self.cohen_d,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class DimensionResult:
    code: str
    n: int
    pooled: Pooled
    balanced: Balanced | None
    headline: float | None
    headline_basis: str | None  # "balanced" | "pooled" | None (suppressed)
    headline_se: float | None
    headline_df: float | None
    headline_ci95: tuple[float, float] | None
    score_0_100: float | None
    alpha: float | None
    alpha_ci95: tuple[float, float] | None
    alpha_n: int | None
    rwg_j: float | None
    rwg_j_lindell: float | None
    ad_m: float | None
    icc1: float | None
    icc2: float | None
    label: str
    flags: tuple[str, ...]
    groups: tuple[GroupResult, ...]
    benchmark: Benchmark | None

    @property
    def suppressed(self) -> bool:
        return self.label == LABELS[ONDERDRUKT]

    def estimate(self) -> Estimate | None:
        """The headline as an :class:`Estimate`, for :func:`headline_change` (None when suppressed)."""
        if self.headline is None or self.headline_se is None or self.headline_df is None:
            return None
        return Estimate(mean=self.headline, se=self.headline_se, df=self.headline_df)

    def to_document(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "pooled": {"mean": self.pooled.mean, "sd": self.pooled.sd, "ci95": _list(self.pooled.ci95)},
            "balanced": None
            if self.balanced is None
            else {
                "mean": self.balanced.mean,
                "ci95": _list(self.balanced.ci95),
                "groups": self.balanced.groups,
            },
            "headline": self.headline,
            "headline_basis": self.headline_basis,
            "score_0_100": self.score_0_100,
            "alpha": self.alpha,
            "alpha_ci95": _list(self.alpha_ci95),
            "alpha_n": self.alpha_n,
            "rwg_j": self.rwg_j,
            "rwg_j_lindell": self.rwg_j_lindell,
            "ad_m": self.ad_m,
            "icc1": self.icc1,
            "icc2": self.icc2,
            "label": self.label,
            "flags": list(self.flags),
            "groups": {g.name: g.to_document() for g in self.groups},
            "benchmark": None
            if self.benchmark is None
            else {
                "n": self.benchmark.n,
                "percentile": self.benchmark.percentile,
                "p25": self.benchmark.p25,
                "p50": self.benchmark.p50,
                "p75": self.benchmark.p75,
            },
        }


@dataclass(frozen=True)
class WaveResult:
    instrument_code: str
    instrument_version: int
    k: int
    total: int
    straightlining: tuple[str, ...]
    dimensions: tuple[DimensionResult, ...]
    gaps: tuple[Gap, ...]
    index: float | None

    @property
    def scored(self) -> int:
        return self.total - len(self.straightlining)

    def dimension(self, code: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.code == code)

    def to_document(self) -> dict[str, Any]:
        """The output document of ``veerkracht score_responses`` (docs/monitor/scoring.md), JSON-ready."""
        return {
            "instrument": {"code": self.instrument_code, "version": self.instrument_version},
            "k": self.k,
            "respondents": {
                "total": self.total,
                "scored": self.scored,
                "straightlining": list(self.straightlining),
            },
            "dimensions": {d.code: d.to_document() for d in self.dimensions},
            "gaps": [g.to_document() for g in self.gaps],
            "index": self.index,
        }


def _list(interval: tuple[float, float] | None) -> list[float] | None:
    return None if interval is None else [interval[0], interval[1]]


def encode_groups(groups: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Group names → (codes, sorted names)."""
    names = tuple(sorted(set(groups)))
    position = {name: i for i, name in enumerate(names)}
    return np.array([position[g] for g in groups], dtype=np.int64), names


def score_wave(
    *,
    instrument: InstrumentSpec,
    responses: ResponseSet,
    k: int = 5,
    benchmark: Mapping[str, Sequence[float]] | None = None,
) -> WaveResult:
    """Apply every rule of docs/monitor/scoring.md to one wave.

    ``benchmark`` maps dimension codes to earlier challenges' headline scores (on the answer scale).
    """
    codes, names = encode_groups(responses.groups)
    batch = score_challenges(
        instrument=instrument,
        values=responses.values,
        challenge=np.zeros(len(responses.respondents), dtype=np.int64),
        group=codes,
        n_challenges=1,
        group_names=names,
        k=k,
    )
    return wave_result(batch=batch, challenge=0, respondents=responses.respondents, benchmark=benchmark)


def wave_result(
    *,
    batch: BatchScores,
    challenge: int,
    respondents: Sequence[str],
    benchmark: Mapping[str, Sequence[float]] | None = None,
    rows: np.ndarray | None = None,
) -> WaveResult:
    """One challenge of a :class:`BatchScores` as a :class:`WaveResult` (adds gaps and benchmark).

    ``rows`` selects this challenge's input rows for the straight-lining list (default: all).
    """
    instrument, c = batch.instrument, challenge
    scale = instrument.scale
    straight = batch.straightlining if rows is None else batch.straightlining[rows]
    dims: list[DimensionResult] = []
    gaps: list[Gap] = []
    for d, dim in enumerate(instrument.dimensions):
        live = batch.label[c, d] != ONDERDRUKT
        groups = []
        for g, name in enumerate(batch.group_names):
            n_g = int(batch.group_n[c, d, g])
            if n_g == 0:
                continue
            if batch.group_suppressed[c, d, g] or not live:
                groups.append(GroupResult(name=name, n=n_g, suppressed=True))
            else:
                groups.append(
                    GroupResult(
                        name=name,
                        n=n_g,
                        suppressed=False,
                        mean=_num(batch.group_mean[c, d, g]),
                        sd=_num(batch.group_sd[c, d, g]),
                        ci95=_interval(batch.group_lo[c, d, g], batch.group_hi[c, d, g]),
                    )
                )
        balanced = None
        if batch.headline_balanced[c, d]:
            balanced = Balanced(
                mean=float(batch.balanced_mean[c, d]),
                ci95=_interval(batch.balanced_lo[c, d], batch.balanced_hi[c, d]),
                groups=int(batch.displayed_groups[c, d]),
                se=_num(batch.balanced_se[c, d]),
                df=_num(batch.balanced_df[c, d]),
            )
        headline = _num(batch.headline[c, d])
        bench = None
        if live and benchmark is not None and dim.code in benchmark:
            bench = benchmark_position(headline, benchmark[dim.code])
        alpha_n = _num(batch.alpha_n[c, d])
        dims.append(
            DimensionResult(
                code=dim.code,
                n=int(batch.n[c, d]),
                pooled=Pooled(
                    mean=_num(batch.pooled_mean[c, d]),
                    sd=_num(batch.pooled_sd[c, d]),
                    ci95=_interval(batch.pooled_lo[c, d], batch.pooled_hi[c, d]),
                ),
                balanced=balanced,
                headline=headline,
                headline_basis=None if not live else ("balanced" if balanced else "pooled"),
                headline_se=_num(batch.headline_se[c, d]),
                headline_df=_num(batch.headline_df[c, d]),
                headline_ci95=_interval(batch.headline_lo[c, d], batch.headline_hi[c, d]),
                score_0_100=_num(batch.score_0_100[c, d]),
                alpha=_num(batch.alpha[c, d]),
                alpha_ci95=_interval(batch.alpha_lo[c, d], batch.alpha_hi[c, d]),
                alpha_n=None if alpha_n is None else int(alpha_n),
                rwg_j=_num(batch.rwg_j[c, d]),
                rwg_j_lindell=_num(batch.rwg_j_lindell[c, d]),
                ad_m=_num(batch.ad_m[c, d]),
                icc1=_num(batch.icc1[c, d]),
                icc2=_num(batch.icc2[c, d]),
                label=LABELS[int(batch.label[c, d])],
                flags=tuple(batch.flag_names(c, d)),
                groups=tuple(groups),
                benchmark=bench,
            )
        )
        if not live:
            continue
        shown = [g for g in groups if not g.suppressed]  # already in name order
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                assert a.mean is not None and b.mean is not None
                var_a = a.sd**2 if a.sd is not None else math.nan
                var_b = b.sd**2 if b.sd is not None else math.nan
                welch = welch_test(mean_a=a.mean, var_a=var_a, n_a=a.n, mean_b=b.mean, var_b=var_b, n_b=b.n)
                gaps.append(
                    Gap(
                        dimension=dim.code,
                        groups=(a.name, b.name),
                        diff=welch.diff,
                        welch_t=welch.t,
                        welch_df=welch.df,
                        welch_p=welch.p,
                        cohen_d=cohen_d(
                            mean_a=a.mean, var_a=var_a, n_a=a.n, mean_b=b.mean, var_b=var_b, n_b=b.n
                        ),
                        flag=PERSPECTIEFVERSCHIL
                        if is_perspective_gap(diff=welch.diff, p=welch.p, span=scale.span)
                        else None,
                    )
                )
    ids = tuple(r for r, flagged in zip(respondents, straight, strict=True) if flagged)
    return WaveResult(
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        k=batch.k,
        total=len(respondents),
        straightlining=ids,
        dimensions=tuple(dims),
        gaps=tuple(gaps),
        index=_num(batch.index[c]),
    )


def respondent_scores(*, instrument: InstrumentSpec, values: np.ndarray) -> np.ndarray:
    """Rule 3: (N, D) respondent dimension scores on the answer scale, NaN where not scored.

    Straight-lining is not applied here (callers that link respondents decide).
    """
    x = recode(instrument=instrument, values=values)
    out = np.full((x.shape[0], len(instrument.dimensions)), np.nan)
    for d, dim in enumerate(instrument.dimensions):
        block = x[:, instrument.columns(dim)]
        answered = np.count_nonzero(~np.isnan(block), axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nansum(block, axis=1) / answered
        out[:, d] = np.where(answered >= dim.min_valid, mean, np.nan)
    return out
