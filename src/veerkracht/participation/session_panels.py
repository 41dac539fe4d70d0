"""Sessions on the challenge page (a section registered with the agenda's hub) and on a community of
practice's page (a section registered with :mod:`veerkracht.community.sections`)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from veerkracht.agenda import hub
from veerkracht.participation import session_selectors
from veerkracht.participation.session_models import CoSession


@hub.register_public_section
@hub.register_section
def sessions_section(challenge: Any, user: Any) -> hub.Section | None:
    return hub.Section(
        key="sessies",
        template="participation/sessions/_section.html",
        context={
            "challenge": challenge,
            "upcoming": CoSession.objects.filter(challenge=challenge, ends_at__gt=timezone.now()).count(),
            "may_add": user.has_perm("participation.add_session", challenge),
        },
        order=41,
    )


#: past sessions shown on a community's page (the most recent first)
PAST_ON_COP_PAGE = 10


def cop_sessions_section(request: Any, cop: Any) -> str | None:
    """The community's coming and past sessions (one query), its calendar feed, and for its
    moderators a link to plan one. The community page is only shown to who may see the community."""
    now = timezone.now()
    sessions = list(session_selectors.sessions_of_cop(cop))
    past = [s for s in sessions if s.ends_at <= now][::-1]
    return render_to_string(
        "participation/sessions/_cop_section.html",
        {
            "cop": cop,
            "upcoming": [s for s in sessions if s.ends_at > now],
            "past": past[:PAST_ON_COP_PAGE],
            "may_add": request.user.has_perm("participation.add_session", cop),
        },
        request=request,
    )
