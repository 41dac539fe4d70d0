"""Reads on the talent pool.

Visibility: a profile is visible to the person themself, to installation administrators, and to the
coordinators and regisseurs of the person's municipality (for staff: the municipality of their
organisation; for a resident: the municipality they signed up in).  Never public.
TODO(agenda): widen to "regisseurs and coordinators of agendas the person's organisation takes part
in" now that ``veerkracht.agenda`` has landed (Agenda.partners / Agenda.coordinators).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from veerkracht.organisations.models import Kind, Membership, Organisation, Role
from veerkracht.organisations.selectors import is_installation_admin
from veerkracht.teams.models import Profile, ProfileSkill, Skill

POOL_ROLES = {Role.COORDINATOR, Role.REGISSEUR}


def pool_municipalities(user: Any) -> QuerySet[Organisation]:
    """Municipalities whose talent pool ``user`` may see (as coordinator or regisseur there)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    ids = Membership.objects.filter(user=user, role__in=POOL_ROLES, organisation__kind=Kind.GEMEENTE)
    return Organisation.objects.filter(pk__in=ids.values("organisation_id"))


def municipality_of(organisation: Organisation) -> Organisation | None:
    if organisation.kind == Kind.GEMEENTE:
        return organisation
    return organisation.municipality


def visible_profiles(user: Any) -> QuerySet[Profile]:
    if not getattr(user, "is_authenticated", False):
        return Profile.objects.none()
    if is_installation_admin(user):
        return Profile.objects.all()
    return Profile.objects.filter(Q(municipality__in=pool_municipalities(user)) | Q(user=user))


def can_see_profile(user: Any, profile: Profile) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if profile.user_id == user.pk or is_installation_admin(user):
        return True
    return pool_municipalities(user).filter(pk=profile.municipality_id).exists()


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
