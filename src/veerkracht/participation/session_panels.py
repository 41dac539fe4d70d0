"""Sessions on the challenge page (a section registered with the agenda's hub)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from veerkracht.agenda import hub
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
