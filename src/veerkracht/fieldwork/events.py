"""Stable audit event names of the fieldwork. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class FieldworkEvent(StrEnum):
    WAVE_CREATED = "fieldwork.wave.created"
    WAVE_UPDATED = "fieldwork.wave.updated"
    WAVE_TRANSITIONED = "fieldwork.wave.transitioned"
    WAVE_TRANSITION_REFUSED = "fieldwork.wave.transition_refused"
    INVITATIONS_ADDED = "fieldwork.invitations.added"
    INVITATIONS_REFUSED = "fieldwork.invitations.refused"
    INVITATION_REMOVED = "fieldwork.invitation.removed"
    INVITATIONS_SENT = "fieldwork.invitations.sent"
    REMINDERS_SENT = "fieldwork.reminders.sent"
    RESPONSE_SUBMITTED = "fieldwork.response.submitted"
    RESPONSES_IMPORTED = "fieldwork.responses.imported"
    RESPONSES_IMPORT_REFUSED = "fieldwork.responses.import_refused"
    ANSWERS_EXPORTED = "fieldwork.answers.exported"
    REPORT_VIEWED = "fieldwork.report.viewed"
    REPORT_RENDERED = "fieldwork.report.rendered"
    PRIORITY_ADDED = "fieldwork.priority.added"
    PRIORITY_REMOVED = "fieldwork.priority.removed"
    OPEN_LINK_REFUSED = "fieldwork.open_link.refused"
