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
