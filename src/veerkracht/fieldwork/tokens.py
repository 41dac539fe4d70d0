"""Personal link tokens (pure, no Django): 256 random bits from :mod:`secrets`, stored only as SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32  # 256 bits; the issue asks for at least 128
TOKEN_LENGTH = 43  # len(token_urlsafe(32))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(text: str) -> bool:
    """Cheap shape check before any database lookup (URL-safe base64 of the right length)."""
    return len(text) == TOKEN_LENGTH and all(c.isalnum() or c in "-_" for c in text)


def pseudonym(*, secret: str, email: str) -> str:
    """Keyed pseudonym of a person (confidential mode): the same e-mail gives the same pseudonym in
    every wave, and nobody without the key can compute it from an address."""
    normalised = email.strip().lower().encode("utf-8")
    return hmac.new(secret.encode("utf-8"), b"fieldwork-pseudonym:" + normalised, hashlib.sha256).hexdigest()
