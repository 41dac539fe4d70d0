"""Writes on the talent pool, and team proposals (public, keyword-only, verb-named)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from veerkracht.audit.logger import log
from veerkracht.organisations.models import Kind, Organisation
from veerkracht.teams import selectors
from veerkracht.teams.formation import ProblemError, parse_problem, solve
from veerkracht.teams.models import Profile, ProfileSkill, Skill, SkillSynonym, TeamProposal

NEED_FIELDS = (
    "team_size",
    "required_skills",
    "max_share_per_organisation",
    "min_organisations",
    "min_residents",
    "min_hours_per_week",
)


@dataclass(frozen=True)
class SkillLevel:
    slug: str
    level: int
    evidence: str = ""


@transaction.atomic
def skill_create(
    *, slug: str, label_nl: str, label_en: str, synonyms: list[str] | None = None, by: Any = None
) -> Skill:
    skill = Skill(slug=slug, label_nl=label_nl, label_en=label_en)
    skill.full_clean()
    skill.save()
    for text in synonyms or []:
        text = text.strip()
        if text:
            syn = SkillSynonym(skill=skill, text=text)
            syn.full_clean()
            syn.save()
    log("teams.skill.created", actor=by, target=skill, details={"slug": slug})
    return skill


def _set_skills(profile: Profile, skills: list[SkillLevel]) -> None:
    known = {s.slug: s for s in Skill.objects.filter(slug__in=[x.slug for x in skills])}
    unknown = sorted({x.slug for x in skills} - set(known))
    if unknown:
        raise ValidationError({"skills": f"unknown skill(s): {', '.join(unknown)}"})
    for x in skills:
        if not 1 <= x.level <= 5:
            raise ValidationError({"skills": f"{x.slug}: level must be 1–5"})
    ProfileSkill.objects.filter(profile=profile).exclude(skill__slug__in=list(known)).delete()
    for x in skills:
        ProfileSkill.objects.update_or_create(
            profile=profile, skill=known[x.slug], defaults={"level": x.level, "evidence": x.evidence}
        )


@transaction.atomic
def profile_save(
    *,
    user: Any,
    organisation: Organisation | None,
    municipality: Organisation | None = None,
    hours_per_week: int = 4,
    willing_to_lead: bool = False,
    skills: list[SkillLevel] = (),  # type: ignore[assignment]
    available_from: datetime.date | None = None,
    available_until: datetime.date | None = None,
    consent: bool = False,
    by: Any = None,
) -> Profile:
    """Create or update the talent profile of ``user``.  Staff: ``organisation``; a resident:
    ``organisation=None``, ``municipality`` and ``consent=True`` (explicit, revocable)."""
    if organisation is not None:
        municipality = selectors.municipality_of(organisation)
        if municipality is None:
            raise ValidationError({"organisation": "the organisation belongs to no municipality"})
    if municipality is None or municipality.kind != Kind.GEMEENTE:
        raise ValidationError({"municipality": "a municipality is required"})
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    profile.organisation = organisation
    profile.municipality = municipality
    profile.hours_per_week = hours_per_week
    profile.willing_to_lead = willing_to_lead
    profile.available_from = available_from
    profile.available_until = available_until
    if organisation is None:
        if not consent:
            raise ValidationError({"consent": "a resident joins the talent pool only with consent"})
        if profile.consent_given_at is None or profile.consent_withdrawn_at is not None:
            profile.consent_given_at = timezone.now()
            profile.consent_withdrawn_at = None
    profile.full_clean(exclude=["user"])
    created = profile.pk is None
    profile.save()
    _set_skills(profile, list(skills))
    log("teams.profile.created" if created else "teams.profile.updated", actor=by or user, target=profile)
    return profile


@transaction.atomic
def consent_withdraw(*, profile: Profile, by: Any) -> Profile:
    """A resident withdraws consent: they are left out of every future proposal."""
    if profile.consent_withdrawn_at is None:
        profile.consent_withdrawn_at = timezone.now()
        profile.save(update_fields=["consent_withdrawn_at", "updated_at"])
        log("teams.profile.consent_withdrawn", actor=by, target=profile)
    return profile


@transaction.atomic
def profile_delete(*, profile: Profile, by: Any) -> None:
    log("teams.profile.deleted", actor=by, target=None, details={"profile": profile.pk})
    profile.delete()


def problem_from_profiles(
    *,
    needs: dict[str, Any],
    profiles: QuerySet[Profile],
    include: Sequence[int] = (),
    exclude: Sequence[int] = (),
    leader: int | None = None,
) -> dict[str, Any]:
    """The FORMATION input for ``needs`` over ``profiles`` (ids are ``p<profile pk>``)."""
    missing = [f for f in NEED_FIELDS if f not in needs]
    if missing:
        raise ValidationError({"needs": f"missing: {', '.join(missing)}"})
    rows = profiles.select_related("organisation").prefetch_related("skills__skill")
    candidates = [
        {
            "id": f"p{p.pk}",
            "organisation": p.organisation.slug if p.organisation else None,
            "hours_per_week": p.hours_per_week,
            "can_lead": p.willing_to_lead,
            "skills": {s.skill.slug: s.level for s in p.skills.all()},
        }
        for p in rows
    ]
    ids = {c["id"] for c in candidates}

    def ref(pk: int) -> str:
        cid = f"p{pk}"
        if cid not in ids:
            raise ValidationError({"people": f"profile {pk} is not in the pool"})
        return cid

    return {
        **{f: needs[f] for f in NEED_FIELDS},
        "leader": None if leader is None else ref(leader),
        "include": [ref(pk) for pk in include],
        "exclude": [ref(pk) for pk in exclude],
        "candidates": candidates,
    }


@transaction.atomic
def team_propose(
    *,
    challenge_or_needs: Any,
    by: Any,
    profiles: QuerySet[Profile] | None = None,
    include: Sequence[int] = (),
    exclude: Sequence[int] = (),
    leader: int | None = None,
    time_limit: float | None = 10.0,
) -> TeamProposal:
    """Propose the best team and store the proposal (problem and result) for later explanation.

    ``challenge_or_needs``: the needs as a dict (FORMATION fields without the candidates), or a
    challenge carrying ``team_needs`` (later, when team needs per challenge land).  The pool is
    ``profiles`` or everything ``by`` may see; residents without standing consent and people not
    available today are never candidates.  Bad needs raise ValidationError and store nothing.
    """
    challenge = None
    needs: Any = challenge_or_needs
    if not isinstance(challenge_or_needs, dict):
        challenge = challenge_or_needs
        needs = getattr(challenge, "team_needs", None)
        if not isinstance(needs, dict):
            raise ValidationError({"needs": "this challenge has no team needs yet"})
    pool = selectors.matchable(profiles if profiles is not None else selectors.visible_profiles(by))
    document = problem_from_profiles(
        needs=needs, profiles=pool, include=include, exclude=exclude, leader=leader
    )
    try:
        problem = parse_problem(document)
    except ProblemError as exc:
        raise ValidationError({"needs": str(exc)}) from exc
    started = time.perf_counter()
    result = solve(problem, time_limit=time_limit)
    seconds = time.perf_counter() - started
    answer = result.to_dict(problem)
    proposal = TeamProposal.objects.create(
        challenge=challenge,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        problem=document,
        result=answer,
        status=answer["status"],
        objective=answer["objective"],
        seconds=seconds,
    )
    log(
        "teams.proposal.created",
        actor=by,
        target=proposal,
        details={"status": answer["status"], "candidates": len(document["candidates"])},
    )
    return proposal
