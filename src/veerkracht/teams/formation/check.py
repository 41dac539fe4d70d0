"""Check a team against every requirement of the definition (used as a last guard by the solver)."""

from __future__ import annotations

from collections import Counter

from .problem import Problem


def violations(p: Problem, members: list[int], leader: int | None) -> list[str]:
    out: list[str] = []
    ms = set(members)
    if len(ms) != len(members) or len(members) != p.team_size:
        out.append(f"team of {len(ms)} distinct members, {p.team_size} required")
    for i in members:
        if p.hours[i] < p.min_hours_per_week:
            out.append(f"{p.ids[i]}: too few hours")
    for i in p.exclude:
        if i in ms:
            out.append(f"{p.ids[i]}: left out but a member")
    for i in p.include:
        if i not in ms:
            out.append(f"{p.ids[i]}: locked in but not a member")
    if leader is None or leader not in ms:
        out.append("leader: not a member")
    elif p.leader is not None and leader != p.leader:
        out.append("leader: not the appointed leader")
    elif p.leader is None and not p.can_lead[leader]:
        out.append("leader: cannot lead")
    for k, req in enumerate(p.requirements):
        n = sum(1 for i in members if p.levels[i, k] >= req.min_level)
        if n < req.count:
            out.append(f"{req.skill}: {n} of {req.count}")
    orgs = Counter(int(p.organisation[i]) for i in members if p.organisation[i] >= 0)
    for o, n in orgs.items():
        if n > p.cap:
            out.append(f"{p.organisation_names[o]}: {n} > {p.cap}")
    if len(orgs) < p.min_organisations:
        out.append("too few organisations")
    if sum(1 for i in members if p.organisation[i] < 0) < p.min_residents:
        out.append("too few residents")
    return out
