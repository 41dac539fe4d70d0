"""Walking the URL configuration, for the tests generated from it (the isolation tests of the pages in
tests/security and of the API in tests/api).

``walk()`` lists every URL pattern of the installation, namespaces included, with its whole route (the
prefixes of the includes joined), its converters and its view; ``address()`` fills a route's parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

#: A parameter of a route: ``<int:pk>`` or ``<slug>`` (path()), or ``(?P<name>...)`` (re_path()).
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Pattern:
    name: str  # the namespaced name ("api:agenda"); the route itself when the pattern has no name
    route: str  # the whole route, without the leading slash
    callback: Any
    namespace: str = ""  # "api" for "api:agenda"; empty outside a namespace
    named: bool = True  # False: the pattern has no name of its own (``name`` is its route)
    converters: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def parameters(self) -> list[str]:
        return [a or b for a, b in PARAMETER.findall(self.route)]

    @property
    def view_class(self) -> type | None:
        return view_class(self.callback)


def view_class(callback: Any) -> type | None:
    """The class behind a view function: DRF's views keep it in ``cls``, Django's in ``view_class``."""
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def walk(urlconf: str | None = None) -> list[Pattern]:
    """Every URL pattern of ``urlconf`` (default: the installation's), in the resolver's order."""
    found: list[Pattern] = []

    def visit(resolver: URLResolver, prefix: str, namespace: str, converters: dict[str, Any]) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            known = {**converters, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                visit(entry, route, inner, known)
            elif isinstance(entry, URLPattern):
                qualified = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append(
                    Pattern(
                        name=qualified if entry.name else route,
                        route=route,
                        callback=entry.callback,
                        namespace=namespace,
                        named=bool(entry.name),
                        converters=known,
                    )
                )

    visit(get_resolver(urlconf), "", "", {})
    return found


def address(pattern: Pattern, kwargs: dict[str, Any]) -> str:
    """The address of ``pattern`` with its parameters filled in from ``kwargs``."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        converter = pattern.converters.get(name)
        return converter.to_url(kwargs[name]) if converter is not None else str(kwargs[name])

    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: f"<{m.group(1)}>", pattern.route)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route.lstrip("^").rstrip("$"))


def view_name(url: str) -> str | None:
    """The namespaced name of the pattern ``url`` resolves to (None: no pattern)."""
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None
