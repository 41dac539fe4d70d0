"""The vectorised engine: rules 1-7 and 9 for many challenges at once.

Every statistic is computed per (challenge, dimension) — and per stakeholder group where the rules
ask for it — with segment reductions (``np.bincount``) over the respondents, so that one wave is
the special case of one challenge (:func:`veerkracht.monitor.scoring.wave.score_wave` calls this
engine with ``n_challenges=1``). There is one implementation of the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from veerkracht.monitor.scoring.clean import flag_straightlining
from veerkracht.monitor.scoring.spec import InstrumentSpec

# Labels (rule 7), stored as small integers in the batch arrays.
ONDERDRUKT, ONTWIKKELPUNT, AANDACHTSPUNT, STERKTE = 0, 1, 2, 3
LABELS = ("onderdrukt", "ontwikkelpunt", "aandachtspunt", "sterkte")
# Flags (rules 5-7) as bits, in the order they are listed in the output.
INDICATIEF, GEEN_GEDEELD_BEELD, ONVOLDOENDE_SPREIDING = 1, 2, 4
FLAGS = (
    (INDICATIEF, "indicatief"),
    (GEEN_GEDEELD_BEELD, "geen gedeeld beeld"),
    (ONVOLDOENDE_SPREIDING, "onvoldoende spreiding"),
)
STRENGTH_CUTOFF = 68.75  # on 0-100: at or above is a strength
DEVELOPMENT_CUTOFF = 50.0  # on 0-100: below is a development area
INDICATIVE_HALF_WIDTH = 12.5  # on 0-100
RWG_MIN = 0.70
MIN_BALANCED_GROUPS = 3
# Scores are means of integers, so a score mathematically equal to a cut-off can only differ from it
# by floating-point rounding (~1e-14); any real difference is far larger than this tolerance.
TOLERANCE = 1e-9


def t975(df: np.ndarray) -> np.ndarray:
    """t(0.975, df), NaN where df is not positive and finite (computed once per distinct df)."""
    df = np.asarray(df, dtype=np.float64)
    out = np.full(df.shape, np.nan)
    ok = np.isfinite(df) & (df > 0)
    if ok.any():
        unique, inverse = np.unique(df[ok], return_inverse=True)
        from scipy import stats  # here, not at module level: it costs seconds at start-up

        out[ok] = stats.t.ppf(0.975, unique)[inverse]
    return out


def feldt_interval(alpha: np.ndarray, n: np.ndarray, items: int) -> tuple[np.ndarray, np.ndarray]:
    """Rule 6: Feldt's 95 % interval of α computed on ``n`` respondents and ``items`` items."""
    alpha = np.asarray(alpha, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    lo = np.full(alpha.shape, np.nan)
    hi = np.full(alpha.shape, np.nan)
    ok = np.isfinite(alpha) & (n >= 2) & (items >= 2)
    if ok.any():
        unique, inverse = np.unique(n[ok], return_inverse=True)
        dfn, dfd = unique - 1, (unique - 1) * (items - 1)
        from scipy import stats  # here, not at module level: it costs seconds at start-up

        f_hi = stats.f.ppf(0.975, dfn, dfd)[inverse]
        f_lo = stats.f.ppf(0.025, dfn, dfd)[inverse]
        lo[ok] = 1 - (1 - alpha[ok]) * f_hi
        hi[ok] = 1 - (1 - alpha[ok]) * f_lo
    return lo, hi


def suppression_mask(counts: np.ndarray, k: int) -> np.ndarray:
    """Rule 4 for a (challenges × groups) array of counts; groups are in name order.

    A group with 0 < n_g < k is suppressed (primary). When exactly one group of a challenge is,
    the smallest other group (by n_g, then name: the first column among equals) is suppressed too.
    When the challenge's total is below k every group that appears is suppressed (rule 7).
    """
    counts = np.asarray(counts)
    appear = counts > 0
    primary = appear & (counts < k)
    candidates = counts >= k
    key = np.where(candidates, counts, np.iinfo(np.int64).max)
    smallest = np.argmin(key, axis=1)
    complement = (primary.sum(axis=1) == 1) & candidates.any(axis=1)
    suppressed = primary.copy()
    rows = np.flatnonzero(complement)
    suppressed[rows, smallest[rows]] = True
    under = counts.sum(axis=1) < k
    suppressed[under] = appear[under]
    return suppressed


@dataclass
class BatchScores:
    """Results for C challenges × D dimensions (× G groups, in ``group_names`` order).

    Float arrays hold NaN where a statistic is not computable (or the dimension is suppressed);
    ``label`` holds indices into :data:`LABELS`, ``flags`` bits of :data:`FLAGS`.
    """

    instrument: InstrumentSpec
    k: int
    group_names: tuple[str, ...]
    straightlining: np.ndarray  # (N,) bool, per input row
    n: np.ndarray  # (C, D) int
    pooled_mean: np.ndarray
    pooled_sd: np.ndarray
    pooled_lo: np.ndarray
    pooled_hi: np.ndarray
    balanced_mean: np.ndarray
    balanced_se: np.ndarray
    balanced_df: np.ndarray
    balanced_lo: np.ndarray
    balanced_hi: np.ndarray
    displayed_groups: np.ndarray  # (C, D) int: G
    headline: np.ndarray
    headline_se: np.ndarray
    headline_df: np.ndarray
    headline_lo: np.ndarray
    headline_hi: np.ndarray
    headline_balanced: np.ndarray  # (C, D) bool
    score_0_100: np.ndarray
    alpha: np.ndarray
    alpha_lo: np.ndarray
    alpha_hi: np.ndarray
    alpha_n: np.ndarray  # (C, D) float, NaN when suppressed
    rwg_j: np.ndarray
    rwg_j_lindell: np.ndarray
    ad_m: np.ndarray
    icc1: np.ndarray
    icc2: np.ndarray
    label: np.ndarray  # (C, D) int8
    flags: np.ndarray  # (C, D) int8
    group_n: np.ndarray  # (C, D, G) int
    group_mean: np.ndarray
    group_sd: np.ndarray
    group_lo: np.ndarray
    group_hi: np.ndarray
    group_suppressed: np.ndarray  # (C, D, G) bool
    index: np.ndarray  # (C,)

    def flag_names(self, c: int, d: int) -> list[str]:
        return [name for bit, name in FLAGS if self.flags[c, d] & bit]


def _divide(a: np.ndarray, b: np.ndarray, where: np.ndarray) -> np.ndarray:
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=where)
    return out


