"""The team-formation problem (docs/teams/formation.md): parsing, validation, arrays.

Pure Python + numpy; no Django import.  ``parse_problem`` turns the JSON document into a ``Problem``
holding numpy arrays that every solver in this package (and the baselines in ``milp``) shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

MIN_LEVEL = 0
MAX_LEVEL = 5
MAX_COUNT = 1_000_000  # team size, counts and minimums: larger values cannot describe a real team

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class ProblemError(ValueError):
    """The problem document is malformed (the command answers exit status 2)."""


@dataclass(frozen=True)
class Requirement:
    skill: str
    min_level: int
    count: int


@dataclass
class Problem:
    """A validated problem.  Candidate ``i`` is row ``i`` of every array (input order)."""

    team_size: int
    requirements: list[Requirement]
    max_share_per_organisation: float
    cap: int  # floor(max_share * team_size): at most this many members per organisation
    min_organisations: int
    min_residents: int
    min_hours_per_week: float
    leader: int | None  # candidate index of the appointed leader
    include: list[int]
    exclude: list[int]
    ids: list[str]
    organisation_names: list[str]  # index -> organisation id
    organisation: IntArray  # per candidate: organisation index, -1 for a resident
    hours: npt.NDArray[np.float64]
    can_lead: BoolArray
    levels: IntArray  # (n, K): level in required skill k (0 when absent)
    fit: IntArray = field(init=False)  # per candidate: sum of levels in the required skills
    cover: BoolArray = field(init=False)  # (n, K): level >= min_level of requirement k

    def __post_init__(self) -> None:
        self.fit = (
            self.levels.sum(axis=1).astype(np.int64) if self.levels.size else np.zeros(self.n, np.int64)
        )
        mins = np.array([r.min_level for r in self.requirements], dtype=np.int64)
        self.cover = self.levels >= mins[None, :] if self.requirements else np.zeros((self.n, 0), bool)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def counts(self) -> IntArray:
        return np.array([r.count for r in self.requirements], dtype=np.int64)

    @property
    def resident(self) -> BoolArray:
        return self.organisation < 0

    def eligible(self) -> BoolArray:
        """Candidates that may be members at all: enough hours and not left out."""
        ok = self.hours >= self.min_hours_per_week
        if self.exclude:
            ok[np.array(self.exclude, dtype=np.int64)] = False
        return ok

    def forced(self) -> list[int]:
        """Candidates locked in: ``include`` and the appointed leader (sorted, unique)."""
        out = set(self.include)
        if self.leader is not None:
            out.add(self.leader)
        return sorted(out)


def organisation_cap(share: float, team_size: int) -> int:
    """floor(share * team_size), computed on the decimal value as written (0.57 * 100 is 57, not 56).
    A share above 1 allows the whole team from one organisation, so the cap is at most ``team_size``."""
    return min(math.floor(Fraction(str(share)) * team_size), team_size)


# --- parsing -----------------------------------------------------------------------------------------


def _int(value: Any, where: str, *, minimum: int | None = None, maximum: int = MAX_COUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer() and not isinstance(value, bool):
            value = int(value)
        else:
            raise ProblemError(f"{where}: an integer is required, got {value!r}")
    if minimum is not None and value < minimum:
        raise ProblemError(f"{where}: must be at least {minimum}, got {value}")
    if value > maximum:
        raise ProblemError(f"{where}: must be at most {maximum}, got {value}")
    return value


def _number(value: Any, where: str, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemError(f"{where}: a number is required, got {value!r}")
    if minimum is not None and value < minimum:
        raise ProblemError(f"{where}: must be at least {minimum}, got {value}")
    return float(value)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(f"{where}: a non-empty string is required, got {value!r}")
    return value


def _get(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise ProblemError(f"{where}: missing field '{key}'")
    return obj[key]


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemError(f"{where}: a list is required, got {type(value).__name__}")
    return value


def parse_problem(data: Any) -> Problem:
    """Validate a problem document (docs/teams/formation.md) and build its arrays; raise ``ProblemError``."""
    if not isinstance(data, dict):
        raise ProblemError("problem: a JSON object is required")
    team_size = _int(_get(data, "team_size", "problem"), "team_size", minimum=1)

    requirements: list[Requirement] = []
    seen_skills: set[str] = set()
    for k, item in enumerate(_list(_get(data, "required_skills", "problem"), "required_skills")):
        where = f"required_skills[{k}]"
        if not isinstance(item, dict):
            raise ProblemError(f"{where}: an object is required")
        skill = _str(_get(item, "skill", where), f"{where}.skill")
        if skill in seen_skills:
            raise ProblemError(f"{where}: duplicate skill '{skill}'")
        seen_skills.add(skill)
        level = _int(
            _get(item, "min_level", where), f"{where}.min_level", minimum=MIN_LEVEL, maximum=MAX_LEVEL
        )
        count = _int(_get(item, "count", where), f"{where}.count", minimum=0)
        requirements.append(Requirement(skill, level, count))

    share = _number(
        _get(data, "max_share_per_organisation", "problem"), "max_share_per_organisation", minimum=0
    )
    min_orgs = _int(_get(data, "min_organisations", "problem"), "min_organisations", minimum=0)
    min_res = _int(_get(data, "min_residents", "problem"), "min_residents", minimum=0)
    min_hours = _number(_get(data, "min_hours_per_week", "problem"), "min_hours_per_week", minimum=0)

    raw_candidates = _list(_get(data, "candidates", "problem"), "candidates")
    n = len(raw_candidates)
    ids: list[str] = []
    index: dict[str, int] = {}
    org_index: dict[str, int] = {}
    organisation = np.empty(n, dtype=np.int64)
    hours = np.empty(n, dtype=np.float64)
    can_lead = np.empty(n, dtype=bool)
    levels = np.zeros((n, len(requirements)), dtype=np.int64)
    skill_col = {r.skill: k for k, r in enumerate(requirements)}
    for i, cand in enumerate(raw_candidates):
        where = f"candidates[{i}]"
        if not isinstance(cand, dict):
            raise ProblemError(f"{where}: an object is required")
        cid = _str(_get(cand, "id", where), f"{where}.id")
        if cid in index:
            raise ProblemError(f"{where}: duplicate id '{cid}'")
        index[cid] = i
        ids.append(cid)
        org = _get(cand, "organisation", where)
        if org is None:
            organisation[i] = -1
        else:
            org = _str(org, f"{where}.organisation")
            organisation[i] = org_index.setdefault(org, len(org_index))
        hours[i] = _number(_get(cand, "hours_per_week", where), f"{where}.hours_per_week", minimum=0)
        lead = _get(cand, "can_lead", where)
        if not isinstance(lead, bool):
            raise ProblemError(f"{where}.can_lead: true or false is required, got {lead!r}")
        can_lead[i] = lead
        skills = _get(cand, "skills", where)
        if not isinstance(skills, dict):
            raise ProblemError(f"{where}.skills: an object is required")
        for name, level in skills.items():
            lv = _int(level, f"{where}.skills.{name}", minimum=MIN_LEVEL, maximum=MAX_LEVEL)
            col = skill_col.get(name)
            if col is not None:
                levels[i, col] = lv

    def ref(value: Any, where: str) -> int:
        cid = _str(value, where)
        if cid not in index:
            raise ProblemError(f"{where}: unknown candidate id '{cid}'")
        return index[cid]

    leader_raw = _get(data, "leader", "problem")
    leader = None if leader_raw is None else ref(leader_raw, "leader")
    include = sorted(
        {ref(v, f"include[{k}]") for k, v in enumerate(_list(_get(data, "include", "problem"), "include"))}
    )
    exclude = sorted(
        {ref(v, f"exclude[{k}]") for k, v in enumerate(_list(_get(data, "exclude", "problem"), "exclude"))}
    )

    return Problem(
        team_size=team_size,
        requirements=requirements,
        max_share_per_organisation=share,
        cap=organisation_cap(share, team_size),
        min_organisations=min_orgs,
        min_residents=min_res,
        min_hours_per_week=min_hours,
        leader=leader,
        include=include,
        exclude=exclude,
        ids=ids,
        organisation_names=list(org_index),
        organisation=organisation,
        hours=hours,
        can_lead=can_lead,
        levels=levels,
    )
