"""Reads on the talent pool and the innovation teams.

Visibility of a profile (issue 6): never public; visible to the person themself, to installation
administrators, and to the regisseurs and coordinators of the agendas the person's organisation
takes part in — or, for a resident, of the agendas of the resident's municipality.  An organisation
takes part in an agenda when it is one of the agenda's partners, the agenda's municipality (or one
of its region's municipalities), or a stakeholder of one of the agenda's challenges.  "Coordinators
of an agenda" are ``Agenda.coordinators``; "regisseurs of an agenda" are the regisseurs of its
challenges.  A coordinator or regisseur *role* in a municipality (``Membership``) also counts as
being coordinator of that municipality: they see its residents and its own staff.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from veerkracht.agenda import readings
from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.organisations.models import Kind, Membership, Organisation, Role
from veerkracht.organisations.selectors import is_installation_admin
from veerkracht.teams.models import (
    DomainSkill,
    MemberStatus,
    Profile,
    ProfileSkill,
    Skill,
    Team,
    TeamMember,
    TeamNeeds,
    TeamProposal,
)

logger = logging.getLogger(__name__)

POOL_ROLES = {Role.COORDINATOR, Role.REGISSEUR}


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def pool_agendas(user: Any) -> QuerySet[Agenda]:
    """Agendas ``user`` coordinates, or directs a challenge of."""
    if not _authenticated(user):
        return Agenda.objects.none()
    access = agenda_selectors.access_of(user)
    return Agenda.objects.filter(
        Q(pk__in=list(access.coordinated))
        | Q(pk__in=Challenge.objects.filter(regisseur=user).values("agenda_id"))
    )


def _agenda_municipalities(agendas: QuerySet[Agenda]) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        Q(pk__in=agendas.values("municipality_id")) | Q(regions__agendas__in=agendas), kind=Kind.GEMEENTE
    )


def pool_municipalities(user: Any) -> QuerySet[Organisation]:
    """Municipalities whose residents ``user`` may see: those of their pool agendas, and those where
    they hold a coordinator or regisseur role."""
    if not _authenticated(user):
        return Organisation.objects.none()
    roles = Membership.objects.filter(user=user, role__in=POOL_ROLES, organisation__kind=Kind.GEMEENTE)
    return Organisation.objects.filter(
        Q(pk__in=roles.values("organisation_id"))
        | Q(pk__in=_agenda_municipalities(pool_agendas(user)).values("pk"))
    )


def _taking_part(agendas: QuerySet[Agenda]) -> QuerySet[Organisation]:
    """Organisations that take part in ``agendas``: partners, the municipalities, stakeholders."""
    return Organisation.objects.filter(
        Q(partner_agendas__in=agendas)
        | Q(pk__in=_agenda_municipalities(agendas).values("pk"))
        | Q(stakes__challenge__agenda__in=agendas)
    )


def visible_profiles(user: Any) -> QuerySet[Profile]:
    """Profiles ``user`` may see (one query when evaluated, after the cached agenda access)."""
    if not _authenticated(user):
        return Profile.objects.none()
    if is_installation_admin(user):
        return Profile.objects.all()
    municipalities = pool_municipalities(user)
    staff_of = Organisation.objects.filter(
        Q(pk__in=_taking_part(pool_agendas(user)).values("pk")) | Q(pk__in=municipalities.values("pk"))
    )
    return Profile.objects.filter(
        Q(user=user)
        | Q(organisation__isnull=False, organisation_id__in=staff_of.values("pk"))
        | Q(organisation__isnull=True, municipality_id__in=municipalities.values("pk"))
    )


def can_see_profile(user: Any, profile: Profile) -> bool:
    if not _authenticated(user):
        return False
    if profile.user_id == user.pk or is_installation_admin(user):
        return True
    return visible_profiles(user).filter(pk=profile.pk).exists()


def has_pool(user: Any) -> bool:
    return _authenticated(user) and (
        pool_agendas(user).exists()
        or Membership.objects.filter(
            user=user, role__in=POOL_ROLES, organisation__kind=Kind.GEMEENTE
        ).exists()
    )


def challenge_pool(challenge: Challenge) -> QuerySet[Profile]:
    """The talent pool of a challenge: staff of the organisations taking part in its agenda and the
    residents of the agenda's municipalities (before consent and availability filters)."""
    agendas = Agenda.objects.filter(pk=challenge.agenda_id)
    return Profile.objects.filter(
        Q(organisation__isnull=False, organisation_id__in=_taking_part(agendas).values("pk"))
        | Q(organisation__isnull=True, municipality_id__in=_agenda_municipalities(agendas).values("pk"))
    )


def municipality_of(organisation: Organisation) -> Organisation | None:
    if organisation.kind == Kind.GEMEENTE:
        return organisation
    return organisation.municipality


def matchable(profiles: QuerySet[Profile], *, on: datetime.date | None = None) -> QuerySet[Profile]:
    """Profiles that may be proposed: residents only with standing consent; available on ``on``."""
    on = on or timezone.localdate()
    return profiles.filter(
        Q(organisation__isnull=False) | Q(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True),
        Q(available_from__isnull=True) | Q(available_from__lte=on),
        Q(available_until__isnull=True) | Q(available_until__gte=on),
    )


