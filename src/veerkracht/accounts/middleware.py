"""Two factors for staff and for every role that sees personal data (``Role.sees_personal_data``).

A logged-in user who needs a second factor (:attr:`User.requires_two_factor`) and has not verified
one in this session is sent to set one up (no TOTP device yet; setting up needs a one-time link
e-mailed to the account's address) or to enter a code. The only exception
is a demo account (``is_demo_account``) on an installation running with ``DEMO_MODE``; the log-in page
says so. Production never sets ``DEMO_MODE``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

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
