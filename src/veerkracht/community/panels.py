"""The learning community on the home page: for people who work on a challenge or belong to a
community of practice, how many lessons they may read and a link to search them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from veerkracht.agenda import hub
from veerkracht.community import selectors
from veerkracht.core.dashboard import Panel, register


@register
def community_panel(user: Any) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if not selectors.home_municipality_ids(user) and not selectors.works_on_a_challenge(user):
        return None
    lessons = selectors.visible_lessons(user).count()
    memberships = user.practice_memberships.count()
    if not (lessons or memberships):
        return None  # nothing to read yet: the home page stays quiet
    return Panel(
        key="community",
        title=_("Learning community"),
        template="community/panel.html",
        context={"lessons": lessons, "memberships": memberships},
        order=50,
    )


@hub.register_section
def learned_elsewhere(challenge: Any, user: Any) -> hub.Section | None:
    """ "Elders geleerd" on the challenge page: lessons and similar challenges of other municipalities
    that ``user`` may read (the challenge page itself is shown only to those who may see it).

    The section holds its heading and a link to the findings' own page; the browser fetches the
    findings (the same view, as a fragment) once the section comes into view. Searching across the
    country's lessons and challenges costs more than the rest of the challenge page's sections together
    (~35 ms of its ~90 on the national data), and it is what a reader looks at last."""
    return hub.Section(
        key="elders-geleerd",
        template="community/_elsewhere_section.html",
        context={"challenge": challenge},
        order=50,
    )
