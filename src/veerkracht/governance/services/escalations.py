"""The escalation triggers, and the board's answer to an escalation.

:func:`check_escalations` looks at one challenge and raises what has newly tripped
(docs/governance/mandate.md):

* money or hours used ≥ ``warn_share`` × the mandate's amount → a **warning**; ≥ ``escalate_share`` ×
  the amount → an **escalation** (when both apply at once, only the escalation is raised);
* an indicator of an agreed objective whose status was ``uit koers`` at its last two measurements (each
  evaluated at its own date, through :mod:`veerkracht.governance.status`) → an escalation;
* the mandate in force past its end date → an escalation.

Each trigger trips once: its ``key`` is unique per challenge (a new mandate version, or a new
measurement date, is a new key). An escalation is also an entry of kind ``escalatie`` in the decision
log. Every new warning or escalation is mailed to each bestuurder of the challenge's municipalities,
once per recipient. The check is cheap (a handful of queries per challenge) and runs after every write
that can trip it (on commit), on ``measurements_recorded``, and daily (``tasks.check_all_escalations``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veerkracht.agenda.models import Challenge
from veerkracht.audit.logger import log
from veerkracht.core.http import site_url
from veerkracht.core.mail import email_queue
from veerkracht.governance import status
from veerkracht.governance.indicators import OFF_COURSE
from veerkracht.governance.models import (
    Decision,
    DecisionKind,
    Escalation,
    EscalationKind,
    EscalationLevel,
    Mandate,
    MandateState,
    Objective,
    ObjectiveState,
)
from veerkracht.governance.services.decisions import record_decision
from veerkracht.governance.usage import usage_of
from veerkracht.organisations.models import Membership, Role

logger = logging.getLogger(__name__)

#: Who "decided" an escalation in the log: the rule, not a person.
RAISED_BY = "Veerkracht (automatische signalering)"
RAISED_ROLE = "systeem"


@dataclass(frozen=True)
class Trip:
    kind: str
    level: str
    key: str
    summary: str


def _share(used: Decimal, amount: Decimal, share: Decimal) -> bool:
    """Whether ``used`` reached ``share`` of ``amount`` (any use of a zero amount counts as reached)."""
    if amount <= 0:
        return used > 0
    return used >= share * amount


def _percent(used: Decimal, amount: Decimal) -> str:
    if amount <= 0:
        return "∞"
    return f"{(used * 100 / amount).quantize(Decimal('0.1'))}".replace(".", ",")


def usage_key(label: str, step: str, mandate: Mandate) -> str:
    """The key that makes a use trigger trip once per mandate version: ``budget``/``uren``, then
    ``warn``/``escalate``."""
    return f"{label}:{step}:m{mandate.pk}"


def off_course_key(indicator: Any, last: dt.date) -> str:
    """The key of "off course at two measurements in a row", ending at the measurement of ``last``."""
    return f"uit_koers:i{indicator.pk}:{last.isoformat()}"


def _usage_trips(mandate: Mandate, challenge: Any) -> list[Trip]:
    used = usage_of(challenge)
    trips = []
    for kind, value, amount, label in (
        (EscalationKind.BUDGET, used.money, mandate.budget, "budget"),
        (EscalationKind.HOURS, used.hours, mandate.hours, "uren"),
    ):
        if _share(value, amount, mandate.escalate_share):
            level, step = EscalationLevel.ESCALATION, "escalate"
        elif _share(value, amount, mandate.warn_share):
            level, step = EscalationLevel.WARNING, "warn"
        else:
            continue
        what = _("budget") if kind == EscalationKind.BUDGET else _("hours")
        summary = _("%(what)s: %(percent)s%% of the mandate used (%(used)s of %(amount)s).") % {
            "what": what.capitalize(),
            "percent": _percent(value, amount),
            "used": value,
            "amount": amount,
        }
        trips.append(Trip(kind, level, usage_key(label, step, mandate), summary))
    return trips


def _off_course_trips(challenge: Any, today: dt.date) -> list[Trip]:
    """Indicators of agreed objectives whose status was ``uit koers`` at each of their last two
    measurements (up to ``today``)."""
    objectives = list(
        status.with_measurements(
            Objective.objects.filter(challenge_id=challenge.pk, state=ObjectiveState.OVEREENGEKOMEN)
        )
    )
    trips = []
    for objective in objectives:
        cache: dict[dt.date, dict[int, Any]] = {}

        def status_at(
            day: dt.date, objective: Objective = objective, cache: dict[dt.date, dict[int, Any]] = cache
        ) -> Any:
            if day not in cache:
                cache[day] = status.evaluate([objective], as_of=day)
            return cache[day].get(objective.pk)

        for indicator in objective.indicators.all():
            dates = [m.date for m in indicator.measurements.all() if m.date <= today]
            if len(dates) < 2:
                continue
            last_two = dates[-2:]
            states = []
            for day in last_two:
                evaluated = status_at(day)
                found = (
                    next((i for i in evaluated.indicators if i.code == indicator.code), None)
                    if evaluated is not None
                    else None
                )
                states.append(found.status if found is not None else None)
            if all(s == OFF_COURSE for s in states):
                summary = _(
                    "Indicator %(code)s %(name)s is off course at two measurements in a row "
                    "(%(first)s and %(last)s)."
                ) % {
                    "code": indicator.code,
                    "name": indicator.name,
                    "first": date_format(last_two[0]),
                    "last": date_format(last_two[1]),
                }
                trips.append(
                    Trip(
                        EscalationKind.OFF_COURSE,
                        EscalationLevel.ESCALATION,
                        off_course_key(indicator, last_two[1]),
                        summary,
                    )
                )
    return trips


def trips_of(challenge: Any, today: dt.date) -> list[Trip]:
    """Everything that has tripped for ``challenge`` on ``today`` (whether or not raised before)."""
    trips: list[Trip] = []
    mandate = Mandate.objects.filter(challenge_id=challenge.pk, state=MandateState.GEGEVEN).first()
    if mandate is not None:
        trips.extend(_usage_trips(mandate, challenge))
        if today > mandate.ends_on:
            trips.append(
                Trip(
                    EscalationKind.MANDATE_ENDED,
                    EscalationLevel.ESCALATION,
                    f"mandaat_verlopen:m{mandate.pk}",
                    _("The mandate (version %(v)s) ended on %(end)s and has not been renewed.")
                    % {"v": mandate.version, "end": date_format(mandate.ends_on)},
                )
            )
    trips.extend(_off_course_trips(challenge, today))
    return trips


def board_of(challenge: Any) -> list[Any]:
    """The bestuurders of the challenge's municipalities (each once)."""
    memberships = (
        Membership.objects.filter(
            role=Role.BESTUURDER,
            organisation_id__in={challenge.agenda.municipality_id, challenge.lead_municipality_id},
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    seen: dict[int, Any] = {}
    for membership in memberships:
        seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())


def mandate_url(challenge: Any) -> str:
    return site_url() + reverse("governance:mandate", kwargs={"slug": challenge.slug})


def _mail_board(escalation: Escalation, challenge: Any) -> int:
    sent = 0
    for user in board_of(challenge):
        if not user.email:
            continue
        with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
            context = {
                "name": getattr(user, "full_name", "") or user.email,
                "challenge": challenge,
                "escalation": escalation,
                "is_escalation": escalation.level == EscalationLevel.ESCALATION,
                "url": mandate_url(challenge),
            }
            if escalation.level == EscalationLevel.ESCALATION:
                subject = _("Escalation: %(title)s") % {"title": challenge.title}
            else:
                subject = _("Warning: %(title)s") % {"title": challenge.title}
            text = render_to_string("governance/email/escalation.txt", context)
        email_queue(
            to=user.email,
            subject=subject,
            text=text,
            reference=f"governance.escalation:{escalation.pk}",
            key=f"governance:escalation:{escalation.pk}:{user.pk}",
            scrub_after_send=False,
        )
        sent += 1
    return sent


def _raise(challenge: Challenge, trip: Trip) -> Escalation | None:
    """Raise one trip (in the caller's transaction); None when it was raised before."""
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                challenge=challenge,
                kind=trip.kind,
                level=trip.level,
                key=trip.key,
                summary=trip.summary[:300],
            )
    except IntegrityError:
        return None
    if trip.level == EscalationLevel.ESCALATION:
        escalation.raised_entry = record_decision(
            challenge=challenge,
            kind=DecisionKind.ESCALATIE,
            title=_("Escalation: %(title)s") % {"title": challenge.title},
            text=trip.summary,
            by=RAISED_BY,
            role=RAISED_ROLE,
            organisation=challenge.agenda.municipality or challenge.lead_municipality,
            public=True,
            refs=[trip.key],
        )
        escalation.save(update_fields=["raised_entry"])
    log(
        "governance.escalation_raised",
        target=challenge,
        actor_repr=RAISED_BY,
        details={"escalation": escalation.pk, "kind": trip.kind, "level": trip.level, "key": trip.key},
    )
    _mail_board(escalation, challenge)
    return escalation


