"""The one audit logger. Every audit event goes through :func:`log`.

from veerkracht.audit import log, Event
log(Event.LOGIN, actor=user, request=request)
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from veerkracht.audit.models import AuditEvent, Result


def origin_of(request: HttpRequest | None) -> str:
    if request is None:
        return "system"
    from veerkracht.core.http import client_ip

    return client_ip(request)[:64]


def log(
    event: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    result: str = Result.SUCCESS,
    request: HttpRequest | None = None,
    actor_repr: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event. ``actor`` may be anonymous or None (then ``actor_repr`` says who tried)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        event=str(event),
        actor=user,
        actor_repr=(getattr(user, "email", "") or actor_repr)[:254],
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        result=str(result),
        origin=origin_of(request),
        details=details or {},
    )