def pool_list(user: Any, *, skill: str = "", query: str = "") -> QuerySet[Profile]:
    """The talent-pool list: a fixed number of queries whatever the size of the page."""
    qs = visible_profiles(user).select_related("user", "organisation", "municipality")
    if skill:
        qs = qs.filter(skills__skill__slug=skill)
    if query:
        qs = qs.filter(Q(user__full_name__icontains=query) | Q(organisation__name__icontains=query))
    return qs.prefetch_related(
        Prefetch(
            "skills", queryset=ProfileSkill.objects.select_related("skill").order_by("-level", "skill__slug")
        )
    ).distinct()


def skills() -> QuerySet[Skill]:
    return Skill.objects.prefetch_related("synonyms")


def profile_export(profile: Profile) -> dict[str, Any]:
    """Everything Veerkracht holds in a person's talent profile (for their own JSON export)."""
    return {
        "name": profile.user.full_name,
        "email": profile.user.email,
        "organisation": profile.organisation.slug if profile.organisation else None,
        "municipality": profile.municipality.slug,
        "hours_per_week": profile.hours_per_week,
        "available_from": profile.available_from.isoformat() if profile.available_from else None,
        "available_until": profile.available_until.isoformat() if profile.available_until else None,
        "willing_to_lead": profile.willing_to_lead,
        "interests": {
            "domains": sorted(d.code for d in profile.interest_domains.all()),
            "neighbourhoods": sorted(n.slug for n in profile.interest_neighbourhoods.all()),
        },
        "skills": [
            {"skill": s.skill.slug, "level": s.level, "evidence": s.evidence}
            for s in profile.skills.select_related("skill").order_by("skill__slug")
        ],
        "consent_given_at": profile.consent_given_at.isoformat() if profile.consent_given_at else None,
        "consent_withdrawn_at": profile.consent_withdrawn_at.isoformat()
        if profile.consent_withdrawn_at
        else None,
        "created_at": profile.created_at.isoformat(),
    }


# --- team needs and their suggestions -----------------------------------------------------------


def needs_of(challenge: Challenge) -> TeamNeeds | None:
    return TeamNeeds.objects.filter(challenge=challenge).prefetch_related("skills__skill").first()


# What the monitor measured around a challenge comes through the agenda's readings registry (the
# monitor registers the provider): teams does not import the monitor.
WeakDimension = readings.DimensionReading
MonitorReading = readings.ChallengeReading


def latest_monitor_reading(challenge: Challenge) -> MonitorReading | None:
    """The dimension labels of the challenge's latest *reported* wave, or None."""
    return readings.latest_reading(challenge)


def domain_skills(challenge: Challenge) -> list[tuple[str, int, int]]:
    return list(
        DomainSkill.objects.filter(domain_id=challenge.domain_id)
        .order_by("skill__slug")
        .values_list("skill__slug", "min_level", "count")
    )


# --- proposals and teams ------------------------------------------------------------------------


def proposals_of(challenge: Challenge) -> QuerySet[TeamProposal]:
    return TeamProposal.objects.filter(challenge=challenge).select_related("created_by")


def team_of(challenge: Challenge) -> Team | None:
    return Team.objects.filter(challenge=challenge).select_related("leader").first()


def members_of(team: Team) -> list[TeamMember]:
    """The team's members and invitations, with people and organisations (one query)."""
    return list(
        TeamMember.objects.filter(team=team)
        .select_related("profile__user", "profile__organisation", "profile__municipality")
        .order_by("status", "profile__organisation__name", "profile__user__full_name")
    )


def committed_hours(profile_ids: list[int]) -> dict[int, int]:
    """Hours per week committed in accepted team places, per profile (one query)."""
    rows = (
        TeamMember.objects.filter(profile_id__in=profile_ids, status=MemberStatus.ACCEPTED)
        .values("profile_id")
        .annotate(total=Sum("hours_committed"))
    )
    return {r["profile_id"]: int(r["total"] or 0) for r in rows}


def my_places(user: Any) -> list[TeamMember]:
    """A person's team places and invitations (one query)."""
    if not _authenticated(user):
        return []
    return list(
        TeamMember.objects.filter(profile__user=user)
        .select_related("team__challenge", "team__leader")
        .order_by("-invited_at")
    )


def teams_led_by(user: Any) -> QuerySet[Team]:
    if not _authenticated(user):
        return Team.objects.none()
    return (
        Team.objects.filter(Q(leader=user) | Q(challenge__regisseur=user))
        .select_related("challenge")
        .annotate(
            n_accepted=Count("members", filter=Q(members__status=MemberStatus.ACCEPTED)),
            n_invited=Count("members", filter=Q(members__status=MemberStatus.INVITED)),
        )
    )


def organisation_hours(organisation: Organisation) -> list[dict[str, Any]]:
    """The organisation's people in the pool with their committed hours (two queries)."""
    profiles = list(
        Profile.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(
            committed=Sum(
                "team_memberships__hours_committed",
                filter=Q(team_memberships__status=MemberStatus.ACCEPTED),
            ),
            teams=Count("team_memberships", filter=Q(team_memberships__status=MemberStatus.ACCEPTED)),
        )
        .order_by("user__full_name", "user__email")
    )
    return [
        {
            "profile": p,
            "committed": int(p.committed or 0),
            "teams": p.teams,
            "over": int(p.committed or 0) > p.hours_per_week,
        }
        for p in profiles
    ]


def member_by_token(token: str) -> TeamMember | None:
    from veerkracht.core.tokens import hash_token

    if not token or len(token) > 100:
        return None
    return (
        TeamMember.objects.filter(token_hash=hash_token(token))
        .select_related("team__challenge", "profile__user")
        .first()
    )
