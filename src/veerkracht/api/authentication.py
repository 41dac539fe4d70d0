"""How a caller of the API is known: an API key (``Authorization: Bearer vk_…``), else the session of a
logged-in person, else nobody (public data only).

A key is not a person. It authenticates as :class:`KeyCaller`, which holds no role anywhere, so that
no permission of a person is ever granted to it by accident; the API's own selectors decide what a key
sees (``veerkracht.api.selectors``) and the ``HasScope`` permission what it may do.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from veerkracht.api.models import ApiKey

KEY_START = "vk_"
TOUCH_EVERY = timedelta(minutes=1)  # ``last_used_at`` is written at most this often per key


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyCaller:
    """The ``request.user`` of a request made with an API key."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None
    email = ""

    def __init__(self, key: ApiKey) -> None:
        self.key = key

    def __str__(self) -> str:
        return f"API key {self.key.prefix}"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False


def key_for_secret(secret: str) -> ApiKey | None:
    """The usable key with this secret, or None (unknown, wrong, expired or revoked). Marks it used."""
    if not secret.startswith(KEY_START) or len(secret) > 200:
        return None
    prefix = secret[len(KEY_START) :].split("_", 1)[0]
    key = ApiKey.objects.select_related("organisation__municipality").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(secret)):
        return None
    now = timezone.now()
    if not key.is_usable(now):
        return None
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[KeyCaller, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, secret = header.partition(" ")
        if keyword != self.keyword or not secret.strip():
            raise exceptions.AuthenticationFailed("Send the key as `Authorization: Bearer <key>`.")
        key = key_for_secret(secret.strip())
        if key is None:
            raise exceptions.AuthenticationFailed("The key is unknown, expired or revoked.")
        return KeyCaller(key), key

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "veerkracht.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key made by the organisation's administrator (`vk_…`).",
        }
