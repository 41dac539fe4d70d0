"""Writes on the talent pool, and team proposals (public, keyword-only, verb-named)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import forget_access
from veerkracht.audit.logger import log
from veerkracht.core.mail import email_queue
from veerkracht.core.tokens import hash_token, looks_like_token, new_token
from veerkracht.organisations.models import Kind, Organisation
from veerkracht.teams import personal_data, selectors, workflow
from veerkracht.teams.events import TeamsEvent
from veerkracht.teams.formation import ProblemError, parse_problem, solve
from veerkracht.teams.formation.swap import explain_answer
from veerkracht.teams.models import (
    MemberRole,
    MemberStatus,
    NeedSkill,
    Profile,
    ProfileSkill,
    ProposalStatus,
    Skill,
    SkillSynonym,
    Team,
    TeamMember,
    TeamNeeds,
    TeamProposal,
)

MAX_HOURS = 80
HOURS_MESSAGE = _("Give 0 to 80 hours per week.")

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
    log(TeamsEvent.SKILL_CREATED, actor=by, target=skill, details={"slug": slug})
    return skill


def _set_skills(profile: Profile, skills: list[SkillLevel]) -> None:
    known = {s.slug: s for s in Skill.objects.filter(slug__in=[x.slug for x in skills])}
    unknown = sorted({x.slug for x in skills} - set(known))
    if unknown:
        raise ValidationError(
            {"skills": _("Unknown skill(s): %(skills)s.") % {"skills": ", ".join(unknown)}},
            code="unknown_skill",
        )
    for x in skills:
        if not 1 <= x.level <= 5:
            raise ValidationError(
                {"skills": _("%(skill)s: the level must be 1 to 5.") % {"skill": x.slug}}, code="level"
            )
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
    address_confirmed: bool = True,
    by: Any = None,
) -> Profile:
    """Create or update the talent profile of ``user``.  Staff: ``organisation``; a resident:
    ``organisation=None``, ``municipality`` and ``consent=True`` (explicit, revocable).
    ``address_confirmed=False`` (a public sign-up): the resident counts only after
    :func:`sign_up_confirm`."""
    if organisation is not None:
        municipality = selectors.municipality_of(organisation)
        if municipality is None:
            raise ValidationError(
                {"organisation": _("This organisation belongs to no municipality.")}, code="no_municipality"
            )
    if municipality is None or municipality.kind != Kind.GEMEENTE:
        raise ValidationError({"municipality": _("Choose a municipality.")}, code="required")
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    profile.organisation = organisation
    profile.municipality = municipality
    profile.hours_per_week = hours_per_week
    profile.willing_to_lead = willing_to_lead
    profile.available_from = available_from
    profile.available_until = available_until
    if organisation is None:
        if not consent:
            raise ValidationError(
                {"consent": _("A resident joins the talent pool only with their consent.")}, code="consent"
            )
        if profile.consent_given_at is None or profile.consent_withdrawn_at is not None:
            profile.consent_given_at = timezone.now()
            profile.consent_withdrawn_at = None
    if address_confirmed and profile.email_confirmed_at is None:
        profile.email_confirmed_at = timezone.now()
    profile.full_clean(exclude=["user"])
    created = profile.pk is None
    profile.save()
    _set_skills(profile, list(skills))
    log(
        TeamsEvent.PROFILE_CREATED if created else TeamsEvent.PROFILE_UPDATED,
        actor=by or user,
        target=profile,
    )
    return profile


# --- public sign-up: the address is confirmed by a one-time link -------------------------------

#: How long the confirmation link of a sign-up works.
CONFIRM_VALID_FOR = datetime.timedelta(days=2)


def _site(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


def _send_sign_up_mail(
    *, to: str, name: str, template: str, subject: Any, context: dict[str, Any], key: str
) -> None:
    with translation.override(translation.get_language() or "nl"):
        email_queue(
            to=to,
            subject=str(subject),
            text=render_to_string(f"teams/email/{template}.txt", {"name": name, **context}),
            reference="teams.sign_up",
            key=key,
            scrub_after_send=True,
        )


def _send_confirmation(profile: Profile) -> None:
    token = new_token()
    profile.confirm_token_hash = hash_token(token)
    profile.confirm_sent_at = timezone.now()
    profile.save(update_fields=["confirm_token_hash", "confirm_sent_at", "updated_at"])
    _send_sign_up_mail(
        to=profile.user.email,
        name=profile.user.full_name,
        template="sign_up_confirm",
        subject=_("Confirm your e-mail address for the talent pool"),
        context={
            "url": _site(reverse("teams:sign_up_confirm", args=[token])),
            "days": CONFIRM_VALID_FOR.days,
        },
        key=f"teams:sign_up:{profile.pk}:{profile.confirm_sent_at:%Y%m%d%H%M%S%f}",
    )


@transaction.atomic
def resident_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    municipality: Organisation,
    hours_per_week: int,
    willing_to_lead: bool,
    skills: list[SkillLevel],
    consent: bool,
    request: Any = None,
) -> None:
    """A resident without an account signs up.  The caller learns nothing about whether the address
    has an account: a new address gets an inactive account and an unconfirmed profile with a
    confirmation link; an address with an unconfirmed sign-up gets a fresh link (nothing else
    changes); an address with an account gets a note to log in instead."""
    from veerkracht.accounts.models import User

    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).select_related("talent").first()
    if existing is not None:
        pending = getattr(existing, "talent", None)
        if not existing.is_active and pending is not None and pending.email_confirmed_at is None:
            _send_confirmation(pending)
        else:
            _send_sign_up_mail(
                to=existing.email,
                name=existing.full_name,
                template="sign_up_exists",
                subject=_("You already have an account"),
                context={
                    "login_url": _site(reverse("accounts:login")),
                    "reset_url": _site(reverse("accounts:password_reset")),
                },
                key=f"teams:sign_up_exists:{existing.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            )
        log(
            TeamsEvent.SIGN_UP_REQUESTED, actor=None, target=existing, request=request, details={"new": False}
        )
        return
    # the language the resident signed up in is the language of every later e-mail to them
    user = User(
        email=email,
        full_name=full_name.strip(),
        is_active=False,
        preferred_language=translation.get_language() or "nl",
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    profile = profile_save(
        user=user,
        organisation=None,
        municipality=municipality,
        hours_per_week=hours_per_week,
        willing_to_lead=willing_to_lead,
        skills=skills,
        consent=consent,
        address_confirmed=False,
        by=user,
    )
    _send_confirmation(profile)
    log(TeamsEvent.SIGN_UP_REQUESTED, actor=None, target=user, request=request, details={"new": True})


def sign_up_pending(token: str) -> Profile | None:
    """The unconfirmed sign-up of ``token`` while its link is valid, or None."""
    if not looks_like_token(token):
        return None
    profile = (
        Profile.objects.filter(confirm_token_hash=hash_token(token), email_confirmed_at__isnull=True)
        .select_related("user", "municipality")
        .first()
    )
    if profile is None or profile.confirm_sent_at is None:
        return None
    if timezone.now() > profile.confirm_sent_at + CONFIRM_VALID_FOR:
        return None
    return profile


@transaction.atomic
def sign_up_confirm(*, token: str, request: Any = None) -> Profile:
    """Confirm a sign-up's address (once): the account becomes active, the profile counts."""
    found = sign_up_pending(token)
    if found is None:
        raise ValidationError(_("This confirmation link is not valid (any more)."), code="invalid")
    profile = Profile.objects.select_for_update().select_related("user").get(pk=found.pk)
    if profile.email_confirmed_at is not None:  # pragma: no cover - raced by a second click
        raise ValidationError(_("This confirmation link is not valid (any more)."), code="invalid")
    profile.email_confirmed_at = timezone.now()
    profile.confirm_token_hash = None
    profile.save(update_fields=["email_confirmed_at", "confirm_token_hash", "updated_at"])
    user = profile.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    log(TeamsEvent.SIGN_UP_CONFIRMED, actor=user, target=profile, request=request)
    return profile


