"""Declared permissions of participation (django-rules).

* ``participation.add_idea`` (challenge): anyone logged in who may see the challenge.
* ``participation.support_idea`` (idea): anyone logged in who may see it, not its author, while the
  idea is open (received or under consideration).
* ``participation.change_idea_state`` (idea): the coordinator of the challenge's agenda, its
  regisseur, an installation administrator.
* ``participation.view_overview``: people who answer ideas on some challenge.
* ``participation.add_agenda_idea`` (agenda): anyone logged in who may see the agenda, while its
  coordinator has opened it for ideas on the agenda as a whole.
* ``participation.open_agenda_ideas`` (agenda): its coordinator (or an installation administrator).
* ``participation.link_idea`` (idea): the coordinator of the agenda of an idea on the agenda as a
  whole, not yet linked to a challenge and not closed.
* ``participation.comment_idea`` (idea): anyone logged in who may see the idea.
* ``participation.report_comment`` (comment): anyone logged in who may see the comment's idea, once.
* ``participation.hide_comment`` (comment): whoever answers the comment's idea (the moderator).
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.agenda.selectors import (
    agendas_visible_to,
    challenges_visible_to,
    is_agenda_coordinator,
    may_see_challenge,
)
from veerkracht.participation import selectors, states
from veerkracht.participation.models import Comment, Idea


@rules.predicate
def sees_challenge(user: Any, challenge: Challenge | None) -> bool:
    return (
        isinstance(challenge, Challenge)
        and bool(getattr(user, "is_authenticated", False))
        and may_see_challenge(user, challenge)
    )


@rules.predicate
def may_support(user: Any, idea: Idea | None) -> bool:
    return (
        isinstance(idea, Idea)
        and bool(getattr(user, "is_authenticated", False))
        and idea.state in states.OPEN
        and idea.author_id != user.pk
        and selectors.sees_idea(user, idea)
    )


@rules.predicate
def answers_idea(user: Any, idea: Idea | None) -> bool:
    return isinstance(idea, Idea) and selectors.manages_idea(user, idea)


@rules.predicate
def answers_some_idea(user: Any) -> bool:
    return selectors.managed_challenges(user).exists() or selectors.managed_agendas(user).exists()


rules.add_perm("participation.add_idea", sees_challenge)
rules.add_perm("participation.support_idea", may_support)
rules.add_perm("participation.change_idea_state", answers_idea)
rules.add_perm("participation.view_overview", answers_some_idea)


# --- co-creation sessions -----------------------------------------------------------------------
# A session is on a challenge or on a community of practice.
# * ``participation.add_session`` (challenge or community of practice): for a challenge, the
#   coordinator of its agenda and its regisseur; for a community, its moderators and owners
#   (``community.moderate_cop``).
# * ``participation.manage_session`` (session): the same people for the session's challenge or
#   community: they see who registered, tick attendance and write the minutes.
# * ``participation.change_session`` (session): the same people, while the session is planned and has
#   not started: they edit it or call it off.
# * ``participation.register_session`` (session): while it is planned and has not started, anyone
#   logged in who may see the challenge; for a community, its members, and everyone who may see it
#   when the community is open.

from django.utils import timezone  # noqa: E402

from veerkracht.community import selectors as community_selectors  # noqa: E402
from veerkracht.community.models import CommunityOfPractice  # noqa: E402
from veerkracht.participation import session_workflow  # noqa: E402
from veerkracht.participation.session_models import CoSession  # noqa: E402


def _moderates_cop(user: Any, cop: CommunityOfPractice | None) -> bool:
    return isinstance(cop, CommunityOfPractice) and bool(
        getattr(user, "is_authenticated", False) and user.has_perm("community.moderate_cop", cop)
    )


@rules.predicate
def manages_challenge(user: Any, host: Challenge | CommunityOfPractice | None) -> bool:
    if isinstance(host, CommunityOfPractice):
        return _moderates_cop(user, host)
    return isinstance(host, Challenge) and selectors.may_manage(user, host)


@rules.predicate
def manages_session(user: Any, session: CoSession | None) -> bool:
    if not isinstance(session, CoSession):
        return False
    if session.cop_id is not None:
        return _moderates_cop(user, session.cop)
    return session.challenge is not None and selectors.may_manage(user, session.challenge)


@rules.predicate
def session_open(user: Any, session: CoSession | None) -> bool:
    return (
        isinstance(session, CoSession)
        and session_workflow.editable(session.status)
        and session.starts_at > timezone.now()
    )


@rules.predicate
def may_register(user: Any, session: CoSession | None) -> bool:
    if not (isinstance(session, CoSession) and bool(getattr(user, "is_authenticated", False))):
        return False
    if session.cop_id is not None:
        cop = session.cop
        assert cop is not None
        if not community_selectors.communities_visible_to(user).filter(pk=cop.pk).exists():
            return False
        return community_selectors.is_open(cop) or community_selectors.is_member(user, cop)
    return (
        session.challenge_id is not None
        and challenges_visible_to(user).filter(pk=session.challenge_id).exists()
    )


rules.add_perm("participation.add_session", manages_challenge)
rules.add_perm("participation.manage_session", manages_session)
rules.add_perm("participation.change_session", manages_session & session_open)
rules.add_perm("participation.register_session", session_open & may_register)


@rules.predicate
def sees_idea(user: Any, idea: Idea | None) -> bool:
    return (
        isinstance(idea, Idea)
        and bool(getattr(user, "is_authenticated", False))
        and selectors.sees_idea(user, idea)
    )


@rules.predicate
def sees_comment(user: Any, comment: Comment | None) -> bool:
    return isinstance(comment, Comment) and sees_idea(user, comment.idea)


@rules.predicate
def moderates_comment(user: Any, comment: Comment | None) -> bool:
    return isinstance(comment, Comment) and selectors.manages_idea(user, comment.idea)


rules.add_perm("participation.comment_idea", sees_idea)
rules.add_perm("participation.report_comment", sees_comment)
rules.add_perm("participation.hide_comment", moderates_comment)


@rules.predicate
def may_add_agenda_idea(user: Any, agenda: Agenda | None) -> bool:
    return (
        isinstance(agenda, Agenda)
        and bool(getattr(user, "is_authenticated", False))
        and selectors.agenda_ideas_open(agenda)
        and agendas_visible_to(user).filter(pk=agenda.pk).exists()
    )


@rules.predicate
def coordinates_agenda(user: Any, agenda: Agenda | None) -> bool:
    return (
        isinstance(agenda, Agenda)
        and bool(getattr(user, "is_authenticated", False))
        and (bool(getattr(user, "is_superuser", False)) or is_agenda_coordinator(user, agenda))
    )


@rules.predicate
def may_link(user: Any, idea: Idea | None) -> bool:
    return (
        isinstance(idea, Idea)
        and idea.challenge_id is None
        and idea.agenda is not None
        and idea.state in states.OPEN
        and coordinates_agenda(user, idea.agenda)
    )


rules.add_perm("participation.add_agenda_idea", may_add_agenda_idea)
rules.add_perm("participation.open_agenda_ideas", coordinates_agenda)
rules.add_perm("participation.link_idea", may_link)
