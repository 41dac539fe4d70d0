"""The demo loader's framework.

``veerkracht load_demo`` runs each installed Veerkracht app's ``demo.load(ctx)`` in INSTALLED_APPS
order, in one transaction. Loaders must be idempotent (``update_or_create`` on natural keys): running
the loader twice changes nothing. They register the log-in accounts they create on ``ctx`` so that
``make demo`` can print them.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "veerkracht-demo"  # noqa: S105 - printed on purpose; demo accounts only


@dataclass
class DemoAccount:
    role: str
    email: str
    name: str
    note: str = ""


@dataclass
class DemoContext:
    """Shared between the apps' loaders: what earlier loaders created, and the accounts to print."""

    accounts: list[DemoAccount] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (what, path) to print after the accounts
    notes: list[str] = field(default_factory=list)  # lines to print last (an API key, say)

    def rng(self, name: str) -> random.Random:
        """A random generator seeded per purpose, so the demo is the same on every machine."""
        return random.Random(f"veerkracht-demo:{name}")  # noqa: S311 - demo content, not security

    def add_link(self, what: str, path: str) -> None:
        """A page worth trying that no menu leads to (a respondent's link, say)."""
        if (what, path) not in self.links:
            self.links.append((what, path))

    def add_note(self, line: str) -> None:
        if line not in self.notes:
            self.notes.append(line)

    def add_account(self, role: str, email: str, name: str, note: str = "") -> None:
        if all(a.email != email for a in self.accounts):
            self.accounts.append(DemoAccount(role=role, email=email, name=name, note=note))


def load_all() -> DemoContext:
    ctx = DemoContext()
    with transaction.atomic():
        for config in apps.get_app_configs():
            if not config.name.startswith("veerkracht."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            if module.__name__ == __name__:
                continue
            module.load(ctx)
    return ctx
