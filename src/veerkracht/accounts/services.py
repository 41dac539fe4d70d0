"""Writes on accounts: the second factor."""

from __future__ import annotations

from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veerkracht.accounts.models import User
from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result


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
