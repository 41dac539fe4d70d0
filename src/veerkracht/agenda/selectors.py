"""Reads on agendas and challenges: the public surface other apps (monitor, teams, …) use.

Visibility in one sentence: a non-public challenge is visible only to the people who take part in
it — the coordinators of its agenda, the representatives (partner contact or director) of the
agenda's partner organisations, its innovatieregisseur, the contact persons of its stakeholders, and
whoever another app declares a participant through :func:`register_participation` (e.g. team
members). A challenge is public when it and its agenda are both published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import IntegerField, Prefetch, Q, QuerySet, Value, prefetch_related_objects
from django.http import Http404

from veerkracht.agenda import workflow
from veerkracht.agenda.models import (
    Agenda,
    AgendaPartnerInvitation,
    Challenge,
    ChallengeTransition,
    InvitationStatus,
    Score,
    Stakeholder,
)
from veerkracht.agenda.prioritisation import Result, Sheet, evaluate, rank
from veerkracht.agenda.stakeholder_analysis import Gap, missing_partner_kinds
from veerkracht.core import response_cache
from veerkracht.organisations.models import Membership, Role

#: Roles in a partner organisation that make someone a representative of it on an agenda.
PARTNER_ROLES: frozenset[str] = frozenset({Role.PARTNERCONTACT, Role.BESTUURDER})
#: Roles in an organisation that may accept (or decline) an invitation to co-own an agenda for it.
ANSWER_ROLES: frozenset[str] = frozenset({Role.PARTNERCONTACT, Role.BEHEERDER, Role.BESTUURDER})

ParticipationProvider = Callable[[Any], Q]
_PARTICIPATION: list[ParticipationProvider] = []


def register_participation(provider: ParticipationProvider) -> ParticipationProvider:
    """Let another app declare more participants: ``provider(user)`` returns a ``Q`` over Challenge
    (e.g. ``Q(teams__members__user=user)``) that selects the challenges ``user`` takes part in."""
    _PARTICIPATION.append(provider)
    return provider


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class Access:
    """What a person's relation to agendas and challenges is (ids), read once per user object."""

    coordinated: frozenset[int] = frozenset()  # agenda ids
    partner_of: frozenset[int] = frozenset()  # agenda ids (partner representative)
    directed: frozenset[int] = frozenset()  # challenge ids (innovatieregisseur)
    contact_of: frozenset[int] = frozenset()  # challenge ids (stakeholder contact person)
    administered: frozenset[int] = frozenset()  # municipality ids (beheerder)
    extra: dict[int, bool] = field(default_factory=dict)  # challenge id -> other apps' verdict


_ACCESS_ATTR = "_veerkracht_agenda_access"


def access_of(user: Any) -> Access:
    """How ``user`` relates to agendas and challenges: read once per user object, and remembered in
    the process while nothing is written (``core.response_cache.remembered``), as the person is."""
    if not _authenticated(user):
        return Access()
    cached: Access | None = getattr(user, _ACCESS_ATTR, None)
    if cached is not None:
        return cached
    read = response_cache.remembered("agenda-access", user.pk, lambda: _read_access(user))
    access = dataclasses.replace(read, extra={})  # other apps' verdicts are this user object's own
    setattr(user, _ACCESS_ATTR, access)
    return access


def _read_access(user: Any) -> Access:
    # one round trip: the five ways of relating, each tagged with its kind, in one UNION ALL
    partner_orgs = Membership.objects.filter(user=user, role__in=PARTNER_ROLES).values("organisation_id")
    ways: list[tuple[QuerySet[Any], str]] = [
        (Agenda.coordinators.through.objects.filter(user=user), "agenda_id"),
        (Agenda.partners.through.objects.filter(organisation_id__in=partner_orgs), "agenda_id"),
        (Challenge.objects.filter(regisseur=user), "pk"),
        (Stakeholder.objects.filter(contact_person=user), "challenge_id"),
        (
            Membership.objects.filter(user=user, role=Role.BEHEERDER, organisation__kind="gemeente"),
            "organisation_id",
        ),
    ]
    first, *rest = (
        query.order_by().annotate(way=Value(n, output_field=IntegerField())).values_list(column, "way")
        for n, (query, column) in enumerate(ways)
    )
    found: list[set[int]] = [set() for _way in ways]
    for pk, way in first.union(*rest, all=True):
        found[way].add(pk)
    return Access(
        coordinated=frozenset(found[0]),
        partner_of=frozenset(found[1]),
        directed=frozenset(found[2]),
        contact_of=frozenset(found[3]),
        administered=frozenset(found[4]),
    )


