"""The report's priorities chosen by the regisseur."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.fieldwork import workflow
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import (
    ReportPriority,
    Wave,
)
from veerkracht.fieldwork.services.common import MAX_PRIORITIES, FieldworkError, _real

# --- priorities ---------------------------------------------------------------------------------


def priority_add(
    *,
    wave: Wave,
    dimension_code: str,
    intervention: str,
    owner: str,
    due_on: dt.date,
    by: Any,
    allowed: Iterable[tuple[str, str]],
    request: HttpRequest | None = None,
) -> ReportPriority:
    """Pick an intervention as one of at most three priorities. ``allowed`` are the (dimension,
    intervention) pairs the report recommends."""
    owner = owner.strip()
    if (dimension_code, intervention) not in set(allowed):
        raise FieldworkError(_("Choose one of the recommended interventions."), code="unknown")
    if not owner:
        raise FieldworkError(_("Name an owner."), code="owner")
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state not in workflow.REPORTABLE:
            raise FieldworkError(_("Priorities are chosen from a closed wave's report."), code="state")
        if ReportPriority.objects.filter(wave=locked).count() >= MAX_PRIORITIES:
            raise FieldworkError(_("At most three priorities; remove one first."), code="too_many")
        if ReportPriority.objects.filter(wave=locked, intervention=intervention).exists():
            raise FieldworkError(_("This intervention is a priority already."), code="duplicate")
        priority = ReportPriority.objects.create(
            wave=locked,
            dimension_code=dimension_code,
            intervention=intervention,
            owner=owner,
            due_on=due_on,
            created_by=by if _real(by) else None,
        )
        log(
            FieldworkEvent.PRIORITY_ADDED,
            actor=by,
            target=locked,
            request=request,
            details={"intervention": intervention},
        )
    return priority


def priority_remove(*, priority: ReportPriority, by: Any, request: HttpRequest | None = None) -> None:
    wave = priority.wave
    intervention = priority.intervention
    priority.delete()
    log(
        FieldworkEvent.PRIORITY_REMOVED,
        actor=by,
        target=wave,
        request=request,
        details={"intervention": intervention},
    )
