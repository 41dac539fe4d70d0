"""A stored proposal in plain Dutch or English: who covers which need, which organisations take part,
what a swap would cost, and, when no team exists, why.  Reads only what the proposal stored (its
problem, result and explanation) plus the names of the people, skills and organisations involved
(three queries, whatever the size of the pool)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veerkracht.organisations.models import Organisation
from veerkracht.teams.models import Profile, ProposalStatus, Skill, TeamProposal


@dataclass
class MemberRow:
    cid: str
    profile: Profile | None
    name: str
    organisation: str
    resident: bool
    leader: bool
    locked: bool
    fit: int
    covers: list[str] = field(default_factory=list)
    swap: str = ""
    without: str = ""


@dataclass
class NeedRow:
    label: str
    min_level: int
    required: int
    covered_by: list[str]

    @property
    def met(self) -> bool:
        return len(self.covered_by) >= self.required


@dataclass
class Explained:
    proposal: TeamProposal
    members: list[MemberRow]
    needs: list[NeedRow]
    organisations: list[tuple[str, int]]
    residents: int
    reasons: list[str]
    summary: str
    swap_note: str
    without_complete: bool


def _reason_text(code: str, p: dict[str, Any], skill: Any, org: Any, person: Any) -> str:
    messages = {
        "locked_and_left_out": lambda: (
            _("%(who)s is both locked in and left out.") % {"who": person(p["who"])}
        ),
        "locked_too_few_hours": lambda: (
            _("%(who)s is locked in but has %(hours)s hours per week; at least %(required)s are required.")
            % {"who": person(p["who"]), "hours": f"{p['hours']:g}", "required": f"{p['required']:g}"}
        ),
        "too_many_locked": lambda: _("%(locked)s people are locked in for a team of %(size)s.") % p,
        "org_locked_over_cap": lambda: (
            _(
                "%(organisation)s: %(locked)s people are locked in, but at most %(cap)s of %(size)s may come "
                "from one organisation."
            )
            % {**p, "organisation": org(p["organisation"])}
        ),
        "too_few_candidates": lambda: (
            _(
                "Only %(eligible)s people in the pool are available with enough hours; "
                "the team needs %(size)s."
            )
            % p
        ),
        "org_cap": lambda: (
            _("%(organisation)s: at most %(cap)s of %(size)s people may come from one organisation.")
            % {**p, "organisation": org(p["organisation"])}
        ),
        "share_fills_too_few": lambda: (
            _(
                "With at most %(cap)s of %(size)s per organisation, the available people fill only "
                "%(places)s places."
            )
            % p
        ),
        "skill_count_over_size": lambda: (
            _("%(skill)s: %(count)s people required, but the team has %(size)s.")
            % {**p, "skill": skill(p["skill"])}
        ),
        "skill_too_few": lambda: (
            ngettext(
                "%(skill)s: %(available)s available person has level %(level)s or higher; "
                "%(count)s required.",
                "%(skill)s: %(available)s available people have level %(level)s or higher; "
                "%(count)s required.",
                p["available"],
            )
            % {**p, "skill": skill(p["skill"])}
        ),
        "skill_capped": lambda: (
            _(
                "%(skill)s: %(available)s people have level %(level)s or higher, but with at most "
                "%(cap)s per organisation only %(reachable)s can join one team; %(count)s required."
            )
            % {**p, "skill": skill(p["skill"])}
        ),
        "residents_over_size": lambda: _("%(required)s residents required, but the team has %(size)s.") % p,
        "residents_too_few": lambda: (
            ngettext(
                "%(available)s resident in the pool is available; %(required)s required.",
                "%(available)s residents in the pool are available; %(required)s required.",
                p["available"],
            )
            % p
        ),
        "organisations_over_size": lambda: (
            _("%(required)s organisations required, but the team has %(size)s.") % p
        ),
        "organisations_too_few": lambda: (
            ngettext(
                "Available people come from %(available)s organisation; %(required)s required.",
                "Available people come from %(available)s organisations; %(required)s required.",
                p["available"],
            )
            % p
        ),
        "no_leader": lambda: _("Nobody available is willing to lead the team."),
        "combined": lambda: _(
            "Each requirement can be met on its own, but no team meets all of them together. Relax one "
            "requirement (fewer people with a skill, a lower level, a larger share per organisation)."
        ),
    }
    make = messages.get(code)
    return make() if make else ""


def explain(proposal: TeamProposal) -> Explained:
    problem, result, extra = proposal.problem, proposal.result, proposal.explanation or {}
    candidates = {c["id"]: c for c in problem.get("candidates", [])}
    requirements = problem.get("required_skills", [])
    member_ids: list[str] = list(result.get("members") or [])
    swaps: dict[str, Any] = extra.get("swaps", {})
    without: dict[str, Any] = extra.get("without", {})
    mentioned = set(member_ids)
    mentioned |= {s["best"] for s in swaps.values() if s.get("best")}
    for w in without.values():
        mentioned |= set(w.get("joins", []))
    for code in extra.get("reasons", []):
        if "who" in code.get("params", {}):
            mentioned.add(code["params"]["who"])
    pks = [int(cid[1:]) for cid in mentioned if cid.startswith("p") and cid[1:].isdigit()]
    profiles = {
        f"p{p.pk}": p
        for p in Profile.objects.filter(pk__in=pks).select_related("user", "organisation", "municipality")
    }
    slugs = {r["skill"] for r in requirements}
    skills = {s.slug: s.label for s in Skill.objects.filter(slug__in=slugs)}
    org_slugs = {c["organisation"] for c in candidates.values() if c.get("organisation")}
    org_names = dict(Organisation.objects.filter(slug__in=org_slugs).values_list("slug", "name"))

    def person(cid: str) -> str:
        p = profiles.get(cid)
        return str(p.user) if p else _("someone no longer in the pool")

    def skill(slug: str) -> str:
        return skills.get(slug, slug)

    def org(slug: str | None) -> str:
        return org_names.get(slug, slug) if slug else _("resident")

    def fit(cid: str) -> int:
        c = candidates.get(cid, {})
        return sum(int(c.get("skills", {}).get(r["skill"], 0)) for r in requirements)

    locked = set(problem.get("include") or []) | ({problem["leader"]} if problem.get("leader") else set())
    rows: list[MemberRow] = []
    for cid in member_ids:
        c = candidates.get(cid, {})
        covers = [
            _("%(skill)s (level %(level)s)") % {"skill": skill(r["skill"]), "level": c["skills"][r["skill"]]}
            for r in requirements
            if int(c.get("skills", {}).get(r["skill"], 0)) >= r["min_level"] and r["count"] > 0
        ]
        row = MemberRow(
            cid=cid,
            profile=profiles.get(cid),
            name=person(cid),
            organisation=org(c.get("organisation")),
            resident=c.get("organisation") is None,
            leader=cid == result.get("leader"),
            locked=cid in locked,
            fit=fit(cid),
            covers=covers,
        )
        s = swaps.get(cid)
        if s is not None:
            if s["status"] == "locked":
                row.swap = _("Locked in by you: no swap considered.")
            elif s["status"] == "none":
                row.swap = _(
                    "Nobody else in the pool can take this place on their own without breaking a need."
                )
            else:
                loss = int(s["loss"])
                alt = person(s["best"])
                if loss > 0:
                    row.swap = ngettext(
                        "Best replacement: %(alt)s; the team would lose %(n)s point of fit.",
                        "Best replacement: %(alt)s; the team would lose %(n)s points of fit.",
                        loss,
                    ) % {"alt": alt, "n": loss}
                elif loss == 0:
                    row.swap = _("Best replacement: %(alt)s, just as good (no fit lost).") % {"alt": alt}
                else:
                    row.swap = _("Replacement %(alt)s would even add %(n)s points.") % {
                        "alt": alt,
                        "n": -loss,
                    }
        w = without.get(cid)
        if w is not None and w.get("status") != "locked":
            if w.get("objective") is None:
                row.without = (
                    _("Without this person no team meets the needs.")
                    if w.get("status") == "infeasible"
                    else _("No team without this person was found within the time budget.")
                )
            else:
                n = int(w["loss"] or 0)
                changes = ", ".join(person(j) for j in w.get("joins", []))
                if w.get("status") == ProposalStatus.OPTIMAL:
                    row.without = ngettext(
                        "The best team without this person loses %(n)s point (joining: %(who)s).",
                        "The best team without this person loses %(n)s points (joining: %(who)s).",
                        n,
                    ) % {"n": n, "who": changes or "–"}
                else:
                    row.without = ngettext(
                        "A team without this person loses at most %(n)s point (joining: %(who)s); "
                        "the time budget stopped the proof that it is the best.",
                        "A team without this person loses at most %(n)s points (joining: %(who)s); "
                        "the time budget stopped the proof that it is the best.",
                        n,
                    ) % {"n": n, "who": changes or "–"}
        rows.append(row)

    explanation = result.get("explanation", {})
    needs = [
        NeedRow(
            label=skill(r["skill"]),
            min_level=r["min_level"],
            required=r["count"],
            covered_by=[
                person(cid) for cid in explanation.get("skills", {}).get(r["skill"], {}).get("covered_by", [])
            ],
        )
        for r in requirements
    ]
    organisations = sorted(
        ((org(slug), n) for slug, n in explanation.get("organisations", {}).items()),
        key=lambda x: (-x[1], x[0]),
    )
    reasons = [
        _reason_text(r["code"], r.get("params", {}), skill, org, person) or r.get("text", "")
        for r in extra.get("reasons", [])
    ]
    if not reasons and proposal.status == "infeasible":
        reasons = [_reason_text("combined", {}, skill, org, person)]
    status = proposal.status
    if status == ProposalStatus.OPTIMAL:
        summary = _(
            "This is the best possible team for these needs (proven): total fit %(fit)s; organisations: "
            "%(orgs)s; residents: %(res)s."
        ) % {"fit": proposal.objective, "orgs": len(organisations), "res": explanation.get("residents", 0)}
    elif status == ProposalStatus.FEASIBLE:
        summary = _(
            "This team meets every need (fit %(fit)s), but the time limit stopped the proof that no better "
            "team exists."
        ) % {"fit": proposal.objective}
    elif status == "infeasible":
        summary = _("No team can meet these needs with the people in the pool.")
    else:
        summary = _("No team was found within the time limit.")
    return Explained(
        proposal=proposal,
        members=rows,
        needs=needs,
        organisations=organisations,
        residents=int(explanation.get("residents", 0)),
        reasons=reasons,
        summary=summary,
        swap_note=_(
            "Fit is the sum of each member's levels in the required skills. The replacement is the best "
            "single person who could take this place while every need stays met (checked against everyone "
            "in the pool); the best team without the person may change more than one place (solved again "
            "with the person left out)."
        ),
        without_complete=bool(extra.get("without_complete", True)),
    )
