"""Writes on co-creation sessions: create (on a challenge or a community of practice), edit, call off,
register (or join the waiting list), cancel (the first on the waiting list moves up), attendance,
minutes and actions, reminders, talent-pool invitations.

Registering and cancelling lock the session's row (``select_for_update``) and count inside that
transaction, so two people acting at once never take more places than the session has."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.agenda.models import Challenge
from veerkracht.audit.logger import log
from veerkracht.community.models import CommunityOfPractice
from veerkracht.core.http import site_url
from veerkracht.core.mail import email_queue
from veerkracht.participation import services, session_workflow, states
from veerkracht.participation.events import ParticipationEvent
from veerkracht.participation.models import Idea
from veerkracht.participation.session_models import (
    CoSession,
    RegistrationStatus,
    SessionAction,
    SessionRegistration,
    SessionStatus,
)

REGISTERED = RegistrationStatus.REGISTERED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED

#: the kinds of e-mail about a session
MAIL_REGISTERED = "registered"
MAIL_WAITING = "waiting"
MAIL_MOVED_UP = "moved_up"
MAIL_REMINDER = "reminder"
MAIL_TALENT = "talent"
MAIL_CHANGED = "changed"
MAIL_CALLED_OFF = "called_off"

#: the fields whose change is announced to everyone registered or waiting (with the updated .ics)
ANNOUNCED = ("starts_at", "ends_at", "place", "online_url")
#: the fields the organiser edits
EDITABLE = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "accessibility",
    "capacity",
)


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime, place: str, online_url: str) -> None:
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    if not place.strip() and not online_url.strip():
        errors["place"] = [_("Give a place or an online link.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(
    *,
    by: Any,
    challenge: Challenge | None = None,
    cop: CommunityOfPractice | None = None,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    place: str = "",
    online_url: str = "",
    accessibility: str = "",
    description: str = "",
    request: Any = None,
) -> CoSession:
    if (challenge is None) == (cop is None):
        raise ValueError("a session is on exactly one of a challenge or a community of practice")
    if not by.has_perm("participation.add_session", challenge or cop):
        raise PermissionDenied
    _check_times(starts_at, ends_at, place, online_url)
    session = CoSession.objects.create(
        challenge=challenge,
        cop=cop,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        accessibility=accessibility.strip(),
        capacity=capacity,
        created_by=by,
    )
    log(ParticipationEvent.SESSION_CREATED, actor=by, target=session, request=request)
    return session


def _locked(session: CoSession) -> CoSession:
    # lock the session's row only (PostgreSQL refuses FOR UPDATE across the nullable joins)
    locked = (
        CoSession.objects.select_for_update(of=("self",))
        .select_related("challenge", "cop")
        .get(pk=session.pk)
    )
    return locked


@transaction.atomic
def session_update(*, session: CoSession, by: Any, request: Any = None, **fields: Any) -> CoSession:
    """Edit a planned session that has not started (``fields``: any of :data:`EDITABLE`).

    Lowering the places below the number registered is refused (nobody is dropped); raising them moves
    people up from the waiting list, in order, each told by e-mail. When the date, time or place
    changes, everyone registered or waiting is e-mailed the new details (in the background)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    session = _locked(session)
    if not by.has_perm("participation.change_session", session):
        raise PermissionDenied
    new = {name: fields.get(name, getattr(session, name)) for name in EDITABLE}
    for name in ("title", "description", "place", "online_url", "accessibility"):
        new[name] = (new[name] or "").strip()
    _check_times(new["starts_at"], new["ends_at"], new["place"], new["online_url"])
    taken = _taken(session)
    if new["capacity"] < taken:
        raise ValidationError(
            {
                "capacity": [
                    _(
                        "%(taken)d people are registered: the session needs at least %(taken)d places. "
                        "Nobody is taken off; ask people to cancel first if there must be fewer places."
                    )
                    % {"taken": taken}
                ]
            }
        )
    changed = [name for name in EDITABLE if new[name] != getattr(session, name)]
    if not changed:
        return session
    announced = [name for name in ANNOUNCED if name in changed]
    old_capacity = session.capacity
    for name in changed:
        setattr(session, name, new[name])
    if announced:
        session.sequence += 1
        # the reminder goes again for the new date
        if "starts_at" in announced:
            SessionRegistration.objects.filter(session=session).update(reminded_at=None)
    session.save(update_fields=[*changed, *(["sequence"] if announced else [])])
    moved = _fill_places(session) if session.capacity > old_capacity else []
    log(
        ParticipationEvent.SESSION_UPDATED,
        actor=by,
        target=session,
        request=request,
        details={"changed": changed, "moved_up": len(moved), "sequence": session.sequence},
    )
    if announced:
        _notify_all_later(session, MAIL_CHANGED)
    return session


