"""Writes on accounts: the second factor."""

from __future__ import annotations

from django.http import HttpRequest
from django_otp import login as otp_login
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


def two_factor_confirm(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    """The user proved possession of ``device``: confirm it and mark the session verified."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    otp_login(request, device)
    log(Event.TWO_FACTOR_ENABLED, actor=user, target=user, request=request)


def two_factor_verified(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    otp_login(request, device)
    log(Event.TWO_FACTOR_VERIFIED, actor=user, request=request)


def two_factor_failed(*, request: HttpRequest, user: User) -> None:
    log(Event.TWO_FACTOR_FAILED, actor=user, result=Result.FAILURE, request=request)
