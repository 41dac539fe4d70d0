"""Parse ``EMAIL_URL`` (``smtp://user:pass@host:25?tls=true``, ``console:``, ``locmem:``) into settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme or url.rstrip(":/")
    if scheme not in _BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme {scheme!r}; use one of {', '.join(_BACKENDS)}")
    config: dict[str, Any] = {"EMAIL_BACKEND": _BACKENDS[scheme]}
    if scheme.startswith("smtp"):
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=query.get("tls", "false").lower() in {"1", "true", "yes"},
            EMAIL_USE_SSL=scheme == "smtps",
            EMAIL_TIMEOUT=int(query.get("timeout", "20")),
        )
    return config
