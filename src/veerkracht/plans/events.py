"""Stable audit event names of the plans app (the plan van aanpak). Never rename one."""

from __future__ import annotations

from enum import StrEnum


class PlanEvent(StrEnum):
    VERSION_GENERATED = "plans.version.generated"
    SECTION_TEXT_SAVED = "plans.section_text.saved"
    VERSION_SENT_TO_BOARD = "plans.version.sent_to_board"
