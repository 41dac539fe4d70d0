from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veerkracht.core.parts import PARTS


def site(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    current = {"agenda": "agenda", "monitor": "monitor", "fieldwork": "monitor", "teams": "samenwerken"}.get(
        namespace, ""
    )
    if match and match.url_name in {"governance", "organising"}:
        current = {"governance": "besturen", "organising": "organiseren"}[match.url_name]
    return {
        "PARTS": PARTS,
        "CURRENT_PART": current,
        "DEMO_MODE": settings.DEMO_MODE,
    }
