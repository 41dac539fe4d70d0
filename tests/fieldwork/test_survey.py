"""The respondent's survey: resume on another device, one response for two submits, closed links,
the facet check without JavaScript, background questions, languages, the open link."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fieldwork.factories import InvitationFactory
from tests.fieldwork.helpers import answer_all, open_wave, tokens_in_outbox
from veerkracht.fieldwork import services
from veerkracht.fieldwork.models import Answer, Response

pytestmark = pytest.mark.django_db
SUMMARY = 11  # 7 dimensions, facets, background, open questions, summary
SUMMARY_GROUP_SET = 11  # the background page remains (role, months) when the group is set


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def invited(wave_world, make_wave):
    def make(language="nl", group="zorg_welzijn", **wave_kwargs):
        wave = make_wave(**wave_kwargs)
        InvitationFactory(wave=wave, email="r@example.org", language=language, group=group)
        open_wave(wave, wave_world.regisseur)
        return wave, tokens_in_outbox()["r@example.org"]

    return make


def test_resume_on_another_device(invited):
    wave, token = invited()
    phone = Client()
    phone.post(f"/v/{token}/")
    phone.post(f"/v/{token}/1/", {"D1_1": "2", "D1_2": "9", "D1_3": "4"})
    phone.post(f"/v/{token}/2/", {"D2_1": "5"})
    laptop = Client()
    welcome = laptop.get(f"/v/{token}/").content.decode()
    assert "Verdergaan waar u was gebleven" in welcome
    assert laptop.post(f"/v/{token}/")["Location"].endswith(f"/v/{token}/3/")
    page1 = laptop.get(f"/v/{token}/1/").content.decode()
    assert 'name="D1_1" value="2" checked' in page1 and 'name="D1_2" value="9" checked' in page1
    assert Answer.objects.filter(response__wave=wave).count() == 4


def test_submitting_twice_stores_one_response(invited):
    wave, token = invited()
    client = Client()
    answer_all(client, token)
    first = client.post(f"/v/{token}/{SUMMARY}/", {"action": "submit"})
    second = Client().post(f"/v/{token}/{SUMMARY}/", {"action": "submit"})
    assert first.status_code == 302
    assert "al geantwoord" in second.content.decode()
    assert Response.objects.filter(wave=wave, status="completed").count() == 1
    # the service too: a second submit stores nothing
    response = Response.objects.get(wave=wave)
    assert services.survey_submit(response=response) is False
    # and a used link explains itself
    assert "U hebt al geantwoord" in Client().get(f"/v/{token}/").content.decode()


def test_anonymous_mode_drops_the_link_to_the_invitation(invited):
    wave, token = invited()
    client = Client()
    answer_all(client, token)
    client.post(f"/v/{token}/{SUMMARY}/", {"action": "submit"})
    response = Response.objects.get(wave=wave)
    assert response.invitation_id is None and response.pseudonym == ""
    assert (response.submitted_at.hour, response.submitted_at.minute) == (12, 0)
    assert wave.invitations.get().completed


def test_confidential_mode_keeps_a_pseudonym(invited):
    wave, token = invited(confidential=True)
    client = Client()
    answer_all(client, token)
    client.post(f"/v/{token}/{SUMMARY}/", {"action": "submit"})
    response = Response.objects.get(wave=wave)
    assert response.invitation_id is not None
    assert len(response.pseudonym) == 64 and "r@example.org" not in response.pseudonym


@pytest.mark.parametrize(
    "language,texts",
    [
        (
            "nl",
            {"closed": "Deze vragenlijst is gesloten", "expired": "De periode om te antwoorden is voorbij"},
        ),
        ("en", {"closed": "This survey has closed", "expired": "The answering period has ended"}),
    ],
)
def test_closed_and_expired_links_explain_themselves(invited, wave_world, language, texts):
    import datetime as dt

    wave, token = invited(language=language)
    client = Client()
    client.cookies["django_language"] = language
    wave.ends_on = wave.starts_on  # the period ended yesterday... make it today - 1
    wave.ends_on = dt.date.today() - dt.timedelta(days=1)
    wave.starts_on = wave.ends_on - dt.timedelta(days=10)
    wave.save()
    body = client.get(f"/v/{token}/").content.decode()
    assert texts["expired"] in body
    services.wave_transition(wave=wave, to="gesloten", by=wave_world.regisseur)
    response = client.get(f"/v/{token}/")
    assert texts["closed"] in response.content.decode()
    assert client.post(f"/v/{token}/1/", {"D1_1": "3"}).status_code == 200
    assert Answer.objects.count() == 0  # a closed wave accepts nothing


def test_survey_in_english_by_choice(invited):
    wave, token = invited(language="nl")
    client = Client()
    assert "Welkom" in client.get(f"/v/{token}/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": f"/v/{token}/"})
    client.post(f"/v/{token}/")
    page = client.get(f"/v/{token}/1/").content.decode()
    assert "Shared ambition" in page or "shared" in page.lower()
    assert "strongly agree" in page and "don't know" in page.replace("&#x27;", "'")
    assert Response.objects.get(wave=wave).language == "en"


def test_facet_check_without_javascript_keeps_values(invited):
    wave, token = invited()
    client = Client()
    client.post(f"/v/{token}/")
    response = client.post(
        f"/v/{token}/8/", {"facet_a": "60", "facet_b": "30", "facet_c": "20", "facet_d": "0"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "De punten tellen op tot 110" in body
    assert 'value="60"' in body and 'value="30"' in body
    assert not wave.responses.get().facet_answers.exists()
    ok = client.post(f"/v/{token}/8/", {"facet_a": "60", "facet_b": "20", "facet_c": "20", "facet_d": "0"})
    assert ok.status_code == 302
    assert sorted(wave.responses.get().facet_answers.values_list("points", flat=True)) == [0, 20, 20, 60]


def test_background_group_asked_only_when_invitation_has_none(invited, wave_world, make_wave):
    wave, token = invited(group="onderwijs")
    client = Client()
    client.post(f"/v/{token}/")
    page = client.get(f"/v/{token}/9/").content.decode()
    assert 'name="bg_group"' not in page and 'name="bg_role"' in page
    wave2, token2 = invited(group="")
    client2 = Client()
    client2.post(f"/v/{token2}/")
    assert 'name="bg_group"' in client2.get(f"/v/{token2}/9/").content.decode()
    client2.post(f"/v/{token2}/9/", {"bg_group": "wonen", "bg_role": "bestuur", "bg_months": "gt12"})
    assert wave2.responses.get().group == "wonen"


def test_invalid_answer_value_is_refused(invited):
    wave, token = invited()
    client = Client()
    client.post(f"/v/{token}/")
    assert client.post(f"/v/{token}/1/", {"D1_1": "7"}).status_code == 400
    assert not Answer.objects.exists()


def test_instrument_locked_when_first_answers_arrive(invited):
    wave, token = invited()
    assert wave.instrument.locked_at is None
    client = Client()
    client.post(f"/v/{token}/")
    client.post(f"/v/{token}/1/", {"D1_1": "3"})
    wave.instrument.refresh_from_db()
    assert wave.instrument.locked_at is not None


def test_open_link_short_form_one_per_session_and_rate_limited(wave_world, make_wave, settings):
    from veerkracht.fieldwork import survey_views

    wave = services.wave_create(
        challenge=wave_world.wave_challenge,
        by=wave_world.regisseur,
        starts_on=make_wave().starts_on,
        ends_on=make_wave().ends_on,
        open_link=True,
    )
    services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    key = wave.open_link_key
    client = Client()
    assert client.post(f"/v/open/{key}/").status_code == 302
    page1 = client.get(f"/v/open/{key}/1/").content.decode()
    assert "D1_1" in page1 and "D1_5" not in page1  # short form: items 1-4
    pages = 4 + 1 + 1 + 1 + 1  # D1, D3, D5, D6; facets; background without group; open; summary
    client.post(f"/v/open/{key}/{pages}/", {"action": "submit"})
    assert Response.objects.filter(wave=wave, status="completed").count() == 1
    assert "al geantwoord" in client.get(f"/v/open/{key}/").content.decode()
    assert Response.objects.get(wave=wave).group == "inwoners"
    settings.DEBUG = False
    survey_views.OPEN_LINK_PER_HOUR, limit = 3, survey_views.OPEN_LINK_PER_HOUR
    try:
        codes = [Client().post(f"/v/open/{key}/").status_code for _ in range(5)]
    finally:
        survey_views.OPEN_LINK_PER_HOUR = limit
    assert codes.count(429) >= 2


def test_unknown_open_link_is_404(client):
    assert client.get("/v/open/nothing-here/").status_code == 404