@transaction.atomic
def consent_withdraw(*, profile: Profile, by: Any) -> Profile:
    """A resident withdraws consent: they are left out of every future proposal."""
    if profile.consent_withdrawn_at is None:
        profile.consent_withdrawn_at = timezone.now()
        profile.save(update_fields=["consent_withdrawn_at", "updated_at"])
        log(TeamsEvent.PROFILE_CONSENT_WITHDRAWN, actor=by, target=profile)
    return profile


@transaction.atomic
def profile_delete(*, profile: Profile, by: Any, request: Any = None) -> dict[str, Any]:
    """Delete the talent profile and have the apps registered in :mod:`veerkracht.teams.personal_data`
    forget the person too (participation: their ideas stay, anonymised; supports, comments, reports and
    session registrations go). The account stays. Returns what the other apps did, per app."""
    forgotten = personal_data.forget(user=profile.user, request=request)
    log(TeamsEvent.PROFILE_DELETED, actor=by, target=None, request=request, details={"profile": profile.pk})
    profile.delete()
    return forgotten


def problem_from_profiles(
    *,
    needs: dict[str, Any],
    profiles: QuerySet[Profile],
    include: Sequence[int] = (),
    exclude: Sequence[int] = (),
    leader: int | None = None,
) -> dict[str, Any]:
    """The formation problem (docs/teams/formation.md) for ``needs`` over ``profiles`` (ids are
    ``p<profile pk>``)."""
    missing = [f for f in NEED_FIELDS if f not in needs]
    if missing:
        raise ValidationError(
            {"needs": _("Missing in the needs: %(fields)s.") % {"fields": ", ".join(missing)}}, code="missing"
        )
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
            raise ValidationError(
                {"people": _("Profile %(pk)s is not in the pool.") % {"pk": pk}}, code="not_in_pool"
            )
        return cid

    return {
        **{f: needs[f] for f in NEED_FIELDS},
        "leader": None if leader is None else ref(leader),
        "include": [ref(pk) for pk in include],
        "exclude": [ref(pk) for pk in exclude],
        "candidates": candidates,
    }


