"""A straightforward vectorised numpy computation of the national benchmark numbers.

Per challenge and dimension: the headline score (respondent scores with ceil(0.6·J) items, groups
with primary and complementary suppression, balanced mean of ≥ 3 displayed groups else the pooled
mean, nothing below k), Cronbach's α (complete respondents, ≥ 3, non-zero total variance) and each
challenge's "mean" percentile rank among all challenges. Written independently of the engine (plain
np.add.at-free bincount sums over a dense challenge × group table); the benchmark checks that both
give the same numbers.
"""

from __future__ import annotations

import numpy as np


def baseline_scores(
    values: np.ndarray,
    challenge: np.ndarray,
    group: np.ndarray,
    n_challenges: int,
    n_groups: int,
    dims: list[tuple[np.ndarray, np.ndarray]],
    lo: int,
    hi: int,
    k: int,
) -> dict[str, np.ndarray]:
    C, G = n_challenges, n_groups
    answered_all = np.count_nonzero(~np.isnan(values), axis=1)
    straight = (answered_all >= 8) & (np.nanmin(values, axis=1) == np.nanmax(values, axis=1))
    keep = ~straight
    headline = np.full((C, len(dims)), np.nan)
    alpha = np.full((C, len(dims)), np.nan)
    for d, (cols, reverse) in enumerate(dims):
        x = values[keep][:, cols].astype(np.float64)
        x[:, reverse] = lo + hi - x[:, reverse]
        ch, gr = challenge[keep], group[keep]
        cnt = np.sum(~np.isnan(x), axis=1)
        need = int(np.ceil(0.6 * len(cols) - 1e-12))
        score = np.nansum(x, axis=1) / np.maximum(cnt, 1)
        ok = cnt >= need
        cell = ch[ok] * G + gr[ok]
        n_g = np.bincount(cell, minlength=C * G).reshape(C, G)
        s_g = np.bincount(cell, score[ok], minlength=C * G).reshape(C, G)
        q_g = np.bincount(cell, score[ok] ** 2, minlength=C * G).reshape(C, G)
        n = n_g.sum(1)
        pooled = s_g.sum(1) / np.maximum(n, 1)
        # suppression
        small = (n_g > 0) & (n_g < k)
        order_key = np.where(n_g >= k, n_g, 10**9)
        smallest = np.argmin(order_key, axis=1)
        extra = (small.sum(1) == 1) & (n_g >= k).any(1)
        hidden = small.copy()
        hidden[np.arange(C)[extra], smallest[extra]] = True
        shown = (n_g > 0) & ~hidden
        G_shown = shown.sum(1)
        means = np.where(shown, s_g / np.maximum(n_g, 1), 0.0)
        balanced = means.sum(1) / np.maximum(G_shown, 1)
        h = np.where(G_shown >= 3, balanced, pooled)
        headline[:, d] = np.where(n >= k, h, np.nan)
        del q_g
        # alpha
        full = cnt == len(cols)
        xf, cf = x[full], ch[full]
        m = np.bincount(cf, minlength=C)
        J = len(cols)
        item_var = np.zeros(C)
        for j in range(J):
            s1 = np.bincount(cf, xf[:, j], minlength=C)
            mu = s1 / np.maximum(m, 1)
            item_var += np.bincount(cf, (xf[:, j] - mu[cf]) ** 2, minlength=C)
        t = xf.sum(1)
        mu_t = np.bincount(cf, t, minlength=C) / np.maximum(m, 1)
        tv = np.bincount(cf, (t - mu_t[cf]) ** 2, minlength=C)
        with np.errstate(invalid="ignore", divide="ignore"):
            a = J / (J - 1) * (1 - item_var / tv)
        alpha[:, d] = np.where((m >= 3) & (tv > 0) & (n >= k), a, np.nan)
    percentile = np.full_like(headline, np.nan)
    for d in range(len(dims)):
        col = headline[:, d]
        ref = np.sort(col[~np.isnan(col)])
        lt = np.searchsorted(ref, col - 1e-9, "left")
        le = np.searchsorted(ref, col + 1e-9, "right")
        percentile[:, d] = np.where(np.isnan(col), np.nan, (lt + le) / 2 / max(len(ref), 1) * 100)
    return {"headline": headline, "alpha": alpha, "percentile": percentile}
