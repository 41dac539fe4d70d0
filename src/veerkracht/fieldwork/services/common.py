"""What every fieldwork service shares: the error it raises and the wave's editable fields."""

from __future__ import annotations

from typing import Any

WAVE_FIELDS = (
    "instrument",
    "privacy_mode",
    "starts_on",
    "ends_on",
    "k",
    "languages",
    "report_language",
    "intro_nl",
    "intro_en",
    "previous",
    "reminder_days",
    "open_link",
)
MAX_PRIORITIES = 3
MAX_PROBLEMS_SHOWN = 20
OPEN_TEXT_MAX = 2000
CSV_COLUMNS = ("name", "email", "organisation", "group", "language")


class FieldworkError(Exception):
    """A refused command; ``problems`` says every reason (in the active language)."""

    def __init__(self, problems: list[str] | str, code: str = "refused") -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.code = code
        super().__init__("; ".join(self.problems))


def _real(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))
