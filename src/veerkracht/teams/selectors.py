"""Reads on the talent pool and the innovation teams.

Visibility of a profile: never public; visible to the person themself, to installation
administrators, and to the regisseurs and coordinators of the agendas the person's organisation
takes part in.  An organisation takes part in an agenda when it is one of the agenda's partners, the
agenda's municipality (or one of its region's municipalities), or a stakeholder of one of the
agenda's challenges.  "Coordinators of an agenda" are ``Agenda.coordinators``; "regisseurs of an
agenda" are the regisseurs of its challenges.  A coordinator or regisseur *role* in a municipality
(``Membership``) also counts as being coordinator of that municipality: they see its own staff.

Residents are promised that only the coordinators and regisseurs *of their own municipality* see
them: a coordinator or regisseur role in that municipality, coordinating (or directing a challenge
of) an agenda of that municipality, or — for a joint regional agenda — coordinating or directing
there while belonging to that municipality.  A resident whose consent is withdrawn is seen by
nobody but themself.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from veerkracht.agenda import readings
from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Agenda, Challenge, Stakeholder
from veerkracht.organisations.models import Kind, Membership, Organisation, Role
from veerkracht.organisations.selectors import is_installation_admin
from veerkracht.teams import personal_data
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
    """Municipalities whose residents ``user`` may see (see the module's rule): those where they hold a
    coordinator or regisseur role, those whose own agendas they coordinate or direct a challenge of,
    and — for regional agendas — the municipalities among the region's that they belong to."""
    if not _authenticated(user):
        return Organisation.objects.none()
    roles = Membership.objects.filter(user=user, role__in=POOL_ROLES, organisation__kind=Kind.GEMEENTE)
    agendas = pool_agendas(user)
    own = Membership.objects.filter(user=user).values("organisation_id")
    return Organisation.objects.filter(
        Q(pk__in=roles.values("organisation_id"))
        | Q(pk__in=agendas.filter(municipality__isnull=False).values("municipality_id"))
        | (Q(regions__agendas__in=agendas) & Q(pk__in=own)),
        kind=Kind.GEMEENTE,
    )


def standing_resident() -> Q:
    """A resident who counts in the pool: consent given and not withdrawn, address confirmed."""
    return Q(
        organisation__isnull=True,
        consent_given_at__isnull=False,
        consent_withdrawn_at__isnull=True,
        email_confirmed_at__isnull=False,
    )


def _taking_part(agendas: QuerySet[Agenda]) -> QuerySet[Organisation]:
    """Organisations that take part in ``agendas``: partners, the municipalities, stakeholders."""
    # Each part as its own subquery of ids: joining the organisations to every stakeholder row of the
    # country and filtering afterwards scans the national tables for a handful of agendas.
    partners = Agenda.partners.through.objects.filter(agenda__in=agendas).values("organisation_id")
    stakeholders = Stakeholder.objects.filter(challenge__agenda__in=agendas).values("organisation_id")
    return Organisation.objects.filter(
        Q(pk__in=partners) | Q(pk__in=_agenda_municipalities(agendas).values("pk")) | Q(pk__in=stakeholders)
    )


def visible_profiles(user: Any) -> QuerySet[Profile]:
    """Profiles ``user`` may see.

    Two small queries find the municipalities and organisations first; the profiles are then filtered
    by those ids. Written as one statement (the sets as subqueries inside an ``OR``), PostgreSQL read
    the whole national pool of 200,000 profiles for every page of it (about 150 ms for a count and a
    page); with the ids given, each branch of the ``OR`` uses its own index (under 15 ms).
    """
    if not _authenticated(user):
        return Profile.objects.none()
    if is_installation_admin(user):
        return Profile.objects.filter(Q(user=user) | Q(organisation__isnull=False) | standing_resident())
    municipalities = set(pool_municipalities(user).values_list("pk", flat=True))
    staff_of = set(_taking_part(pool_agendas(user)).values_list("pk", flat=True)) | municipalities
    return Profile.objects.filter(
        Q(user=user)
        | Q(organisation__isnull=False, organisation_id__in=sorted(staff_of))
        | (standing_resident() & Q(municipality_id__in=sorted(municipalities)))
    )


def can_see_profile(user: Any, profile: Profile) -> bool:
    if not _authenticated(user):
        return False
    if profile.user_id == user.pk:
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
        Q(organisation__isnull=False) | standing_resident(),
        Q(available_from__isnull=True) | Q(available_from__lte=on),
        Q(available_until__isnull=True) | Q(available_until__gte=on),
    )


