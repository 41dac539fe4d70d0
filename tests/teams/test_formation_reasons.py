"""Reasons for infeasibility: each names the requirement that alone rules every team out."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from veerkracht.teams.formation import form_team

from .naive import best_fit


def cand(cid: str, org: str | None, hours: float = 8, lead: bool = False, **skills: int) -> dict[str, Any]:
    return {"id": cid, "organisation": org, "hours_per_week": hours, "can_lead": lead,
            "skills": {k.replace("_", "-"): v for k, v in skills.items()}}  # fmt: skip


def base() -> dict[str, Any]:
    return {
        "team_size": 3,
        "required_skills": [{"skill": "data-analyse", "min_level": 3, "count": 1}],
        "max_share_per_organisation": 0.4,
        "min_organisations": 2,
        "min_residents": 0,
        "min_hours_per_week": 4,
        "leader": None,
        "include": [],
        "exclude": [],
        "candidates": [
            cand("p1", "gemeente-veerdam", lead=True, data_analyse=4),
            cand("p2", "gemeente-veerdam", co_design=2),
            cand("p3", "hogeschool", data_analyse=2),
            cand("p4", "zorggroep", lead=True, wijkkennis=3),
            cand("r1", None, ervaringsdeskundigheid=4),
        ],
    }


def reasons_of(doc: dict[str, Any]) -> list[str]:
    out = form_team(doc)
    assert out["status"] == "infeasible"
    assert out["members"] == [] and out["leader"] is None and out["objective"] is None
    assert best_fit(doc) is None  # the naive method agrees: there is no team
    return list(out["explanation"]["reasons"])


def test_base_problem_is_feasible() -> None:
    assert form_team(base())["status"] == "optimal"


def test_skill_with_too_few_candidates() -> None:
    doc = base()
    doc["required_skills"][0]["min_level"] = 5
    assert reasons_of(doc) == ["data-analyse: 0 candidates at level ≥ 5, 1 required"]


def test_skill_count_counts_only_eligible_candidates() -> None:
    doc = base()
    doc["exclude"] = ["p1"]
    assert reasons_of(doc) == ["data-analyse: 0 candidates at level ≥ 3, 1 required"]


def test_skill_held_only_within_one_organisation_beyond_its_cap() -> None:
    doc = base()
    doc["candidates"][1]["skills"]["data-analyse"] = 5
    doc["required_skills"][0]["count"] = 2  # both holders are in gemeente-veerdam: at most 1 of 3
    (reason,) = reasons_of(doc)
    assert reason.startswith("data-analyse: 2 candidates at level ≥ 3, but at most 1 can join")


def test_locked_in_members_beyond_the_organisation_cap() -> None:
    doc = base()
    doc["team_size"] = 7
    doc["candidates"] += [cand(f"v{i}", "gemeente-veerdam") for i in range(3)] + [
        cand(f"x{i}", f"org-{i}") for i in range(4)
    ]
    doc["include"] = ["p1", "p2", "v0"]
    assert "gemeente-veerdam: at most 2 of 7 (3 locked in)" in reasons_of(doc)


def test_cap_leaves_too_few_places() -> None:
    doc = base()
    doc["team_size"] = 7
    doc["min_organisations"] = 0
    doc["required_skills"] = []
    doc["candidates"] = [cand(f"g{i}", "gemeente-veerdam", lead=True) for i in range(8)]
    reasons = reasons_of(doc)
    assert reasons[0] == "gemeente-veerdam: at most 2 of 7"
    assert "fill at most 2 places" in reasons[1]


def test_team_larger_than_the_pool() -> None:
    doc = base()
    doc["team_size"] = 6
    doc["max_share_per_organisation"] = 1.0
    assert "team_size: 5 eligible candidates, 6 required" in reasons_of(doc)


def test_too_few_residents_and_organisations() -> None:
    doc = base()
    doc["min_residents"] = 2
    assert reasons_of(doc) == ["min_residents: 1 eligible resident, 2 required"]
    doc = base()
    doc["min_organisations"] = 4
    doc["team_size"] = 4
    doc["max_share_per_organisation"] = 1.0
    assert reasons_of(doc) == ["min_organisations: 3 organisations with eligible candidates, 4 required"]


def test_no_one_can_lead() -> None:
    doc = base()
    for c in doc["candidates"]:
        c["can_lead"] = False
    assert reasons_of(doc) == ["leader: no eligible candidate can lead"]


def test_locked_in_member_left_out_or_without_hours() -> None:
    doc = base()
    doc["include"] = ["p3"]
    doc["exclude"] = ["p3"]
    assert "p3: locked in and left out" in reasons_of(doc)
    doc = base()
    doc["candidates"][3]["hours_per_week"] = 2
    doc["leader"] = "p4"
    assert reasons_of(doc) == ["leader p4: 2 hours per week, at least 4 required"]


def test_requirements_only_together() -> None:
    """Each requirement alone can be met, together they cannot: a combined reason."""
    doc = base()
    doc["min_residents"] = 1
    doc["required_skills"].append({"skill": "wijkkennis", "min_level": 3, "count": 1})
    doc["team_size"] = 2
    doc["max_share_per_organisation"] = 0.5
    doc["min_organisations"] = 1
    # two places: p1 (the only data-analyse), then p4 (wijkkennis) or r1 (resident), not both
    for single in (["min_residents"], ["wijkkennis"]):
        relaxed = copy.deepcopy(doc)
        if single == ["min_residents"]:
            relaxed["min_residents"] = 0
        else:
            relaxed["required_skills"].pop()
        assert form_team(relaxed)["status"] == "optimal"
    (reason,) = reasons_of(doc)
    assert reason.startswith("no team meets all requirements together")


@pytest.mark.parametrize("share,size,cap", [(0.4, 7, 2), (0.57, 100, 57), (0.3, 10, 3), (0.1, 3, 0)])
def test_cap_is_floor_of_the_share_as_written(share: float, size: int, cap: int) -> None:
    from veerkracht.teams.formation.problem import organisation_cap

    assert organisation_cap(share, size) == cap
