"""The parts of the method (a–e), as the navigation, the home page and the challenge hub show them.

Core names no part. Each app that builds a part — or announces one still to come — registers it from
its ``AppConfig.ready``, so that a new part plugs in without a change here::

    from veerkracht.core import parts

    class PlansConfig(AppConfig):
        def ready(self) -> None:
            parts.register(parts.Part("f", "plannen", "plans:index", _("Plans"), _("…"),
                                      namespaces=("plans",)))

``namespaces`` says which pages belong to the part (the navigation marks it as current there): a URL
namespace ("plans") or one named page of a namespace ("plans:overview").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise


@dataclass(frozen=True)
class Part:
    letter: str
    key: str
    url_name: str
    title: Promise | str
    summary: Promise | str
    namespaces: tuple[str, ...] = ()


_REGISTRY: dict[str, Part] = {}


def register(part: Part) -> Part:
    """Add ``part``; registering the same part again is harmless, another part with its key or letter
    is a configuration error."""
    for other in _REGISTRY.values():
        if other != part and (other.key == part.key or other.letter == part.letter):
            raise ImproperlyConfigured(
                f"part {part.letter} {part.key!r} clashes with {other.letter} {other.key!r}"
            )
    _REGISTRY[part.key] = part
    return part


def unregister(key: str) -> None:
    """Remove a part (for tests that register one of their own)."""
    _REGISTRY.pop(key, None)


def all_parts() -> tuple[Part, ...]:
    """The registered parts in the order of their letters."""
    return tuple(sorted(_REGISTRY.values(), key=lambda part: part.letter))


def get(key: str) -> Part:
    """The part registered as ``key``; LookupError when none is."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"no part {key!r} is registered") from None


def current_key(namespace: str, url_name: str) -> str:
    """The key of the part a page (``namespace``, ``url_name``) belongs to, or ""."""
    for part in _REGISTRY.values():
        if namespace in part.namespaces or f"{namespace}:{url_name}" in part.namespaces:
            return part.key
    return ""
