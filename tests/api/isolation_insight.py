"""Isolation cases of this part's API resources, for tests/api/test_isolation.py.

``addresses(b)`` creates municipality B's non-public objects of this part (on ``b.hidden_challenge``),
appends the words that must never reach A to ``b.secret_words``, and returns the GET address of each
path template filled in with them. ``POST_ONLY`` names the paths that have no GET.
"""

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

POST_ONLY: set[str] = set()


def addresses(b: Any) -> dict[str, str]:
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
    b.secret_words.extend(
        [
            pilot.title,
            pilot.intervention,
            *(lesson.title for lesson in lessons.values()),
            "Iets verborgens",
        ]
    )
    return {
        "/metingen": "/api/v1/metingen?pageSize=100",
        "/metingen/{id}": f"/api/v1/metingen/{wave.pk}",
        "/teams": "/api/v1/teams?pageSize=100",
        "/teams/{id}": f"/api/v1/teams/{team.pk}",
        "/pilots": "/api/v1/pilots?pageSize=100",
        "/pilots/{id}": f"/api/v1/pilots/{pilot.pk}",
        "/lessen": "/api/v1/lessen?pageSize=100",
        "/lessen/{id}": f"/api/v1/lessen/{lessons['gemeente'].pk}",
    }
