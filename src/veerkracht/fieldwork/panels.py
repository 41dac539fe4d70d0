"""The fieldwork's contributions to shared pages: the monitor step on the challenge page (hub) and a
home-page panel with the waves a person manages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from veerkracht.agenda import hub
from veerkracht.core import response_cache
from veerkracht.core.dashboard import Panel, register
from veerkracht.fieldwork import selectors
from veerkracht.fieldwork.models import Response, ResponseStatus, Wave
from veerkracht.fieldwork.workflow import WaveState


@hub.register("monitor")
def monitor_step(challenge: Any, user: Any) -> hub.StepInfo | None:
    if not user.has_perm("fieldwork.view_wave", challenge):
        return None
    wave = Wave.objects.filter(challenge=challenge).order_by("-number").first()
    if wave is None:
        return hub.StepInfo(
            url=reverse("fieldwork:wave_create", args=[challenge.slug]), summary=_("No wave yet.")
        )
    return hub.StepInfo(
        url=reverse("fieldwork:wave", args=[wave.pk]),
        summary=_("%(label)s: %(state)s, %(n)s responses")
        % {"label": wave.label, "state": wave.get_state_display(), "n": completed_responses(wave)},
    )


def completed_responses(wave: Wave) -> int:
    """How many responses the wave has completed. While it is open they come in all the time: a read
    of a volatile table, so the page that shows it is kept briefly. Before and after, they change only
    with an import, which drops every kept answer: a settled read, and the page is kept as long as
    any other (core.response_cache)."""
    count = Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED).count
    if wave.state == WaveState.OPEN:
        return count()
    with response_cache.settled():
        return count()


@register
def waves_panel(user: Any) -> Panel | None:
    waves = list(selectors.waves_for(user).exclude(state="gerapporteerd")[:5])
    if not waves:
        return None
    return Panel(
        key="fieldwork",
        title=_("Monitor waves"),
        template="fieldwork/panel.html",
        context={"waves": waves},
        order=30,
    )