@transaction.atomic
def session_transition(*, session: CoSession, to: str, by: Any, request: Any = None) -> CoSession:
    """Move the session along :mod:`session_workflow` (so far: call it off). Calling off tells everyone
    registered or waiting by e-mail (in the background); their registrations stay for the record."""
    session = _locked(session)
    if not by.has_perm("participation.change_session", session):
        raise PermissionDenied
    if not session_workflow.allowed(session.status, to):
        raise ValidationError(_("This session cannot be changed that way."))
    before = session.status
    session.status = to
    session.sequence += 1
    update = ["status", "sequence"]
    if to == SessionStatus.GEANNULEERD:
        session.cancelled_at = timezone.now()
        update.append("cancelled_at")
    session.save(update_fields=update)
    log(
        ParticipationEvent.SESSION_TRANSITIONED,
        actor=by,
        target=session,
        request=request,
        details={"from": before, "to": to},
    )
    if to == SessionStatus.GEANNULEERD:
        _notify_all_later(session, MAIL_CALLED_OFF)
    return session


def _notify_all_later(session: CoSession, kind: str) -> None:
    from veerkracht.participation import session_tasks

    session_id, key = session.pk, f"v{session.sequence}"
    transaction.on_commit(lambda: session_tasks.notify_session.delay(session_id, kind, key))