def pool_list(user: Any, *, skill: str = "", query: str = "") -> QuerySet[Profile]:
    """The talent-pool list: a fixed number of queries whatever the size of the page."""
    qs = visible_profiles(user).select_related("user", "organisation", "municipality")
    if skill:  # a subquery, not a join: no duplicate rows, so no DISTINCT over the whole pool
        qs = qs.filter(pk__in=ProfileSkill.objects.filter(skill__slug=skill).values("profile_id"))
    if query:
        qs = qs.filter(Q(user__full_name__icontains=query) | Q(organisation__name__icontains=query))
    return qs.prefetch_related(
        Prefetch(
            "skills", queryset=ProfileSkill.objects.select_related("skill").order_by("-level", "skill__slug")
        )
    )


def skills() -> QuerySet[Skill]:
    return Skill.objects.prefetch_related("synonyms")


def profile_export(profile: Profile) -> dict[str, Any]:
    """Everything Veerkracht holds in a person's talent profile (for their own JSON export), with what
    other apps hold about them (:mod:`veerkracht.teams.personal_data`: their ideas, supports, comments
    and session registrations in participation)."""
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
        **personal_data.export_of(profile.user),
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


@dataclass(frozen=True)
class NeedsFormStart:
    initial: dict[str, Any]
    rows: list[dict[str, Any]]
    suggestion: Any
    reading: MonitorReading | None
    has_needs: bool


def suggestion_for(challenge: Challenge) -> tuple[Any, MonitorReading | None]:
    """Suggested needs from the challenge's domain and its monitor's weak dimensions."""
    from veerkracht.teams.suggestions import suggest

    reading = latest_monitor_reading(challenge)
    weak = [(d.code, d.label) for d in reading.dimensions] if reading else []
    return (
        suggest(domain_code=challenge.domain.code, domain_skills=domain_skills(challenge), weak=weak),
        reading,
    )


def needs_form_start(challenge: Challenge, *, use_suggestion: bool = False) -> NeedsFormStart:
    """What the needs form starts with: the stored needs, or (none yet, or asked for) the suggestion."""
    needs = needs_of(challenge)
    suggestion, reading = suggestion_for(challenge)
    if needs is not None and not use_suggestion:
        initial: dict[str, Any] = {
            "team_size": needs.team_size,
            "max_share_percent": needs.max_share_percent,
            "min_organisations": needs.min_organisations,
            "min_residents": needs.min_residents,
            "min_hours_per_week": needs.min_hours_per_week,
        }
        rows = [
            {"skill": s.skill.slug, "min_level": s.min_level, "count": s.count} for s in needs.skills.all()
        ]
    else:
        initial = {
            "team_size": max(7, needs.team_size if needs else 7),
            "max_share_percent": 40,
            "min_organisations": max(3, suggestion.min_organisations),
            "min_residents": suggestion.min_residents,
            "min_hours_per_week": 4,
        }
        rows = [{"skill": k, "min_level": lv, "count": n} for k, (lv, n) in sorted(suggestion.skills.items())]
    return NeedsFormStart(initial, rows, suggestion, reading, needs is not None)


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


