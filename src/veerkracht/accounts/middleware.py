"""Two factors for staff and for every role that sees personal data (``Role.sees_personal_data``).

A logged-in user who needs a second factor (:attr:`User.requires_two_factor`) and has not verified
one in this session is sent to set one up (no TOTP device yet; setting up needs a one-time link
e-mailed to the account's address) or to enter a code. The only exception
is a demo account (``is_demo_account``) on an installation running with ``DEMO_MODE``; the log-in page
says so. Production never sets ``DEMO_MODE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import middleware as otp_middleware

from veerkracht.accounts import backends
from veerkracht.core import response_cache

EXEMPT_PREFIXES = (
    "/account/2fa/",
    "/account/login/",
    "/account/logout/",
    "/account/password-reset/",
    "/static/",
    "/healthz",
    "/i18n/",
    "/toegankelijkheid/",
)


def two_factor_relaxed(user: object) -> bool:
    return bool(settings.DEMO_MODE and getattr(user, "is_demo_account", False))


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and user.requires_two_factor  # type: ignore[union-attr]  # a query, so asked last
            and not two_factor_relaxed(user)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            from django_otp import user_has_device

            if request.path.startswith("/api/"):
                # API clients get a problem document (RFC 9457), not a redirect to an HTML page
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("A second factor is needed"),
                        "status": 403,
                        "detail": _("Log in with your second factor on the website first."),
                        "instance": request.get_full_path(),
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            target = "accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def _user(request: HttpRequest) -> Any:
    session = request.session
    if session.get(BACKEND_SESSION_KEY) == backends.DJANGO_MODEL_BACKEND:
        session[BACKEND_SESSION_KEY] = backends.MODEL_BACKEND  # a session from before: carried over
    return auth_middleware.get_user(request)


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with sessions that name Django's own model backend carried over to the platform's
    (``accounts.backends``), which remembers the signed-in person between requests."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's, with the session's second factor remembered in each process while nothing is
    written (``core.response_cache.remembered``): a removed or changed authenticator is a write, and
    is read anew at the next request."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        return response_cache.remembered(
            "otp-device",
            persistent_id,
            lambda: super(OTPMiddleware, self)._device_from_persistent_id(persistent_id),
        )
