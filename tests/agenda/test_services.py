"""Services called directly (as other apps do), and the demo loader."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from veerkracht.agenda import services
from veerkracht.agenda.models import Agenda, Challenge, ChallengeTransition, Domain, Score, Stakeholder
from veerkracht.audit.models import AuditEvent
from veerkracht.core.demo import DemoContext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "De trekkende gemeente moet een van de gemeenten van de agenda zijn."),
        ("en", "The lead municipality must be one of the agenda's municipalities."),
    ],
)
def test_challenge_create_checks_the_lead_municipality(world, language, message):
    with translation.override(language), pytest.raises(ValidationError) as error:
        services.challenge_create(
            agenda=world.agenda,
            by=world.coordinator,
            title="X",
            problem="P",
            domain=Domain.objects.get(code="zorg"),
            lead_municipality=world.other,
        )
    assert error.value.message_dict["lead_municipality"] == [message]
    assert not Challenge.objects.exists()


def test_challenge_create_makes_unique_slugs_and_history(world):
    domain = Domain.objects.get(code="zorg")
    first = services.challenge_create(
        agenda=world.agenda, by=world.coordinator, title="Zorg", problem="P", domain=domain
    )
    second = services.challenge_create(
        agenda=world.agenda, by=world.coordinator, title="Zorg", problem="P", domain=domain
    )
    assert (first.slug, second.slug) == ("zorg", "zorg-2")
    assert first.lead_municipality == world.veerdam
    assert ChallengeTransition.objects.get(challenge=first).to_status == "gesignaleerd"
    assert AuditEvent.objects.filter(event="agenda.challenge.created").count() == 2


def test_score_service_checks_permission_and_replaces(world):
    challenge = world.challenge()
    with pytest.raises(PermissionDenied):
        services.challenge_score(
            challenge=challenge, by=world.staff, urgency=3, impact=3, feasibility=3, innovation=3
        )
    services.challenge_score(
        challenge=challenge, by=world.partner, urgency=3, impact=3, feasibility=3, innovation=3
    )
    services.challenge_score(
        challenge=challenge, by=world.partner, urgency=5, impact=3, feasibility=3, innovation=3
    )
    assert Score.objects.get().urgency == 5
    with pytest.raises(ValidationError):
        services.challenge_score(
            challenge=challenge, by=world.partner, urgency=9, impact=3, feasibility=3, innovation=3
        )


def test_stakeholder_service_refuses_a_contact_from_elsewhere(world):
    challenge = world.challenge()
    with pytest.raises(ValidationError):
        services.stakeholder_save(
            challenge=challenge,
            by=world.coordinator,
            organisation=world.partner_org,
            role="partner",
            interest="high",
            influence="high",
            contact_person=world.other_coordinator,
        )
    assert not Stakeholder.objects.exists()


def test_agenda_constraints(world):
    import datetime as dt

    with pytest.raises(ValidationError):
        services.agenda_create(
            by=world.coordinator,
            title="Zonder eigenaar",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2026, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.agenda_create(
            by=world.coordinator,
            title="Zonder weging",
            municipality=world.veerdam,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2026, 1, 1),
            weight_urgency=0,
            weight_impact=0,
            weight_feasibility=0,
            weight_innovation=0,
        )
    assert not Agenda.objects.filter(title__startswith="Zonder").exists()


def test_domains_and_goals_are_seeded():
    codes = set(Domain.objects.values_list("code", flat=True))
    assert codes >= {
        "zorg",
        "onderwijs",
        "milieu-energie",
        "arbeidsmarkt",
        "sociaal-domein",
        "veiligheid-jeugd",
        "wonen-vastgoed",
        "cultuur",
        "wijkbeheer",
    }
    from veerkracht.agenda.models import SustainableDevelopmentGoal

    assert list(SustainableDevelopmentGoal.objects.values_list("number", flat=True)) == list(range(1, 18))
    for domain in Domain.objects.all():
        assert domain.usual_partner_kinds.filter(kind="inwonersinitiatief").exists()
    with translation.override("en"):
        assert Domain.objects.get(code="wonen-vastgoed").name == "Housing & real estate"
    with translation.override("nl"):
        assert Domain.objects.get(code="wonen-vastgoed").name == "Wonen & vastgoed"


def _load():
    from veerkracht.agenda import demo as agenda_demo
    from veerkracht.organisations import demo as organisations_demo

    ctx = DemoContext()
    organisations_demo.load(ctx)
    agenda_demo.load(ctx)
    return ctx


def _snapshot():
    return (
        list(Agenda.objects.order_by("pk").values()),
        list(Challenge.objects.order_by("pk").values()),
        list(Stakeholder.objects.order_by("pk").values()),
        list(Score.objects.order_by("pk").values()),
        list(ChallengeTransition.objects.order_by("pk").values()),
    )


def test_demo_loader():
    ctx = _load()
    assert Agenda.objects.count() == 2
    assert Agenda.objects.filter(region__isnull=False).count() == 1
    assert 8 <= Challenge.objects.count() <= 12
    assert set(Challenge.objects.values_list("status", flat=True)) == {
        "gesignaleerd",
        "geagendeerd",
        "in_meting",
        "team_in_vorming",
        "in_uitvoering",
        "in_evaluatie",
        "afgerond",
        "gestopt",
    }
    assert Challenge.objects.values("domain").distinct().count() >= 7
    mehmet = Challenge.objects.get(regisseur__email="regisseur@veerdam.example")
    assert mehmet.regisseur.full_name == "Mehmet Yılmaz"
    assert (
        Challenge.objects.filter(published=True).exists()
        and Challenge.objects.filter(published=False).exists()
    )
    assert set(ctx.objects["challenges"]) == set(Challenge.objects.values_list("slug", flat=True))
    # histories are consistent with the statuses
    for challenge in Challenge.objects.all():
        assert challenge.transitions.last().to_status == challenge.status
    # scores from several people
    assert Score.objects.values("scorer").distinct().count() >= 5
    # the ranking shows the quorum: some challenges reached it, some did not
    from veerkracht.agenda import selectors

    marks = set()
    for agenda in Agenda.objects.all():
        marks |= {row.below_quorum for row in selectors.ranked_challenges(agenda, agenda.challenges.all())}
    assert marks == {True, False}
    before = _snapshot()
    _load()
    assert _snapshot() == before
