"""A second, naive implementation of docs/monitor/scoring.md for the tests: plain Python loops over dicts,
exact fractions wherever the rules are rational (means, variances, α, r_wg, AD_M, ICC, cut-offs).
Only the t and F quantiles and square roots are floats (from scipy/math). It shares no code with
``veerkracht.monitor.scoring`` and reads the instrument document itself.
"""

from __future__ import annotations

import math
from fractions import Fraction as Fr
from typing import Any

from scipy import stats

Row = tuple[str, str, dict[str, int | None]]  # respondent, group ('' = onbekend), raw answers


def mean(xs: list[Fr]) -> Fr:
    return sum(xs, Fr(0)) / len(xs)


def var(xs: list[Fr]) -> Fr:
    m = mean(xs)
    return sum(((x - m) ** 2 for x in xs), Fr(0)) / (len(xs) - 1)


def t975(df: float) -> float:
    return float(stats.t.ppf(0.975, df))


def fl(x: Any) -> float | None:
    return None if x is None else float(x)


def reference_score(doc: dict, rows: list[Row], k: int = 5, benchmark: dict | None = None) -> dict:
    lo, hi = doc["scale"]["min"], doc["scale"]["max"]
    missing = set(doc["scale"].get("missing", []))
    A = hi - lo + 1

    def answer(v: int | None) -> int | None:
        return None if v is None or v in missing else v

    straight = []
    for rid, _group, answers in rows:
        given = [answer(v) for v in answers.values() if answer(v) is not None]
        if len(given) >= 8 and len(set(given)) == 1:
            straight.append(rid)
    kept = [r for r in rows if r[0] not in straight]
    dims_out: dict[str, Any] = {}
    gaps = []
    headlines = []
    for dim in doc["dimensions"]:
        items = dim["items"]
        J = len(items)
        need = math.ceil(Fr(6, 10) * J)
        recoded: dict[str, tuple[str, dict[str, Fr | None]]] = {}
        for rid, group, answers in kept:
            rec = {}
            for item in items:
                v = answer(answers.get(item["code"]))
                if v is not None and item.get("reverse"):
                    v = lo + hi - v
                rec[item["code"]] = None if v is None else Fr(v)
            recoded[rid] = (group or "onbekend", rec)
        scores: dict[str, tuple[str, Fr]] = {}
        for rid, (group, rec) in recoded.items():
            got = [v for v in rec.values() if v is not None]
            if len(got) >= need:
                scores[rid] = (group, mean(got))
        n = len(scores)
        by_group: dict[str, list[Fr]] = {}
        for group, s in scores.values():
            by_group.setdefault(group, []).append(s)
        counts = {g: len(v) for g, v in by_group.items()}
        primary = {g for g, c in counts.items() if c < k}
        suppressed = set(primary)
        if len(primary) == 1:
            others = [g for g in counts if g not in primary]
            if others:
                suppressed.add(min(others, key=lambda g: (counts[g], g)))
        if n < k:
            dims_out[dim["code"]] = {
                "n": n,
                "pooled": {"mean": None, "sd": None, "ci95": None},
                "balanced": None,
                "headline": None,
                "headline_basis": None,
                "score_0_100": None,
                "alpha": None,
                "alpha_ci95": None,
                "alpha_n": None,
                "rwg_j": None,
                "rwg_j_lindell": None,
                "ad_m": None,
                "icc1": None,
                "icc2": None,
                "label": "onderdrukt",
                "flags": [],
                "groups": {g: {"n": c, "suppressed": True} for g, c in sorted(counts.items())},
                "benchmark": None,
            }
            headlines.append(None)
            continue
        all_scores = [s for _, s in scores.values()]
        pm = mean(all_scores)
        pooled: dict[str, Any] = {"mean": float(pm), "sd": None, "ci95": None}
        p_half = None
        if n >= 2:
            sd = math.sqrt(var(all_scores))
            p_half = t975(n - 1) * sd / math.sqrt(n)
            pooled["sd"] = sd
            pooled["ci95"] = [float(pm) - p_half, float(pm) + p_half]
        groups_out: dict[str, Any] = {}
        for g in sorted(counts):
            if g in suppressed:
                groups_out[g] = {"n": counts[g], "suppressed": True}
            else:
                xs = by_group[g]
                entry: dict[str, Any] = {"n": counts[g], "suppressed": False, "mean": float(mean(xs))}
                entry["sd"] = math.sqrt(var(xs)) if len(xs) >= 2 else None
                entry["ci95"] = None
                if len(xs) >= 2:
                    h = t975(len(xs) - 1) * entry["sd"] / math.sqrt(len(xs))
                    entry["ci95"] = [entry["mean"] - h, entry["mean"] + h]
                groups_out[g] = entry
        shown = sorted(g for g in counts if g not in suppressed)
        G = len(shown)
        balanced = None
        if G >= 3:
            B = mean([mean(by_group[g]) for g in shown])
            u = [var(by_group[g]) / counts[g] for g in shown]
            se = math.sqrt(sum(u)) / G
            if sum(u) == 0:
                half = 0.0
            else:
                df = sum(u) ** 2 / sum(ui**2 / (counts[g] - 1) for ui, g in zip(u, shown, strict=True))
                half = t975(float(df)) * se
            balanced = {"mean": float(B), "ci95": [float(B) - half, float(B) + half], "groups": G}
            headline, h_half, basis = B, half, "balanced"
        else:
            headline, h_half, basis = pm, p_half, "pooled"
        s100 = (headline - lo) / (hi - lo) * 100  # exact
        label = "sterkte" if s100 >= Fr(6875, 100) else "ontwikkelpunt" if s100 < 50 else "aandachtspunt"
        flags = []
        if h_half is None or h_half / (hi - lo) * 100 > 12.5:
            flags.append("indicatief")

        # alpha
        complete = [
            rec
            for rid, (g, rec) in recoded.items()
            if rid in scores and all(v is not None for v in rec.values())
        ]
        alpha = None
        alpha_ci = None
        if len(complete) >= 3:
            totals = [sum(rec.values(), Fr(0)) for rec in complete]
            vt = var(totals)
            if vt > 0:
                vi = sum(var([rec[it["code"]] for rec in complete]) for it in items)
                alpha = Fr(J, J - 1) * (1 - vi / vt)
                m = len(complete)
                f_hi = stats.f.ppf(0.975, m - 1, (m - 1) * (J - 1))
                f_lo = stats.f.ppf(0.025, m - 1, (m - 1) * (J - 1))
                alpha_ci = [1 - (1 - float(alpha)) * f_hi, 1 - (1 - float(alpha)) * f_lo]

        # agreement over scored respondents
        variances, ads = [], []
        for it in items:
            xs = [recoded[rid][1][it["code"]] for rid in scores if recoded[rid][1][it["code"]] is not None]
            if len(xs) < 2:
                continue
            variances.append(var(xs))
            m = mean(xs)
            ads.append(mean([abs(x - m) for x in xs]))
        rwg = lindell = adm = None
        if variances:
            Jp = len(variances)
            ratio = mean(variances) / (Fr(A * A - 1, 12))
            lindell = 1 - ratio
            rwg = Fr(0) if ratio >= 1 else Jp * (1 - ratio) / (Jp * (1 - ratio) + ratio)
            adm = mean(ads)
            if rwg < Fr(7, 10) or adm > Fr(A, 6):
                flags.append("geen gedeeld beeld")
        if G < 3:
            flags.append("onvoldoende spreiding")

        # ICC over displayed groups
        icc1 = icc2 = None
        if G >= 2:
            xs_all = [s for g in shown for s in by_group[g]]
            N = len(xs_all)
            if N > G:
                grand = mean(xs_all)
                ssb = sum((len(by_group[g]) * (mean(by_group[g]) - grand) ** 2 for g in shown), Fr(0))
                ssw = sum(
                    (sum(((x - mean(by_group[g])) ** 2 for x in by_group[g]), Fr(0)) for g in shown), Fr(0)
                )
                msb, msw = ssb / (G - 1), ssw / (N - G)
                k0 = (N - Fr(sum(len(by_group[g]) ** 2 for g in shown), N)) / (G - 1)
                if msb + (k0 - 1) * msw != 0:
                    icc1 = (msb - msw) / (msb + (k0 - 1) * msw)
                if msb != 0:
                    icc2 = (msb - msw) / msb

        bench = None
        if benchmark and dim["code"] in benchmark and len(benchmark[dim["code"]]) >= 20:
            ref = sorted(benchmark[dim["code"]])
            h = float(headline)
            le = sum(1 for r in ref if r <= h + 1e-9)  # equal up to rounding counts as a tie
            lt = sum(1 for r in ref if r < h - 1e-9)

            def q(p: float, ref: list = ref) -> float:  # linear interpolation (numpy default)
                pos = (len(ref) - 1) * p
                i = math.floor(pos)
                j = min(i + 1, len(ref) - 1)
                return ref[i] + (ref[j] - ref[i]) * (pos - i)

            bench = {
                "n": len(ref),
                "percentile": (le + lt) / 2 / len(ref) * 100,
                "p25": q(0.25),
                "p50": q(0.5),
                "p75": q(0.75),
            }

        dims_out[dim["code"]] = {
            "n": n,
            "pooled": pooled,
            "balanced": balanced,
            "headline": float(headline),
            "headline_basis": basis,
            "score_0_100": float(s100),
            "alpha": fl(alpha),
            "alpha_ci95": alpha_ci,
            "alpha_n": len(complete),
            "rwg_j": fl(rwg),
            "rwg_j_lindell": fl(lindell),
            "ad_m": fl(adm),
            "icc1": fl(icc1),
            "icc2": fl(icc2),
            "label": label,
            "flags": flags,
            "groups": groups_out,
            "benchmark": bench,
        }
        headlines.append(headline)

        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                xa, xb = by_group[a], by_group[b]
                diff = mean(xa) - mean(xb)
                va, vb = var(xa), var(xb)
                se2 = va / len(xa) + vb / len(xb)
                t = p = None
                if se2 > 0:
                    t = float(diff) / math.sqrt(se2)
                    df = se2**2 / ((va / len(xa)) ** 2 / (len(xa) - 1) + (vb / len(xb)) ** 2 / (len(xb) - 1))
                    p = float(2 * stats.t.sf(abs(t), float(df)))
                pooled_var = ((len(xa) - 1) * va + (len(xb) - 1) * vb) / (len(xa) + len(xb) - 2)
                d = float(diff) / math.sqrt(pooled_var) if pooled_var > 0 else None
                flag = None
                if p is not None and p < 0.05 and abs(diff) / (hi - lo) * 100 >= Fr(25, 2):
                    flag = "perspectiefverschil"
                gaps.append(
                    {
                        "dimension": dim["code"],
                        "groups": [a, b],
                        "diff": float(diff),
                        "welch_t": t,
                        "welch_p": p,
                        "cohen_d": d,
                        "flag": flag,
                    }
                )
    nones = sum(1 for h in headlines if h is None)
    present = [h for h in headlines if h is not None]
    index = float(mean(present)) if nones <= 1 and present else None
    return {
        "instrument": {"code": doc["code"], "version": doc["version"]},
        "k": k,
        "respondents": {"total": len(rows), "scored": len(rows) - len(straight), "straightlining": straight},
        "dimensions": dims_out,
        "gaps": gaps,
        "index": index,
    }


def assert_documents_match(actual: Any, expected: Any, path: str = "$", rel: float = 1e-9) -> None:
    """Recursive comparison: floats to a relative tolerance, everything else exactly."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert set(actual) == set(expected), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
        for key in expected:
            assert_documents_match(actual[key], expected[key], f"{path}.{key}", rel)
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual} != {expected}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_documents_match(a, e, f"{path}[{i}]", rel)
    elif isinstance(expected, float) and not isinstance(expected, bool):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), f"{path}: {actual!r}"
        assert math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-9), (
            f"{path}: {actual!r} != {expected!r}"
        )
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
