"""The survey in headless Chromium on a phone viewport, in Dutch and in English: the whole survey by
keyboard only (Tab, Space, arrow keys, typing, Enter — no clicks), the live facet check, resume in a
second browser context, and axe (WCAG 2.1 AA) with 0 violations on every survey page."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.e2e.conftest import assert_accessible, browser, page  # noqa: F401 - fixtures
from tests.fieldwork.factories import InvitationFactory, WaveFactory
from tests.fieldwork.helpers import tokens_in_outbox
from veerkracht.fieldwork import services
from veerkracht.fieldwork.models import Answer, FacetAnswer, OpenAnswer, Response

# transactional: the data seeded by migrations is restored by tests/conftest.py when a flush removed it
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
LABELS = {
    "nl": {"start": "Beginnen", "next": "Bewaren en verder"},
    "en": {"start": "Start", "next": "Save and continue"},
}

RADIO_GROUPS = "s => [...new Set([...document.querySelectorAll(s)].map(i => i.name))]"


@pytest.fixture
def token(settings, request):
    """An open wave with one respondent in the test's language; the link from the invitation e-mail."""
    from tests.agenda.conftest import World

    language = request.node.callspec.params["language"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = World()
    wave = WaveFactory(challenge=world.challenge(geagendeerd=True))
    InvitationFactory(wave=wave, email="r@example.org", group="", language=language)
    services.wave_transition(wave=wave, to="open", by=world.regisseur)
    assert mail.outbox
    return tokens_in_outbox()["r@example.org"]


def tab_to(page, selector: str, limit: int = 120) -> None:  # noqa: F811
    """Press Tab until the focused element matches ``selector`` (only observing where focus is)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page, prop: str):  # noqa: F811
    return page.evaluate(f"() => document.activeElement.{prop}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_whole_survey_by_keyboard_on_a_phone(token, page, browser, live_server, language):  # noqa: F811
    labels = LABELS[language]
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"/v/{token}/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".vk-nav").count() == 0 and page.get_by_text("Log in").count() == 0
    assert_accessible(page)
    tab_to(page, "form:not(.vk-survey__lang) button.vk-survey__primary")
    assert focused(page, "textContent").strip() == labels["start"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/v/{token}/1/")

    chosen: dict[str, str] = {}
    number = 1
    while page.locator("input[type=radio][name^=D]").count():  # the seven dimension pages
        assert_accessible(page)
        names = page.evaluate(RADIO_GROUPS, "input[type=radio][name^=D]")
        for n, name in enumerate(names):
            tab_to(page, f'input[name="{name}"]')  # Tab enters the group on its first option
            page.keyboard.press("Space")  # 1
            for _ in range(n % 4):
                page.keyboard.press("ArrowRight")  # the next option, checked by the arrow key
            chosen[name] = str(1 + n % 4)
            assert page.locator(f'input[name="{name}"]:checked').get_attribute("value") == chosen[name]
        tab_to(page, "button.vk-survey__primary")
        page.keyboard.press("Enter")
        number += 1
        page.wait_for_url(f"**/v/{token}/{number}/")
        if number == 2:  # a second browser context resumes where the first left off
            other = browser.new_context(base_url=live_server.url, viewport=PHONE)
            second = other.new_page()
            second.goto(f"/v/{token}/1/")
            for name in names:
                assert second.locator(f'input[name="{name}"]:checked').get_attribute("value") == chosen[name]
            other.close()

    # the facet page: typed numbers, a live total before submitting
    assert page.locator("#id_facet_a").count() == 1
    assert_accessible(page)
    for code, value in zip("abcd", ("40", "30", "20", "5"), strict=True):
        tab_to(page, f"#id_facet_{code}")
        page.keyboard.type(value)
    assert page.locator("[data-facets-sum]").inner_text() == "95"
    page.keyboard.press("Backspace")
    page.keyboard.type("10")
    assert page.locator("[data-facets-sum]").inner_text() == "100"
    tab_to(page, "button.vk-survey__primary")
    page.keyboard.press("Enter")
    number += 1
    page.wait_for_url(f"**/v/{token}/{number}/")

    # background questions: the first option of each, by Tab and Space
    assert_accessible(page)
    questions = page.evaluate(RADIO_GROUPS, "input[type=radio][name^=bg_]")
    assert questions
    for name in questions:
        tab_to(page, f'input[name="{name}"]')
        page.keyboard.press("Space")
        assert page.locator(f'input[name="{name}"]:checked').count() == 1
    tab_to(page, "button.vk-survey__primary")
    page.keyboard.press("Enter")
    number += 1
    page.wait_for_url(f"**/v/{token}/{number}/")

    # the open questions: typed text
    assert_accessible(page)
    tab_to(page, "textarea")
    page.keyboard.type("Meer ruimte om samen te experimenteren.")
    tab_to(page, "button.vk-survey__primary")
    page.keyboard.press("Enter")
    number += 1
    page.wait_for_url(f"**/v/{token}/{number}/")

    # the summary, then submit with Enter
    assert_accessible(page)
    tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/v/{token}/bedankt/")
    assert_accessible(page)

    response = Response.objects.get(status="completed")
    assert response.language == language
    stored = dict(Answer.objects.filter(response=response).values_list("item__code", "value"))
    assert len(chosen) == 35 and stored == {code: int(value) for code, value in chosen.items()}
    assert sorted(FacetAnswer.objects.filter(response=response).values_list("points", flat=True)) == [
        10,
        20,
        30,
        40,
    ]
    assert OpenAnswer.objects.get(response=response).text == "Meer ruimte om samen te experimenteren."
