"""The log-in backend: Django's, with the signed-in person's row remembered in each process while
nothing is written (``core.response_cache.remembered``), so that a kept page is served without reading
the person again. A changed password, a deactivated account or any other committed write reads it anew
at the next request (ADR 0015)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends

from veerkracht.core import response_cache


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        return response_cache.remembered("user", user_id, lambda: super(ModelBackend, self).get_user(user_id))


# sessions made before this backend existed name Django's own; they are carried over, not ended
DJANGO_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
MODEL_BACKEND = f"{__name__}.ModelBackend"
