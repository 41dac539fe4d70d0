"""The lifecycle of a wave (meting): its states and the one transition table.

Everything that moves a wave goes through :func:`veerkracht.fieldwork.services.waves.wave_transition`,
which consults this table (pure: no database).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class WaveState(models.TextChoices):
    CONCEPT = "concept", _("draft")
    OPEN = "open", _("open")
    GESLOTEN = "gesloten", _("closed")
    GERAPPORTEERD = "gerapporteerd", _("reported")


INITIAL = WaveState.CONCEPT
#: States in which respondents can answer.
ACCEPTS_ANSWERS: frozenset[str] = frozenset({WaveState.OPEN})
#: States in which the wave's settings (instrument, mode, k, texts) may change.
EDITABLE: frozenset[str] = frozenset({WaveState.CONCEPT})
#: States in which invitations may be added.
INVITING: frozenset[str] = frozenset({WaveState.CONCEPT, WaveState.OPEN})
#: States in which the report is available.
REPORTABLE: frozenset[str] = frozenset({WaveState.GESLOTEN, WaveState.GERAPPORTEERD})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    name: str  # stable verb used in URLs and audit events
    note_required: bool = False


W = WaveState
TRANSITIONS: tuple[Transition, ...] = (
    Transition(W.CONCEPT, W.OPEN, "open"),
    Transition(W.OPEN, W.GESLOTEN, "close"),
    # fieldwork can be reopened (e.g. to extend the period), with a reason
    Transition(W.GESLOTEN, W.OPEN, "reopen", note_required=True),
    Transition(W.GESLOTEN, W.GERAPPORTEERD, "report"),
    # a report can be withdrawn to correct it (not back into fieldwork)
    Transition(W.GERAPPORTEERD, W.GESLOTEN, "withdraw", note_required=True),
)
del W

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}
_BY_NAME = {(t.source, t.name): t for t in TRANSITIONS}


def find(source: str, target: str) -> Transition | None:
    return _BY_PAIR.get((str(source), str(target)))


def find_by_name(source: str, name: str) -> Transition | None:
    return _BY_NAME.get((str(source), name))


def available(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]
