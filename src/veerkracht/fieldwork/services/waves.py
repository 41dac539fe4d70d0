"""Waves: create, edit, move through the workflow, close when expired, store headlines."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.fieldwork import reminders, workflow
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import (
    Wave,
    WaveHeadline,
)
from veerkracht.fieldwork.services.common import WAVE_FIELDS, FieldworkError, _real
from veerkracht.fieldwork.services.invitations import invitations_queue
from veerkracht.fieldwork.signals import wave_reported
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.models import Instrument

# --- waves --------------------------------------------------------------------------------------


def default_instrument() -> Instrument | None:
    return Instrument.objects.filter(code="innovatiemonitor").order_by("-version").first()


def _check_wave(wave: Wave) -> None:
    if wave.previous_id and wave.previous is not None:
        if wave.previous.challenge_id != wave.challenge_id:
            raise ValidationError({"previous": _("The previous wave must belong to the same challenge.")})
        if wave.pk and wave.previous_id == wave.pk:
            raise ValidationError({"previous": _("A wave cannot follow itself.")})
    if wave.starts_on and wave.ends_on and wave.ends_on < wave.starts_on:
        raise ValidationError({"ends_on": _("The fieldwork cannot end before it starts.")})
    if wave.reminder_days < reminders.MIN_DAYS:
        raise ValidationError({"reminder_days": _("Reminders are at least 5 days apart.")})
    if wave.k < 2:
        raise ValidationError({"k": _("The anonymity threshold is at least 2.")})


def wave_create(*, challenge: Any, by: Any, request: HttpRequest | None = None, **fields: Any) -> Wave:
    unknown = set(fields) - set(WAVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown wave fields: {sorted(unknown)}")
    fields.setdefault("instrument", default_instrument())
    with transaction.atomic():
        number = (challenge.waves.select_for_update().aggregate(m=Max("number"))["m"] or 0) + 1
        wave = Wave(challenge=challenge, number=number, created_by=by if _real(by) else None, **fields)
        if wave.open_link:
            wave.open_link_key = secrets.token_urlsafe(16)
        _check_wave(wave)
        wave.save()
        log(FieldworkEvent.WAVE_CREATED, actor=by, target=wave, request=request, details={"number": number})
    return wave


def wave_update(*, wave: Wave, by: Any, request: HttpRequest | None = None, **fields: Any) -> Wave:
    unknown = set(fields) - set(WAVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown wave fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state not in workflow.EDITABLE:
            raise FieldworkError(_("Only a draft wave can be changed."), code="not_editable")
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.open_link and not locked.open_link_key:
            locked.open_link_key = secrets.token_urlsafe(16)
        _check_wave(locked)
        locked.save()
        log(
            FieldworkEvent.WAVE_UPDATED,
            actor=by,
            target=locked,
            request=request,
            details={"fields": sorted(fields)},
        )
    return locked


def _move_challenge(wave: Wave, by: Any, request: HttpRequest | None) -> str:
    """Opening a wave moves the challenge into measuring (first wave) or evaluating (follow-up) when
    the agenda's table allows it and ``by`` may take that step. Returns the new status or ""."""
    from veerkracht.agenda import services as agenda_services
    from veerkracht.agenda import workflow as agenda_workflow

    challenge = wave.challenge
    targets: dict[str, str] = {
        agenda_workflow.Status.GEAGENDEERD: agenda_workflow.Status.IN_METING,
        agenda_workflow.Status.IN_UITVOERING: agenda_workflow.Status.IN_EVALUATIE,
    }
    target = targets.get(str(challenge.status))
    if target is None or not _real(by):
        return ""
    if target == agenda_workflow.Status.IN_EVALUATIE and wave.previous_id is None:
        return ""
    try:
        with transaction.atomic():
            agenda_services.challenge_transition(
                challenge=challenge, to=target, by=by, note=_("Monitor wave opened."), request=request
            )
    except (agenda_services.TransitionRefused, PermissionDenied):
        return ""
    return str(target)