def notify_all(*, session_id: int, kind: str, key: str) -> int:
    """E-mail everyone registered or waiting about the session as it now is (the task's work). The
    key makes each announcement once per person, so running it twice sends nothing again."""
    session = CoSession.objects.select_related("challenge", "cop").filter(pk=session_id).first()
    if session is None:
        return 0
    registrations = (
        SessionRegistration.objects.filter(session=session, status__in=[REGISTERED, WAITING])
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for registration in registrations:
        registration.session = session
        with transaction.atomic():
            if _mail(registration, kind, key=key):
                sent += 1
    return sent


def _taken(session: CoSession) -> int:
    return SessionRegistration.objects.filter(session=session, status=REGISTERED).count()


@transaction.atomic
def session_register(
    *, session: CoSession, by: Any, talent_consent: bool = False, request: Any = None
) -> SessionRegistration:
    """Register ``by``: a place while there is one, else the end of the waiting list. Registering
    twice changes nothing (the existing registration is returned)."""
    session = _locked(session)
    if not by.has_perm("participation.register_session", session):
        raise PermissionDenied
    registration = SessionRegistration.objects.filter(session=session, user=by).first()
    if registration is not None and registration.status != CANCELLED:
        return registration
    status = REGISTERED if _taken(session) < session.capacity else WAITING
    now = timezone.now()
    if registration is None:
        registration = SessionRegistration(session=session, user=by)
    registration.status = status
    registration.queued_at = now
    registration.talent_consent = talent_consent
    registration.moved_up_at = None
    registration.save()
    log(
        ParticipationEvent.SESSION_REGISTERED,
        actor=by,
        target=session,
        request=request,
        details={"status": status},
    )
    _mail(registration, MAIL_REGISTERED if status == REGISTERED else MAIL_WAITING, key=f"{now.timestamp()}")
    return registration


@transaction.atomic
def session_cancel(*, session: CoSession, by: Any, request: Any = None) -> SessionRegistration | None:
    """Cancel ``by``'s registration. When that frees a place, the first on the waiting list moves up
    (and is told). Returns the person who moved up, if any."""
    session = _locked(session)
    registration = (
        SessionRegistration.objects.filter(session=session, user=by).exclude(status=CANCELLED).first()
    )
    if registration is None:
        return None
    if session.is_cancelled:
        raise ValidationError(_("The session has been called off; registrations can no longer change."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("The session has started; registrations can no longer change."))
    registration.status = CANCELLED
    registration.save(update_fields=["status"])
    log(ParticipationEvent.SESSION_CANCELLED, actor=by, target=session, request=request)
    moved = _fill_places(session)
    return moved[0] if moved else None


def _fill_places(session: CoSession) -> list[SessionRegistration]:
    """Move people up from the waiting list, in order, while there are free places (session locked)."""
    free = session.capacity - _taken(session)
    if free <= 0:
        return []
    now = timezone.now()
    moved = list(
        SessionRegistration.objects.select_for_update()
        .filter(session=session, status=WAITING)
        .select_related("user")
        .order_by("queued_at", "pk")[:free]
    )
    for registration in moved:
        registration.session = session
        registration.status = REGISTERED
        registration.moved_up_at = now
        registration.save(update_fields=["status", "moved_up_at"])
        _mail(registration, MAIL_MOVED_UP, key=f"{now.timestamp()}")
    return moved


def _mail(registration: SessionRegistration, kind: str, *, key: str = "") -> bool:
    user = registration.user
    session = registration.session
    if not user.email or not user.is_active:
        return False
    url = site_url() + reverse("participation:session", args=[session.pk])
    context = {
        "name": user.full_name or "",
        "session": session,
        "challenge": session.challenge,
        "cop": session.cop,
        "waiting": registration.status == WAITING,
        "kind": kind,
        "url": url,
        "ics_url": site_url() + reverse("participation:session_ics", args=[session.pk]),
        "sign_up_url": site_url() + reverse("teams:sign_up"),
    }
    language = user.preferred_language or "nl"
    with translation.override(language):
        subjects = {
            MAIL_REGISTERED: _("You are registered: %(title)s"),
            MAIL_WAITING: _("You are on the waiting list: %(title)s"),
            MAIL_MOVED_UP: _("A place has come free for you: %(title)s"),
            MAIL_REMINDER: _("Tomorrow: %(title)s"),
            MAIL_TALENT: _("Thank you for coming to %(title)s"),
            MAIL_CHANGED: _("Changed: %(title)s"),
            MAIL_CALLED_OFF: _("Called off: %(title)s"),
        }
        email_queue(
            to=user.email,
            subject=subjects[kind] % {"title": session.title[:80]},
            text=render_to_string("participation/sessions/email/session.txt", context),
            html=render_to_string("participation/sessions/email/session.html", context),
            reference=f"participation.session:{session.pk}",
            key=f"participation:session:{session.pk}:{user.pk}:{kind}:{key}",
        )
    return True


@transaction.atomic
def attendance_record(*, session: CoSession, by: Any, attended_ids: set[int], request: Any = None) -> int:
    """Tick who came (the others did not). Once the session has ended, attendees who consented and are
    not in the talent pool are invited to join it (once each). Returns how many came."""
    if not by.has_perm("participation.manage_session", session):
        raise PermissionDenied
    registrations = SessionRegistration.objects.filter(session=session, status=REGISTERED)
    registrations.filter(user_id__in=attended_ids).update(attended=True)
    registrations.exclude(user_id__in=attended_ids).update(attended=False)
    log(ParticipationEvent.SESSION_ATTENDANCE, actor=by, target=session, request=request)
    if session.ends_at <= timezone.now():
        invite_to_talent_pool(session)
    return registrations.filter(attended=True).count()


def invite_to_talent_pool(session: CoSession) -> int:
    """Invite (once) the attendees who consented on registration and are not in the talent pool."""
    from veerkracht.teams.models import Profile

    in_pool = Profile.objects.values("user_id")
    now = timezone.now()
    invited = 0
    candidates = (
        SessionRegistration.objects.filter(
            session=session, status=REGISTERED, attended=True, talent_consent=True, invited_at__isnull=True
        )
        .exclude(user_id__in=in_pool)
        .select_related("user", "session", "session__challenge", "session__cop")
    )
    for registration in candidates:
        # claim it: a concurrent run that already claimed it updates nothing
        if SessionRegistration.objects.filter(pk=registration.pk, invited_at__isnull=True).update(
            invited_at=now
        ):
            _mail(registration, MAIL_TALENT)
            invited += 1
    return invited


@transaction.atomic
def minutes_save(*, session: CoSession, by: Any, outcomes: str, request: Any = None) -> CoSession:
    if not by.has_perm("participation.manage_session", session):
        raise PermissionDenied
    session.outcomes = outcomes.strip()
    session.minutes_at = timezone.now()
    session.save(update_fields=["outcomes", "minutes_at"])
    log(ParticipationEvent.SESSION_MINUTES, actor=by, target=session, request=request)
    return session


@transaction.atomic
def action_add(
    *,
    session: CoSession,
    by: Any,
    text: str,
    owner: str,
    due: dt.date,
    link: str = "",
    idea: Idea | None = None,
    idea_state: str = "",
) -> SessionAction:
    if not by.has_perm("participation.manage_session", session):
        raise PermissionDenied
    if session.challenge_id is None and (idea is not None or idea_state):
        raise ValidationError({"idea": _("A session of a community of practice has no ideas to answer.")})
    if idea is not None and idea.challenge_id != session.challenge_id:
        raise ValidationError({"idea": _("Choose an idea on the session's challenge.")})
    if idea_state and idea is None:
        raise ValidationError({"idea": _("Choose the idea whose state changes.")})
    if (
        idea is not None
        and idea_state
        and idea_state not in (states.IN_BEHANDELING, states.OVERGENOMEN, states.NIET_OVERGENOMEN)
    ):
        raise ValidationError({"idea_state": _("Choose under consideration, adopted or not adopted.")})
    return SessionAction.objects.create(
        session=session,
        text=text.strip(),
        owner=owner.strip(),
        due=due,
        link=link.strip(),
        idea=idea,
        idea_state=idea_state if idea is not None else "",
    )


@transaction.atomic
def action_apply(*, action: SessionAction, by: Any, request: Any = None) -> SessionAction:
    """Turn the action into its idea's state change, through the feedback loop (which checks the move
    and tells the author and supporters). Applied once."""
    action = (
        SessionAction.objects.select_for_update(of=("self",))
        .select_related("session", "session__challenge")
        .get(pk=action.pk)
    )
    if not by.has_perm("participation.manage_session", action.session):
        raise PermissionDenied
    if action.applied_at is not None or action.idea_id is None or not action.idea_state:
        raise ValidationError(_("This action has no idea state change to apply."))
    assert action.idea is not None
    note = _("From the session “%(title)s”: %(action)s") % {
        "title": action.session.title,
        "action": action.text,
    }
    services.idea_transition(
        idea=action.idea,
        target=action.idea_state,
        by=by,
        outcome=note if action.idea_state == states.OVERGENOMEN else "",
        outcome_url=action.link if action.idea_state == states.OVERGENOMEN else "",
        reason=note if action.idea_state == states.NIET_OVERGENOMEN else "",
        request=request,
    )
    action.applied_at = timezone.now()
    action.save(update_fields=["applied_at"])
    return action


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind everyone registered for a session that starts tomorrow (local date), once each: the
    registration is claimed by setting ``reminded_at`` where it is still empty, so a second or
    concurrent run sends nothing again."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    due = SessionRegistration.objects.filter(
        status=REGISTERED,
        session__status=SessionStatus.GEPLAND,
        reminded_at__isnull=True,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).select_related("user", "session", "session__challenge", "session__cop")
    sent = 0
    for registration in due:
        with transaction.atomic():
            if SessionRegistration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                _mail(registration, MAIL_REMINDER)
                sent += 1
    return sent


def invite_after_sessions(*, now: dt.datetime | None = None) -> int:
    """For the daily task: talent-pool invitations for sessions that ended in the last week."""
    now = now or timezone.now()
    invited = 0
    for session in CoSession.objects.filter(
        status=SessionStatus.GEPLAND, ends_at__lte=now, ends_at__gte=now - dt.timedelta(days=7)
    ):
        with transaction.atomic():
            invited += invite_to_talent_pool(session)
    return invited
