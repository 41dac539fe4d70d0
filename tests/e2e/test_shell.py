from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/account/login/",
    "/account/password-reset/",
    "/toegankelijkheid/",
    "/besturen/",
    "/bestaat-niet/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_accessible(page, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)


def test_home_in_a_browser_is_dutch_and_the_language_switch_works(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Veerkracht" in page.title()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="The method in five parts").is_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Ga naar de hoofdinhoud"
    assert page.locator(".utrecht-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_log_in_with_the_keyboard_and_see_logged_in_pages(page):
    organisation = OrganisationFactory(gemeente=True, name="Gemeente Veerdam")
    user = member(organisation, Role.MEDEWERKER, email="sanne@example.org", full_name="Sanne de Vries")
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill("correct-horse-battery")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Welkom, Sanne.")).to_be_visible()
    assert_accessible(page)
    for path in ["/account/", "/organisaties/", f"/organisaties/{organisation.slug}/"]:
        page.goto(path)
        assert_accessible(page)


def test_login_error_is_announced_and_input_kept(page):
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill("iemand@example.org")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    alert = page.get_by_role("alert")
    assert "horen niet bij een account" in alert.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == "iemand@example.org"
    assert_accessible(page)


def test_pages_work_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_mobile_width_has_no_horizontal_scroll(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_organisation_pages_for_a_member(page):
    organisation = OrganisationFactory(name="Welzijn Veerdam")
    user = member(organisation, Role.PARTNERCONTACT, email="anouk@example.org")
    log_in(page, user.email)
    page.goto(f"/organisaties/{organisation.slug}/bewerken/")
    page.get_by_label("Website").fill("geen url")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_label("Website").input_value() == "geen url"
    assert_accessible(page)


def test_a_coordinator_is_asked_to_set_up_two_step_verification(page):
    organisation = OrganisationFactory(gemeente=True, name="Gemeente Veerdam")
    user = member(organisation, Role.COORDINATOR, email="sanne@example.org", full_name="Sanne de Vries")
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill("correct-horse-battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Stuur mij de link")).to_be_visible()
    assert page.url.split("?")[0].endswith("/account/2fa/setup/")
    assert_accessible(page)
    page.get_by_role("button", name="Stuur mij de link").click()
    expect(page.get_by_role("status")).to_contain_text("sanne@example.org")
    assert_accessible(page)
