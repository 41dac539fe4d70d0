"""The report PDF's data key (fieldwork.report.data_key): a stored PDF is rendered again exactly when
something it shows changes, so it names everything the PDF shows — the challenge's title, the wave's
number and dates and its invitations included — and nothing the PDF does not show."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.agenda.conftest import World
from tests.fieldwork.factories import InvitationFactory, WaveFactory, random_rows, store_responses
from veerkracht.agenda.models import Challenge
from veerkracht.fieldwork import report
from veerkracht.fieldwork.models import Wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave():
    world = World()
    wave = WaveFactory(challenge=world.challenge(geagendeerd=True, title="Droge voeten"), gesloten=True)
    store_responses(wave, random_rows(wave, {"wonen": 3, "zorg_welzijn": 3}, seed=3))
    return wave


def _rename_challenge(wave):
    Challenge.objects.filter(pk=wave.challenge_id).update(title="Natte kelders")


def _move_dates(wave):
    Wave.objects.filter(pk=wave.pk).update(ends_on=wave.ends_on + dt.timedelta(days=7))


def _start_earlier(wave):
    Wave.objects.filter(pk=wave.pk).update(starts_on=wave.starts_on - dt.timedelta(days=7))


def _invite(wave):
    InvitationFactory(wave=wave)


def _add_a_response(wave):
    store_responses(wave, random_rows(wave, {"wonen": 1}, seed=9))


@pytest.mark.parametrize(
    "change",
    [_rename_challenge, _move_dates, _start_earlier, _invite, _add_a_response],
    ids=["challenge-title", "end-date", "start-date", "invitation", "response"],
)
def test_what_the_pdf_shows_changes_the_key(wave, change):
    before = report.data_key(Wave.objects.get(pk=wave.pk), "nl")
    change(wave)
    assert report.data_key(Wave.objects.get(pk=wave.pk), "nl") != before


def test_what_the_pdf_does_not_show_keeps_the_key(wave):
    before = report.data_key(Wave.objects.get(pk=wave.pk), "nl")
    Challenge.objects.filter(pk=wave.challenge_id).update(problem="<p>Een andere probleemschets.</p>")
    assert report.data_key(Wave.objects.get(pk=wave.pk), "nl") == before
    assert report.data_key(Wave.objects.get(pk=wave.pk), "en") != before
