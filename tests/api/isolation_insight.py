"""Municipality B's objects of this part for the API's isolation test (tests/api/test_isolation.py).

``build(b)`` creates B's non-public objects of this part on ``b.hidden_challenge`` and registers each
with the words that must never reach another municipality (``b.hide``); the test fills every endpoint's
parameters with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.fieldwork.factories import WaveFactory
from tests.organisations.factories import OrganisationFactory
from tests.teams.factories import ProfileFactory
from veerkracht.agenda.models import Domain
from veerkracht.community.models import Lesson
from veerkracht.plans.models import Pilot
from veerkracht.teams.models import MemberStatus, Team, TeamMember


def build(b: Any) -> None:
    challenge = b.hidden_challenge
    wave = WaveFactory(challenge=challenge, gerapporteerd=True, number=1)
    team = Team.objects.create(challenge=challenge)
    organisation = OrganisationFactory(name="Geheime stichting B", slug="geheime-stichting-b")
    TeamMember.objects.create(
        team=team,
        profile=ProfileFactory(organisation=organisation, municipality=b.gemeente),
        status=MemberStatus.ACCEPTED,
    )
    today = timezone.localdate()
    pilot = Pilot.objects.create(
        challenge=challenge,
        title="Geheime pilot B",
        intervention="een verborgen aanpak B",
        expectation="een verborgen uitkomst B",
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
    )
    lessons = {}
    for visibility in ("gemeente", "regio", "team"):
        lessons[visibility] = Lesson.objects.create(
            title=f"Geheime les B ({visibility})",
            tried="Iets verborgens van B.",
            outcome="Iets verborgens geleerd.",
            domain=Domain.objects.order_by("pk").first(),
            municipality=b.gemeente,
            size_band="20-50k",
            neighbourhood_type="gemengd",
            visibility=visibility,
            challenge=challenge,
        )
    b.hide(wave)
    b.hide(team)
    b.hide(pilot, pilot.title, pilot.intervention)
    for lesson in lessons.values():
        b.hide(lesson, lesson.title, "Iets verborgens")
