"""The solver against brute force, and its properties (hypothesis).  No database."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from veerkracht.teams.formation import form_team, parse_problem, solve
from veerkracht.teams.formation import solver as solver_module
from veerkracht.testing.formation_problems import generate

from .naive import best_fit, fit_of, team_ok
from .strategies import candidates, problems

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(params=["direct", "column-generation"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test through both solver paths: the small-pool MILP and the reduction pipeline."""
    if request.param == "column-generation":
        monkeypatch.setattr(solver_module, "SMALL_POOL", 0)
    return str(request.param)


def check_answer(doc: dict[str, Any], out: dict[str, Any]) -> None:
    """The answer agrees with brute force and its team meets every rule (checked naively)."""
    best = best_fit(doc)
    if best is None:
        assert out["status"] == "infeasible"
        assert out["members"] == [] and out["objective"] is None
        assert out["explanation"]["reasons"], "an infeasible answer gives reasons"
        return
    assert out["status"] == "optimal"
    team = [c for c in doc["candidates"] if c["id"] in out["members"]]
    assert len(team) == len(out["members"])
    assert team_ok(doc, team, out["leader"])
    assert out["objective"] == sum(fit_of(doc, c) for c in team) == best
    assert out["explanation"]["reasons"] == []


@SETTINGS
@given(doc=problems())
def test_matches_brute_force_direct(doc: dict[str, Any]) -> None:
    check_answer(doc, form_team(doc))


@SETTINGS
@given(doc=problems(easy=True))
def test_matches_brute_force_mostly_feasible(doc: dict[str, Any]) -> None:
    check_answer(doc, form_team(doc))


@SETTINGS
@given(doc=st.one_of(problems(), problems(easy=True)))
def test_matches_brute_force_column_generation(doc: dict[str, Any]) -> None:
    old = solver_module.SMALL_POOL
    solver_module.SMALL_POOL = 0
    try:
        check_answer(doc, form_team(doc))
    finally:
        solver_module.SMALL_POOL = old


@SETTINGS
@given(doc=problems(easy=True), data=st.data())
def test_locking_in_a_member_of_an_optimal_team_keeps_the_optimum(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    out = form_team(doc)
    assume(out["status"] == "optimal")
    member = data.draw(st.sampled_from(out["members"]))
    locked = copy.deepcopy(doc)
    if member not in locked["include"]:
        locked["include"].append(member)
    again = form_team(locked)
    assert again["status"] == "optimal"
    assert again["objective"] == out["objective"]
    assert member in again["members"]


@SETTINGS
@given(doc=problems(max_candidates=8, easy=True), data=st.data())
def test_adding_a_candidate_never_lowers_the_optimum(doc: dict[str, Any], data: st.DataObject) -> None:
    out = form_team(doc)
    extra = data.draw(candidates(1, start=100))
    bigger = copy.deepcopy(doc)
    bigger["candidates"] += extra
    again = form_team(bigger)
    if out["status"] == "optimal":
        assert again["status"] == "optimal"
        assert again["objective"] >= out["objective"]
    check_answer(bigger, again)


@pytest.mark.parametrize("seed", range(6))
def test_generated_pools_against_the_plain_milp(seed: int, path: str) -> None:
    """Larger generated pools (beyond brute force): the same optimum as HiGHS on the whole model."""
    from veerkracht.teams.formation.highs import solve_milp
    from veerkracht.teams.formation.model import build_model, reduce_problem

    doc = generate(400 + 300 * seed, seed, n_orgs=40)
    for r in doc["required_skills"]:  # keep most of them feasible
        r["min_level"] = min(r["min_level"], 3)
    p = parse_problem(doc)
    result = solve(p)
    res = reduce_problem(p)
    reference = solve_milp(build_model(res))
    if reference.value is None:
        assert result.status == "infeasible"
    else:
        assert result.status == "optimal"
        assert result.objective == round(reference.value) + res.base
        team = [c for c in doc["candidates"] if c["id"] in {p.ids[i] for i in result.members}]
        assert team_ok(doc, team, p.ids[result.leader])


def test_known_answer_by_hand() -> None:
    """Worked by hand: cap 1 of 3 forbids both a-members; the resident must join."""
    doc = {
        "team_size": 3,
        "required_skills": [{"skill": "data-analyse", "min_level": 3, "count": 1}],
        "max_share_per_organisation": 0.4,
        "min_organisations": 2,
        "min_residents": 1,
        "min_hours_per_week": 4,
        "leader": None,
        "include": [],
        "exclude": [],
        "candidates": [
            {
                "id": "a1",
                "organisation": "a",
                "hours_per_week": 8,
                "can_lead": True,
                "skills": {"data-analyse": 5},
            },
            {
                "id": "a2",
                "organisation": "a",
                "hours_per_week": 8,
                "can_lead": False,
                "skills": {"data-analyse": 4},
            },
            {
                "id": "b1",
                "organisation": "b",
                "hours_per_week": 8,
                "can_lead": False,
                "skills": {"data-analyse": 2},
            },
            {
                "id": "b2",
                "organisation": "b",
                "hours_per_week": 2,
                "can_lead": True,
                "skills": {"data-analyse": 5},
            },
            {
                "id": "r1",
                "organisation": None,
                "hours_per_week": 4,
                "can_lead": False,
                "skills": {"data-analyse": 1},
            },
            {"id": "r2", "organisation": None, "hours_per_week": 4, "can_lead": False, "skills": {}},
        ],
    }
    out = form_team(doc)
    assert out["status"] == "optimal"
    assert sorted(out["members"]) == ["a1", "b1", "r1"]
    assert out["leader"] == "a1"
    assert out["objective"] == 5 + 2 + 1
    assert out["explanation"]["skills"] == {"data-analyse": {"required": 1, "covered_by": ["a1"]}}
    assert out["explanation"]["organisations"] == {"a": 1, "b": 1}
    assert out["explanation"]["residents"] == 1


def test_time_limit_still_returns_a_valid_answer() -> None:
    doc = generate(3000, 4)
    out = form_team(doc, time_limit=0.0)
    assert out["status"] in {"optimal", "feasible", "infeasible", "unknown"}
    if out["status"] in {"optimal", "feasible"}:
        team = [c for c in doc["candidates"] if c["id"] in out["members"]]
        assert team_ok(doc, team, out["leader"])
