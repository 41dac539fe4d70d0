from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log(Event.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log(Event.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    log(
        Event.LOGIN_FAILED,
        actor_repr=str(credentials.get("username", ""))[:254],
        result=Result.FAILURE,
        request=request,
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    log(Event.LOCKED_OUT, actor_repr=username or "", result=Result.DENIED, request=request)
