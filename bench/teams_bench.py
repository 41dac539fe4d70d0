"""Team formation benchmark (issue 6): the exact solver against HiGHS on the whole model.

For pools of 1,000 / 10,000 / 100,000 generated candidates
(``veerkracht.testing.formation_problems``: 30 skills, 10-12 required, team of 7-12, 300
organisations, seeded) it times, in the same run and on the same
parsed problem:

* ``ours``  - ``veerkracht.teams.formation.solve`` (proven optimum),
* ``LP``    - the LP relaxation of the same model given whole to HiGHS (``scipy.optimize.linprog``),
* ``MILP``  - the same model given whole to HiGHS (``scipy.optimize.milp``),

and checks that ours and the MILP agree.  Times are the best of ``--repeat`` runs (the MILP: one
run).  Parsing the JSON document into arrays is shared by all three and reported apart.

    python bench/teams_bench.py                       # all sizes, 3 seeds, writes bench/RESULTS-teams.md
    python bench/teams_bench.py --milp-max-n 10000    # skip the (slow) whole MILP at 100,000
    python bench/teams_bench.py --sizes 1000 --seeds 1 --no-write
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
os.environ.setdefault("SECRET_KEY", "bench")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import scipy  # noqa: E402

from veerkracht.teams.formation import parse_problem, solve  # noqa: E402
from veerkracht.teams.formation.highs import solve_lp, solve_milp  # noqa: E402
from veerkracht.teams.formation.model import build_model, reduce_problem  # noqa: E402
from veerkracht.teams.formation.problem import Problem  # noqa: E402
from veerkracht.testing.formation_problems import generate  # noqa: E402


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def whole_lp(p: Problem) -> float | None:
    res = reduce_problem(p)
    r = solve_lp(build_model(res), len(p.requirements))
    return None if r.status != "optimal" else r.value + res.base


def whole_milp(p: Problem, limit: float) -> tuple[str, float | None]:
    res = reduce_problem(p)
    r = solve_milp(build_model(res), time_limit=limit)
    return r.status, None if r.value is None else r.value + res.base


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seeds", type=int, default=3, help="instances per size (seeds 0..n-1)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of ours and of the LP; the best counts")
    ap.add_argument("--milp-max-n", type=int, default=10**9, help="skip the whole MILP above this size")
    ap.add_argument("--milp-limit", type=float, default=900.0, help="time limit for the whole MILP (s)")
    ap.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS-teams.md")
    args = ap.parse_args()

    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        for seed in range(args.seeds):
            doc = generate(n, seed)
            t_parse, p = best_of(1, lambda doc=doc: parse_problem(doc))
            t_ours, result = best_of(args.repeat, lambda p=p: solve(p))
            t_lp, lp_value = best_of(args.repeat, lambda p=p: whole_lp(p))
            row: dict[str, Any] = {
                "n": n, "seed": seed, "parse": t_parse, "ours": t_ours, "lp": t_lp,
                "status": result.status, "objective": result.objective, "lp_value": lp_value,
                "team": p.team_size, "required": len(p.requirements), "stats": result.stats,
            }  # fmt: skip
            if n <= args.milp_max_n:
                t_milp, (m_status, m_value) = best_of(1, lambda p=p: whole_milp(p, args.milp_limit))
                row.update(milp=t_milp, milp_status=m_status, milp_value=m_value)
                if m_status == "optimal" and (m_value is None or round(m_value) != result.objective):
                    print(
                        f"DISAGREE n={n} seed={seed}: ours {result.objective}, MILP {m_value}",
                        file=sys.stderr,
                    )
                    row["disagree"] = True
                if m_status == "infeasible" and result.status != "infeasible":
                    row["disagree"] = True
            rows.append(row)
            print(format_row(row), flush=True)
    text = report(rows, args)
    print()
    print(text)
    if not args.no_write:
        (HERE / "RESULTS-teams.md").write_text(text, encoding="utf-8")
    return 1 if any(r.get("disagree") for r in rows) else 0


def ms(t: float | None) -> str:
    return "—" if t is None else (f"{t * 1000:.1f} ms" if t < 10 else f"{t:.1f} s")


def format_row(r: dict[str, Any]) -> str:
    milp = r.get("milp")
    ratio_milp = f"{milp / r['ours']:.0f}×" if milp is not None else "—"
    s = r["stats"]
    return (
        f"| {r['n']:>7,} | {r['seed']} | {r['team']} / {r['required']} | {r['status']} | {r['objective']} | "
        f"{ms(r['ours'])} | {ms(r['lp'])} | {r['ours'] / r['lp']:.2f} | "
        f"{ms(milp)}{'' if r.get('milp_status', 'optimal') in ('optimal', 'infeasible') else ' (limit)'} | "
        f"{ratio_milp} | {s.get('core', '—')} / {s.get('survivors', '—')} | {ms(r['parse'])} |"
    )


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        "# Team formation benchmark",
        "",
        f"`python bench/teams_bench.py` ({time.strftime('%Y-%m-%d')}; Python {platform.python_version()}, "
        f"SciPy {scipy.__version__} / HiGHS, {os.cpu_count()} cores, {platform.machine()}). "
        f"Seeds 0–{args.seeds - 1} per size; ours and the LP: best of {args.repeat} runs; the MILP: one run "
        f"(time limit {args.milp_limit:.0f} s).",
        "",
        "*ours* = `formation.solve` (proven optimum or proven infeasible); *LP* = LP relaxation of the same "
        "model, whole, in HiGHS; *MILP* = the same model, whole, in HiGHS (`scipy.optimize.milp`). "
        "ours/LP is the ratio to the LP floor (target ≤ 3); MILP/ours is the speed-up (target ≥ 30). "
        "core / survivors: candidates in the column-generation LP / left after bound fixing. "
        "Parsing (JSON document to arrays) is common to all three and not in the times.",
        "",
        "| candidates | seed | team / required | status | fit | ours | LP | ours/LP | MILP | MILP/ours "
        "| core / survivors | parse |",
        "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [format_row(r) for r in rows]
    lines += ["", "## Summary per size", ""]
    lines += [
        "| candidates | ours (median / max) | ours/LP (max) | MILP/ours (min) |",
        "|---:|---:|---:|---:|",
    ]
    for n in sorted({r["n"] for r in rows}):
        rs = [r for r in rows if r["n"] == n]
        ours = [r["ours"] for r in rs]
        lp_ratio = max(r["ours"] / r["lp"] for r in rs)
        milp = [r["milp"] / r["ours"] for r in rs if r.get("milp") is not None]
        lines.append(
            f"| {n:,} | {ms(statistics.median(ours))} / {ms(max(ours))} | {lp_ratio:.2f} | "
            f"{f'{min(milp):.0f}×' if milp else '—'} |"
        )
    if any(r.get("disagree") for r in rows):
        lines += ["", "**Ours and the whole MILP disagree on at least one instance (see the table).**"]
    else:
        lines += ["", "Ours and the whole MILP agree on every instance where the MILP finished."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
