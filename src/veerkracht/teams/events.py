"""Stable audit event names of the teams app. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class TeamsEvent(StrEnum):
    SKILL_CREATED = "teams.skill.created"
    PROFILE_CREATED = "teams.profile.created"
    PROFILE_UPDATED = "teams.profile.updated"
    PROFILE_CONSENT_WITHDRAWN = "teams.profile.consent_withdrawn"
    PROFILE_DELETED = "teams.profile.deleted"
    SIGN_UP_REQUESTED = "teams.sign_up.requested"
    SIGN_UP_CONFIRMED = "teams.sign_up.confirmed"
    SIGN_UP_THROTTLED = "teams.sign_up.throttled"
    NEEDS_SAVED = "teams.needs.saved"
    PROPOSAL_CREATED = "teams.proposal.created"
    INVITATION_SENT = "teams.invitation.sent"
    INVITATION_ACCEPTED = "teams.invitation.accepted"
    INVITATION_DECLINED = "teams.invitation.declined"
    TEAM_CHARTER_SAVED = "teams.team.charter_saved"
    MEMBER_UPDATED = "teams.member.updated"
