"""The states of a pilot and the one transition table between them (pure: no Django).

voorbereiding → lopend → geëvalueerd → opgeschaald | aangepast | gestopt. A pilot can also be stopped
while in preparation or running. ``aangepast`` means the go/no-go chose to adjust: the adjusted pilot
runs again (aangepast → lopend). Every pair of states not in :data:`TRANSITIONS` is refused.
"""

from __future__ import annotations

VOORBEREIDING = "voorbereiding"
LOPEND = "lopend"
GEEVALUEERD = "geevalueerd"
OPGESCHAALD = "opgeschaald"
AANGEPAST = "aangepast"
GESTOPT = "gestopt"

ALL: tuple[str, ...] = (VOORBEREIDING, LOPEND, GEEVALUEERD, OPGESCHAALD, AANGEPAST, GESTOPT)

#: The outcomes of the go/no-go: each is a decision in the challenge's decision chain.
GO_NO_GO: tuple[str, ...] = (OPGESCHAALD, AANGEPAST, GESTOPT)

#: (from, to) pairs that are allowed.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (VOORBEREIDING, LOPEND),
        (VOORBEREIDING, GESTOPT),
        (LOPEND, GEEVALUEERD),
        (LOPEND, GESTOPT),
        (GEEVALUEERD, OPGESCHAALD),
        (GEEVALUEERD, AANGEPAST),
        (GEEVALUEERD, GESTOPT),
        (AANGEPAST, LOPEND),
    }
)

#: States in which a pilot is closed: nothing more happens to it.
CLOSED: frozenset[str] = frozenset({OPGESCHAALD, GESTOPT})


def allowed(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


def next_states(current: str) -> list[str]:
    return [target for target in ALL if (current, target) in TRANSITIONS]
