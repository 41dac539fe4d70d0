"""Reads on the learning community: which lessons a person may see, and the communities of practice.

Who sees a lesson follows from how far it is shared (``Lesson.visibility``):

* ``team``: the accepted members of the challenge's innovation team, its innovatieregisseur and the
  coordinators of its agenda;
* ``gemeente``: everyone with a role in the lesson's municipality or in an organisation based there;
* ``regio``: the same, for every municipality that shares a region with the lesson's municipality;
* ``iedereen``: everyone, logged in or not (the public page and the open-data list).

Each reach includes the narrower ones (the team circle sees its challenge's lessons at any reach).
The author always sees their own lessons; installation administrators see all of them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.community.models import (
    CommunityOfPractice,
    EvidenceLink,
    Lesson,
    MemberRole,
    Membership,
    Visibility,
)
from veerkracht.core import response_cache
from veerkracht.organisations.models import Region
from veerkracht.organisations.selectors import municipalities_of
from veerkracht.teams.models import MemberStatus, Team


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _superuser(user: Any) -> bool:
    return _authenticated(user) and bool(getattr(user, "is_superuser", False))


def home_municipality_ids(user: Any) -> set[int]:
    """The municipalities ``user`` works for, or in which an organisation of theirs is based."""
    if not _authenticated(user):
        return set()
    cached: set[int] | None = getattr(user, "_community_munis", None)
    if cached is None:  # remembered in the process while nothing is written, as the person is
        cached = response_cache.remembered(
            "home-municipalities", user.pk, lambda: set(municipalities_of(user).values_list("pk", flat=True))
        )
        user._community_munis = cached
    return cached


def region_municipality_ids(user: Any) -> set[int]:
    """The user's own municipalities and every municipality sharing a region with one of them."""
    own = home_municipality_ids(user)
    if not own:
        return set()
    through = Region.municipalities.through
    regions = through.objects.filter(organisation_id__in=own).values("region_id")
    return own | set(through.objects.filter(region_id__in=regions).values_list("organisation_id", flat=True))


def team_challenges_q(user: Any) -> Q:
    """Over Challenge: the challenges whose team-only lessons ``user`` sees."""
    return (
        Q(regisseur=user)
        | Q(pk__in=Challenge.objects.filter(agenda__in=Agenda.objects.filter(coordinators=user)).values("pk"))
        | Q(
            pk__in=Team.objects.filter(
                members__profile__user=user, members__status=MemberStatus.ACCEPTED
            ).values("challenge_id")
        )
    )


def visibility_q(user: Any) -> Q:
    """The filter over Lesson for what ``user`` may see."""
    q = Q(visibility=Visibility.IEDEREEN)
    if not _authenticated(user):
        return q
    q |= Q(author=user)
    q |= Q(visibility=Visibility.GEMEENTE, municipality_id__in=home_municipality_ids(user))
    q |= Q(visibility=Visibility.REGIO, municipality_id__in=region_municipality_ids(user))
    # every reach includes the narrowest: the team circle of the lesson's challenge sees it
    q |= Q(challenge_id__in=Challenge.objects.filter(team_challenges_q(user)).values("pk"))
    return q


def visible_lessons(user: Any) -> QuerySet[Lesson]:
    """Lessons ``user`` may see (a filter; chain more on it)."""
    lessons = Lesson.objects.all()
    if _superuser(user):
        return lessons
    return lessons.filter(visibility_q(user))


def with_details(lessons: QuerySet[Lesson]) -> QuerySet[Lesson]:
    return lessons.select_related("domain", "municipality", "challenge", "author").prefetch_related(
        Prefetch("evidence", queryset=EvidenceLink.objects.order_by("pk"))
    )


def lesson_for_user_or_none(user: Any, pk: int) -> Lesson | None:
    return with_details(visible_lessons(user)).filter(pk=pk).first()


def lessons_of_challenge(challenge: Challenge, user: Any) -> QuerySet[Lesson]:
    return visible_lessons(user).filter(challenge=challenge)


# --- communities of practice ----------------------------------------------------------------------


def communities_visible_to(user: Any) -> QuerySet[CommunityOfPractice]:
    """Open communities (no scope), those of the user's municipalities and of their regions."""
    cops = CommunityOfPractice.objects.select_related("municipality", "region")
    if _superuser(user):
        return cops
    if not _authenticated(user):
        return cops.none()
    own = home_municipality_ids(user)
    through = Region.municipalities.through
    regions = set(through.objects.filter(organisation_id__in=own).values_list("region_id", flat=True))
    return cops.filter(
        Q(municipality__isnull=True, region__isnull=True)
        | Q(municipality_id__in=own)
        | Q(region_id__in=regions)
    )


def is_member(user: Any, cop: CommunityOfPractice) -> bool:
    return _authenticated(user) and Membership.objects.filter(cop=cop, user=user).exists()


def is_open(cop: CommunityOfPractice) -> bool:
    """An open community has no municipality or region: everyone logged in may see and join it."""
    return cop.municipality_id is None and cop.region_id is None


def moderates(user: Any, cop: CommunityOfPractice) -> bool:
    """A moderator or owner of ``cop`` who may still see it (or an installation administrator)."""
    if _superuser(user):
        return True
    return (
        _authenticated(user)
        and Membership.objects.filter(
            cop=cop, user=user, role__in=[MemberRole.MODERATOR, MemberRole.EIGENAAR]
        ).exists()
        and communities_visible_to(user).filter(pk=cop.pk).exists()
    )


def members_of(cop: CommunityOfPractice) -> QuerySet[Membership]:
    return cop.memberships.select_related("user", "profile__organisation").order_by("opted_in_at")


def challenges_to_learn_from(user: Any) -> QuerySet[Challenge]:
    """Challenges a lesson may be written for by ``user``: those they take part in (agenda's rule)."""
    from veerkracht.agenda.selectors import challenges_of

    return challenges_of(user)


def works_on_a_challenge(user: Any) -> bool:
    return _authenticated(user) and (_superuser(user) or challenges_to_learn_from(user).exists())


# --- learned elsewhere ------------------------------------------------------------------------------


def similar_elsewhere(challenge: Challenge, user: Any, limit: int = 5) -> list[Any]:
    """Lessons and challenges of OTHER municipalities than ``challenge``'s that ``user`` may see: the
    same domain first, then by how well they match the challenge's title and problem. A list of
    :class:`veerkracht.community.elsewhere.Elsewhere`."""
    from veerkracht.community import elsewhere

    return elsewhere.similar_elsewhere(challenge, user, limit=limit)
