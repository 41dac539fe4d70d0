"""Declared permissions of participation (django-rules).

* ``participation.add_idea`` (challenge): anyone logged in who may see the challenge.
* ``participation.support_idea`` (idea): anyone logged in who may see it, not its author, while the
  idea is open (received or under consideration).
* ``participation.change_idea_state`` (idea): the coordinator of the challenge's agenda, its
  regisseur, an installation administrator.
* ``participation.view_overview``: people who answer ideas on some challenge.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_visible_to
from veerkracht.participation import selectors, states
from veerkracht.participation.models import Idea


@rules.predicate
def sees_challenge(user: Any, challenge: Challenge | None) -> bool:
    return (
        isinstance(challenge, Challenge)
        and bool(getattr(user, "is_authenticated", False))
        and challenges_visible_to(user).filter(pk=challenge.pk).exists()
    )


@rules.predicate
def may_support(user: Any, idea: Idea | None) -> bool:
    return (
        isinstance(idea, Idea)
        and bool(getattr(user, "is_authenticated", False))
        and idea.state in states.OPEN
        and idea.author_id != user.pk
        and challenges_visible_to(user).filter(pk=idea.challenge_id).exists()
    )


@rules.predicate
def answers_idea(user: Any, idea: Idea | None) -> bool:
    return isinstance(idea, Idea) and selectors.may_manage(user, idea.challenge)


@rules.predicate
def answers_some_idea(user: Any) -> bool:
    return selectors.managed_challenges(user).exists()


rules.add_perm("participation.add_idea", sees_challenge)
rules.add_perm("participation.support_idea", may_support)
rules.add_perm("participation.change_idea_state", answers_idea)
rules.add_perm("participation.view_overview", answers_some_idea)


# --- co-creation sessions -----------------------------------------------------------------------
# * ``participation.add_session`` (challenge): the coordinator of its agenda, its regisseur.
# * ``participation.manage_session`` (session): the same people for the session's challenge: they see
#   who registered, tick attendance and write the minutes.
# * ``participation.register_session`` (session): anyone logged in who may see the challenge, until
#   the session starts.

from django.utils import timezone  # noqa: E402

from veerkracht.participation.session_models import CoSession  # noqa: E402


@rules.predicate
def manages_challenge(user: Any, challenge: Challenge | None) -> bool:
    return isinstance(challenge, Challenge) and selectors.may_manage(user, challenge)


@rules.predicate
def manages_session(user: Any, session: CoSession | None) -> bool:
    return isinstance(session, CoSession) and selectors.may_manage(user, session.challenge)


@rules.predicate
def may_register(user: Any, session: CoSession | None) -> bool:
    return (
        isinstance(session, CoSession)
        and bool(getattr(user, "is_authenticated", False))
        and session.starts_at > timezone.now()
        and challenges_visible_to(user).filter(pk=session.challenge_id).exists()
    )


rules.add_perm("participation.add_session", manages_challenge)
rules.add_perm("participation.manage_session", manages_session)
rules.add_perm("participation.register_session", may_register)
