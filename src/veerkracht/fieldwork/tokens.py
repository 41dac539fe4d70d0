"""Tokens of personal links come from :mod:`veerkracht.core.tokens`; this module adds the keyed
pseudonym used in confidential mode."""

from __future__ import annotations

import hashlib
import hmac

from veerkracht.core.tokens import TOKEN_BYTES, TOKEN_LENGTH, hash_token, looks_like_token, new_token

__all__ = ["TOKEN_BYTES", "TOKEN_LENGTH", "hash_token", "looks_like_token", "new_token", "pseudonym"]


def pseudonym(*, secret: str, email: str) -> str:
    """Keyed pseudonym of a person (confidential mode): the same e-mail gives the same pseudonym in
    every wave, and nobody without the key can compute it from an address."""
    normalised = email.strip().lower().encode("utf-8")
    return hmac.new(secret.encode("utf-8"), b"fieldwork-pseudonym:" + normalised, hashlib.sha256).hexdigest()
