"""What other apps hold about a person, in the export and the delete of their talent profile, so that
teams imports none of them::

    from veerkracht.teams.personal_data import register_personal_data

    register_personal_data("participation", export=privacy.export, forget=privacy.forget)  # in ready()

``export(user)`` returns what the app holds about ``user`` as JSON-ready data (the export gets it under
the key); ``forget(user=..., request=...)`` deletes or anonymises it, in the caller's transaction, and
returns what it did. Both are called only for the person themself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Export = Callable[[Any], Any]
Forget = Callable[..., Any]


@dataclass(frozen=True)
class Provider:
    key: str
    export: Export
    forget: Forget


_PROVIDERS: dict[str, Provider] = {}


def register_personal_data(key: str, *, export: Export, forget: Forget) -> Provider:
    """Register (or, with the same key, replace) an app's personal data of a person."""
    provider = Provider(key, export, forget)
    _PROVIDERS[key] = provider
    return provider


def providers() -> list[Provider]:
    return [_PROVIDERS[key] for key in sorted(_PROVIDERS)]


def export_of(user: Any) -> dict[str, Any]:
    """Every registered app's data about ``user``, per key."""
    return {p.key: p.export(user) for p in providers()}


def forget(*, user: Any, request: Any = None) -> dict[str, Any]:
    """Have every registered app forget ``user``; what each did, per key."""
    return {p.key: p.forget(user=user, request=request) for p in providers()}