def wave_transition(
    *,
    wave: Wave,
    to: str,
    by: Any,
    note: str = "",
    ends_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Wave:
    """Move ``wave`` to state ``to`` along the table in workflow.py. ``by`` None is the system (the
    scheduled close at the end of the fieldwork period). Raises :class:`FieldworkError`."""
    note = (note or "").strip()
    try:
        with transaction.atomic():
            locked = Wave.objects.select_for_update().select_related("challenge__agenda").get(pk=wave.pk)
            source = locked.state
            step = workflow.find(source, to)
            if step is None:
                raise FieldworkError(_("This step is not possible for this wave."), code="not_in_table")
            if by is not None and not (_real(by) and by.has_perm("fieldwork.transition_wave", locked)):
                raise FieldworkError(_("You may not take this step for this wave."), code="not_allowed")
            if step.note_required and not note:
                raise FieldworkError(_("Give a reason for this step."), code="note_required")
            now = timezone.now()
            if to == WaveState.OPEN:
                if ends_on is not None:
                    locked.ends_on = ends_on
                if locked.ends_on < timezone.localdate():
                    raise FieldworkError(
                        _("The fieldwork period has ended; choose a later end date first."),
                        code="period_ended",
                    )
                if source == WaveState.CONCEPT:
                    locked.opened_at = now
            elif to == WaveState.GESLOTEN:
                locked.closed_at = now
                WaveHeadline.objects.filter(wave=locked).delete()  # withdrawn: no longer a benchmark
            elif to == WaveState.GERAPPORTEERD:
                locked.reported_at = now
            locked.state = to
            locked.save()
            log(
                FieldworkEvent.WAVE_TRANSITIONED,
                actor=by,
                target=locked,
                request=request,
                details={"from": source, "to": str(to), "note": bool(note), "system": by is None},
            )
            if to == WaveState.OPEN:  # opened or reopened: whoever has no invitation yet gets it
                invitations_queue(wave_id=locked.pk)
            if to == WaveState.GERAPPORTEERD:
                wave_headlines_store(wave_id=locked.pk)
                wave_id, language = locked.pk, locked.report_language
                transaction.on_commit(
                    lambda: wave_reported.send(sender=Wave, wave_id=wave_id, language=language)
                )
    except FieldworkError as refusal:
        log(
            FieldworkEvent.WAVE_TRANSITION_REFUSED,
            actor=by,
            target=wave,
            request=request,
            result=Result.DENIED if refusal.code == "not_allowed" else Result.FAILURE,
            details={"from": wave.state, "to": str(to), "code": refusal.code},
        )
        raise
    if to == WaveState.OPEN and source == WaveState.CONCEPT:
        _move_challenge(locked, by, request)
    wave.state, wave.opened_at, wave.closed_at, wave.reported_at, wave.ends_on = (
        locked.state,
        locked.opened_at,
        locked.closed_at,
        locked.reported_at,
        locked.ends_on,
    )
    return locked


def wave_headlines_store(*, wave_id: int) -> int:
    """Store the headline per dimension of a reported wave (the engine's, without benchmark), read by
    other waves' benchmarks. Idempotent (update or create per dimension). Returns the number stored."""
    from veerkracht.fieldwork.selectors import wave_scores

    wave = Wave.objects.select_related("instrument").get(pk=wave_id)
    result = wave_scores(wave, with_benchmark=False)
    rows = [
        WaveHeadline(wave=wave, dimension_code=dim.code, headline=dim.headline) for dim in result.dimensions
    ]
    WaveHeadline.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["wave", "dimension_code"], update_fields=["headline"]
    )
    return len(rows)


def waves_close_expired(*, today: dt.date | None = None) -> int:
    """Close open waves whose fieldwork period has ended (run by the scheduler)."""
    today = today or timezone.localdate()
    closed = 0
    for wave in Wave.objects.filter(state=WaveState.OPEN, ends_on__lt=today):
        wave_transition(wave=wave, to=WaveState.GESLOTEN, by=None)
        closed += 1
    return closed
