"""Hypothesis strategies: small team-formation problem documents."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SKILLS = ["s1", "s2", "s3"]
ORGS = ["a", "b", "c", None]


@st.composite
def candidates(draw: st.DrawFn, n: int, start: int = 0, easy: bool = False) -> list[dict[str, Any]]:
    out = []
    for i in range(start, start + n):
        skills = draw(st.dictionaries(st.sampled_from(SKILLS + ["other"]), st.integers(0, 5), max_size=3))
        out.append(
            {
                "id": f"c{i}",
                "organisation": draw(st.sampled_from(ORGS)),
                "hours_per_week": draw(st.sampled_from([4, 8, 16] if easy else [0, 2, 4, 8, 16])),
                "can_lead": draw(st.booleans()) or (easy and i % 3 == 0),
                "skills": skills,
            }
        )
    return out


@st.composite
def problems(
    draw: st.DrawFn, max_candidates: int = 9, locks: bool = True, easy: bool = False
) -> dict[str, Any]:
    """``easy``: requirements drawn so that most problems have a team (for properties of optima)."""
    n = draw(st.integers(1, max_candidates))
    cands = draw(candidates(n, easy=easy))
    ids = [c["id"] for c in cands]
    team_size = draw(st.integers(1, min(5, n)))
    skills = draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=3))
    top = (3, 2) if easy else (5, 3)
    required = [
        {"skill": s, "min_level": draw(st.integers(0, top[0])), "count": draw(st.integers(0, top[1]))}
        for s in skills
    ]
    leader = draw(st.one_of(st.none(), st.sampled_from(ids))) if locks else None
    return {
        "team_size": team_size,
        "required_skills": required,
        "max_share_per_organisation": draw(
            st.sampled_from([0.5, 0.67, 1.0] if easy else [0.2, 0.34, 0.5, 0.67, 1.0])
        ),
        "min_organisations": draw(st.integers(0, 2 if easy else 3)),
        "min_residents": draw(st.integers(0, 1 if easy else 2)),
        "min_hours_per_week": draw(st.sampled_from([0, 4] if easy else [0, 2, 4])),
        "leader": leader,
        "include": draw(st.lists(st.sampled_from(ids), unique=True, max_size=1 if easy else 2))
        if locks
        else [],
        "exclude": draw(st.lists(st.sampled_from(ids), unique=True, max_size=1 if easy else 2))
        if locks
        else [],
        "candidates": cands,
    }
