"""Stable audit event names of participation. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class ParticipationEvent(StrEnum):
    IDEA_CREATED = "participation.idea.created"
    IDEA_STATE_CHANGED = "participation.idea.state_changed"
    IDEA_SUPPORTED = "participation.idea.supported"
