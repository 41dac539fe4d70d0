"""The states of a co-creation session as an explicit transition table (pure: no Django).

A session is planned (``gepland``) when it is created. Its organiser may call it off (``geannuleerd``)
until it starts; a cancelled session is final (plan a new one instead). Editing a planned session
does not change its state."""

from __future__ import annotations

GEPLAND = "gepland"
GEANNULEERD = "geannuleerd"

ALL = (GEPLAND, GEANNULEERD)
INITIAL = GEPLAND

#: from-state -> the states it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    GEPLAND: frozenset({GEANNULEERD}),
    GEANNULEERD: frozenset(),
}


def allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def editable(current: str) -> bool:
    """Only a planned session is edited, registered for and reminded of."""
    return current == GEPLAND