def check_escalations(challenge: Any, today: dt.date | None = None) -> list[Escalation]:
    """Raise (record, log, mail) what has newly tripped for ``challenge``; returns the new ones."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        trips = trips_of(challenge, today)
        if not trips:
            return []
        known = set(Escalation.objects.filter(challenge_id=challenge.pk).values_list("key", flat=True))
        fresh = [t for t in trips if t.key not in known]
        if not fresh:
            return []
        raised = []
        with transaction.atomic():
            locked = (
                Challenge.objects.select_for_update(of=("self",))
                .select_related("agenda__municipality", "lead_municipality")
                .get(pk=challenge.pk)
            )
            for trip in fresh:
                escalation = _raise(locked, trip)
                if escalation is not None:
                    raised.append(escalation)
    return raised


def check_escalations_of(challenge_id: int, today: dt.date | None = None) -> list[Escalation]:
    """:func:`check_escalations` by id, for on-commit hooks, receivers and tasks; a failure is logged,
    never passed on to the write that triggered the check (the daily run catches up)."""
    challenge = Challenge.objects.select_related("agenda").filter(pk=challenge_id).first()
    if challenge is None:
        return []
    try:
        return check_escalations(challenge, today=today)
    except Exception:  # noqa: BLE001 - the write that triggered the check has committed already
        logger.exception("escalation check failed for challenge %s", challenge_id)
        return []


def challenges_to_check() -> list[int]:
    """Challenges with a mandate in force (what the daily run looks at)."""
    return list(
        Mandate.objects.filter(state=MandateState.GEGEVEN)
        .order_by("challenge_id")
        .values_list("challenge_id", flat=True)
    )


def answer_escalation(
    *, escalation: Escalation, by: Any, title: str, text: str, public: bool = True
) -> Decision:
    """The board answers an open escalation with a decision (kind ``besluit``); the answer and the
    time are set on the escalation in the same transaction. Raises PermissionDenied / ValidationError
    (nothing written)."""
    challenge = escalation.challenge
    if not by.has_perm("governance.answer_escalation", challenge):
        raise PermissionDenied
    errors = {
        name: [_("This field is required.")]
        for name, value in (("title", title), ("text", text))
        if not value.strip()
    }
    if errors:
        raise ValidationError(errors)
    from veerkracht.governance.services.mandates import board_organisation

    with transaction.atomic():
        locked = (
            Escalation.objects.select_for_update(of=("self",))
            .select_related("raised_entry")
            .get(pk=escalation.pk)
        )
        if locked.level != EscalationLevel.ESCALATION:
            raise ValidationError(_("A warning is not answered with a decision."))
        if locked.answer_id is not None:
            raise ValidationError(_("This escalation has been answered already."))
        refs = [locked.key]
        if locked.raised_entry is not None:
            refs.insert(0, f"#{locked.raised_entry.seq}")
        decision = record_decision(
            challenge=challenge,
            kind=DecisionKind.BESLUIT,
            title=title,
            text=text,
            by=by,
            role="bestuurder",
            organisation=board_organisation(by, challenge) or challenge.agenda.municipality,
            public=public,
            refs=refs,
        )
        locked.answer = decision
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_at"])
        log(
            "governance.escalation_answered",
            actor=by,
            target=challenge,
            details={"escalation": locked.pk, "decision": decision.seq, "public": public},
        )
    escalation.answer = decision
    escalation.answered_at = locked.answered_at
    return decision
