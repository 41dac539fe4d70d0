"""Reads of the API app. What a caller sees is what the pages show the same person; an API key, which
is no person, sees the public data and the non-public data of its organisation's municipality."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from rest_framework.request import Request

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Agenda, Challenge, Stakeholder
from veerkracht.api.models import ApiKey, TeamFormationJob
from veerkracht.governance import selectors as governance_selectors
from veerkracht.governance.models import Decision, Indicator, Objective, ObjectiveState
from veerkracht.organisations.models import Kind, Organisation


def team_formation_jobs_of(user: Any) -> QuerySet[TeamFormationJob]:
    """The jobs a person started; nobody else's (not even an administrator's view of them)."""
    if not getattr(user, "is_authenticated", False):
        return TeamFormationJob.objects.none()
    return TeamFormationJob.objects.filter(owner=user)


def keys_of(organisation: Organisation) -> QuerySet[ApiKey]:
    keys = ApiKey.objects.filter(organisation=organisation).select_related("created_by", "revoked_by")
    return keys.order_by("-created_at")


def municipality_of(organisation: Organisation) -> Organisation | None:
    """The municipality whose non-public data a key of ``organisation`` may see: the organisation
    itself when it is one, else the municipality it belongs to (none: public data only)."""
    if organisation.kind == Kind.GEMEENTE:
        return organisation
    return organisation.municipality


def key_of(request: Request) -> ApiKey | None:
    """The API key the request was made with (None: anonymous or a logged-in person)."""
    return request.auth if isinstance(request.auth, ApiKey) else None


def _own_challenges_q(municipality: Organisation) -> Q:
    return Q(pk__in=agenda_selectors.municipal_challenge_ids(municipality, regions=True))


def _own_agendas_q(municipality: Organisation) -> Q:
    return Q(municipality=municipality) | Q(region__municipalities=municipality)


def challenges_for(request: Request) -> QuerySet[Challenge]:
    """The challenges the caller may read."""
    key = key_of(request)
    if key is None:
        return agenda_selectors.challenges_visible_to(request.user)
    visible = agenda_selectors.public_q()
    municipality = municipality_of(key.organisation)
    if municipality is not None:
        visible |= _own_challenges_q(municipality)
    return Challenge.objects.select_related("agenda", "domain").filter(
        pk__in=Challenge.objects.filter(visible).values("pk")
    )


def agendas_for(request: Request) -> QuerySet[Agenda]:
    """The agendas the caller may read."""
    key = key_of(request)
    if key is None:
        return agenda_selectors.agendas_visible_to(request.user)
    visible = Q(published=True)
    municipality = municipality_of(key.organisation)
    if municipality is not None:
        visible |= _own_agendas_q(municipality)
    return Agenda.objects.select_related("municipality", "region").filter(
        pk__in=Agenda.objects.filter(visible).values("pk")
    )


def stakeholders_for(request: Request) -> QuerySet[Stakeholder]:
    """The stakeholders of the challenges the caller may read."""
    return Stakeholder.objects.select_related("organisation", "challenge").filter(
        challenge__in=challenges_for(request).values("pk")
    )


def indicators_for(request: Request) -> QuerySet[Indicator]:
    """Indicators of objectives of challenges (or agendas) the caller may read."""
    return Indicator.objects.select_related("objective").filter(
        Q(objective__challenge__in=challenges_for(request).values("pk"))
        | Q(objective__agenda__in=agendas_for(request).values("pk"))
    )


def indicator_writable_by_key(key: ApiKey, indicator: Indicator) -> bool:
    """A key writes only to its own municipality's challenges and agendas, public or not."""
    municipality = municipality_of(key.organisation)
    if municipality is None:
        return False
    objective = indicator.objective
    if objective.challenge_id is not None:
        return Challenge.objects.filter(_own_challenges_q(municipality), pk=objective.challenge_id).exists()
    return Agenda.objects.filter(_own_agendas_q(municipality), pk=objective.agenda_id or 0).exists()


def objectives_for(request: Request) -> QuerySet[Objective]:
    """The current objectives (not superseded, as the challenge page lists them) of the challenges, and
    the municipal goals of the agendas, the caller may read."""
    return (
        Objective.objects.select_related("challenge", "agenda")
        .filter(
            Q(challenge__in=challenges_for(request).values("pk"))
            | Q(agenda__in=agendas_for(request).values("pk"))
        )
        .exclude(state=ObjectiveState.VERVANGEN)
    )


def decisions_for(request: Request) -> tuple[QuerySet[Decision], Any]:
    """Every municipality's decision log (the logs are public, as their pages are), with who may read a
    confidential entry's content: a person as the challenge pages decide; a key, the entries of its own
    municipality's log; nobody else (the entry is then redacted as on the public page)."""
    key = key_of(request)
    if key is None:
        may_read = governance_selectors.confidential_reader(request.user)
    else:
        municipality = municipality_of(key.organisation)
        own = municipality.pk if municipality is not None else None

        def may_read(decision: Decision) -> bool:
            return own is not None and decision.chain.municipality_id == own

    return governance_selectors.decisions_queryset(), may_read
