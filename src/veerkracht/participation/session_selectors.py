"""Reads on co-creation sessions: lists with counts (never names for the public), registrants for
the coordinator, a person's own registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_visible_to
from veerkracht.community.models import CommunityOfPractice
from veerkracht.community.selectors import communities_visible_to
from veerkracht.participation.session_models import (
    CoSession,
    RegistrationStatus,
    SessionAction,
    SessionRegistration,
)


def with_counts(sessions: QuerySet[CoSession]) -> QuerySet[CoSession]:
    """``registered_count`` and ``waiting_count`` on each session (one query for the list)."""
    return sessions.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )


def sessions_of(challenge: Challenge) -> QuerySet[CoSession]:
    return with_counts(CoSession.objects.filter(challenge=challenge)).order_by("starts_at", "pk")


def sessions_of_cop(cop: CommunityOfPractice) -> QuerySet[CoSession]:
    return with_counts(CoSession.objects.filter(cop=cop)).order_by("starts_at", "pk")


def visible_sessions_q(user: Any) -> Q:
    """Over CoSession: a session is seen by who sees its challenge or its community of practice."""
    return Q(challenge__in=challenges_visible_to(user)) | Q(cop__in=communities_visible_to(user))


def session_for_user_or_404(user: Any, pk: int) -> CoSession:
    """The session if ``user`` may see its challenge or community; else Http404, whether or not it
    exists."""
    found = (
        with_counts(CoSession.objects.filter(visible_sessions_q(user), pk=pk))
        .select_related(
            "challenge", "challenge__agenda", "challenge__lead_municipality", "cop", "cop__municipality"
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def registration_of(session: CoSession, user: Any) -> SessionRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SessionRegistration.objects.filter(session=session, user=user).first()


def waiting_position(registration: SessionRegistration) -> int | None:
    """1 for the first on the waiting list."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return (
        SessionRegistration.objects.filter(
            session_id=registration.session_id, status=RegistrationStatus.WAITING
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def registrants_of(session: CoSession) -> list[SessionRegistration]:
    """Everyone registered or waiting, in order (names and e-mail: only for the coordinator)."""
    return list(
        SessionRegistration.objects.filter(session=session)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )


def actions_of(session: CoSession) -> list[SessionAction]:
    return list(session.actions.select_related("idea").order_by("due", "pk"))


@dataclass(frozen=True)
class Counts:
    registered: int
    waiting: int
    attended: int


def counts_of(session: CoSession) -> Counts:
    found = dict(
        SessionRegistration.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    attended = SessionRegistration.objects.filter(session=session, attended=True).count()
    return Counts(
        registered=found.get(RegistrationStatus.REGISTERED, 0),
        waiting=found.get(RegistrationStatus.WAITING, 0),
        attended=attended,
    )
