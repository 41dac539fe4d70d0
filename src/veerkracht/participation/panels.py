"""Ideas on the challenge page: how many came in, what became of them, the median time to a first
answer (registered with the agenda's hub; the agenda does not import this app)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from veerkracht.agenda import hub
from veerkracht.core.dashboard import Panel, register
from veerkracht.participation import selectors

PANEL_IDEAS = 5


@hub.register_public_section
@hub.register_section
def ideas_section(challenge: Any, user: Any) -> hub.Section | None:
    return hub.Section(
        key="ideeen",
        template="participation/_section.html",
        context={
            "challenge": challenge,
            "summary": selectors.summary(challenge),
            "answered": selectors.answered_ideas(challenge),
            "may_add": user.has_perm("participation.add_idea", challenge),
        },
        order=40,
    )


@register
def ideas_panel(user: Any) -> Panel | None:
    """On the home page of the people who answer ideas, when some wait past their term: how many, and
    the five that have waited longest (nothing overdue: no panel, nothing to act on)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("participation.view_overview"):
        return None
    overdue = selectors.overdue_ideas(user)
    oldest = list(overdue.order_by("created_at", "pk")[:PANEL_IDEAS])
    if not oldest:
        return None
    return Panel(
        key="ideeen",
        title=_("Ideas to answer"),
        template="participation/panel.html",
        context={"oldest": oldest, "overdue_count": overdue.count()},
        order=45,
    )


@hub.register_public_agenda_section
def agenda_ideas_section(agenda: Any, user: Any) -> hub.Section | None:
    """On the public agenda page: ideas on the agenda as a whole, once its coordinator has opened that
    (or when such ideas exist); the switch for its coordinator."""
    is_open = selectors.agenda_ideas_open(agenda)
    may_switch = user.has_perm("participation.open_agenda_ideas", agenda)
    if not is_open and not may_switch and not selectors.agenda_ideas_of(agenda).exists():
        return None
    return hub.Section(
        key="ideeen-agenda",
        template="participation/_agenda_section.html",
        context={
            "agenda": agenda,
            "is_open": is_open,
            "may_switch": may_switch,
            "summary": selectors.agenda_summary(agenda),
            "may_add": user.has_perm("participation.add_agenda_idea", agenda),
        },
        order=40,
    )
