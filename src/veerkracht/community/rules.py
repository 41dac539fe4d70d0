"""Declared permissions of the learning community (django-rules).

* ``community.view_lesson`` (lesson): see :mod:`veerkracht.community.selectors` (by its reach).
* ``community.add_lesson`` (challenge or none): people who work on a challenge (coordinator,
  regisseur, partner representative, stakeholder contact, team member); with a challenge: on that one.
* ``community.change_lesson`` (lesson): its author (and installation administrators).
* ``community.view_cop`` / ``community.join_cop`` (community of practice): people of a municipality in
  its scope (everyone logged in for an open community).
* ``community.moderate_cop`` (community of practice): its moderators and owners
  (``Membership.role``) who may still see it, and installation administrators. Other apps let them
  run what belongs to the community (its co-creation sessions).
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import is_challenge_participant
from veerkracht.community import selectors
from veerkracht.community.models import CommunityOfPractice, Lesson
from veerkracht.organisations.selectors import is_installation_admin


@rules.predicate
def is_admin(user: Any) -> bool:
    return is_installation_admin(user)


@rules.predicate
def sees_lesson(user: Any, lesson: Lesson | None) -> bool:
    return isinstance(lesson, Lesson) and selectors.visible_lessons(user).filter(pk=lesson.pk).exists()


@rules.predicate
def is_author(user: Any, lesson: Lesson | None) -> bool:
    return (
        isinstance(lesson, Lesson)
        and getattr(user, "is_authenticated", False)
        and lesson.author_id is not None
        and lesson.author_id == user.pk
    )


@rules.predicate
def may_write_lessons(user: Any, challenge: Challenge | None = None) -> bool:
    if isinstance(challenge, Challenge):
        return is_challenge_participant(user, challenge)
    return selectors.works_on_a_challenge(user)


@rules.predicate
def sees_cop(user: Any, cop: CommunityOfPractice | None) -> bool:
    return (
        isinstance(cop, CommunityOfPractice)
        and selectors.communities_visible_to(user).filter(pk=cop.pk).exists()
    )


@rules.predicate
def moderates_cop(user: Any, cop: CommunityOfPractice | None) -> bool:
    return isinstance(cop, CommunityOfPractice) and selectors.moderates(user, cop)


rules.add_perm("community.view_lesson", sees_lesson)
rules.add_perm("community.add_lesson", may_write_lessons | is_admin)
rules.add_perm("community.change_lesson", is_author | is_admin)
rules.add_perm("community.view_cop", sees_cop)
rules.add_perm("community.join_cop", sees_cop)
rules.add_perm("community.moderate_cop", moderates_cop)
