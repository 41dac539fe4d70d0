"""Declared permissions of participation (django-rules).

* ``participation.add_idea`` (challenge): anyone logged in who may see the challenge.
* ``participation.support_idea`` (idea): anyone logged in who may see it, not its author, while the
  idea is open (received or under consideration).
* ``participation.change_idea_state`` (idea): the coordinator of the challenge's agenda, its
  regisseur, an installation administrator.
* ``participation.view_overview``: people who answer ideas on some challenge.
* ``participation.comment_idea`` (idea): anyone logged in who may see the idea.
* ``participation.report_comment`` (comment): anyone logged in who may see the comment's idea, once.
* ``participation.hide_comment`` (comment): whoever answers the comment's idea (the moderator).
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_visible_to
from veerkracht.participation import selectors, states
from veerkracht.participation.models import Comment, Idea


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


@rules.predicate
def sees_idea(user: Any, idea: Idea | None) -> bool:
    return (
        isinstance(idea, Idea)
        and bool(getattr(user, "is_authenticated", False))
        and challenges_visible_to(user).filter(pk=idea.challenge_id).exists()
    )


@rules.predicate
def sees_comment(user: Any, comment: Comment | None) -> bool:
    return isinstance(comment, Comment) and sees_idea(user, comment.idea)


@rules.predicate
def moderates_comment(user: Any, comment: Comment | None) -> bool:
    return isinstance(comment, Comment) and selectors.may_manage(user, comment.idea.challenge)


rules.add_perm("participation.comment_idea", sees_idea)
rules.add_perm("participation.report_comment", sees_comment)
rules.add_perm("participation.hide_comment", moderates_comment)
