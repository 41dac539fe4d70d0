"""Suggested team needs for a challenge: from its domain (reference data) and from the monitor's weak
dimensions (the report's "ontwikkelpunt" and "aandachtspunt" labels). Pure: no Django import.

    suggest(domain_skills=[("zorgkennis", 3, 2), ...], weak=[("D6", "ontwikkelpunt")])
    -> Suggestion(skills={"zorgkennis": (3, 2), ...}, min_residents=2, min_organisations=0, why=[...])

A skill suggested twice keeps the higher level and the higher count. ``why`` lists, per suggestion,
where it came from (a domain or a dimension code and its label) so the page can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WEAK_LABELS = ("ontwikkelpunt", "aandachtspunt")  # monitor.scoring LABELS, weakest first


@dataclass(frozen=True)
class DimensionHint:
    skills: tuple[tuple[str, int, int], ...] = ()  # (skill, min level, count)
    min_residents: int = 0
    min_organisations: int = 0


#: Innovatiemonitor dimension code -> what a weak score there suggests for the team.
DIMENSION_HINTS: dict[str, DimensionHint] = {
    "D1": DimensionHint(skills=(("procesbegeleiding", 3, 1),)),  # shared ambition
    "D2": DimensionHint(skills=(("beleidsadvies", 3, 1),)),  # dynamic governance
    "D3": DimensionHint(skills=(("procesbegeleiding", 3, 1),), min_organisations=4),  # collaboration
    "D4": DimensionHint(skills=(("projectmanagement", 3, 1), ("financiering", 3, 1))),  # organising
    "D5": DimensionHint(skills=(("onderzoek", 3, 1), ("data-analyse", 3, 1))),  # learning
    "D6": DimensionHint(  # residents & community
        skills=(("ervaringsdeskundigheid", 3, 1), ("wijkkennis", 3, 1)), min_residents=2
    ),
    "D7": DimensionHint(skills=(("co-design", 3, 1), ("digitale-vaardigheden", 3, 1))),  # people & skills
}


@dataclass(frozen=True)
class Why:
    source: str  # "domain" | "dimension"
    code: str  # the domain code or the dimension code
    label: str  # "" for a domain; the dimension's label
    skills: tuple[str, ...] = ()
    min_residents: int = 0
    min_organisations: int = 0


@dataclass
class Suggestion:
    skills: dict[str, tuple[int, int]] = field(default_factory=dict)  # skill -> (min level, count)
    min_residents: int = 0
    min_organisations: int = 0
    why: list[Why] = field(default_factory=list)

    def add_skill(self, skill: str, level: int, count: int) -> None:
        old = self.skills.get(skill)
        self.skills[skill] = (level, count) if old is None else (max(old[0], level), max(old[1], count))


def suggest(
    *, domain_code: str = "", domain_skills: list[tuple[str, int, int]], weak: list[tuple[str, str]]
) -> Suggestion:
    """``domain_skills``: (skill, level, count) of the challenge's domain; ``weak``: (dimension code,
    label) of the latest report, only labels in WEAK_LABELS count."""
    out = Suggestion()
    for skill, level, count in domain_skills:
        out.add_skill(skill, level, count)
    if domain_skills:
        out.why.append(Why("domain", domain_code, "", tuple(s for s, _l, _c in domain_skills)))
    for code, label in weak:
        hint = DIMENSION_HINTS.get(code)
        if hint is None or label not in WEAK_LABELS:
            continue
        for skill, level, count in hint.skills:
            out.add_skill(skill, level, count)
        out.min_residents = max(out.min_residents, hint.min_residents)
        out.min_organisations = max(out.min_organisations, hint.min_organisations)
        out.why.append(
            Why(
                "dimension",
                code,
                label,
                tuple(s for s, _l, _c in hint.skills),
                hint.min_residents,
                hint.min_organisations,
            )
        )
    return out
