"""Seeded generator of team-formation problems (docs/teams/formation.md shape) for benchmarks and tests.

30 skills with uneven popularity, 300 organisations of Zipf-like size, ~10% residents, 2-8 skills
per person with levels skewed low, 10-12 required skills, team of 7-12.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SKILLS = [
    "data-analyse", "co-design", "procesbegeleiding", "wijkkennis", "ervaringsdeskundigheid",
    "projectmanagement", "beleidsadvies", "communicatie", "financiering", "juridisch-advies",
    "zorgkennis", "onderwijs", "techniek", "duurzaamheid", "energietransitie", "mobiliteit",
    "woningbouw", "armoedebestrijding", "jeugdwerk", "sportstimulering", "cultuur", "ondernemerschap",
    "ict-architectuur", "privacy", "onderzoek", "evaluatie", "fondsenwerving", "vrijwilligerswerk",
    "taalcoaching", "veiligheid",
]  # fmt: skip
N_ORGS = 300


def generate(
    n: int, seed: int = 0, *, n_orgs: int = N_ORGS, residents: float = 0.1, hard: bool = False
) -> dict[str, Any]:
    """A problem with ``n`` candidates.  ``hard``: scarcer leaders, more and higher skill counts,
    two residents required, so that coverage, cap and resident rows bind and the LP is fractional."""
    rng = np.random.default_rng(seed)
    n_skills = len(SKILLS)
    popularity = rng.dirichlet(np.full(n_skills, 1.5))
    org_weight = 1.0 / np.arange(1, n_orgs + 1) ** 0.7
    org_weight /= org_weight.sum()
    org = rng.choice(n_orgs, size=n, p=org_weight)
    is_resident = rng.random(n) < residents
    n_sk = rng.integers(2, 9, size=n)
    level_p = np.array([0.3, 0.3, 0.2, 0.13, 0.07])
    hours_choices = np.array([2, 4, 6, 8, 12, 16, 24, 32])
    hours = rng.choice(hours_choices, size=n)
    can_lead = rng.random(n) < (0.03 if hard else 0.15)
    candidates = []
    for i in range(n):
        chosen = rng.choice(n_skills, size=int(n_sk[i]), replace=False, p=popularity)
        lv = rng.choice(5, size=len(chosen), p=level_p) + 1
        candidates.append(
            {
                "id": f"p{i}",
                "organisation": None if is_resident[i] else f"org-{int(org[i]):03d}",
                "hours_per_week": int(hours[i]),
                "can_lead": bool(can_lead[i]),
                "skills": {SKILLS[s]: int(v) for s, v in zip(chosen, lv, strict=True)},
            }
        )
    team_size = int(rng.integers(7, 13))
    n_req = int(rng.integers(10, 13))
    req = rng.choice(n_skills, size=n_req, replace=False)
    required = [
        {
            "skill": SKILLS[s],
            "min_level": int(rng.choice([3, 3, 4, 4] if hard else [2, 3, 3, 4])),
            "count": int(rng.choice([1, 2, 2, 3] if hard else [1, 1, 2, 2, 3])),
        }
        for s in req
    ]
    return {
        "team_size": team_size,
        "required_skills": required,
        "max_share_per_organisation": float(rng.choice([0.25, 0.3, 0.4])),
        "min_organisations": int(rng.integers(3, 6)),
        "min_residents": 2 if hard else int(rng.integers(0, 3)),
        "min_hours_per_week": 4,
        "leader": None,
        "include": [],
        "exclude": [],
        "candidates": candidates,
    }
