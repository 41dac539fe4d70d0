"""What the home page shows a logged-in person. Each part of the method contributes a panel by
registering a function here; the home page never imports the apps' internals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[Any], "Panel | None"]
_PROVIDERS: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    """Decorator: ``provider(user)`` returns a Panel for the home page, or None."""
    _PROVIDERS.append(provider)
    return provider


def dashboard_for(user: Any) -> list[Panel]:
    panels = [panel for provider in _PROVIDERS if (panel := provider(user)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
