"""The swap explanation against brute force (small pools), and the suggested needs (pure)."""

from __future__ import annotations

import random
from itertools import combinations

import pytest

from veerkracht.teams.formation import parse_problem, solve
from veerkracht.teams.formation.swap import FOUND, LOCKED, NONE, best_swaps
from veerkracht.teams.formation.swap import explain_answer as explain
from veerkracht.teams.suggestions import suggest

from .naive import best_fit, fit_of, team_ok

SKILLS = ["data-analyse", "wijkkennis", "co-design"]


def random_doc(seed: int) -> dict:
    rng = random.Random(seed)
    n = rng.randint(6, 9)
    size = rng.randint(2, 4)
    orgs = ["a", "b", "c", None]
    candidates = [
        {
            "id": f"c{i}",
            "organisation": rng.choice(orgs),
            "hours_per_week": rng.choice([2, 4, 8]),
            "can_lead": rng.random() < 0.5,
            "skills": {s: rng.randint(0, 5) for s in SKILLS if rng.random() < 0.7},
        }
        for i in range(n)
    ]
    return {
        "team_size": size,
        "required_skills": [
            {"skill": s, "min_level": rng.randint(1, 4), "count": rng.randint(0, 2)} for s in SKILLS[:2]
        ]
        + [{"skill": "co-design", "min_level": 1, "count": 0}],
        "max_share_per_organisation": rng.choice([0.5, 0.67, 1.0]),
        "min_organisations": rng.randint(0, 2),
        "min_residents": rng.randint(0, 1),
        "min_hours_per_week": 4,
        "leader": None,
        "include": [],
        "exclude": [],
        "candidates": candidates,
    }


def brute_swap(doc: dict, members: list[str], m: str) -> tuple[str, int | None]:
    """Best one-for-one replacement of ``m`` by enumeration with the naive checker."""
    by_id = {c["id"]: c for c in doc["candidates"]}
    best = None
    for c in doc["candidates"]:
        if c["id"] in members:
            continue
        team = [by_id[i] for i in members if i != m] + [c]
        leaders = [doc["leader"]] if doc["leader"] else [x["id"] for x in team if x["can_lead"]]
        if any(team_ok(doc, team, ld) for ld in leaders[:1]):
            value = fit_of(doc, c)
            best = value if best is None or value > best else best
    if best is None:
        return NONE, None
    return FOUND, fit_of(doc, by_id[m]) - best


@pytest.mark.parametrize("seed", range(60))
def test_best_swap_matches_brute_force(seed: int) -> None:
    doc = random_doc(seed)
    p = parse_problem(doc)
    result = solve(p)
    if result.status != "optimal":
        assert best_fit(doc) is None
        return
    members = [p.ids[i] for i in result.members]
    for swap in best_swaps(p, result.members):
        status, loss = brute_swap(doc, members, p.ids[swap.member])
        assert swap.status == status
        assert swap.loss == loss
        if swap.status == FOUND:  # the named replacement really gives a valid team of that fit
            team = [c for c in doc["candidates"] if c["id"] in members and c["id"] != p.ids[swap.member]]
            team.append(doc["candidates"][swap.best])
            assert any(team_ok(doc, team, c["id"]) for c in team if c["can_lead"])


@pytest.mark.parametrize("seed", range(25))
def test_best_team_without_a_member_matches_brute_force(seed: int) -> None:
    doc = random_doc(seed + 1000)
    p = parse_problem(doc)
    answer = solve(p).to_dict(p)
    if answer["status"] != "optimal":
        return
    extra = explain(p, answer, budget=30)
    for cid in answer["members"]:
        without = extra["without"][cid]
        expected = best_fit({**doc, "exclude": [cid]})
        assert without["objective"] == expected
        if expected is not None:
            assert without["loss"] == answer["objective"] - expected >= 0


def test_locked_members_are_not_swapped() -> None:
    doc = random_doc(3)
    p0 = parse_problem(doc)
    r0 = solve(p0)
    assert r0.status == "optimal"
    locked = p0.ids[r0.members[0]]
    p = parse_problem({**doc, "include": [locked]})
    r = solve(p)
    swaps = {p.ids[s.member]: s for s in best_swaps(p, r.members)}
    assert swaps[locked].status == LOCKED


def test_suggestions_from_domain_and_weak_dimensions() -> None:
    s = suggest(
        domain_code="zorg",
        domain_skills=[("zorgkennis", 3, 2), ("wijkkennis", 2, 1)],
        weak=[("D6", "ontwikkelpunt"), ("D3", "sterkte"), ("D5", "aandachtspunt"), ("D9", "ontwikkelpunt")],
    )
    # D6 weak: residents and lived experience; wijkkennis raised to the higher level
    assert s.min_residents == 2
    assert s.skills["ervaringsdeskundigheid"] == (3, 1)
    assert s.skills["wijkkennis"] == (3, 1)
    assert s.skills["zorgkennis"] == (3, 2)
    # D5 (aandachtspunt) counts, D3 (a strength) and an unknown code do not
    assert "onderzoek" in s.skills and s.min_organisations == 0
    assert [w.code for w in s.why] == ["zorg", "D6", "D5"]


def test_no_report_means_only_the_domain() -> None:
    s = suggest(domain_code="cultuur", domain_skills=[("co-design", 3, 1)], weak=[])
    assert s.skills == {"co-design": (3, 1)} and s.min_residents == 0


def test_swap_brute_force_helper_sees_every_pair() -> None:
    # sanity of the helper: on a pool of exactly team_size + 1 there is one candidate to try
    doc = random_doc(7)
    doc["candidates"] = doc["candidates"][: doc["team_size"] + 1]
    assert len(list(combinations(doc["candidates"], doc["team_size"]))) == doc["team_size"] + 1
