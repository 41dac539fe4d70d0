"""The one way views check permissions.

Permissions are declared with django-rules in each app's ``rules.py``. Views never test roles
themselves; they call :func:`require` (or use :func:`permission_required` / :class:`PermissionMixin`).
A denial is written to the audit log (``permission.denied``). With ``hide=True`` a denial answers 404
instead of 403, for objects whose very existence is not public (a non-public challenge).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result


def can(user: Any, perm: str, obj: Any = None) -> bool:
    return bool(user.has_perm(perm, obj))


def require(request: HttpRequest, perm: str, obj: Any = None, *, hide: bool = False) -> None:
    """Raise PermissionDenied (or Http404 with ``hide``) unless the request's user has ``perm``."""
    if can(request.user, perm, obj):
        return
    log(
        Event.PERMISSION_DENIED,
        actor=request.user,
        target=obj if isinstance(obj, models.Model) else None,
        result=Result.DENIED,
        request=request,
        details={"permission": perm, "path": request.path[:200]},
    )
    if hide:
        raise Http404
    raise PermissionDenied


def permission_required(
    perm: str, *, obj: Callable[..., Any] | None = None, hide: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator for function views. ``obj(request, **kwargs)`` returns the object checked against."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            target = obj(request, **kwargs) if obj else None
            require(request, perm, target, hide=hide)
            if target is not None:
                request.permission_object = target  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionMixin:
    """For class-based views: set ``permission``; override ``get_permission_object``."""

    permission: str = ""
    hide_on_denial = False
    request: HttpRequest

    def get_permission_object(self) -> Any:
        return None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request, self.permission, self.get_permission_object(), hide=self.hide_on_denial)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
