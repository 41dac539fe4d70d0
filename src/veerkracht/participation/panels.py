"""Ideas on the challenge page: how many came in, what became of them, the median time to a first
answer (registered with the agenda's hub; the agenda does not import this app)."""

from __future__ import annotations

from typing import Any

from veerkracht.agenda import hub
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