def forget_access(user: Any) -> None:
    """Drop the access kept on this user object (after a change to coordinators, stakeholders or the
    regisseur), so the next :func:`access_of` on it reads again.

    The copy remembered in the process (``response_cache.remembered``) is not touched here and needs
    not be: the change that called for this was a committed write, which raised the generation, and a
    remembered copy is only used in the generation it was read in. Inside a transaction nothing is
    remembered at all."""
    if hasattr(user, _ACCESS_ATTR):
        delattr(user, _ACCESS_ATTR)
    if hasattr(user, "_veerkracht_roles"):
        delattr(user, "_veerkracht_roles")


def _participation_q(user: Any) -> Q:
    access = access_of(user)
    q = (
        Q(agenda_id__in=access.coordinated)
        | Q(agenda_id__in=access.partner_of)
        | Q(pk__in=access.directed)
        | Q(pk__in=access.contact_of)
    )
    for provider in _PARTICIPATION:
        q |= Q(pk__in=Challenge.objects.filter(provider(user)).values("pk"))
    return q


def public_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}published": True, f"{prefix}agenda__published": True})


def municipal_challenge_ids(municipalities: Any, *, regions: bool = False) -> QuerySet[Any]:
    """The ids of the challenges of ``municipalities`` (one organisation, or several: a list or a query
    of organisations or of their ids): those on their own agendas or led by them, and with ``regions``
    also those on the joint agendas of their regions.
    A ``UNION`` of one query per way, for ``pk__in``: each part uses its index, where an ``OR`` of the
    same conditions across the join with the agendas makes the database read every challenge of the
    country (12 ms against 0.3 ms at national scale)."""
    lookup = "__in" if not hasattr(municipalities, "pk") else ""
    paths = ["agenda__municipality", "lead_municipality"]
    if regions:
        paths.append("agenda__region__municipalities")
    ways = [{path + lookup: municipalities} for path in paths]
    first, *rest = (Challenge.objects.filter(**way).order_by().values("pk") for way in ways)
    return first.union(*rest)


# --- who is who on an agenda or challenge ---------------------------------------------------------


def is_agenda_coordinator(user: Any, agenda: Agenda) -> bool:
    return agenda.pk in access_of(user).coordinated


def is_agenda_partner(user: Any, agenda: Agenda) -> bool:
    return agenda.pk in access_of(user).partner_of


def is_agenda_administrator(user: Any, agenda: Agenda) -> bool:
    """Installation admin, or beheerder of (one of) the agenda's municipalities."""
    if getattr(user, "is_superuser", False) and _authenticated(user):
        return True
    administered = access_of(user).administered
    return bool(administered) and bool(administered & set(agenda.municipality_ids()))


def is_challenge_regisseur(user: Any, challenge: Challenge) -> bool:
    return _authenticated(user) and challenge.regisseur_id == user.pk


