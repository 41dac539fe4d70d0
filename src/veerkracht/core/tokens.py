"""Secret link tokens (pure, no Django): 256 random bits from :mod:`secrets`, stored only as SHA-256.

Used for respondents' survey links (fieldwork) and team invitations (teams); the database keeps the
hash, the token itself only travels in the e-mail."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits; the issues ask for at least 128
TOKEN_LENGTH = 43  # len(token_urlsafe(32))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(text: str) -> bool:
    """Cheap shape check before any database lookup (URL-safe base64 of the right length)."""
    return len(text) == TOKEN_LENGTH and all(c.isalnum() or c in "-_" for c in text)
