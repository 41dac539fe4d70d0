"""Texts and questions that confused people: the end date asked only when reopening; started never
below completed; an English respondent is told when the introduction exists in Dutch only; residents
on the open link are not asked for a professional role; the challenge's stakeholders offered as the
respondent's organisation; the respondent's language set through a service."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from tests.agenda.factories import StakeholderFactory
from tests.fieldwork.factories import InvitationFactory, random_rows, store_responses
from tests.fieldwork.helpers import open_wave, tokens_in_outbox
from tests.organisations.factories import OrganisationFactory
from veerkracht.fieldwork import selectors, services
from veerkracht.fieldwork.models import Response, ResponseSource, ResponseStatus
from veerkracht.fieldwork.structure import pages_for, structure_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize(
    ("state", "step", "asks_end"),
    [("open", "close", False), ("gesloten", "report", False), ("gesloten", "reopen", True)],
)
def test_end_date_only_when_reopening(wave_world, make_wave, client, state, step, asks_end):
    wave = make_wave(state=state)
    client.force_login(wave_world.regisseur)
    with translation.override("nl"):
        body = client.get(reverse("fieldwork:wave_transition", args=[wave.pk, step])).content.decode()
    assert ('name="ends_on"' in body) is asks_end
    assert ("Nieuwe einddatum van het veldwerk" in body) is asks_end


def test_started_is_never_below_completed(wave_world, make_wave):
    wave = make_wave(open=True)
    invited = [InvitationFactory(wave=wave) for _ in range(3)]
    invited[0].started = True
    invited[0].save()
    store_responses(wave, random_rows(wave, {"wonen": 4}))  # imported: no invitation
    Response.objects.create(wave=wave, source=ResponseSource.OPEN_LINK, status=ResponseStatus.IN_PROGRESS)
    board = selectors.dashboard(wave, structure_of(wave.instrument), "nl")
    assert board.completed_total == Response.objects.filter(wave=wave, status="completed").count() == 4
    assert board.started_total == Response.objects.filter(wave=wave).count() == 5
    assert board.started_total >= board.completed_total


def test_english_respondent_is_told_the_introduction_is_dutch_only(wave_world, make_wave, client):
    wave = make_wave(languages="nl,en", intro_nl="Welkom bij onze meting over de wijk.", intro_en="")
    InvitationFactory(wave=wave, email="en@example.org", language="en")
    open_wave(wave, wave_world.regisseur)
    token = tokens_in_outbox()["en@example.org"]
    body = client.get(f"/v/{token}/?taal=en").content.decode()
    assert "The organisers wrote this introduction in Dutch only" in body
    assert '<div class="vk-survey__intro" lang="nl">' in body
    wave.intro_en = "Welcome to our survey."
    wave.save()
    body = client.get(f"/v/{token}/?taal=en").content.decode()
    assert "Welcome to our survey." in body and "Welkom bij" not in body
    assert "Dutch only" not in body
    mail.outbox.clear()


def test_residents_are_not_asked_for_a_professional_role(wave_world, make_wave):
    wave = make_wave(open_link=True)
    structure = structure_of(wave.instrument)
    assert any(q.code == "role" for q in structure.background)

    def asked(short_form):
        return {
            q.code for p in pages_for(structure, short_form=short_form, ask_group=True) for q in p.questions
        }

    assert "role" not in asked(True)
    assert "role" in asked(False)


def test_stakeholders_offered_as_the_respondents_organisation(wave_world, make_wave, client):
    wave = make_wave()
    for name in ("Woonstichting Thuis", "Zorggroep Noord"):
        StakeholderFactory(challenge=wave.challenge, organisation=OrganisationFactory(name=name))
    client.force_login(wave_world.regisseur)
    body = client.get(reverse("fieldwork:invitations", args=[wave.pk])).content.decode()
    assert 'list="organisation-options"' in body
    assert '<option value="Woonstichting Thuis">' in body and '<option value="Zorggroep Noord">' in body
    # "other": any organisation is still accepted
    response = client.post(
        reverse("fieldwork:invitations", args=[wave.pk]),
        {"action": "one", "email": "x@example.org", "organisation": "Buurthuis De Brug", "language": "nl"},
    )
    assert response.status_code == 302
    assert wave.invitations.get(email="x@example.org").organisation == "Buurthuis De Brug"


def test_respondent_language_through_the_service(wave_world, make_wave):
    wave = make_wave(languages="nl,en")
    response = Response.objects.create(wave=wave, source=ResponseSource.OPEN_LINK, started_at=timezone.now())
    services.response_set_language(response=response, language="en")
    assert Response.objects.get(pk=response.pk).language == "en"
    only_dutch = make_wave(languages="nl")
    other = Response.objects.create(wave=only_dutch, source=ResponseSource.OPEN_LINK)
    services.response_set_language(response=other, language="en")
    assert Response.objects.get(pk=other.pk).language == "nl"


def test_the_report_minimum_says_what_it_counts(wave_world, make_wave, client):
    wave = make_wave(open=True)
    store_responses(wave, random_rows(wave, {"wonen": 4}))
    board = selectors.dashboard(wave, structure_of(wave.instrument), "nl")
    client.force_login(wave_world.regisseur)
    with translation.override("nl"):
        body = client.get(reverse("fieldwork:wave", args=[wave.pk])).content.decode()
    expected = f"nu {board.completed_total} respondenten van {board.organisations_completed} organisaties"
    assert expected in body
