"""The community demo: lessons in both demo municipalities at each reach, evidence, a community of
practice with members; searchable; loading twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from veerkracht.community import search
from veerkracht.community.models import CommunityOfPractice, EvidenceLink, Lesson, Membership
from veerkracht.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def load_demo() -> None:
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())


def test_demo_lessons_and_loading_twice_adds_nothing() -> None:
    load_demo()
    lessons = sorted(Lesson.objects.values_list("pk", "municipality__slug", "visibility"))
    counts = (EvidenceLink.objects.count(), Membership.objects.count(), CommunityOfPractice.objects.count())
    load_demo()
    assert sorted(Lesson.objects.values_list("pk", "municipality__slug", "visibility")) == lessons
    assert (
        EvidenceLink.objects.count(),
        Membership.objects.count(),
        CommunityOfPractice.objects.count(),
    ) == counts
    reach = {(m, v) for _pk, m, v in lessons}
    assert {
        ("gemeente-veerdam", "iedereen"),
        ("gemeente-veerdam", "regio"),
        ("gemeente-veerdam", "team"),
    } <= reach
    assert {("gemeente-lindenwaard", "iedereen"), ("gemeente-lindenwaard", "regio")} <= reach
    assert counts[0] >= 5 and counts[1] >= 3
    # the public sees the shared-with-everyone lessons, found by a Dutch word in another form
    found = search.search_lessons(AnonymousUser(), "huurder")
    assert [h.lesson.title for h in found.hits] == [
        "Energiecoaches bereiken huurders beter via de huismeester"
    ]
    assert Organisation.objects.filter(slug="gemeente-veerdam").exists()


def test_demo_shows_a_shared_monitor_profile_under_learned_elsewhere() -> None:
    """Lindenwaard's public care challenge has a reported wave at the report minimum: a Veerdam
    challenge's "learned elsewhere" shows its profile; Veerdam's own reported challenges are on the
    joint agenda with Lindenwaard, so they are not "elsewhere" for Lindenwaard's."""
    from veerkracht.agenda.models import Challenge
    from veerkracht.community.selectors import similar_elsewhere

    load_demo()
    challenge = Challenge.objects.get(slug="jeugdcriminaliteit-de-vaart")
    shared = {i.title: i.profile for i in similar_elsewhere(challenge, challenge.regisseur) if i.profile}
    assert list(shared) == ["Zorg dichtbij in de kernen van Lindenwaard"]
    profile = shared["Zorg dichtbij in de kernen van Lindenwaard"]
    assert profile.respondents >= 10 and len(profile.scores) == 7
    assert all(0 <= s.score <= 100 for s in profile.scores)
