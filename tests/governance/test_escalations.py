"""The escalation triggers (thresholds, off course twice in a row, the mandate ended), tripping once,
the mail to the board, the answer by a decision, and the daily task on a real Celery worker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.governance.mandate_helpers import TODAY, World, counts
from veerkracht.core.models import OutgoingEmail
from veerkracht.governance.models import (
    DecisionKind,
    Escalation,
    EscalationKind,
    EscalationLevel,
    UsageEntry,
    UsageKind,
)
from veerkracht.governance.services.decisions import content_of
from veerkracht.governance.services.escalations import answer_escalation, check_escalations
from veerkracht.governance.services.mandates import enter_usage


@pytest.fixture
def mworld(db):
    return World()


def _use(world, kind, amount):
    # straight into the table: the thresholds are about the sums, whoever entered them
    UsageEntry.objects.create(
        challenge=world.challenge, kind=kind, amount=Decimal(amount), on=TODAY, description="test"
    )


def _levels(raised):
    return sorted((e.kind, e.level) for e in raised)


@pytest.mark.parametrize(
    ("spent", "expected"),
    [
        ("7999.00", []),  # 79.99 %
        ("8000.00", [(EscalationKind.BUDGET, EscalationLevel.WARNING)]),  # exactly 80 %
        ("9999.99", [(EscalationKind.BUDGET, EscalationLevel.WARNING)]),
        ("10000.00", [(EscalationKind.BUDGET, EscalationLevel.ESCALATION)]),  # exactly 100 %
        ("15000.00", [(EscalationKind.BUDGET, EscalationLevel.ESCALATION)]),
    ],
)
def test_budget_thresholds(mworld, spent, expected):
    mworld.give()  # budget 10 000, warn 0.80, escalate 1.00
    _use(mworld, UsageKind.MONEY, spent)
    assert _levels(check_escalations(mworld.challenge, today=TODAY)) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("79.99", []),
        ("80", [(EscalationKind.HOURS, EscalationLevel.WARNING)]),
        ("100", [(EscalationKind.HOURS, EscalationLevel.ESCALATION)]),
    ],
)
def test_hour_thresholds(mworld, hours, expected):
    mworld.give()  # 100 hours
    _use(mworld, UsageKind.HOURS, hours)
    assert _levels(check_escalations(mworld.challenge, today=TODAY)) == expected


def test_own_shares_and_corrections_count(mworld):
    mworld.give(warn_share=Decimal("0.50"), escalate_share=Decimal("1.20"))
    _use(mworld, UsageKind.MONEY, "6000")
    _use(mworld, UsageKind.MONEY, "-1500")  # a correction: 4 500 is 45 %
    assert check_escalations(mworld.challenge, today=TODAY) == []
    _use(mworld, UsageKind.MONEY, "500")  # 5 000 = 50 %
    assert _levels(check_escalations(mworld.challenge, today=TODAY)) == [
        (EscalationKind.BUDGET, EscalationLevel.WARNING)
    ]
    _use(mworld, UsageKind.MONEY, "6999.99")  # 11 999.99 < 12 000
    assert check_escalations(mworld.challenge, today=TODAY) == []
    _use(mworld, UsageKind.MONEY, "0.01")
    assert _levels(check_escalations(mworld.challenge, today=TODAY)) == [
        (EscalationKind.BUDGET, EscalationLevel.ESCALATION)
    ]


def test_each_trigger_trips_once_and_only_escalations_enter_the_log(mworld):
    mworld.give()
    _use(mworld, UsageKind.MONEY, "8500")
    (warning,) = check_escalations(mworld.challenge, today=TODAY)
    assert (
        warning.raised_entry is None and warning.key == f"budget:warn:m{warning.challenge.mandates.get().pk}"
    )
    decisions = mworld.challenge.decisions.count()
    assert mworld.challenge.decisions.count() == decisions
    before = counts()
    assert check_escalations(mworld.challenge, today=TODAY) == []
    assert counts() == before
    _use(mworld, UsageKind.MONEY, "1500")
    (escalation,) = check_escalations(mworld.challenge, today=TODAY)
    entry = escalation.raised_entry
    assert entry.kind == DecisionKind.ESCALATIE and entry.public and entry.challenge == mworld.challenge
    assert "100" in content_of(entry)["text"]
    assert check_escalations(mworld.challenge, today=TODAY) == []
    assert Escalation.objects.filter(challenge=mworld.challenge).count() == 2
    # a new version of the mandate is a new mandate: its triggers can trip again
    mworld.give(budget=Decimal("10000"))
    assert _levels(check_escalations(mworld.challenge, today=TODAY)) == [
        (EscalationKind.BUDGET, EscalationLevel.ESCALATION)
    ]


def test_the_board_and_only_the_board_is_mailed_once_in_its_language(mworld):
    mworld.give()
    _use(mworld, UsageKind.MONEY, "10000")
    _use(mworld, UsageKind.HOURS, "85")
    raised = check_escalations(mworld.challenge, today=TODAY)
    assert len(raised) == 2
    mails = list(OutgoingEmail.objects.order_by("to", "subject"))
    assert sorted({m.to for m in mails}) == ["director@veerdam.example", "wethouder@veerdam.example"]
    assert len(mails) == 4  # two trips × two bestuurders
    url = "/besturen/opgaven/" + mworld.challenge.slug + "/mandaat/"
    assert all(url in m.body_text for m in mails)
    english = {m.subject for m in mails if m.to == "director@veerdam.example"}
    dutch = {m.subject for m in mails if m.to == "wethouder@veerdam.example"}
    assert english == {"Escalation: Buurtbedrijf", "Warning: Buurtbedrijf"}
    assert dutch == {"Escalatie: Buurtbedrijf", "Waarschuwing: Buurtbedrijf"}
    check_escalations(mworld.challenge, today=TODAY)
    assert OutgoingEmail.objects.count() == 4


def test_mail_is_delivered_through_smtp(mworld, smtp_server, django_capture_on_commit_callbacks):
    mworld.give()
    _use(mworld, UsageKind.MONEY, "10000")
    with django_capture_on_commit_callbacks(execute=True):
        check_escalations(mworld.challenge, today=TODAY)
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "director@veerdam.example",
        "wethouder@veerdam.example",
    ]


# Indicator: baseline 0 on 2027-01-01, target 100 on 2027-12-31 (364 days), tolerance 0.10.
# planned(t) = 100·t/364. On 2027-07-02 (t=182) planned 50: 45 → deviation −0.05, on course.
# On 2027-10-01 (t=273) planned 75: 20 → −0.55, off course. On 2027-11-01 (t=304) planned 83.52:
# 25 → −0.585, off course. On 2027-11-01, 80 → −0.035, on course.
ON = (dt.date(2027, 7, 2), "45")
OFF_1 = (dt.date(2027, 10, 1), "20")
OFF_2 = (dt.date(2027, 11, 1), "25")
BACK_ON = (dt.date(2027, 11, 1), "80")
LATER = dt.date(2027, 11, 2)


def test_off_course_once_is_no_escalation(mworld):
    objective = mworld.agreed_objective()
    mworld.indicator(objective, [ON, OFF_1])
    assert check_escalations(mworld.challenge, today=LATER) == []


def test_off_course_then_back_on_course_is_no_escalation(mworld):
    objective = mworld.agreed_objective()
    mworld.indicator(objective, [ON, OFF_1, BACK_ON])
    assert check_escalations(mworld.challenge, today=LATER) == []


def test_off_course_twice_in_a_row_escalates_once(mworld):
    objective = mworld.agreed_objective()
    indicator = mworld.indicator(objective, [ON, OFF_1, OFF_2])
    (raised,) = check_escalations(mworld.challenge, today=LATER)
    assert (raised.kind, raised.level) == (EscalationKind.OFF_COURSE, EscalationLevel.ESCALATION)
    assert raised.key == f"uit_koers:i{indicator.pk}:2027-11-01"
    assert raised.raised_entry.kind == DecisionKind.ESCALATIE
    assert check_escalations(mworld.challenge, today=LATER) == []
    # measurements after "today" do not count yet
    assert check_escalations(mworld.challenge, today=dt.date(2027, 10, 31)) == []


def test_the_mandate_ended(mworld):
    mworld.give()  # until 2027-12-31
    assert check_escalations(mworld.challenge, today=dt.date(2027, 12, 31)) == []
    (raised,) = check_escalations(mworld.challenge, today=dt.date(2028, 1, 1))
    assert (raised.kind, raised.level) == (EscalationKind.MANDATE_ENDED, EscalationLevel.ESCALATION)
    assert check_escalations(mworld.challenge, today=dt.date(2028, 2, 1)) == []


def test_use_entries_check_after_commit(mworld, django_capture_on_commit_callbacks):
    mworld.give()
    with django_capture_on_commit_callbacks(execute=True):
        enter_usage(
            challenge=mworld.challenge,
            by=mworld.regisseur,
            kind=UsageKind.MONEY,
            amount=Decimal("9000"),
            on=TODAY,
            description="Groot bedrag",
        )
    assert list(Escalation.objects.values_list("kind", "level")) == [
        (EscalationKind.BUDGET, EscalationLevel.WARNING)
    ]


def test_measurements_recorded_signal_checks_the_challenge(mworld):
    import time_machine

    from veerkracht.governance.signals import measurements_recorded

    objective = mworld.agreed_objective()
    indicator = mworld.indicator(objective, [ON, OFF_1, OFF_2])
    with time_machine.travel(dt.datetime(2027, 11, 2, 12, tzinfo=dt.UTC), tick=False):
        measurements_recorded.send(
            sender=None, challenge_id=mworld.challenge.pk, indicator_ids=[indicator.pk]
        )
    assert Escalation.objects.filter(kind=EscalationKind.OFF_COURSE).count() == 1


def _escalation(world):
    world.give()
    _use(world, UsageKind.MONEY, "10000")
    (escalation,) = check_escalations(world.challenge, today=TODAY)
    return escalation


def test_the_board_answers_with_a_decision(mworld, client):
    escalation = _escalation(mworld)
    client.force_login(mworld.board)
    url = reverse("governance:escalation_answer", kwargs={"pk": escalation.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "", "text": "Budget verhoogd"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert "Budget verhoogd" in response.content.decode()
    response = client.post(
        url, {"title": "Extra budget", "text": "Het budget gaat naar 15.000.", "public": "on"}
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    answer = escalation.answer
    assert answer.kind == DecisionKind.BESLUIT and answer.public and answer.title == "Extra budget"
    assert escalation.answered_at is not None and not escalation.is_open
    assert f"#{escalation.raised_entry.seq}" in content_of(answer)["refs"]
    before = counts()
    client.post(url, {"title": "Nog eens", "text": "x", "public": "on"})
    assert counts() == before  # answered once
    page = client.get(reverse("governance:mandate", kwargs={"slug": mworld.challenge.slug})).content.decode()
    assert "Extra budget" in page


@pytest.mark.parametrize(
    ("who", "status"), [("teamlid", 403), ("regisseur", 403), ("council", 403), ("other_board", 404)]
)
def test_others_cannot_answer_and_nothing_is_written(mworld, client, who, status):
    escalation = _escalation(mworld)
    client.force_login(getattr(mworld, who))
    url = reverse("governance:escalation_answer", kwargs={"pk": escalation.pk})
    before = counts()
    assert client.post(url, {"title": "Besluit", "text": "x", "public": "on"}).status_code == status
    assert counts() == before
    escalation.refresh_from_db()
    assert escalation.answer is None
    with pytest.raises(Exception):  # noqa: B017,PT011 - PermissionDenied from the service
        answer_escalation(escalation=escalation, by=getattr(mworld, who), title="B", text="x")
    assert counts() == before


def test_a_warning_is_not_answered(mworld, client):
    mworld.give()
    _use(mworld, UsageKind.MONEY, "8000")
    (warning,) = check_escalations(mworld.challenge, today=TODAY)
    client.force_login(mworld.board)
    url = reverse("governance:escalation_answer", kwargs={"pk": warning.pk})
    before = counts()
    response = client.post(url, {"title": "Besluit", "text": "x", "public": "on"})
    assert response.status_code == 200 and response.context.get("form") is None
    assert counts() == before


def test_the_daily_task_is_scheduled_after_migrate(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="governance: check escalations daily")
    assert task.task == "veerkracht.governance.tasks.check_all_escalations" and task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("6", "15")


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_celery_worker_on_redis_runs_the_daily_check(settings, transactional_db):
    from celery.contrib.testing.worker import start_worker

    from tests.conftest import require_service
    from tests.fieldwork.helpers import use_broker
    from tests.services import REDIS_URL, redis_available
    from veerkracht.conf.celery import app
    from veerkracht.governance.tasks import check_all_escalations

    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    world = World()
    world.give(ends_on=dt.date(2020, 12, 31), starts_on=dt.date(2020, 1, 1), rules=[])  # ended long ago
    # transactional: the check after the mandate's commit ran at once and saw that it has ended
    assert list(Escalation.objects.values_list("kind", flat=True)) == [EscalationKind.MANDATE_ENDED]
    _use(world, UsageKind.HOURS, "100")  # straight into the table: only the daily check sees it
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, REDIS_URL)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            answer = check_all_escalations.delay().get(timeout=300)
            again = check_all_escalations.delay().get(timeout=300)
    finally:
        use_broker(app, "")
    assert answer == {"checked": 1, "raised": 1}  # the hours at 100 %
    assert again == {"checked": 1, "raised": 0}
    assert set(Escalation.objects.values_list("kind", flat=True)) == {
        EscalationKind.HOURS,
        EscalationKind.MANDATE_ENDED,
    }
    # each bestuurder mailed once per escalation
    assert OutgoingEmail.objects.count() == 4
