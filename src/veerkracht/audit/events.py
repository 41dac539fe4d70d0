"""Stable audit event names. Never rename one: reports and retention rules depend on them."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    LOCKED_OUT = "auth.locked_out"
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested"
    PASSWORD_RESET_DONE = "auth.password_reset_done"
    TWO_FACTOR_ENABLED = "auth.two_factor_enabled"
    TWO_FACTOR_VERIFIED = "auth.two_factor_verified"
    TWO_FACTOR_FAILED = "auth.two_factor_failed"
    TWO_FACTOR_ENROLMENT_SENT = "auth.two_factor_enrolment_sent"
    TWO_FACTOR_ENROLMENT_OPENED = "auth.two_factor_enrolment_opened"
    TWO_FACTOR_ENROLMENT_REFUSED = "auth.two_factor_enrolment_refused"
    PASSWORD_RESET_THROTTLED = "auth.password_reset_throttled"
    PERMISSION_DENIED = "permission.denied"
    DEMO_LOADED = "demo.loaded"
