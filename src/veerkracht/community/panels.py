"""The learning community on the home page: for people who work on a challenge or belong to a
community of practice, how many lessons they may read and a link to search them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from veerkracht.community import selectors
from veerkracht.core.dashboard import Panel, register


@register
def community_panel(user: Any) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if not selectors.home_municipality_ids(user) and not selectors.works_on_a_challenge(user):
        return None
    return Panel(
        key="community",
        title=_("Learning community"),
        template="community/panel.html",
        context={
            "lessons": selectors.visible_lessons(user).count(),
            "memberships": user.practice_memberships.count(),
        },
        order=50,
    )
