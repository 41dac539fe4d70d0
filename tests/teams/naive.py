"""A second, naive exact method for team formation, written from docs/teams/formation.md alone.

It enumerates every subset of ``team_size`` candidates and checks the definition literally on the
problem document; it shares no code with ``veerkracht.teams.formation``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from typing import Any


def fit_of(doc: dict[str, Any], cand: dict[str, Any]) -> int:
    return sum(int(cand["skills"].get(r["skill"], 0)) for r in doc["required_skills"])


def team_ok(doc: dict[str, Any], team: list[dict[str, Any]], leader: str | None) -> bool:
    """Does ``team`` (candidate dicts) with ``leader`` (an id) meet every rule of the definition?"""
    ids = [c["id"] for c in team]
    if len(set(ids)) != doc["team_size"] or len(ids) != doc["team_size"]:
        return False
    if any(c["hours_per_week"] < doc["min_hours_per_week"] for c in team):
        return False
    if any(i in doc["exclude"] for i in ids) or any(i not in ids for i in doc["include"]):
        return False
    by_id = {c["id"]: c for c in team}
    if leader is None or leader not in by_id:
        return False
    if doc["leader"] is not None:
        if leader != doc["leader"]:
            return False
    elif not by_id[leader]["can_lead"]:
        return False
    for r in doc["required_skills"]:
        if sum(1 for c in team if c["skills"].get(r["skill"], 0) >= r["min_level"]) < r["count"]:
            return False
    cap = math.floor(Fraction(str(doc["max_share_per_organisation"])) * doc["team_size"])
    orgs: dict[str, int] = {}
    for c in team:
        if c["organisation"] is not None:
            orgs[c["organisation"]] = orgs.get(c["organisation"], 0) + 1
    if any(n > cap for n in orgs.values()):
        return False
    if len(orgs) < doc["min_organisations"]:
        return False
    return sum(1 for c in team if c["organisation"] is None) >= doc["min_residents"]


def best_fit(doc: dict[str, Any]) -> int | None:
    """The largest team fit, or None when no team exists (brute force over all subsets)."""
    best = None
    for team in combinations(doc["candidates"], doc["team_size"]):
        leaders = [doc["leader"]] if doc["leader"] is not None else [c["id"] for c in team if c["can_lead"]]
        if not leaders or not team_ok(doc, list(team), leaders[0]):
            continue
        value = sum(fit_of(doc, c) for c in team)
        if best is None or value > best:
            best = value
    return best