#: Budget (seconds) for solving again without each member, for the explanation of a proposal.
WITHOUT_BUDGET = 4.0


@dataclass(frozen=True)
class NeedRow:
    skill: str
    min_level: int
    count: int


@transaction.atomic
def team_needs_save(
    *,
    challenge: Challenge,
    team_size: int,
    max_share_per_organisation: float,
    min_organisations: int,
    min_residents: int,
    min_hours_per_week: int,
    skills: Sequence[NeedRow],
    by: Any,
    request: Any = None,
) -> TeamNeeds:
    """Store what ``challenge`` needs from its team. Invalid needs raise ValidationError and store
    nothing (the form checks the same rules first, with messages per field)."""
    slugs = [row.skill for row in skills]
    if len(set(slugs)) != len(slugs):
        raise ValidationError({"skills": _("A skill is listed twice.")}, code="duplicate")
    known = {s.slug: s for s in Skill.objects.filter(slug__in=slugs)}
    if set(slugs) - set(known):
        raise ValidationError(
            {
                "skills": _("Unknown skill(s): %(skills)s.")
                % {"skills": ", ".join(sorted(set(slugs) - set(known)))}
            },
            code="unknown_skill",
        )
    for row in skills:
        if not 1 <= row.min_level <= 5 or not 1 <= row.count <= team_size:
            raise ValidationError(
                {
                    "skills": _("%(skill)s: the level must be 1 to 5 and the number of people 1 to %(size)s.")
                    % {"skill": row.skill, "size": team_size}
                },
                code="need",
            )
    needs = TeamNeeds.objects.filter(challenge=challenge).first() or TeamNeeds(challenge=challenge)
    needs.team_size = team_size
    needs.max_share_per_organisation = Decimal(str(max_share_per_organisation))
    needs.min_organisations = min_organisations
    needs.min_residents = min_residents
    needs.min_hours_per_week = min_hours_per_week
    needs.updated_by = by if getattr(by, "is_authenticated", False) else None
    needs.updated_at = timezone.now()
    needs.full_clean(exclude=["challenge"])
    needs.save()
    NeedSkill.objects.filter(needs=needs).delete()
    NeedSkill.objects.bulk_create(
        [NeedSkill(needs=needs, skill=known[r.skill], min_level=r.min_level, count=r.count) for r in skills]
    )
    log(
        TeamsEvent.NEEDS_SAVED,
        actor=by,
        target=challenge,
        request=request,
        details={"team_size": team_size, "skills": [f"{r.skill}>={r.min_level}x{r.count}" for r in skills]},
    )
    return needs


