"""Reasons why no team exists, each one a requirement that *alone* rules every team out.

Every reason is a proof of infeasibility on its own (a necessary condition that fails), so the
solver may stop as soon as one is found.  When no single requirement is to blame but the exact
solver finds no team, the solver reports ``COMBINED`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .problem import Problem

COMBINED = "no team meets all requirements together (each requirement alone can be met)"


@dataclass(frozen=True)
class Reason:
    """One reason, as text (the ``form_team`` output) and as a code with parameters (for pages that
    say it in plain Dutch or English)."""

    code: str
    params: dict[str, Any]
    text: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def infeasibility_reasons(p: Problem) -> list[str]:
    return [r.text for r in reasons_of(p)]


def reasons_of(p: Problem) -> list[Reason]:
    """Every requirement that alone rules out every team (empty when none does)."""
    reasons: list[Reason] = []

    def add(code: str, text: str, **params: Any) -> None:
        reasons.append(Reason(code, params, text))

    T = p.team_size
    C = p.cap
    forced = p.forced()
    excluded = set(p.exclude)
    enough_hours = p.hours >= p.min_hours_per_week

    # locked-in members (include, appointed leader) must be able to be members
    for i in forced:
        label = f"leader {p.ids[i]}" if i == p.leader and i not in p.include else p.ids[i]
        if i in excluded:
            add("locked_and_left_out", f"{label}: locked in and left out", who=p.ids[i])
        if not enough_hours[i]:
            add(
                "locked_too_few_hours",
                f"{label}: {p.hours[i]:g} hours per week, at least {p.min_hours_per_week:g} required",
                who=p.ids[i],
                hours=float(p.hours[i]),
                required=p.min_hours_per_week,
            )
    if len(forced) > T:
        add(
            "too_many_locked",
            f"include: {len(forced)} members locked in, team of {T}",
            locked=len(forced),
            size=T,
        )

    f = np.array(forced, dtype=np.int64)
    n_orgs = len(p.organisation_names)
    org = p.organisation
    forced_per_org = np.bincount(org[f][org[f] >= 0], minlength=n_orgs) if n_orgs else np.zeros(0, int)
    for o in np.flatnonzero(forced_per_org > C):
        add(
            "org_locked_over_cap",
            f"{p.organisation_names[o]}: at most {C} of {T} ({int(forced_per_org[o])} locked in)",
            organisation=p.organisation_names[o],
            cap=C,
            size=T,
            locked=int(forced_per_org[o]),
        )

    # who can still join (besides the locked-in members)
    free = p.eligible()
    free[f] = False
    cap_left = np.maximum(0, C - forced_per_org)
    resident = org < 0

    def capped(mask: np.ndarray) -> int:
        """How many of ``mask`` (free candidates) one team can hold under the organisation cap."""
        m = mask & free
        per_org = np.bincount(org[m & ~resident], minlength=n_orgs) if n_orgs else np.zeros(0, int)
        return int(np.minimum(per_org, cap_left).sum()) + int((m & resident).sum())

    n_free = int(free.sum())
    if len(forced) <= T and n_free + len(forced) < T:
        add(
            "too_few_candidates",
            f"team_size: {n_free + len(forced)} eligible candidates, {T} required",
            eligible=n_free + len(forced),
            size=T,
        )
    elif len(forced) <= T and capped(np.ones(p.n, bool)) + len(forced) < T:
        places = capped(np.ones(p.n, bool)) + len(forced)
        per_org = np.bincount(org[free & ~resident], minlength=n_orgs) if n_orgs else np.zeros(0, int)
        over = np.flatnonzero(per_org + forced_per_org > C)
        over = over[np.argsort(-(per_org + forced_per_org)[over], kind="stable")]
        for o in over[:5]:
            add(
                "org_cap",
                f"{p.organisation_names[o]}: at most {C} of {T}",
                organisation=p.organisation_names[o],
                cap=C,
                size=T,
            )
        add(
            "share_fills_too_few",
            f"max_share_per_organisation: at most {C} of {T} per organisation, "
            f"the eligible candidates fill at most {places} places",
            cap=C,
            size=T,
            places=places,
        )

    for k, req in enumerate(p.requirements):
        if req.count == 0:
            continue
        if req.count > T:
            add(
                "skill_count_over_size",
                f"{req.skill}: {req.count} required, team of {T}",
                skill=req.skill,
                count=req.count,
                size=T,
            )
            continue
        cov = p.cover[:, k]
        n_cov = int((cov & free).sum()) + int(cov[f].sum())
        if n_cov < req.count:
            add(
                "skill_too_few",
                f"{req.skill}: {n_cov} candidates at level ≥ {req.min_level}, {req.count} required",
                skill=req.skill,
                available=n_cov,
                level=req.min_level,
                count=req.count,
            )
            continue
        reachable = capped(cov) + int(cov[f].sum())
        if reachable < req.count:
            add(
                "skill_capped",
                f"{req.skill}: {n_cov} candidates at level ≥ {req.min_level}, but at most {reachable} "
                f"can join one team (at most {C} of {T} per organisation), {req.count} required",
                skill=req.skill,
                available=n_cov,
                level=req.min_level,
                reachable=reachable,
                cap=C,
                size=T,
                count=req.count,
            )

    R = p.min_residents
    if R > 0:
        n_res = int((resident & free).sum()) + int(resident[f].sum())
        if R > T:
            add("residents_over_size", f"min_residents: {R} required, team of {T}", required=R, size=T)
        elif n_res < R:
            add(
                "residents_too_few",
                f"min_residents: {_plural(n_res, 'eligible resident')}, {R} required",
                available=n_res,
                required=R,
            )

    M = p.min_organisations
    if M > 0:
        usable = free & ~resident
        usable[~resident] &= cap_left[org[~resident]] > 0 if n_orgs else False
        orgs = set(org[usable].tolist()) | set(org[f][org[f] >= 0].tolist())
        if M > T:
            add(
                "organisations_over_size", f"min_organisations: {M} required, team of {T}", required=M, size=T
            )
        elif len(orgs) < M:
            extra = f" (at most {C} of {T} per organisation)" if C == 0 else ""
            add(
                "organisations_too_few",
                f"min_organisations: {_plural(len(orgs), 'organisation')} with eligible candidates"
                f"{extra}, {M} required",
                available=len(orgs),
                required=M,
            )

    if p.leader is None and not p.can_lead[f].any() and not (p.can_lead & free).any():
        add("no_leader", "leader: no eligible candidate can lead")
    return reasons
