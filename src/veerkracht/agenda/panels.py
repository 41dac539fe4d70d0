"""What the agenda contributes elsewhere: the home-page panel and step a of the challenge hub."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from veerkracht.agenda import hub, selectors
from veerkracht.core.dashboard import Panel, register

PANEL_LIMIT = 10
BOARD_LIMIT = 20


@dataclass(frozen=True)
class BoardRow:
    challenge: Any
    url: str  # empty when the person may not open the challenge
    monitor: hub.StepInfo | None


@register
def board_panel(user: Any) -> Panel | None:
    """For a municipality's board (bestuurder): the challenges the municipality leads, their state
    and what the monitor reports. Links only to pages the person may open; the monitor step comes
    from the app that builds it (through the hub), which decides what the person may see."""
    municipalities = list(selectors.governed_municipalities(user))
    if not municipalities:
        return None
    challenges = list(selectors.challenges_led_by(municipalities)[: BOARD_LIMIT + 1])
    rows = []
    for challenge in challenges[:BOARD_LIMIT]:
        if selectors.is_challenge_participant(user, challenge):
            url = reverse("agenda:challenge", kwargs={"slug": challenge.slug})
        elif challenge.is_public:
            url = reverse("agenda:public_challenge", kwargs={"slug": challenge.slug})
        else:
            url = ""
        rows.append(BoardRow(challenge=challenge, url=url, monitor=hub.info("monitor", challenge, user)))
    return Panel(
        key="board",
        title=_("Challenges of %(municipalities)s")
        % {"municipalities": ", ".join(m.name for m in municipalities)},
        template="agenda/board_panel.html",
        context={"rows": rows, "more": len(challenges) > BOARD_LIMIT},
        order=5,
    )


@register
def agenda_panel(user: Any) -> Panel | None:
    agendas = list(selectors.agendas_for_user(user).order_by("-period_start", "title")[:PANEL_LIMIT])
    challenges = list(selectors.challenges_of(user).order_by("title")[:PANEL_LIMIT])
    invitations = list(selectors.open_invitations_for(user)[:PANEL_LIMIT])
    if not agendas and not challenges and not invitations:
        return None
    return Panel(
        key="agenda",
        title=str(gettext_lazy("Your agendas and challenges")),
        template="agenda/panel.html",
        context={"agendas": agendas, "challenges": challenges, "invitations": invitations},
        order=10,
    )


@hub.register("agenda")
def agenda_step(challenge: Any, user: Any) -> hub.StepInfo:
    count = challenge.stakeholders.count()
    scorers = challenge.scores.count()
    summary = " ".join(
        (
            ngettext("%(count)s stakeholder;", "%(count)s stakeholders;", count) % {"count": count},
            ngettext("scored by %(scorers)s person.", "scored by %(scorers)s people.", scorers)
            % {"scorers": scorers},
        )
    )
    return hub.StepInfo(
        url=reverse("agenda:challenge", kwargs={"slug": challenge.slug}) + "#stakeholders", summary=summary
    )