def _regisseur_profile(challenge: Challenge, pool: QuerySet[Profile]) -> int | None:
    if challenge.regisseur_id is None:
        return None
    return pool.filter(user_id=challenge.regisseur_id).values_list("pk", flat=True).first()


def _pk(cid: str) -> int:
    return int(cid[1:])


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
    explain_budget: float = WITHOUT_BUDGET,
    request: Any = None,
) -> TeamProposal:
    """Propose the best team and store the proposal (problem, result, explanation).

    ``challenge_or_needs``: the needs as a dict (the problem's fields without the candidates), or a
    challenge with stored team needs.  For a challenge the pool is the challenge's pool (staff of the
    organisations taking part in its agenda, residents of its municipalities) as far as ``by`` may
    see it, and the regisseur leads when they are in the pool; otherwise ``profiles`` or everything
    ``by`` may see.  Residents without standing consent and people not available today are never
    candidates.  Bad needs raise ValidationError and store nothing.
    """
    challenge = None
    needs: Any = challenge_or_needs
    if isinstance(challenge_or_needs, Challenge):
        challenge = challenge_or_needs
        stored = selectors.needs_of(challenge)
        if stored is None:
            raise ValidationError({"needs": _("This challenge has no team needs yet.")}, code="no_needs")
        needs = stored.as_problem()
        if profiles is None:
            profiles = selectors.challenge_pool(challenge).filter(
                pk__in=selectors.visible_profiles(by).values("pk")
            )
    elif not isinstance(challenge_or_needs, dict):
        raise ValidationError(
            {"needs": _("The needs must be a challenge or a set of needs.")}, code="invalid"
        )
    pool = selectors.matchable(profiles if profiles is not None else selectors.visible_profiles(by))
    if challenge is not None and leader is None:
        leader = _regisseur_profile(challenge, pool)
    document = problem_from_profiles(
        needs=needs, profiles=pool, include=include, exclude=exclude, leader=leader
    )
    try:
        problem = parse_problem(document)
    except ProblemError as exc:
        raise ValidationError(
            {"needs": _("The team needs are not valid: %(reason)s") % {"reason": exc}}, code="invalid"
        ) from exc
    started = time.perf_counter()
    result = solve(problem, time_limit=time_limit)
    seconds = time.perf_counter() - started
    answer = result.to_dict(problem)
    explanation = explain_answer(problem, answer, budget=explain_budget)
    proposal = TeamProposal.objects.create(
        challenge=challenge,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        problem=document,
        result=answer,
        status=answer["status"],
        objective=answer["objective"],
        seconds=seconds,
        explanation=explanation,
    )
    log(
        TeamsEvent.PROPOSAL_CREATED,
        actor=by,
        target=proposal,
        request=request,
        details={
            "status": answer["status"],
            "candidates": len(document["candidates"]),
            "challenge": challenge.pk if challenge else None,
            "include": document["include"],
            "exclude": document["exclude"],
        },
    )
    return proposal


# --- the innovation team ------------------------------------------------------------------------


