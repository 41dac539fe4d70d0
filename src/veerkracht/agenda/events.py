"""Stable audit event names of the agenda app. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class AgendaEvent(StrEnum):
    AGENDA_CREATED = "agenda.agenda.created"
    AGENDA_UPDATED = "agenda.agenda.updated"
    AGENDA_PUBLISHED = "agenda.agenda.published"
    AGENDA_UNPUBLISHED = "agenda.agenda.unpublished"
    AGENDA_EXPORTED = "agenda.agenda.exported"
    PARTNER_INVITED = "agenda.partner.invited"
    PARTNER_ACCEPTED = "agenda.partner.accepted"
    PARTNER_DECLINED = "agenda.partner.declined"
    PARTNER_REMOVED = "agenda.partner.removed"
    CHALLENGE_CREATED = "agenda.challenge.created"
    CHALLENGE_UPDATED = "agenda.challenge.updated"
    CHALLENGE_PUBLISHED = "agenda.challenge.published"
    CHALLENGE_UNPUBLISHED = "agenda.challenge.unpublished"
    CHALLENGE_TRANSITIONED = "agenda.challenge.transitioned"
    CHALLENGE_TRANSITION_REFUSED = "agenda.challenge.transition_refused"
    CHALLENGE_SCORED = "agenda.challenge.scored"
    STAKEHOLDER_ADDED = "agenda.stakeholder.added"
    STAKEHOLDER_CHANGED = "agenda.stakeholder.changed"
    STAKEHOLDER_REMOVED = "agenda.stakeholder.removed"
    CHALLENGES_IMPORTED = "agenda.challenges.imported"
    CHALLENGES_IMPORT_REFUSED = "agenda.challenges.import_refused"
