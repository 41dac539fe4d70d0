"""When an invitation gets a reminder (pure, no Django; docs/monitor/instrument.md, fieldwork practice).

At most two reminders, each at least ``MIN_DAYS`` (5) after the previous e-mail, only to people who
have not completed the survey, only while the wave is open and its period has not ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

MAX_REMINDERS = 2
MIN_DAYS = 5


@dataclass(frozen=True)
class InvitationState:
    first_sent_at: datetime | None
    last_sent_at: datetime | None
    reminders_sent: int
    completed: bool


def next_reminder(
    state: InvitationState, *, now: datetime, interval_days: int, wave_open: bool, ends_on: date
) -> int | None:
    """The number (1 or 2) of the reminder due now, or None."""
    if not wave_open or state.completed or state.first_sent_at is None:
        return None
    if state.reminders_sent >= MAX_REMINDERS:
        return None
    if now.date() > ends_on:
        return None
    last = state.last_sent_at or state.first_sent_at
    if now - last < timedelta(days=max(interval_days, MIN_DAYS)):
        return None
    return state.reminders_sent + 1


def next_due_at(state: InvitationState, *, interval_days: int) -> datetime | None:
    """When the next reminder becomes due (for the dashboard), or None when none will be."""
    if state.completed or state.first_sent_at is None or state.reminders_sent >= MAX_REMINDERS:
        return None
    return (state.last_sent_at or state.first_sent_at) + timedelta(days=max(interval_days, MIN_DAYS))
