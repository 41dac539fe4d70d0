"""Stable audit event names of the API. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class ApiEvent(StrEnum):
    TEAM_FORMATION_STARTED = "api.team_formation_started"
    TEAM_FORMATION_REFUSED = "api.team_formation_refused"
    KEY_CREATED = "api.key_created"
    KEY_REVOKED = "api.key_revoked"
    WRITE = "api.write"
