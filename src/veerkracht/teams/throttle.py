"""The public sign-up's rate limits (counted by :func:`veerkracht.core.http.rate_limited`, in the
Django cache: shared between processes on Redis, per client behind the trusted proxies)."""

from __future__ import annotations

#: Sign-up attempts (posted forms) per client per hour, and sign-up mails per address per hour.
SIGN_UPS_PER_CLIENT = 5
MAILS_PER_ADDRESS = 3
WINDOW = 3600
