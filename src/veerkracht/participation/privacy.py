"""A resident's own participation data: the export (JSON) and forgetting it. Ideas stay, without
their author (shown as "a resident"); supports, comments, reports and session registrations are
removed (a place in a coming session is given up first, so the waiting list moves up).

The same two functions serve the resident's data page (/meedoen/mijn-gegevens/) and, registered with
:mod:`veerkracht.teams.personal_data`, the export and delete of their talent profile."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.audit.logger import log
from veerkracht.participation.events import ParticipationEvent
from veerkracht.participation.models import (
    Comment,
    CommentReport,
    Idea,
    MailOptOut,
    Support,
    UnsubscribeToken,
)
from veerkracht.participation.session_models import RegistrationStatus, SessionRegistration


def _where(idea: Idea) -> str:
    if idea.challenge is not None:
        return idea.challenge.title
    return idea.agenda.title if idea.agenda is not None else ""


def participation_export(user: Any) -> dict[str, Any]:
    """Everything participation holds about ``user`` (for their own JSON export)."""
    ideas = (
        Idea.objects.filter(author=user).select_related("challenge", "agenda", "neighbourhood").defer("stems")
    )
    supports = Support.objects.filter(user=user).select_related("idea").order_by("created_at", "pk")
    comments = Comment.objects.filter(author=user).select_related("idea").order_by("created_at", "pk")
    reports = CommentReport.objects.filter(user=user).order_by("created_at", "pk")
    registrations = (
        SessionRegistration.objects.filter(user=user)
        .select_related("session", "session__challenge", "session__cop")
        .order_by("queued_at", "pk")
    )
    return {
        "ideas": [
            {
                "id": idea.pk,
                "title": idea.title,
                "text": idea.text,
                "name_shown": idea.nickname,
                "on": _where(idea),
                "neighbourhood": idea.neighbourhood.name if idea.neighbourhood else None,
                "has_picture": bool(idea.picture),
                "state": idea.state,
                "submitted_at": idea.created_at.isoformat(),
            }
            for idea in ideas.order_by("created_at", "pk")
        ],
        "supports": [
            {"idea": s.idea_id, "idea_title": s.idea.title, "at": s.created_at.isoformat()} for s in supports
        ],
        "comments": [
            {
                "idea": c.idea_id,
                "idea_title": c.idea.title,
                "text": c.text,
                "at": c.created_at.isoformat(),
                "hidden_reason": c.hidden_reason if c.hidden_at else None,
            }
            for c in comments
        ],
        "reports": [
            {"comment": r.comment_id, "reason": r.reason, "at": r.created_at.isoformat()} for r in reports
        ],
        "sessions": [
            {
                "session": r.session_id,
                "title": r.session.title,
                "challenge": r.session.challenge.title if r.session.challenge else None,
                "community": r.session.cop.theme if r.session.cop else None,
                "starts_at": r.session.starts_at.isoformat(),
                "status": r.status,
                "registered_at": r.queued_at.isoformat(),
                "attended": r.attended,
                "talent_pool_invitation_allowed": r.talent_consent,
            }
            for r in registrations
        ],
        "no_idea_email": MailOptOut.objects.filter(user=user).exists(),
    }


@transaction.atomic
def participation_forget(*, user: Any, request: Any = None) -> dict[str, int]:
    """Forget ``user`` in participation: their ideas stay, anonymised (no author, no chosen name);
    their supports, comments, reports and session registrations are deleted (a registration for a
    session still to come is cancelled first, so the first on its waiting list moves up), as are their
    e-mail opt-out and unsubscribe links. Returns what was done, per kind."""
    from veerkracht.participation import session_services

    coming = SessionRegistration.objects.filter(
        user=user, session__starts_at__gt=timezone.now(), status=RegistrationStatus.REGISTERED
    ).select_related("session")
    for registration in coming:
        session_services.session_cancel(session=registration.session, by=user, request=request)
    done = {
        "ideas": Idea.objects.filter(author=user).update(author=None, nickname=""),
        "supports": Support.objects.filter(user=user).delete()[0],
        "reports": CommentReport.objects.filter(user=user).delete()[0],
        "sessions": SessionRegistration.objects.filter(user=user).delete()[0],
    }
    comments = Comment.objects.filter(author=user)
    done["comments"] = comments.count()
    comments.delete()  # with the reports others made of them
    MailOptOut.objects.filter(user=user).delete()
    UnsubscribeToken.objects.filter(user=user).delete()
    log(ParticipationEvent.DATA_FORGOTTEN, actor=user, request=request, details=done)
    return done
