"""Stable audit event names of participation. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class ParticipationEvent(StrEnum):
    IDEA_CREATED = "participation.idea.created"
    IDEA_STATE_CHANGED = "participation.idea.state_changed"
    IDEA_SUPPORTED = "participation.idea.supported"
    SESSION_CREATED = "participation.session.created"
    SESSION_REGISTERED = "participation.session.registered"
    SESSION_CANCELLED = "participation.session.cancelled"
    SESSION_ATTENDANCE = "participation.session.attendance"
    SESSION_MINUTES = "participation.session.minutes"
    SESSION_UPDATED = "participation.session.updated"
    SESSION_TRANSITIONED = "participation.session.transitioned"
    COMMENT_CREATED = "participation.comment.created"
    COMMENT_HIDDEN = "participation.comment.hidden"
    COMMENT_REPORTED = "participation.comment.reported"
    AGENDA_IDEAS_SWITCHED = "participation.agenda_ideas.switched"
    IDEA_LINKED = "participation.idea.linked"
    DATA_FORGOTTEN = "participation.data.forgotten"
