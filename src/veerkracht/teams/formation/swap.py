"""What a team would lose by swapping one member: the best one-for-one replacement (exact).

For a valid team T and a member m, a *swap* replaces m by one candidate c outside T such that
T − m + c still meets every requirement of the definition (hours, left out, locked in, skill counts,
organisation cap, distinct organisations, residents, the leader rule).  The best swap is the valid c
with the highest fit; the team then loses ``fit(m) − fit(c)``.  This is an exact answer to the
one-for-one question, found by checking every candidate (vectorised, O(n·K) per member); it is not
the best team without m, which may change more than one member (the service answers that question
apart by solving again with m left out).

Pure numpy; no Django.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .problem import Problem
from .reasons import reasons_of
from .solver import solve

#: Default budget (seconds) for solving again without each member.
WITHOUT_BUDGET = 4.0

LOCKED = "locked"  # m is locked in (include) or the appointed leader: no swap is considered
NONE = "none"  # no candidate outside the team can take m's place
FOUND = "found"


@dataclass(frozen=True)
class Swap:
    member: int
    status: str  # LOCKED | NONE | FOUND
    best: int | None = None  # candidate index of the best replacement
    loss: int | None = None  # fit(member) - fit(best): what the team loses (negative: gains)
    alternatives: int = 0  # how many candidates could take the place


def best_swaps(p: Problem, members: list[int]) -> list[Swap]:
    """The best one-for-one replacement for each member of the valid team ``members``."""
    team = np.zeros(p.n, dtype=bool)
    team[np.array(members, dtype=np.int64)] = True
    outside = p.eligible() & ~team
    org = p.organisation
    resident = org < 0
    need = p.counts
    counts = p.cover[team].sum(axis=0).astype(np.int64) if p.requirements else np.zeros(0, np.int64)
    n_orgs = len(p.organisation_names)
    per_org = np.bincount(org[team & ~resident], minlength=n_orgs) if n_orgs else np.zeros(0, np.int64)
    n_residents = int((team & resident).sum())
    locked = set(p.include) | ({p.leader} if p.leader is not None else set())
    cand = np.flatnonzero(outside)
    c_org = org[cand]
    c_res = c_org < 0

    out: list[Swap] = []
    for m in members:
        if m in locked:
            out.append(Swap(m, LOCKED))
            continue
        ok = np.ones(len(cand), dtype=bool)
        if p.requirements:
            ok &= ((counts - p.cover[m])[None, :] + p.cover[cand] >= need[None, :]).all(axis=1)
        after = per_org.copy()
        if org[m] >= 0:
            after[org[m]] -= 1
        if n_orgs:
            # organisation cap for the newcomer (residents are exempt)
            safe = np.where(c_res, 0, c_org)
            ok &= c_res | (after[safe] + 1 <= p.cap)
            distinct = int((after > 0).sum()) + (~c_res & (after[safe] == 0)).astype(np.int64)
        else:
            distinct = np.zeros(len(cand), dtype=np.int64)
        ok &= distinct >= p.min_organisations
        residents = n_residents - int(resident[m]) + c_res.astype(np.int64)
        ok &= residents >= p.min_residents
        if p.leader is None:
            others_lead = bool(p.can_lead[team].sum() - int(p.can_lead[m]) > 0)
            if not others_lead:
                ok &= p.can_lead[cand]
        valid = cand[ok]
        if len(valid) == 0:
            out.append(Swap(m, NONE))
            continue
        fits = p.fit[valid]
        best = int(valid[np.lexsort((valid, -fits))[0]])
        out.append(Swap(m, FOUND, best, int(p.fit[m] - p.fit[best]), int(len(valid))))
    return out


def explain_answer(
    problem: Problem, answer: dict[str, Any], *, budget: float = WITHOUT_BUDGET
) -> dict[str, Any]:
    """What the page needs beyond the solver's answer: for every member the best one-for-one swap
    (exact, by checking every candidate) and the best team without them (by solving again with the
    member left out, within ``budget`` seconds in all); for no team, the reasons with codes."""
    out: dict[str, Any] = {"swaps": {}, "without": {}, "reasons": [], "without_complete": True}
    if answer["status"] not in ("optimal", "feasible"):
        out["reasons"] = [{"code": r.code, "params": r.params, "text": r.text} for r in reasons_of(problem)]
        return out
    index = {cid: i for i, cid in enumerate(problem.ids)}
    members = [index[cid] for cid in answer["members"]]
    for swap in best_swaps(problem, members):
        out["swaps"][problem.ids[swap.member]] = {
            "status": swap.status,
            "best": None if swap.best is None else problem.ids[swap.best],
            "loss": swap.loss,
            "alternatives": swap.alternatives,
        }
    started = time.perf_counter()
    locked = set(problem.include) | ({problem.leader} if problem.leader is not None else set())
    for m in members:
        cid = problem.ids[m]
        if m in locked:
            out["without"][cid] = {"status": "locked"}
            continue
        left = budget - (time.perf_counter() - started)
        if left <= 0:
            out["without_complete"] = False
            continue
        sub = Problem(
            team_size=problem.team_size,
            requirements=problem.requirements,
            max_share_per_organisation=problem.max_share_per_organisation,
            cap=problem.cap,
            min_organisations=problem.min_organisations,
            min_residents=problem.min_residents,
            min_hours_per_week=problem.min_hours_per_week,
            leader=problem.leader,
            include=problem.include,
            exclude=sorted(set(problem.exclude) | {m}),
            ids=problem.ids,
            organisation_names=problem.organisation_names,
            organisation=problem.organisation,
            hours=problem.hours,
            can_lead=problem.can_lead,
            levels=problem.levels,
        )
        free = [i for i in members if i not in locked]
        result = solve(sub, time_limit=min(left, budget / max(1, len(free))))
        out["without"][cid] = {
            "status": result.status,
            "objective": result.objective,
            "loss": None
            if result.objective is None or answer["objective"] is None
            else answer["objective"] - result.objective,
            "joins": [problem.ids[i] for i in result.members if i not in members],
            "leaves": [problem.ids[i] for i in members if i not in result.members],
        }
    return out