def is_challenge_participant(user: Any, challenge: Challenge) -> bool:
    """Does ``user`` take part in ``challenge`` (and may therefore see it when it is not public)?"""
    if not _authenticated(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    access = access_of(user)
    if (
        challenge.agenda_id in access.coordinated
        or challenge.agenda_id in access.partner_of
        or challenge.pk in access.directed
        or challenge.regisseur_id == user.pk
        or challenge.pk in access.contact_of
    ):
        return True
    if not _PARTICIPATION:
        return False
    if challenge.pk not in access.extra:
        q = Q()
        for provider in _PARTICIPATION:
            q |= provider(user)
        access.extra[challenge.pk] = Challenge.objects.filter(q, pk=challenge.pk).exists()
    return access.extra[challenge.pk]


def may_see_challenge(user: Any, challenge: Challenge) -> bool:
    """Is ``challenge`` among :func:`challenges_visible_to` ``user``? Answered from the challenge and the
    access already read for this request (no query of its own, but the other apps' verdict once), so
    the sections of a challenge page can each ask it."""
    if challenge.published and challenge.agenda.published:
        return True
    return is_challenge_participant(user, challenge)


def actors_of(user: Any, challenge: Challenge) -> set[workflow.Actor]:
    """The lifecycle actors ``user`` is for ``challenge`` (coordinator, regisseur)."""
    actors = set()
    if is_agenda_coordinator(user, challenge.agenda) or (
        _authenticated(user) and getattr(user, "is_superuser", False)
    ):
        actors.add(workflow.Actor.COORDINATOR)
    if is_challenge_regisseur(user, challenge):
        actors.add(workflow.Actor.REGISSEUR)
    return actors


def transitions_for(user: Any, challenge: Challenge) -> list[workflow.Transition]:
    return workflow.available(challenge.status, actors_of(user, challenge))


# --- querysets ----------------------------------------------------------------------------------


def _challenge_base() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("agenda", "domain", "lead_municipality", "regisseur")


def challenges_of(user: Any) -> QuerySet[Challenge]:
    """Challenges ``user`` takes part in (public or not)."""
    if not _authenticated(user):
        return Challenge.objects.none()
    if getattr(user, "is_superuser", False):
        return _challenge_base()
    return _challenge_base().filter(_participation_q(user))


def challenges_visible_to(user: Any) -> QuerySet[Challenge]:
    """Challenges ``user`` may see: the public ones and those they take part in."""
    if not _authenticated(user):
        return _challenge_base().filter(public_q())
    if getattr(user, "is_superuser", False):
        return _challenge_base()
    return _challenge_base().filter(public_q() | _participation_q(user))


def challenge_for_user_or_404(user: Any, slug: str) -> Challenge:
    """The challenge with ``slug`` if ``user`` may see it (public or participant); else Http404,
    whether or not it exists."""
    challenge = _challenge_base().filter(slug=slug).first()
    # the same answer as ``challenges_visible_to(user).filter(slug=slug)`` (tested for every way of
    # taking part), from what the request already read: no query at all for a public challenge, and
    # no visibility rule compiled into a query for every page of a challenge
    if challenge is None or not may_see_challenge(user, challenge):
        raise Http404
    return challenge


def agendas_for_user(user: Any) -> QuerySet[Agenda]:
    """Agendas ``user`` takes part in: as coordinator, partner representative, administrator of
    its municipality, or through one of its challenges."""
    if not _authenticated(user):
        return Agenda.objects.none()
    base = Agenda.objects.select_related("municipality", "region")
    if getattr(user, "is_superuser", False):
        return base
    access = access_of(user)
    return base.filter(
        Q(pk__in=access.coordinated)
        | Q(pk__in=access.partner_of)
        | Q(municipality_id__in=access.administered)
        | Q(region__municipalities__in=access.administered)
        | Q(pk__in=challenges_of(user).values("agenda_id"))
    ).distinct()


def public_agendas() -> QuerySet[Agenda]:
    return Agenda.objects.filter(published=True).select_related("municipality", "region")


def agendas_visible_to(user: Any) -> QuerySet[Agenda]:
    if not _authenticated(user):
        return public_agendas()
    if getattr(user, "is_superuser", False):
        return Agenda.objects.select_related("municipality", "region")
    return (
        Agenda.objects.select_related("municipality", "region")
        .filter(Q(published=True) | Q(pk__in=agendas_for_user(user).values("pk")))
        .distinct()
    )


def agenda_sees_all(user: Any, agenda: Agenda) -> bool:
    """Coordinators, partner representatives and administrators see every challenge of the agenda."""
    return (
        is_agenda_coordinator(user, agenda)
        or is_agenda_partner(user, agenda)
        or is_agenda_administrator(user, agenda)
    )


def agenda_challenges_for(user: Any, agenda: Agenda) -> QuerySet[Challenge]:
    """The challenges of ``agenda`` that ``user`` may open: every one for its coordinators and
    partner representatives (they take part in all of them), else the public ones and those ``user``
    takes part in. A beheerder does not see non-public challenges through that role (ADR 0002), so
    their agenda page, ranking and exports hold only what they may open."""
    if is_agenda_coordinator(user, agenda) or is_agenda_partner(user, agenda):
        return _challenge_base().filter(agenda=agenda)
    return challenges_visible_to(user).filter(agenda=agenda)


@dataclass(frozen=True)
class ChallengeFilter:
    q: str = ""
    domain: str = ""
    status: str = ""
    partner: str = ""
    neighbourhood: str = ""

    @property
    def active(self) -> bool:
        return any((self.q, self.domain, self.status, self.partner, self.neighbourhood))


def filter_challenges(challenges: QuerySet[Challenge], filters: ChallengeFilter) -> QuerySet[Challenge]:
    """Search (title, problem, ambition) and filter by domain code, status, partner organisation slug
    (a stakeholder) and neighbourhood slug; never multiplies rows."""
    if filters.q:
        challenges = challenges.filter(
            Q(title__icontains=filters.q) | Q(problem__icontains=filters.q) | Q(ambition__icontains=filters.q)
        )
    if filters.domain:
        challenges = challenges.filter(domain__code=filters.domain)
    if filters.status:
        challenges = challenges.filter(status=filters.status)
    if filters.partner:
        challenges = challenges.filter(
            pk__in=Stakeholder.objects.filter(organisation__slug=filters.partner).values("challenge_id")
        )
    if filters.neighbourhood:
        challenges = challenges.filter(
            pk__in=Challenge.neighbourhoods.through.objects.filter(
                neighbourhood__slug=filters.neighbourhood
            ).values("challenge_id")
        )
    return challenges


# --- the board (bestuurder) of a municipality --------------------------------------------------------


def governed_municipalities(user: Any) -> QuerySet[Any]:
    """Municipalities where ``user`` is a board member (bestuurder, e.g. a wethouder)."""
    from veerkracht.organisations.models import Kind, Organisation

    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Kind.GEMEENTE,
        pk__in=Membership.objects.filter(user=user, role=Role.BESTUURDER).values("organisation_id"),
    ).order_by("name")