def own_profile(user: Any) -> Profile | None:
    if not _authenticated(user):
        return None
    return Profile.objects.filter(user=user).select_related("organisation", "municipality").first()


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
    """The organisation's people in the pool with their committed hours (accepted places only) and
    their open invitations, counted apart (one query)."""
    accepted = Q(team_memberships__status=MemberStatus.ACCEPTED)
    profiles = list(
        Profile.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(
            committed=Sum("team_memberships__hours_committed", filter=accepted),
            teams=Count("team_memberships", filter=accepted),
            invited=Count("team_memberships", filter=Q(team_memberships__status=MemberStatus.INVITED)),
        )
        .order_by("user__full_name", "user__email")
    )
    return [
        {
            "profile": p,
            "committed": int(p.committed or 0),
            "teams": p.teams,
            "invited": p.invited,
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


# --- where a person can go in part c ------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    label: str


def hours_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose team hours ``user`` may see (as partner contact or administrator)."""
    from veerkracht.organisations.selectors import organisations_of

    return organisations_of(user, roles={Role.PARTNERCONTACT, Role.BEHEERDER}).order_by("name")


def start_links(user: Any) -> list[Link]:
    """The pages of part c this person may open, for the part's start page and the home panel: their
    own profile (or how to make one: staff for their organisation, otherwise as a resident), the pool
    and skills for those who may see them, and the team hours of the organisations they look after."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from veerkracht.organisations.selectors import organisations_of

    if not _authenticated(user):
        return [Link(reverse("teams:sign_up"), _("Join the talent pool as a resident"))]
    links = []
    if Profile.objects.filter(user=user).exists():
        links.append(Link(reverse("teams:my_profile"), _("My talent profile, teams and invitations")))
    elif organisations_of(user).exists():
        links.append(Link(reverse("teams:my_profile_edit"), _("Join the talent pool for your organisation")))
    else:
        links.append(Link(reverse("teams:sign_up"), _("Join the talent pool as a resident")))
    if user.has_perm("teams.view_pool"):
        links.append(Link(reverse("teams:index"), _("Talent pool")))
        links.append(Link(reverse("teams:skills"), _("Skills taxonomy")))
    for organisation in hours_organisations(user):
        links.append(
            Link(
                reverse("teams:organisation_hours", args=[organisation.slug]),
                _("Team hours of %(organisation)s") % {"organisation": organisation.name},
            )
        )
    return links


# --- the formation and team pages ---------------------------------------------------------------


def profile_ids(values: list[str]) -> list[int]:
    """Profile ids from form values like ``p12`` or ``12`` (anything else is ignored)."""
    out = []
    for v in values:
        v = v.strip().lstrip("p")
        if v.isdigit() and len(v) < 12:
            out.append(int(v))
    return out


@dataclass(frozen=True)
class Places:
    size: int
    accepted: int
    invited: int
    declined: int

    @property
    def open(self) -> int:
        return max(0, self.size - self.accepted - self.invited)

    @property
    def can_fill(self) -> bool:
        """Someone declined and their place is not taken: offer to solve again for it."""
        return self.declined > 0 and self.open > 0


def places_of(team: Team | None, needs: TeamNeeds | None) -> Places | None:
    if team is None or needs is None:
        return None
    counts = dict(
        TeamMember.objects.filter(team=team).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return Places(
        size=needs.team_size,
        accepted=counts.get(MemberStatus.ACCEPTED, 0),
        invited=counts.get(MemberStatus.INVITED, 0),
        declined=counts.get(MemberStatus.DECLINED, 0),
    )


def formation_page(challenge: Challenge, *, wanted: str = "") -> dict[str, Any]:
    """Everything the formation page shows: the latest proposals, the chosen one explained, who was
    locked in or left out in it, the team and its open places, and who leads."""
    from veerkracht.teams import explanation

    needs = needs_of(challenge)
    proposals = list(proposals_of(challenge)[:10])
    chosen = None
    if wanted.isdigit() and len(wanted) < 12:
        chosen = next((p for p in proposals if p.pk == int(wanted)), None) or (
            proposals_of(challenge).filter(pk=int(wanted)).first()
        )
    chosen = chosen or (proposals[0] if proposals else None)
    locked: list[tuple[str, Profile | None]] = []
    left_out: list[tuple[str, Profile | None]] = []
    if chosen:
        people = {
            f"p{p.pk}": p
            for p in Profile.objects.filter(
                pk__in=profile_ids(chosen.problem_include + chosen.problem_exclude)
            ).select_related("user")
        }
        locked = [(cid, people.get(cid)) for cid in chosen.problem_include]
        left_out = [(cid, people.get(cid)) for cid in chosen.problem_exclude]
    team = team_of(challenge)
    regisseur = (
        Profile.objects.filter(user_id=challenge.regisseur_id).values_list("pk", flat=True).first()
        if challenge.regisseur_id
        else None
    )
    return {
        "challenge": challenge,
        "needs": needs,
        "proposals": proposals,
        "explained": explanation.explain(chosen) if chosen else None,
        "locked": locked,
        "left_out": left_out,
        "team": team,
        "places": places_of(team, needs),
        # the regisseur leads the team; another "leader" in a proposal is a co-lead
        "regisseur_leads": challenge.regisseur_id is not None,
        "regisseur_cid": f"p{regisseur}" if regisseur else "",
    }


def team_page(team: Team | None) -> dict[str, Any]:
    """The team page's rows: members with their total committed hours (over all their teams), grouped
    by organisation (residents together), and whether someone declined (two queries)."""
    from django.utils.translation import gettext as _

    rows = members_of(team) if team else []
    hours = committed_hours([m.profile_id for m in rows])
    by_org: dict[str, list[TeamMember]] = {}
    for m in rows:
        m.total_hours = hours.get(m.profile_id, 0)  # type: ignore[attr-defined]
        m.over = m.total_hours > m.profile.hours_per_week  # type: ignore[attr-defined]
        key = m.profile.organisation.name if m.profile.organisation else _("Residents")
        by_org.setdefault(key, []).append(m)
    return {
        "rows": rows,
        "by_org": sorted(by_org.items()),
        "declined": any(m.status == MemberStatus.DECLINED for m in rows),
    }
