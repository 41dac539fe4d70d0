"""What the agenda contributes elsewhere: the home-page panel and step a of the challenge hub."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.agenda import hub, selectors
from veerkracht.core.dashboard import Panel, register

PANEL_LIMIT = 10


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
    summary = _("%(count)s stakeholders; scored by %(scorers)s people.") % {
        "count": count,
        "scorers": challenge.scores.count(),
    }
    return hub.StepInfo(
        url=reverse("agenda:challenge", kwargs={"slug": challenge.slug}) + "#stakeholders", summary=summary
    )
