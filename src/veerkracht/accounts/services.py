"""Writes on accounts: the second factor and its enrolment by e-mailed link."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veerkracht.accounts.models import TwoFactorEnrolment, User
from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.core import tokens
from veerkracht.core.http import rate_limited, site_url
from veerkracht.core.mail import email_queue

ENROLMENT_VALID = dt.timedelta(minutes=30)  # how long an e-mailed set-up link works
ENROLMENT_PROOF_VALID = dt.timedelta(minutes=15)  # how long an opened link allows setting up
ENROLMENT_LINKS_PER_HOUR = 5
ENROLMENT_SESSION_KEY = "veerkracht_two_factor_enrolment"


class TooManyEnrolmentLinks(Exception):
    """More set-up links asked for within an hour than :data:`ENROLMENT_LINKS_PER_HOUR`."""


def two_factor_enrolment_send(*, request: HttpRequest, user: User) -> None:
    """E-mail ``user`` a one-time link (valid :data:`ENROLMENT_VALID`) with which they may set up an
    authenticator; earlier unused links stop working. Raises TooManyEnrolmentLinks past the limit."""
    if rate_limited(
        request, "two-factor-enrol", limit=ENROLMENT_LINKS_PER_HOUR, period=3600, who=str(user.pk)
    ):
        log(
            Event.TWO_FACTOR_ENROLMENT_REFUSED,
            actor=user,
            result=Result.DENIED,
            request=request,
            details={"reason": "too many links"},
        )
        raise TooManyEnrolmentLinks
    token = tokens.new_token()
    now = timezone.now()
    with transaction.atomic():
        TwoFactorEnrolment.objects.filter(user=user, used_at__isnull=True).delete()
        enrolment = TwoFactorEnrolment.objects.create(
            user=user, token_hash=tokens.hash_token(token), expires_at=now + ENROLMENT_VALID
        )
        with translation.override(user.preferred_language or "nl"):
            context = {
                "user": user,
                "link": site_url() + reverse("accounts:two_factor_enrol", args=[token]),
                "minutes": int(ENROLMENT_VALID.total_seconds() // 60),
            }
            subject = loader.render_to_string("accounts/email/two_factor_enrol_subject.txt", context).strip()
            text = loader.render_to_string("accounts/email/two_factor_enrol.txt", context)
        email_queue(
            to=user.email,
            subject=subject,
            text=text,
            reference="two-factor-enrolment",
            key=f"two-factor-enrolment:{enrolment.pk}",
        )
        log(Event.TWO_FACTOR_ENROLMENT_SENT, actor=user, target=user, request=request)


@transaction.atomic
def two_factor_enrolment_open(*, request: HttpRequest, user: User, token: str) -> bool:
    """The logged-in ``user`` opened a set-up link: when it is theirs, unused and not expired, it is
    used up and this session may set up an authenticator for :data:`ENROLMENT_PROOF_VALID`."""
    now = timezone.now()
    enrolment = None
    if tokens.looks_like_token(token):
        enrolment = (
            TwoFactorEnrolment.objects.select_for_update()
            .filter(token_hash=tokens.hash_token(token), used_at__isnull=True, expires_at__gt=now)
            .first()
        )
    if enrolment is None or enrolment.user_id != user.pk:
        log(
            Event.TWO_FACTOR_ENROLMENT_REFUSED,
            actor=user,
            result=Result.DENIED,
            request=request,
            details={
                "reason": "unknown, used or expired link" if enrolment is None else "another person's link"
            },
        )
        return False
    enrolment.used_at = now
    enrolment.save(update_fields=["used_at"])
    request.session[ENROLMENT_SESSION_KEY] = {
        "user": user.pk,
        "until": (now + ENROLMENT_PROOF_VALID).timestamp(),
    }
    log(Event.TWO_FACTOR_ENROLMENT_OPENED, actor=user, target=user, request=request)
    return True


def two_factor_enrolment_proven(*, request: HttpRequest, user: User) -> bool:
    """Whether this session opened ``user``'s set-up link recently enough to set up a device."""
    proof = request.session.get(ENROLMENT_SESSION_KEY) or {}
    return proof.get("user") == user.pk and float(proof.get("until", 0)) > timezone.now().timestamp()


def two_factor_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being set up for ``user`` (created once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


RECOVERY_CODES = 10


def two_factor_confirm(*, request: HttpRequest, user: User, device: TOTPDevice) -> list[str]:
    """The user proved possession of ``device``: confirm it, mark the session verified and issue
    fresh recovery codes (returned once; each works once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    otp_login(request, device)
    log(Event.TWO_FACTOR_ENABLED, actor=user, target=user, request=request)
    return two_factor_new_recovery_codes(user=user)


def two_factor_new_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones."""
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def two_factor_recovery_devices(*, user: User) -> list[StaticDevice]:
    return list(StaticDevice.objects.filter(user=user, confirmed=True))


def two_factor_verified(*, request: HttpRequest, user: User, device: TOTPDevice | StaticDevice) -> None:
    otp_login(request, device)
    log(
        Event.TWO_FACTOR_VERIFIED,
        actor=user,
        request=request,
        details={"method": "recovery code" if isinstance(device, StaticDevice) else "authenticator"},
    )


def two_factor_failed(*, request: HttpRequest, user: User) -> None:
    log(Event.TWO_FACTOR_FAILED, actor=user, result=Result.FAILURE, request=request)
