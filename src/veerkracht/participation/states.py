"""The feedback loop of an idea as an explicit transition table (pure: no Django).

Every idea starts ``ontvangen``. The coordinator of the challenge's agenda or its regisseur moves it
on; each move is checked here: is it in the table, and does it carry what the target state needs
(what the idea became, the reason it was not adopted, the idea it was merged into)?
"""

from __future__ import annotations

from dataclasses import dataclass

ONTVANGEN = "ontvangen"
IN_BEHANDELING = "in_behandeling"
OVERGENOMEN = "overgenomen"
NIET_OVERGENOMEN = "niet_overgenomen"
SAMENGEVOEGD = "samengevoegd"

ALL = (ONTVANGEN, IN_BEHANDELING, OVERGENOMEN, NIET_OVERGENOMEN, SAMENGEVOEGD)
INITIAL = ONTVANGEN

#: from-state -> the states it may move to. Adopted and merged ideas are final; an idea not adopted
#: may be taken up again (back to "in behandeling").
TRANSITIONS: dict[str, frozenset[str]] = {
    ONTVANGEN: frozenset({IN_BEHANDELING, OVERGENOMEN, NIET_OVERGENOMEN, SAMENGEVOEGD}),
    IN_BEHANDELING: frozenset({OVERGENOMEN, NIET_OVERGENOMEN, SAMENGEVOEGD}),
    NIET_OVERGENOMEN: frozenset({IN_BEHANDELING}),
    OVERGENOMEN: frozenset(),
    SAMENGEVOEGD: frozenset(),
}

#: States in which an idea may still be supported.
OPEN = frozenset({ONTVANGEN, IN_BEHANDELING})

# what a move must carry
NEEDS_OUTCOME = "outcome"
NEEDS_REASON = "reason"
NEEDS_TARGET = "merged_into"
NOT_ALLOWED = "not_allowed"
SAME_IDEA = "same_idea"
TARGET_NOT_OPEN = "target_not_open"


@dataclass(frozen=True)
class Move:
    current: str
    target: str
    outcome: str = ""
    reason: str = ""
    #: for a merge: the other idea's state, and whether it is the same idea or on the same challenge
    merged_into_state: str | None = None
    merged_into_self: bool = False


def allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def targets(current: str) -> list[str]:
    """The states ``current`` may move to, in the order of :data:`ALL`."""
    return [s for s in ALL if allowed(current, s)]


def problems(move: Move) -> list[str]:
    """What is wrong with ``move`` (empty when it may happen)."""
    if not allowed(move.current, move.target):
        return [NOT_ALLOWED]
    found = []
    if move.target == OVERGENOMEN and not move.outcome.strip():
        found.append(NEEDS_OUTCOME)
    if move.target == NIET_OVERGENOMEN and not move.reason.strip():
        found.append(NEEDS_REASON)
    if move.target == SAMENGEVOEGD:
        if move.merged_into_state is None:
            found.append(NEEDS_TARGET)
        elif move.merged_into_self:
            found.append(SAME_IDEA)
        elif move.merged_into_state not in OPEN | {OVERGENOMEN}:
            found.append(TARGET_NOT_OPEN)
    return found


def is_first_answer(current: str) -> bool:
    """Leaving ``ontvangen`` is the idea's first answer (the response term counts until then)."""
    return current == ONTVANGEN


def public_name(full_name: str, nickname: str = "") -> str:
    """What public pages show of a person: the chosen nickname, else first name and initial of the
    last name ("Anna de Vries" -> "Anna V."); never the e-mail address."""
    if nickname.strip():
        return nickname.strip()
    parts = full_name.split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} {parts[-1][0].upper()}."


def median_days(durations_seconds: list[float]) -> float | None:
    """The median of durations (in seconds) in days, or None without any."""
    values = sorted(durations_seconds)
    if not values:
        return None
    mid = len(values) // 2
    middle = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return middle / 86400
