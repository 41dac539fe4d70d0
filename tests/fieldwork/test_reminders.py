"""Reminders: at most two, at least 5 days apart, only to non-responders; never twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from tests.fieldwork.factories import InvitationFactory
from tests.fieldwork.helpers import answer_all, open_wave, tokens_in_outbox
from veerkracht.fieldwork import reminders, services
from veerkracht.fieldwork.models import InvitationMessage
from veerkracht.fieldwork.tasks import send_due_reminders

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


def state(**kw):
    base = {"first_sent_at": T0, "last_sent_at": T0, "reminders_sent": 0, "completed": False}
    base.update(kw)
    return reminders.InvitationState(**base)


def due(s, days, interval=5, open_=True, ends=dt.date(2025, 4, 1)):
    return reminders.next_reminder(
        s, now=T0 + dt.timedelta(days=days), interval_days=interval, wave_open=open_, ends_on=ends
    )


def run(fn, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


def test_pure_rules():
    assert due(state(), 4.9) is None
    assert due(state(), 5) == 1
    assert due(state(), 6, interval=7) is None  # the wave's own interval (≥ 5)
    assert due(state(), 5, interval=3) == 1  # never below 5: 3 is raised to 5
    assert due(state(), 4, interval=3) is None
    assert due(state(reminders_sent=1, last_sent_at=T0 + dt.timedelta(days=5)), 9) is None
    assert due(state(reminders_sent=1, last_sent_at=T0 + dt.timedelta(days=5)), 10) == 2
    assert due(state(reminders_sent=2, last_sent_at=T0 + dt.timedelta(days=10)), 30) is None
    assert due(state(completed=True), 10) is None
    assert due(state(), 10, open_=False) is None
    assert due(state(), 10, ends=dt.date(2025, 3, 10)) is None
    assert due(state(first_sent_at=None, last_sent_at=None), 10) is None


@pytest.mark.django_db
def test_reminders_over_time(wave_world, make_wave, settings, client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(T0, tick=False) as traveller:
        wave = make_wave(starts_on=T0.date(), ends_on=T0.date() + dt.timedelta(days=28), reminder_days=5)
        for n in range(4):
            InvitationFactory(wave=wave, email=f"p{n}@example.org")
        open_wave(wave, wave_world.regisseur)
        assert len(mail.outbox) == 4
        answer_all(client, tokens_in_outbox()["p0@example.org"])
        client.post(f"/v/{tokens_in_outbox()['p0@example.org']}/11/", {"action": "submit"})
        mail.outbox.clear()

        traveller.move_to(T0 + dt.timedelta(days=4, hours=23))
        assert run(send_due_reminders)["reminders"] == 0
        traveller.move_to(T0 + dt.timedelta(days=5))
        assert run(send_due_reminders)["reminders"] == 3
        assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org", "p3@example.org"]
        assert run(send_due_reminders)["reminders"] == 0  # run twice: nobody gets it twice
        # a new token in the reminder; the old link keeps working
        traveller.move_to(T0 + dt.timedelta(days=9))
        assert (
            run(services.reminders_send, wave=wave, by=wave_world.regisseur) == 0
        )  # on demand: still < 5 days
        traveller.move_to(T0 + dt.timedelta(days=10))
        mail.outbox.clear()
        assert run(services.reminders_send, wave=wave, by=wave_world.regisseur) == 3
        traveller.move_to(T0 + dt.timedelta(days=20))
        assert run(send_due_reminders)["reminders"] == 0  # at most two
    assert InvitationMessage.objects.filter(kind="reminder_1").count() == 3
    assert InvitationMessage.objects.filter(kind="reminder_2").count() == 3
    assert (
        not InvitationMessage.objects.filter(invitation__email="p0@example.org")
        .exclude(kind="invitation")
        .exists()
    )
