"""Making API keys for tests, through the service the pages use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from veerkracht.api import services
from veerkracht.api.scopes import SCOPES


def make_key(organisation: Any, scopes: list[str] | None = None, *, by: Any = None) -> tuple[Any, str]:
    made = services.create_key(
        organisation=organisation,
        name="Koppeling",
        scopes=SCOPES if scopes is None else scopes,
        expires_on=timezone.localdate() + timedelta(days=30),
        by=by,
    )
    return made.key, made.secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
