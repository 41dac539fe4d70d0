"""Stable audit event names of the plans app. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class PlansEvent(StrEnum):
    PILOT_CREATED = "plans.pilot.created"
    PILOT_UPDATED = "plans.pilot.updated"
    PILOT_CONCLUDED = "plans.pilot.concluded"
    PILOT_TRANSITIONED = "plans.pilot.transitioned"
    PILOT_TRANSITION_REFUSED = "plans.pilot.transition_refused"
    PILOT_LESSON_LINKED = "plans.pilot.lesson_linked"
    PILOT_NEED_LINKED = "plans.pilot.need_linked"
