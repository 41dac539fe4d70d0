"""Stable audit event names of organisations. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class OrganisationEvent(StrEnum):
    CHANGED = "organisation.changed"
    MEMBER_ADDED = "organisation.member_added"
    MEMBER_REMOVED = "organisation.member_removed"
