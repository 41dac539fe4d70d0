"""The pilots on other pages: a section on the challenge page (``agenda.hub.register_section``) and
one on the team page (``teams.sections``). Neither page's app imports plans; each section decides what
the viewer may see and runs a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from veerkracht.agenda import hub
from veerkracht.core.permissions import can
from veerkracht.plans import pilot_selectors as selectors


def challenge_section(challenge: Any, user: Any) -> hub.Section | None:
    """ "Pilots" on the challenge page, for those who may see them."""
    if not can(user, "plans.view_pilots", challenge):
        return None
    pilots = list(selectors.pilots_of(challenge))
    may_add = can(user, "plans.add_pilot", challenge)
    if not pilots and not may_add:
        return None
    return hub.Section(
        key="pilots",
        template="plans/_pilots_section.html",
        context={"challenge": challenge, "pilots": pilots, "may_add": may_add},
        order=40,
    )


def team_section(request: Any, team: Any) -> str | None:
    """ "Pilots" on the team page: the pilots the team runs."""
    challenge = team.challenge
    if not can(request.user, "plans.view_pilots", challenge):
        return None
    pilots = list(selectors.pilots_of(challenge))
    may_add = can(request.user, "plans.add_pilot", challenge)
    if not pilots and not may_add:
        return None
    return render_to_string(
        "plans/_team_pilots.html",
        {"challenge": challenge, "pilots": pilots, "may_add": may_add},
        request=request,
    )