def challenges_led_by(municipalities: Any) -> QuerySet[Challenge]:
    """The challenges that ``municipalities`` lead, open ones first, newest first."""
    return (
        _challenge_base()
        .filter(lead_municipality__in=municipalities)
        .order_by("lead_municipality__name", "-updated_at", "pk")
    )


# --- partner invitations ----------------------------------------------------------------------------


def may_answer_for(user: Any, organisation: Any) -> bool:
    """May ``user`` accept an agenda's invitation on behalf of ``organisation``? Only its own
    contacts may: an installation administrator cannot consent for an organisation."""
    return (
        _authenticated(user)
        and Membership.objects.filter(user=user, organisation=organisation, role__in=ANSWER_ROLES).exists()
    )


def open_invitations_for(user: Any) -> QuerySet[AgendaPartnerInvitation]:
    """Invitations awaiting an answer from an organisation ``user`` may answer for."""
    if not _authenticated(user):
        return AgendaPartnerInvitation.objects.none()
    return (
        AgendaPartnerInvitation.objects.filter(
            status=InvitationStatus.PENDING,
            organisation_id__in=Membership.objects.filter(user=user, role__in=ANSWER_ROLES).values(
                "organisation_id"
            ),
        )
        .select_related("agenda", "agenda__municipality", "agenda__region", "organisation", "invited_by")
        .order_by("-created_at", "pk")
    )


