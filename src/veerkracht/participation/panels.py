"""Ideas on the challenge page: how many came in, what became of them, the median time to a first
answer (registered with the agenda's hub; the agenda does not import this app)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from veerkracht.agenda import hub
from veerkracht.core.dashboard import Panel, register
from veerkracht.participation import selectors


@hub.register_public_section
@hub.register_section
def ideas_section(challenge: Any, user: Any) -> hub.Section | None:
    return hub.Section(
        key="ideeen",
        template="participation/_section.html",
        context={
            "challenge": challenge,
            "summary": selectors.summary(challenge),
            "may_add": user.has_perm("participation.add_idea", challenge),
        },
        order=40,
    )


@register
def ideas_panel(user: Any) -> Panel | None:
    """On the home page of the people who answer ideas: how many wait past their term."""
    if not getattr(user, "is_authenticated", False) or not selectors.managed_challenges(user).exists():
        return None
    return Panel(
        key="ideeen",
        title=_("Ideas to answer"),
        template="participation/panel.html",
        context={"overdue": selectors.overdue_ideas(user).count()},
        order=45,
    )