def invitation_url(token: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse("teams:invitation_token", args=[token])


def _send_invitation(member: TeamMember, token: str) -> None:
    user = member.profile.user
    language = user.preferred_language or "nl"
    challenge = member.team.challenge
    with translation.override(language):
        context = {
            "name": user.full_name or user.email,
            "challenge": challenge,
            "leader": member.team.leader,
            "url": invitation_url(token),
            "valid_days": workflow.TOKEN_VALID_FOR.days,
        }
        subject = translation.gettext("Invitation: innovation team for %(title)s") % {
            "title": challenge.title
        }
        text = render_to_string("teams/email/invitation.txt", context)
        html = render_to_string("teams/email/invitation.html", context)
        email_queue(
            to=user.email,
            subject=subject,
            text=text,
            html=html,
            reference=f"teams.member:{member.pk}",
            key=f"teams:invitation:{member.pk}:{member.invited_at:%Y%m%d%H%M%S%f}",
        )


@transaction.atomic
def team_invite(*, proposal: TeamProposal, by: Any, request: Any = None) -> list[TeamMember]:
    """Invite the proposal's members who are not yet in (or invited to) the challenge's team; the
    challenge's regisseur leads the team.  Returns the new invitations."""
    if proposal.challenge is None or proposal.status not in (ProposalStatus.OPTIMAL, ProposalStatus.FEASIBLE):
        raise ValidationError(
            {"proposal": _("Only a team proposal for a challenge, with a team, can be invited.")},
            code="invalid",
        )
    challenge = Challenge.objects.select_for_update().get(pk=proposal.challenge.pk)
    team, _created = Team.objects.get_or_create(challenge=challenge, defaults={"leader": challenge.regisseur})
    if team.leader_id is None and challenge.regisseur_id is not None:
        team.leader = challenge.regisseur
        team.save(update_fields=["leader"])
    have = set(TeamMember.objects.filter(team=team).values_list("profile_id", flat=True))
    pks = [_pk(cid) for cid in proposal.result["members"]]
    profiles = {p.pk: p for p in Profile.objects.filter(pk__in=pks).select_related("user")}
    leader_pk = _pk(proposal.result["leader"]) if proposal.result.get("leader") else None
    hours = int(proposal.problem.get("min_hours_per_week") or 0)
    created: list[TeamMember] = []
    for pk in pks:
        if pk in have or pk not in profiles:
            continue
        token = new_token()
        member = TeamMember.objects.create(
            team=team,
            profile=profiles[pk],
            proposal=proposal,
            token_hash=hash_token(token),
            role=MemberRole.CO_LEAD
            if pk == leader_pk and profiles[pk].user_id != team.leader_id
            else MemberRole.MEMBER,
            hours_committed=min(hours, profiles[pk].hours_per_week),
        )
        if profiles[pk].user_id == team.leader_id:
            # the regisseur leads: no invitation to themself
            member.status = MemberStatus.ACCEPTED
            member.responded_at = timezone.now()
            member.token_hash = None
            member.save(update_fields=["status", "responded_at", "token_hash"])
        else:
            _send_invitation(member, token)
        log(
            TeamsEvent.INVITATION_SENT,
            actor=by,
            target=member,
            request=request,
            details={"challenge": challenge.pk, "profile": pk, "proposal": proposal.pk},
        )
        created.append(member)
    return created


def has_account(user: Any) -> bool:
    """Whether the person can log in (then answering needs their log-in, not only the link)."""
    return bool(user.is_active and user.has_usable_password())


@transaction.atomic
def invitation_respond(
    *,
    member: TeamMember,
    accept: bool,
    reason: str = "",
    hours_committed: int | None = None,
    confirm_over: bool = False,
    by: Any = None,
    request: Any = None,
) -> TeamMember:
    """Accept or decline an invitation (once, through ``workflow``). Declining needs a reason.

    ``by`` is who answers: the invitee logged in, or ``None`` for an answer through the personal
    link — allowed only when the invitee has no account to log in with."""
    member = TeamMember.objects.select_for_update().select_related("profile__user").get(pk=member.pk)
    invitee = member.profile.user
    if by is None:
        if has_account(invitee):
            raise ValidationError(
                {"status": _("Log in with your account to answer this invitation.")}, code="log_in"
            )
    elif getattr(by, "pk", None) != invitee.pk:
        raise ValidationError({"status": _("Only the invited person can answer.")}, code="not_invitee")
    new = workflow.next_state(member.status, workflow.Answer.ACCEPT if accept else workflow.Answer.DECLINE)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Please give a reason for declining.")}, code="reason")
    if hours_committed is not None and not 0 <= hours_committed <= MAX_HOURS:
        raise ValidationError({"hours_committed": HOURS_MESSAGE}, code="hours")
    if accept:
        hours = member.hours_committed if hours_committed is None else hours_committed
        elsewhere = selectors.committed_hours([member.profile_id]).get(member.profile_id, 0)
        available = member.profile.hours_per_week
        if elsewhere + hours > available and not confirm_over:
            raise ValidationError(
                {
                    "hours_committed": _(
                        "With this team you would give %(total)s hours per week to teams, more than the "
                        "%(available)s hours you said you can give. Give fewer hours, or confirm below."
                    )
                    % {"total": elsewhere + hours, "available": available}
                },
                code="over_committed",
            )
    member.status = new
    member.reason = reason[:500]
    if accept and hours_committed is not None:
        member.hours_committed = hours_committed
    member.responded_at = timezone.now()
    member.save(update_fields=["status", "reason", "hours_committed", "responded_at"])
    forget_access(invitee)
    log(
        TeamsEvent.INVITATION_ACCEPTED if accept else TeamsEvent.INVITATION_DECLINED,
        actor=by or invitee,
        target=member,
        request=request,
        details={"team": member.team_id, "reason": member.reason},
    )
    return member


@transaction.atomic
def team_resolve(
    *, team: Team, by: Any, request: Any = None, time_limit: float | None = 10.0
) -> TeamProposal:
    """Solve again for the open places: accepted and pending members locked in, decliners left out."""
    rows = list(TeamMember.objects.filter(team=team).values_list("profile_id", "status"))
    keep = [pk for pk, status in rows if status != MemberStatus.DECLINED]
    out = [pk for pk, status in rows if status == MemberStatus.DECLINED]
    challenge = team.challenge
    pool = selectors.matchable(selectors.challenge_pool(challenge))
    present = set(pool.filter(pk__in=keep + out).values_list("pk", flat=True))
    missing = [pk for pk in keep if pk not in present]
    if missing:
        raise ValidationError(
            {
                "people": _(
                    "A member who accepted or is still invited is no longer in the pool (consent withdrawn "
                    "or not available)."
                )
            },
            code="not_in_pool",
        )
    return team_propose(
        challenge_or_needs=challenge,
        by=by,
        include=keep,
        exclude=[pk for pk in out if pk in present],
        time_limit=time_limit,
        request=request,
    )


@transaction.atomic
def team_charter_save(
    *, team: Team, working_agreements: str, meeting_rhythm: str, by: Any, request: Any = None
) -> Team:
    team.working_agreements = working_agreements.strip()
    team.meeting_rhythm = meeting_rhythm.strip()[:200]
    team.save(update_fields=["working_agreements", "meeting_rhythm"])
    log(TeamsEvent.TEAM_CHARTER_SAVED, actor=by, target=team, request=request)
    return team


@transaction.atomic
def member_update(
    *, member: TeamMember, role: str, hours_committed: int, by: Any, request: Any = None
) -> TeamMember:
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role.")}, code="invalid")
    if not 0 <= hours_committed <= 80:
        raise ValidationError({"hours_committed": HOURS_MESSAGE}, code="hours")
    member.role = role
    member.hours_committed = hours_committed
    member.save(update_fields=["role", "hours_committed"])
    log(
        TeamsEvent.MEMBER_UPDATED,
        actor=by,
        target=member,
        request=request,
        details={"role": role, "hours_committed": hours_committed},
    )
    return member