def invited_partners(agenda: Agenda) -> list[Any]:
    """Organisations invited to co-own ``agenda`` that have not answered yet."""
    return [
        invitation.organisation
        for invitation in agenda.partner_invitations.filter(status=InvitationStatus.PENDING)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


# --- prioritisation -----------------------------------------------------------------------------


def agenda_scorers(agenda: Agenda) -> list[Any]:
    """The people expected to score the agenda's challenges: its coordinators and the partner
    representatives of its partner organisations (one query)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    coordinators = Agenda.coordinators.through.objects.filter(agenda=agenda).order_by().values("user_id")
    representatives = (
        Membership.objects.filter(
            role__in=PARTNER_ROLES,
            organisation_id__in=Agenda.partners.through.objects.filter(agenda=agenda).values(
                "organisation_id"
            ),
        )
        .order_by()
        .values("user_id")
    )
    # One list of ids (a UNION), so the people are found by key; an OR of two ``IN`` subqueries
    # makes the database read every account of the country.
    return list(
        user_model.objects.filter(pk__in=coordinators.union(representatives)).order_by("full_name", "email")
    )


@dataclass
class Ranked:
    challenge: Challenge
    result: Result
    scores: list[Score]
    not_scored: list[Any]
    position: int = 0
    expected: int = 0  # how many people are expected to score (coordinators and partner representatives)
    quorum: int = 1

    @property
    def below_quorum(self) -> bool:
        """Scored by fewer people than the agenda's quorum: its place in the ranking does not count
        yet."""
        return self.result.scorer_count < self.quorum


def ranked_challenges(agenda: Agenda, challenges: QuerySet[Challenge] | list[Challenge]) -> list[Ranked]:
    """``challenges`` (of ``agenda``; a queryset, or challenges already read) ranked by weighted score,
    with spread, explanation and who has not scored yet; those scored by fewer people than the agenda's
    quorum come after the others and are marked. A fixed number of queries, whatever the number of
    challenges."""
    weights = agenda.weights
    expected = agenda_scorers(agenda)
    rows: dict[int, Ranked] = {}
    order = []
    with_scores = Prefetch(
        "scores", queryset=Score.objects.select_related("scorer").order_by("scorer__full_name")
    )
    if isinstance(challenges, QuerySet):
        found = list(challenges.prefetch_related(with_scores).order_by("title"))
    else:
        found = sorted(challenges, key=lambda c: c.title)
        prefetch_related_objects(found, with_scores)
    for challenge in found:
        scores = list(challenge.scores.all())
        result = evaluate([Sheet(scorer=s.scorer_id, scores=s.as_dict()) for s in scores], weights)
        scored = {s.scorer_id for s in scores}
        not_scored = (
            [u for u in expected if u.pk not in scored] if challenge.status in workflow.SCORING_OPEN else []
        )
        rows[challenge.pk] = Ranked(
            challenge=challenge,
            result=result,
            scores=scores,
            not_scored=not_scored,
            expected=len(expected),
            quorum=agenda.ranking_quorum,
        )
        order.append(challenge.pk)
    ranked = [rows[key] for key in rank({k: r.result for k, r in rows.items()}, order)]  # type: ignore[index]
    # challenges that reached the quorum first; those below it keep their order after them
    ranked.sort(key=lambda row: row.below_quorum)
    for position, row in enumerate(ranked, start=1):
        row.position = position
    return ranked


# --- one challenge ------------------------------------------------------------------------------


def stakeholders_of(challenge: Challenge) -> list[Stakeholder]:
    """The challenge's stakeholders by organisation name, read into ``challenge`` itself (its
    prefetched stakeholders): what else asks the same object for them afterwards (the hub's agenda
    step counts them) reads nothing more. Stakeholders read into the object before are used as they are."""
    prefetch_related_objects(
        [challenge],
        Prefetch(
            "stakeholders",
            queryset=Stakeholder.objects.select_related("organisation", "contact_person").order_by(
                "organisation__name"
            ),
        ),
    )
    return list(challenge.stakeholders.all())


def stakeholder_gaps(challenge: Challenge, stakeholders: list[Stakeholder] | None = None) -> list[Gap]:
    """The partner kinds the challenge's domain usually needs and its stakeholders lack."""
    if stakeholders is None:
        stakeholders = stakeholders_of(challenge)
    usual = list(challenge.domain.usual_partner_kinds.values_list("kind", flat=True))
    return missing_partner_kinds(usual, [(s.organisation.kind, s.role) for s in stakeholders])


def timeline_of(challenge: Challenge) -> list[ChallengeTransition]:
    return list(challenge.transitions.select_related("by").order_by("at", "id"))


def partners_of(challenge: Challenge) -> list[Any]:
    """Organisation names to show publicly: the challenge's stakeholders."""
    return [s.organisation for s in challenge.stakeholders.select_related("organisation")]