def score_challenges(
    *,
    instrument: InstrumentSpec,
    values: np.ndarray,
    challenge: np.ndarray,
    group: np.ndarray,
    n_challenges: int,
    group_names: Sequence[str],
    k: int = 5,
    agreement: bool = True,
) -> BatchScores:
    """Score many challenges at once.

    ``values``: (N, I) float array of cleaned raw answers in ``instrument.item_codes`` order, NaN
    for missing (float32 is fine). ``challenge``: (N,) ints in 0..C-1. ``group``: (N,) ints indexing
    ``group_names``, which must be sorted (rule 4 breaks ties by name). With ``agreement=False``
    r_wg(j), r*_wg(j), AD_M(J) and ICC are skipped (left NaN; the flag ``geen gedeeld beeld`` is
    then never set).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    names = tuple(group_names)
    if list(names) != sorted(names) or len(set(names)) != len(names):
        raise ValueError("group_names must be sorted and unique")
    scale = instrument.scale
    C, D, G = n_challenges, len(instrument.dimensions), max(len(names), 1)
    challenge = np.asarray(challenge, dtype=np.int64)
    group = np.asarray(group, dtype=np.int64)

    straight = flag_straightlining(values)
    keep = np.flatnonzero(~straight)
    ch = challenge[keep]
    segment = ch * G + group[keep]

    def nan_cd() -> np.ndarray:
        return np.full((C, D), np.nan)

    def nan_cdg() -> np.ndarray:
        return np.full((C, D, G), np.nan)

    out = {
        name: nan_cd()
        for name in [
            "pooled_mean",
            "pooled_sd",
            "pooled_lo",
            "pooled_hi",
            "balanced_mean",
            "balanced_se",
            "balanced_df",
            "balanced_lo",
            "balanced_hi",
            "headline",
            "headline_se",
            "headline_df",
            "headline_lo",
            "headline_hi",
            "score_0_100",
            "alpha",
            "alpha_lo",
            "alpha_hi",
            "alpha_n",
            "rwg_j",
            "rwg_j_lindell",
            "ad_m",
            "icc1",
            "icc2",
        ]
    }
    gout = {name: nan_cdg() for name in ("group_mean", "group_sd", "group_lo", "group_hi")}
    n_all = np.zeros((C, D), dtype=np.int64)
    displayed_groups = np.zeros((C, D), dtype=np.int64)
    headline_balanced = np.zeros((C, D), dtype=bool)
    label = np.zeros((C, D), dtype=np.int8)
    flags = np.zeros((C, D), dtype=np.int8)
    group_n = np.zeros((C, D, G), dtype=np.int64)
    group_suppressed = np.zeros((C, D, G), dtype=bool)
    sigma2_eu = (scale.options**2 - 1) / 12.0

    for d, dim in enumerate(instrument.dimensions):
        J = len(dim.items)
        cols = instrument.columns(dim)
        x = values[np.ix_(keep, cols)].astype(np.float64)
        reverse = np.array([item.reverse for item in dim.items], dtype=bool)
        if reverse.any():
            x[:, reverse] = (scale.min + scale.max) - x[:, reverse]
        valid = ~np.isnan(x)
        x0 = np.where(valid, x, 0.0)
        answered = valid.sum(axis=1)
        scored = answered >= dim.min_valid
        score = x0[scored].sum(axis=1) / answered[scored]
        seg = segment[scored]
        chs = ch[scored]

        # Rule 4: group statistics (two-pass: means, then squared deviations).
        gn = np.bincount(seg, minlength=C * G).reshape(C, G)
        gsum = np.bincount(seg, score, minlength=C * G).reshape(C, G)
        with np.errstate(invalid="ignore", divide="ignore"):
            gmean = gsum / gn
        deviation = score - gmean.ravel()[seg]
        gss = np.bincount(seg, deviation * deviation, minlength=C * G).reshape(C, G)
        gvar = _divide(gss, gn - 1, gn >= 2)
        gsd = np.sqrt(gvar)
        ghalf = t975(gn - 1) * gsd / np.sqrt(np.maximum(gn, 1))

        # Rule 5: pooled (the total sum of squares is within + between groups).
        n = gn.sum(axis=1)
        pmean = _divide(gsum.sum(axis=1), n, n > 0)
        between = np.where(gn > 0, gn * (np.where(gn > 0, gmean, 0.0) - pmean[:, None]) ** 2, 0.0)
        pss = gss.sum(axis=1) + between.sum(axis=1)
        pvar = _divide(pss, n - 1, n >= 2)
        psd = np.sqrt(pvar)
        pse = psd / np.sqrt(np.maximum(n, 1))
        phalf = np.where(pse == 0, 0.0, t975(n - 1) * pse)

        suppressed = suppression_mask(gn, k)
        displayed = (gn > 0) & ~suppressed
        Gd = displayed.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            u = np.where(displayed, gvar / np.maximum(gn, 1), 0.0)
            u2 = np.where(displayed, u * u / (gn - 1), 0.0)
            su = u.sum(axis=1)
            bal = Gd >= MIN_BALANCED_GROUPS
            bmean = np.where(bal, np.where(displayed, gmean, 0.0).sum(axis=1) / np.maximum(Gd, 1), np.nan)
            bse = np.where(bal, np.sqrt(su) / np.maximum(Gd, 1), np.nan)
            bdf = np.where(bal & (su > 0), su * su / u2.sum(axis=1), np.nan)
        bhalf = np.where(bse == 0, 0.0, t975(bdf) * bse)

        headline = np.where(bal, bmean, pmean)
        hse = np.where(bal, bse, pse)
        hdf = np.where(bal, bdf, (n - 1).astype(np.float64))
        hhalf = np.where(bal, bhalf, phalf)

        # Rule 6: Cronbach's α over respondents who answered every item (they are all scored).
        full = answered == J
        chf = ch[full]
        xf = x[full]
        na = np.bincount(chf, minlength=C)
        item_ss = np.zeros(C)
        for j in range(J):
            m = _divide(np.bincount(chf, xf[:, j], minlength=C), na, na > 0)
            dv = xf[:, j] - m[chf]
            item_ss += np.bincount(chf, dv * dv, minlength=C)
        total = xf.sum(axis=1)
        mt = _divide(np.bincount(chf, total, minlength=C), na, na > 0)
        dv = total - mt[chf]
        total_ss = np.bincount(chf, dv * dv, minlength=C)
        alpha_ok = (na >= 3) & (total_ss > 0)
        alpha = np.where(alpha_ok, J / (J - 1) * (1 - _divide(item_ss, total_ss, alpha_ok)), np.nan)
        alpha_lo, alpha_hi = feldt_interval(alpha, na, J)

        rwg = lindell = adm = icc1 = icc2 = np.full(C, np.nan)
        if agreement:
            xs, vs = x0[scored], valid[scored]
            var_sum, ad_sum, jprime = np.zeros(C), np.zeros(C), np.zeros(C)
            for j in range(J):
                weight = vs[:, j].astype(np.float64)
                cnt = np.bincount(chs, weight, minlength=C)
                m = _divide(np.bincount(chs, xs[:, j], minlength=C), cnt, cnt > 0)
                dv = (xs[:, j] - m[chs]) * weight
                use = cnt >= 2
                var_sum += np.where(use, _divide(np.bincount(chs, dv * dv, minlength=C), cnt - 1, use), 0.0)
                ad_sum += np.where(use, _divide(np.bincount(chs, np.abs(dv), minlength=C), cnt, use), 0.0)
                jprime += use
            has = jprime > 0
            ratio = _divide(var_sum, jprime * sigma2_eu, has)
            lindell = 1 - ratio
            with np.errstate(invalid="ignore", divide="ignore"):
                core = jprime * (1 - ratio)
                rwg = np.where(ratio >= 1, 0.0, core / (core + ratio))
            rwg = np.where(has, rwg, np.nan)
            adm = _divide(ad_sum, jprime, has)

            # ICC(1), ICC(2): one-way ANOVA of respondent scores over the displayed groups.
            with np.errstate(invalid="ignore", divide="ignore"):
                N = np.where(displayed, gn, 0).sum(axis=1)
                grand = np.where(displayed, gsum, 0.0).sum(axis=1) / N
                dev_g = np.where(displayed, np.where(displayed, gmean, 0.0) - grand[:, None], 0.0)
                # Group means equal up to rounding are equal (MSB exactly 0: ICC(2) not computable).
                dev_g = np.where(np.abs(dev_g) < TOLERANCE, 0.0, dev_g)
                msb = (np.where(displayed, gn, 0) * dev_g**2).sum(axis=1) / (Gd - 1)
                msw = np.where(displayed, gss, 0.0).sum(axis=1) / (N - Gd)
                k0 = (N - (np.where(displayed, gn, 0) ** 2).sum(axis=1) / N) / (Gd - 1)
                icc_ok = (Gd >= 2) & (Gd < N)
                denominator1 = msb + (k0 - 1) * msw
                icc1 = np.where(icc_ok & (denominator1 != 0), (msb - msw) / denominator1, np.nan)
                icc2 = np.where(icc_ok & (msb != 0), (msb - msw) / msb, np.nan)

        # Rule 7: classification and flags on the unrounded 0-100 headline.
        s100 = scale.to_0_100(headline)
        lab = np.where(
            s100 >= STRENGTH_CUTOFF - TOLERANCE,
            STERKTE,
            np.where(s100 < DEVELOPMENT_CUTOFF - TOLERANCE, ONTWIKKELPUNT, AANDACHTSPUNT),
        )
        half_100 = hhalf / scale.span * 100
        flag = np.where(~np.isfinite(half_100) | (half_100 > INDICATIVE_HALF_WIDTH), INDICATIEF, 0)
        with np.errstate(invalid="ignore"):
            shared = (rwg < RWG_MIN) | (adm > scale.options / 6)
        flag = flag | np.where(shared, GEEN_GEDEELD_BEELD, 0) | np.where(~bal, ONVOLDOENDE_SPREIDING, 0)

        under = n < k
        live = ~under

        def put(name: str, value: np.ndarray, d: int = d, live: np.ndarray = live) -> None:
            out[name][:, d] = np.where(live, value, np.nan)

        put("pooled_mean", pmean)
        put("pooled_sd", psd)
        put("pooled_lo", pmean - phalf)
        put("pooled_hi", pmean + phalf)
        put("balanced_mean", bmean)
        put("balanced_se", bse)
        put("balanced_df", bdf)
        put("balanced_lo", bmean - bhalf)
        put("balanced_hi", bmean + bhalf)
        put("headline", headline)
        put("headline_se", hse)
        put("headline_df", hdf)
        put("headline_lo", headline - hhalf)
        put("headline_hi", headline + hhalf)
        put("score_0_100", s100)
        put("alpha", alpha)
        put("alpha_lo", alpha_lo)
        put("alpha_hi", alpha_hi)
        put("alpha_n", na.astype(np.float64))
        put("rwg_j", rwg)
        put("rwg_j_lindell", lindell)
        put("ad_m", adm)
        put("icc1", icc1)
        put("icc2", icc2)
        n_all[:, d] = n
        displayed_groups[:, d] = np.where(live, Gd, 0)
        headline_balanced[:, d] = live & bal
        label[:, d] = np.where(live, lab, ONDERDRUKT)
        flags[:, d] = np.where(live, flag, 0)
        group_n[:, d, :] = gn
        group_suppressed[:, d, :] = suppressed
        show = displayed & live[:, None]
        gout["group_mean"][:, d, :] = np.where(show, gmean, np.nan)
        gout["group_sd"][:, d, :] = np.where(show, gsd, np.nan)
        gout["group_lo"][:, d, :] = np.where(show, gmean - ghalf, np.nan)
        gout["group_hi"][:, d, :] = np.where(show, gmean + ghalf, np.nan)
        del x, valid, x0

    # Rule 9: the index, when at most one dimension has no headline.
    headlines = out["headline"]
    none = np.isnan(headlines).sum(axis=1)
    with np.errstate(invalid="ignore"):
        sums = np.where(np.isnan(headlines), 0.0, headlines).sum(axis=1)
        index = np.where((none <= 1) & (D - none > 0), sums / np.maximum(D - none, 1), np.nan)

    return BatchScores(
        instrument=instrument,
        k=k,
        group_names=names,
        straightlining=straight,
        n=n_all,
        displayed_groups=displayed_groups,
        headline_balanced=headline_balanced,
        label=label,
        flags=flags,
        group_n=group_n,
        group_suppressed=group_suppressed,
        index=index,
        **out,
        **gout,
    )


def percentile_ranks(scores: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Rule 9: the "mean" percentile rank of each score within ``reference`` (NaN for NaN scores):
    the average of the share ≤ and the share <, times 100."""
    ref = np.sort(np.asarray(reference, dtype=np.float64)[np.isfinite(reference)])
    scores = np.asarray(scores, dtype=np.float64)
    if ref.size == 0:
        return np.full(scores.shape, np.nan)
    # Scores that differ only by floating-point rounding count as ties (see TOLERANCE).
    below = np.searchsorted(ref, scores - TOLERANCE, side="left")
    at_or_below = np.searchsorted(ref, scores + TOLERANCE, side="right")
    ranks = (below + at_or_below) / 2 / ref.size * 100
    return np.where(np.isfinite(scores), ranks, np.nan)
