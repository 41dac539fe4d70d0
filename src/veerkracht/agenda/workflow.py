"""The lifecycle of a challenge: its states and the one transition table.

Everything that moves a challenge from one state to another goes through
:func:`veerkracht.agenda.services.challenge_transition`, which consults this table. The decisions
behind the table (which backward and stop transitions exist, who may take them, when a note is
required) are in docs/adr/0002-agenda-lifecycle.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    GESIGNALEERD = "gesignaleerd", _("signalled")
    GEAGENDEERD = "geagendeerd", _("on the agenda")
    IN_METING = "in_meting", _("being measured")
    TEAM_IN_VORMING = "team_in_vorming", _("team being formed")
    IN_UITVOERING = "in_uitvoering", _("in execution")
    IN_EVALUATIE = "in_evaluatie", _("being evaluated")
    AFGEROND = "afgerond", _("completed")
    GESTOPT = "gestopt", _("stopped")


#: The main line of the lifecycle, in order (docs/method.md). ``gestopt`` is off the line.
MAIN_LINE: tuple[str, ...] = (
    Status.GESIGNALEERD,
    Status.GEAGENDEERD,
    Status.IN_METING,
    Status.TEAM_IN_VORMING,
    Status.IN_UITVOERING,
    Status.IN_EVALUATIE,
    Status.AFGEROND,
)
INITIAL = Status.GESIGNALEERD
CLOSED: frozenset[str] = frozenset({Status.AFGEROND, Status.GESTOPT})
#: Prioritisation is about what to put on (and keep on) the agenda: scores can change until the
#: challenge is being measured.
SCORING_OPEN: frozenset[str] = frozenset({Status.GESIGNALEERD, Status.GEAGENDEERD})


class Actor(StrEnum):
    """Who may take a transition, seen from the challenge."""

    COORDINATOR = "coordinator"  # a coordinator of the challenge's agenda
    REGISSEUR = "regisseur"  # the challenge's innovatieregisseur


class Kind(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    STOP = "stop"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    kind: Kind
    actors: frozenset[Actor]
    note_required: bool = False


_BOTH = frozenset({Actor.COORDINATOR, Actor.REGISSEUR})
_COORDINATOR = frozenset({Actor.COORDINATOR})

S = Status
TRANSITIONS: tuple[Transition, ...] = (
    # forward, one step at a time
    Transition(S.GESIGNALEERD, S.GEAGENDEERD, Kind.FORWARD, _COORDINATOR),
    Transition(S.GEAGENDEERD, S.IN_METING, Kind.FORWARD, _BOTH),
    Transition(S.IN_METING, S.TEAM_IN_VORMING, Kind.FORWARD, _BOTH),
    Transition(S.TEAM_IN_VORMING, S.IN_UITVOERING, Kind.FORWARD, _BOTH),
    Transition(S.IN_UITVOERING, S.IN_EVALUATIE, Kind.FORWARD, _BOTH),
    Transition(S.IN_EVALUATIE, S.AFGEROND, Kind.FORWARD, _COORDINATOR),
    # back, one step, with a reason
    Transition(S.GEAGENDEERD, S.GESIGNALEERD, Kind.BACK, _COORDINATOR, note_required=True),
    Transition(S.IN_METING, S.GEAGENDEERD, Kind.BACK, _BOTH, note_required=True),
    Transition(S.TEAM_IN_VORMING, S.IN_METING, Kind.BACK, _BOTH, note_required=True),
    Transition(S.IN_EVALUATIE, S.IN_UITVOERING, Kind.BACK, _BOTH, note_required=True),
    # stop, from every open state, by a coordinator, with a reason
    Transition(S.GESIGNALEERD, S.GESTOPT, Kind.STOP, _COORDINATOR, note_required=True),
    Transition(S.GEAGENDEERD, S.GESTOPT, Kind.STOP, _COORDINATOR, note_required=True),
    Transition(S.IN_METING, S.GESTOPT, Kind.STOP, _COORDINATOR, note_required=True),
    Transition(S.TEAM_IN_VORMING, S.GESTOPT, Kind.STOP, _COORDINATOR, note_required=True),
    Transition(S.IN_UITVOERING, S.GESTOPT, Kind.STOP, _COORDINATOR, note_required=True),
    Transition(S.IN_EVALUATIE, S.GESTOPT, Kind.STOP, _COORDINATOR, note_required=True),
    # a stopped challenge can be put back on the agenda; a completed one stays completed
    Transition(S.GESTOPT, S.GEAGENDEERD, Kind.REOPEN, _COORDINATOR, note_required=True),
)
del S

_BY_PAIR: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in TRANSITIONS}


def find(source: str, target: str) -> Transition | None:
    """The transition from ``source`` to ``target``, or None when the table has none."""
    return _BY_PAIR.get((str(source), str(target)))


def available(source: str, actors: set[Actor] | frozenset[Actor]) -> list[Transition]:
    """The transitions out of ``source`` that any of ``actors`` may take, in table order."""
    return [t for t in TRANSITIONS if t.source == source and t.actors & set(actors)]


def is_closed(status: str) -> bool:
    return status in CLOSED


#: A condition another part sets on entering a state: called with the (locked) challenge and the
#: target state, it returns why the step may not be taken yet, or None. Parts register conditions from
#: their ``AppConfig.ready`` (governance: an agreed objective and a mandate before ``in_uitvoering``),
#: so the table stays here and the agenda imports none of them.
Condition = Callable[[Any, str], "str | None"]
_CONDITIONS: list[Condition] = []


def register_condition(condition: Condition) -> Condition:
    """Add a condition on transitions (usable as a decorator)."""
    if condition not in _CONDITIONS:
        _CONDITIONS.append(condition)
    return condition


def unmet_conditions(challenge: Any, target: str) -> list[str]:
    """What the registered conditions say stands in the way of moving ``challenge`` to ``target``."""
    return [reason for condition in _CONDITIONS if (reason := condition(challenge, str(target)))]
