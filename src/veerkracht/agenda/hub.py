"""The challenge page as the hub of the method: the five parts (a–e) as steps with their state.

The state of each step follows from the challenge's lifecycle. Apps that build a part (monitor,
teams, …) register a provider to link their step and say what has happened there::

    from veerkracht.agenda import hub

    @hub.register("monitor")
    def monitor_step(challenge, user):
        return hub.StepInfo(url=..., summary=_("Wave 1: 34 of 52 answered"))

Parts without a provider are shown as "not built yet".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from veerkracht.agenda import workflow
from veerkracht.agenda.workflow import Status
from veerkracht.core import parts
from veerkracht.core.parts import Part


@dataclass(frozen=True)
class StepInfo:
    url: str = ""
    summary: str = ""
    #: The part's own view of its state (one of STATE_LABELS' keys), when it knows better than the
    #: lifecycle — e.g. a team still incomplete while the challenge is already in execution.
    state: str = ""


StepProvider = Callable[[Any, Any], "StepInfo | None"]
_PROVIDERS: dict[str, StepProvider] = {}

#: Per part: the lifecycle states in which the part is the current work.
CURRENT_IN: dict[str, frozenset[str]] = {
    "agenda": frozenset({Status.GESIGNALEERD, Status.GEAGENDEERD}),
    "monitor": frozenset({Status.IN_METING, Status.IN_EVALUATIE}),
    "samenwerken": frozenset({Status.TEAM_IN_VORMING}),
    "besturen": frozenset({Status.IN_UITVOERING, Status.IN_EVALUATIE}),
    "organiseren": frozenset({Status.IN_UITVOERING, Status.IN_EVALUATIE}),
}

STATE_LABELS = {
    "done": _("done"),
    "current": _("current"),
    "upcoming": _("not started"),
    "stopped": _("stopped"),
    "not_reached": _("not reached"),
}


def register(part_key: str) -> Callable[[StepProvider], StepProvider]:
    def decorator(provider: StepProvider) -> StepProvider:
        _PROVIDERS[part_key] = provider
        return provider

    return decorator


def info(part_key: str, challenge: Any, user: Any) -> StepInfo | None:
    """What the app that builds ``part_key`` says about ``challenge`` for ``user`` (it decides what
    ``user`` may see), or None when no app builds it or it has nothing to show."""
    provider = _PROVIDERS.get(part_key)
    return provider(challenge, user) if provider else None


def is_built(part_key: str) -> bool:
    return part_key in _PROVIDERS


@dataclass(frozen=True)
class Step:
    part: Part
    state: str
    built: bool
    info: StepInfo | None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def part_state(part_key: str, status: str, stopped_from: str = "") -> str:
    """done / current / upcoming for a challenge in ``status``; for a stopped challenge, the state
    its parts had when it stopped becomes stopped (was current), done, or not_reached."""
    if status == Status.GESTOPT:
        if not stopped_from or stopped_from == Status.GESTOPT:
            return "not_reached"
        before = part_state(part_key, stopped_from)
        return {"current": "stopped", "upcoming": "not_reached"}.get(before, before)
    current = CURRENT_IN[part_key]
    if status in current:
        return "current"
    position = workflow.MAIN_LINE.index(status)
    first = min(workflow.MAIN_LINE.index(s) for s in current)
    return "done" if position > first else "upcoming"


def steps_for(challenge: Any, user: Any, *, stopped_from: str = "") -> list[Step]:
    steps = []
    for part in parts.all_parts():
        provider = _PROVIDERS.get(part.key)
        info = provider(challenge, user) if provider else None
        steps.append(
            Step(
                part=part,
                state=info.state
                if info is not None and info.state in STATE_LABELS
                else part_state(part.key, challenge.status, stopped_from),
                built=provider is not None,
                info=info,
            )
        )
    return steps


@dataclass(frozen=True)
class Section:
    """A section another part adds to the challenge page, below the steps: ``template`` rendered with
    ``context`` (it brings its own heading). ``key`` names it (for its ``aria-labelledby``)."""

    key: str
    template: str
    context: dict[str, Any]
    order: int = 100


SectionProvider = Callable[[Any, Any], "Section | None"]
_SECTIONS: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> SectionProvider:
    """Add a section to the challenge page (usable as a decorator); the provider decides what ``user``
    may see and returns None when it has nothing to show."""
    if provider not in _SECTIONS:
        _SECTIONS.append(provider)
    return provider


_PUBLIC_SECTIONS: list[SectionProvider] = []


def register_public_section(provider: SectionProvider) -> SectionProvider:
    """Add a section to the public page of a published challenge (usable as a decorator); what it
    shows must be fit for everyone."""
    if provider not in _PUBLIC_SECTIONS:
        _PUBLIC_SECTIONS.append(provider)
    return provider


def sections_for(challenge: Any, user: Any) -> list[Section]:
    found = [section for provider in _SECTIONS if (section := provider(challenge, user)) is not None]
    return sorted(found, key=lambda s: (s.order, s.key))


def rendered_sections(
    challenge: Any, user: Any, request: Any, *, public: bool = False
) -> list[tuple[str, str]]:
    """The sections for ``user`` (``public``: those of the public page), each as (id of its heading,
    HTML): the template gets its context and ``section_id``, which its heading carries."""
    from django.template.loader import render_to_string

    found = (
        sorted(
            [s for provider in _PUBLIC_SECTIONS if (s := provider(challenge, user)) is not None],
            key=lambda s: (s.order, s.key),
        )
        if public
        else sections_for(challenge, user)
    )
    return [
        (
            f"section-{s.key}",
            render_to_string(s.template, {**s.context, "section_id": f"section-{s.key}"}, request=request),
        )
        for s in found
    ]


# --- sections of the public agenda page ------------------------------------------------------------

AgendaSectionProvider = Callable[[Any, Any], "Section | None"]
_PUBLIC_AGENDA_SECTIONS: list[AgendaSectionProvider] = []


def register_public_agenda_section(provider: AgendaSectionProvider) -> AgendaSectionProvider:
    """Add a section to the public page of a published agenda (usable as a decorator): the provider
    gets (agenda, user), returns None when it has nothing to show; what it shows must be fit for
    everyone."""
    if provider not in _PUBLIC_AGENDA_SECTIONS:
        _PUBLIC_AGENDA_SECTIONS.append(provider)
    return provider


def rendered_agenda_sections(agenda: Any, user: Any, request: Any) -> list[tuple[str, str]]:
    """The sections of the public agenda page, each as (id of its heading, HTML)."""
    from django.template.loader import render_to_string

    found = sorted(
        [s for provider in _PUBLIC_AGENDA_SECTIONS if (s := provider(agenda, user)) is not None],
        key=lambda s: (s.order, s.key),
    )
    return [
        (
            f"section-{s.key}",
            render_to_string(s.template, {**s.context, "section_id": f"section-{s.key}"}, request=request),
        )
        for s in found
    ]
