"""The survey in headless Chromium on a phone viewport: keyboard path, live facet check, resume in a
second browser context, axe (WCAG 2.1 AA) with 0 violations on the survey pages, in nl and en."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.e2e.conftest import assert_accessible, browser, page  # noqa: F401 - fixtures
from tests.fieldwork.factories import InvitationFactory, WaveFactory
from tests.fieldwork.helpers import tokens_in_outbox
from veerkracht.fieldwork import services
from veerkracht.fieldwork.models import Response

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def tokens(settings):
    """One open wave with a Dutch and an English respondent. (One transactional test for both
    languages: data seeded by migrations is flushed after a transactional test.)"""
    from tests.agenda.conftest import World

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = World()
    wave = WaveFactory(challenge=world.challenge(geagendeerd=True))
    InvitationFactory(wave=wave, email="nl@example.org", group="", language="nl")
    InvitationFactory(wave=wave, email="en@example.org", group="", language="en")
    services.wave_transition(wave=wave, to="open", by=world.regisseur)
    assert mail.outbox
    found = tokens_in_outbox()
    return {"nl": found["nl@example.org"], "en": found["en@example.org"]}


def test_survey_on_a_phone_in_both_languages(page, browser, live_server, tokens):  # noqa: F811
    for language, start, next_label in (
        ("nl", "Beginnen", "Bewaren en verder"),
        ("en", "Start", "Save and continue"),
    ):
        _survey(page, browser, live_server, tokens[language], language, start, next_label)
    assert Response.objects.filter(status="completed").count() == 2


def _survey(page, browser, live_server, token, language, start, next_label):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"/v/{token}/")
    assert_accessible(page)
    page.get_by_role("button", name=start).click()
    page.wait_for_url(f"**/v/{token}/1/")
    assert_accessible(page)
    # keyboard only: the first radio of the first item, then Space, then the arrow key moves the choice
    page.locator('input[name="D1_1"]').first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert page.locator('input[name="D1_1"]:checked').get_attribute("value") == "2"
    page.locator('input[name="D1_2"][value="9"]').check()
    page.get_by_role("button", name=next_label).click()
    page.wait_for_url(f"**/v/{token}/2/")

    # a second browser context resumes where the first left off
    other = browser.new_context(base_url=live_server.url, viewport=PHONE)
    other.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    second = other.new_page()
    second.goto(f"/v/{token}/1/")
    assert second.locator('input[name="D1_1"]:checked').get_attribute("value") == "2"
    assert second.locator('input[name="D1_2"]:checked').get_attribute("value") == "9"
    other.close()

    # the facet page: a live total without submitting
    page.goto(f"/v/{token}/8/")
    assert_accessible(page)
    for code, value in zip("abcd", ("40", "30", "20", "5"), strict=True):
        page.locator(f"#id_facet_{code}").fill(value)
    assert page.locator("[data-facets-sum]").inner_text() == "95"
    page.locator("#id_facet_d").fill("10")
    assert page.locator("[data-facets-sum]").inner_text() == "100"
    page.get_by_role("button", name=next_label).click()
    page.wait_for_url(f"**/v/{token}/9/")
    assert_accessible(page)
    page.goto(f"/v/{token}/11/")
    assert_accessible(page)
    page.locator("button[value=submit]").click()
    page.wait_for_url(f"**/v/{token}/bedankt/")
    assert_accessible(page)
