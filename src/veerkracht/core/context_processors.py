from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veerkracht.core import parts


def site(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    current = parts.current_key(match.namespace, match.url_name or "") if match else ""
    return {
        "PARTS": parts.all_parts(),
        "CURRENT_PART": current,
        "DEMO_MODE": settings.DEMO_MODE,
    }
