"""The exact solver: reduce the pool to a small core, then prove the optimum there.

1. Reasons: requirements that alone rule out every team (``reasons.py``) -> infeasible at once.
2. Lock in ``include`` and the leader (``model.reduce_problem``).
3. Column generation for the LP relaxation: solve the LP on a small core with HiGHS, price the whole
   pool with the Lagrangian greedy (``bounds.py``, vectorised numpy), add the candidates it prefers,
   repeat until the pool offers no better bound.
4. Incumbent: the MILP restricted to the core (HiGHS) gives a good team of fit LB.
5. Bound fixing: a candidate whose Lagrangian bound L_i < LB + 1 can only be in teams of fit <= LB
   (fits are integers), so it is dropped.  If every survivor is in the core, LB is optimal.
6. Otherwise: dominance reduction on the survivors (``dominance.py``) and the MILP on them.
Every step keeps at least one optimal team (proofs in docs/adr/0004-team-formation.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .bounds import Evaluator, Multipliers
from .check import violations
from .dominance import dominance_prune
from .highs import MILPResult, solve_lp, solve_milp
from .model import Residual, build_model, reduce_problem
from .problem import IntArray, Problem
from .reasons import COMBINED, infeasibility_reasons

EPS = 1e-6  # float guard on bounds: L_i < LB + 1 - EPS proves "no better team with i"
SMALL_POOL = 150  # below this, the MILP on the (dominance-reduced) pool is solved directly
MAX_ROUNDS = 30

OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
UNKNOWN = "unknown"  # time limit reached before any team was found


@dataclass
class Result:
    status: str
    members: list[int]  # candidate indices, input order
    leader: int | None
    objective: int | None
    reasons: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, p: Problem) -> dict[str, Any]:
        """The ``form_team`` output document (docs/teams/formation.md)."""
        members = self.members
        skills = {
            req.skill: {
                "required": req.count,
                "covered_by": [p.ids[i] for i in members if p.levels[i, k] >= req.min_level],
            }
            for k, req in enumerate(p.requirements)
        }
        orgs: dict[str, int] = {}
        for i in members:
            o = int(p.organisation[i])
            if o >= 0:
                name = p.organisation_names[o]
                orgs[name] = orgs.get(name, 0) + 1
        return {
            "status": self.status,
            "members": [p.ids[i] for i in members],
            "leader": None if self.leader is None else p.ids[self.leader],
            "objective": self.objective,
            "explanation": {
                "skills": skills,
                "organisations": orgs,
                "residents": sum(1 for i in members if p.organisation[i] < 0),
                "reasons": list(self.reasons),
            },
        }


class _Clock:
    def __init__(self, limit: float | None) -> None:
        self.start = time.perf_counter()
        self.deadline = None if limit is None else self.start + limit

    def left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.perf_counter()

    def out(self) -> bool:
        left = self.left()
        return left is not None and left <= 0

    def elapsed(self) -> float:
        return time.perf_counter() - self.start


def _team(p: Problem, res: Residual, chosen: IntArray | list[int]) -> tuple[list[int], int | None]:
    members = sorted(set(res.forced) | {int(i) for i in chosen})
    if p.leader is not None:
        return members, p.leader
    leaders = [i for i in members if p.can_lead[i]]
    leader = min(leaders, key=lambda i: (-int(p.fit[i]), i)) if leaders else None
    return members, leader


def _top(ev: Evaluator, mask: np.ndarray, m: int, w: np.ndarray) -> IntArray:
    """Positions of up to ``m`` candidates of ``mask`` with the highest ``w``, capped per organisation."""
    pos = np.flatnonzero(mask)
    if len(pos) > 4 * m:
        pos = pos[np.argpartition(-w[pos], 4 * m - 1)[: 4 * m]]
    pos = pos[np.lexsort((pos, -w[pos]))]
    out: list[int] = []
    used: dict[int, int] = {}
    for q in pos.tolist():
        o = int(ev.org[q])
        if o >= 0:
            if used.get(o, 0) >= ev.cap[q]:
                continue
            used[o] = used.get(o, 0) + 1
        out.append(q)
        if len(out) >= m:
            break
    return np.array(out, dtype=np.int64)


def _initial_core(ev: Evaluator, res: Residual, scale: int) -> IntArray:
    places = res.places
    w = ev.fit
    parts = [
        ev.bound(Multipliers.zero(len(res.need))).chosen,
        _top(ev, np.ones(len(w), bool), scale * places, w),
    ]
    for k in np.flatnonzero(res.need > 0):
        parts.append(_top(ev, ev.cover[:, k] > 0, scale * (int(res.need[k]) + places), w))
    if res.leader_needed:
        parts.append(_top(ev, ev.lead > 0, scale * places, w))
    if res.residents_needed:
        parts.append(_top(ev, ev.resident, scale * (res.residents_needed + places), w))
    if res.orgs_needed:
        # the best member of many organisations
        order = np.lexsort((np.arange(len(w)), -w))
        seen: dict[int, int] = {}
        for q in order.tolist():
            o = int(ev.org[q])
            if o >= 0 and o not in seen:
                seen[o] = q
                if len(seen) >= scale * (res.orgs_needed + places):
                    break
        parts.append(np.array(list(seen.values()), dtype=np.int64))
    return np.unique(np.concatenate(parts)).astype(np.int64)


def solve(p: Problem, *, time_limit: float | None = None) -> Result:
    """A proven-optimal team (status "optimal"), a team found within ``time_limit`` ("feasible"),
    or "infeasible" with reasons."""
    clock = _Clock(time_limit)
    stats: dict[str, Any] = {"candidates": p.n}
    reasons = infeasibility_reasons(p)
    if reasons:
        return Result(INFEASIBLE, [], None, None, reasons, stats)
    res = reduce_problem(p)
    stats["pool"] = len(res.pool)
    result = _solve_residual(p, res, clock, stats)
    if result.status in (OPTIMAL, FEASIBLE):
        problems = violations(p, result.members, result.leader)
        if problems:  # pragma: no cover - a guard, never expected
            raise AssertionError(f"solver produced an invalid team: {problems}")
    stats["seconds"] = clock.elapsed()
    return result


def _integral_team(
    p: Problem, res: Residual, idx: IntArray, x: np.ndarray | None
) -> tuple[IntArray, float] | None:
    """The LP solution as a team, when it is integral and meets every requirement."""
    if x is None:
        return None
    x = x[: len(idx)]
    if not np.all(np.minimum(np.abs(x), np.abs(1 - x)) < 1e-7):
        return None
    chosen = idx[x > 0.5]
    members, leader = _team(p, res, chosen)
    if violations(p, members, leader):
        return None
    return chosen, float(p.fit[members].sum())


def _milp(res: Residual, idx: IntArray, clock: _Clock) -> MILPResult:
    """The MILP on candidates ``idx``; its value counts the locked-in members too."""
    r = solve_milp(build_model(res, idx), time_limit=clock.left())
    if r.value is not None:
        r.value += res.base
    return r


def _finish(
    p: Problem, res: Residual, chosen: IntArray | list[int], value: float, status: str, stats: dict[str, Any]
) -> Result:
    members, leader = _team(p, res, chosen)
    objective = int(p.fit[members].sum())
    if abs(objective - value) > 1e-6 * max(1.0, abs(value)):  # pragma: no cover - a guard
        raise AssertionError(f"objective {objective} differs from the solver's value {value}")
    return Result(status, members, leader, objective, [], stats)


def _infeasible(stats: dict[str, Any]) -> Result:
    return Result(INFEASIBLE, [], None, None, [COMBINED], stats)


def _solve_residual(p: Problem, res: Residual, clock: _Clock, stats: dict[str, Any]) -> Result:
    if res.places == 0:
        if violations(p, *_team(p, res, [])):
            return _infeasible(stats)
        return _finish(p, res, [], res.base, OPTIMAL, stats)

    if len(res.pool) <= SMALL_POOL:
        pool = dominance_prune(res, res.pool)
        stats["core"] = len(pool)
        return _exact(p, res, pool, clock, stats, incumbent=None)

    ev = Evaluator(res)
    # the LP on the core is elastic (a shortfall on a ">=" row costs more than any team is worth), so
    # it stays feasible; its duals still give valid multipliers for the bound on the whole pool.
    penalty = float(res.places * (int(ev.fit.max()) + 1) + 1)
    scale = 2
    core = _initial_core(ev, res, scale)
    lp_value = np.nan
    mult: Multipliers | None = None
    bound = None
    incumbent: tuple[IntArray, float] | None = None
    rounds = 0
    while True:
        rounds += 1
        model = build_model(res, ev.idx[core], elastic=penalty)
        lp = solve_lp(model, len(p.requirements), time_limit=clock.left())
        if lp.status == "infeasible":
            if len(core) == len(ev.idx):
                return _infeasible(stats)
            scale *= 4
            bigger = _initial_core(ev, res, scale)
            core = np.union1d(core, bigger)
            if scale > 4 * len(ev.idx):
                core = np.arange(len(ev.idx))
            continue
        if lp.status != "optimal" or lp.multipliers is None:
            break  # time limit
        mult = lp.multipliers
        lp_value = lp.value
        bound = ev.bound(mult)
        # the LP optimum on the core is often integral: then it is a team (an incumbent)
        team = _integral_team(p, res, ev.idx[core], lp.x)
        if team is not None and (incumbent is None or team[1] > incumbent[1]):
            incumbent = team
        if incumbent is not None and bound.value < incumbent[1] + 1 - EPS:
            break
        new = np.setdiff1d(bound.chosen, core)
        if rounds >= MAX_ROUNDS or clock.out():
            break
        if bound.value <= lp_value + 1e-7 or len(new) == 0:
            short = lp.x is not None and model.n_slack and float(lp.x[-model.n_slack :].sum()) > 1e-9
            if short and bound.value >= res.base - EPS and penalty < 1e12:
                # the LP on the whole pool falls short of a row: raise the price of a shortfall until
                # the bound proves that no team exists (or the shortfall disappears)
                penalty *= 1000.0
                continue
            break
        core = np.union1d(core, new)
    stats.update(
        rounds=rounds, core=len(core), lp_core=lp_value, bound=None if bound is None else bound.value
    )
    if bound is None or mult is None:  # time limit during the LP
        return _exact(p, res, res.pool, clock, stats, incumbent=None)
    if bound.value < res.base - EPS:
        # every team has fit >= base, and every team has fit <= bound: there is no team
        return _infeasible(stats)

    if incumbent is not None and bound.value < incumbent[1] + 1 - EPS:
        stats["survivors"] = 0
        return _finish(p, res, incumbent[0], incumbent[1], OPTIMAL, stats)

    # Staged bound fixing: look for a team of fit >= target among the candidates whose bound
    # reaches target.  A team found there with fit >= target is optimal (every better team has all
    # its members in that set); otherwise its fit becomes the incumbent and the target drops.
    top = float(np.floor(bound.value + EPS))
    target = top if incumbent is None else max(top, incumbent[1] + 1)
    step = 1.0
    while True:
        if incumbent is not None:
            target = min(target, incumbent[1] + 1)
        everyone = not np.isfinite(target)
        surv = np.arange(len(ev.idx)) if everyone else np.flatnonzero(bound.per_candidate >= target - EPS)
        cand = ev.idx[surv]
        stats["survivors"] = len(cand)
        if len(cand) > 2 * res.places:
            cand = dominance_prune(res, cand)
        stats["after_dominance"] = len(cand)
        idx = cand if incumbent is None else np.union1d(cand, incumbent[0])
        r = _milp(res, idx, clock)
        if r.chosen is not None and r.value is not None and (incumbent is None or r.value > incumbent[1]):
            incumbent = (r.chosen, r.value)
        if not r.proven:  # time limit
            if incumbent is None:
                return Result(UNKNOWN, [], None, None, ["time limit reached before a team was found"], stats)
            return _finish(p, res, incumbent[0], incumbent[1], FEASIBLE, stats)
        if incumbent is not None and incumbent[1] >= target - EPS:
            return _finish(p, res, incumbent[0], incumbent[1], OPTIMAL, stats)
        if everyone:
            if incumbent is None:
                return _infeasible(stats)
            return _finish(p, res, incumbent[0], incumbent[1], OPTIMAL, stats)
        if incumbent is None:
            target -= step
            step *= 4
            if step > 64:
                target = -np.inf


def _exact(
    p: Problem,
    res: Residual,
    cand: IntArray,
    clock: _Clock,
    stats: dict[str, Any],
    incumbent: tuple[IntArray, float] | None,
) -> Result:
    """Optimum over ``cand`` (plus the incumbent's members), compared with the incumbent."""
    idx = cand if incumbent is None else np.union1d(cand, incumbent[0])
    r = _milp(res, idx, clock)
    best = incumbent
    if r.chosen is not None and r.value is not None and (best is None or r.value > best[1]):
        best = (r.chosen, r.value)
    if best is None:
        if r.status == "infeasible":
            return _infeasible(stats)
        return Result(UNKNOWN, [], None, None, ["time limit reached before a team was found"], stats)
    return _finish(p, res, best[0], best[1], OPTIMAL if r.proven else FEASIBLE, stats)
