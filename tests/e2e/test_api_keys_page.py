"""The beheerder's API-key page in the browser: accessible before and after making a key, the key shown
once, nothing scrolling sideways on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.api.models import ApiKey
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_beheerder_makes_and_revokes_a_key(page, settings, width):
    settings.DEMO_MODE = True  # a demo account logs in without a second factor
    gemeente = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="veerdam")
    beheerder = member(gemeente, Role.BEHEERDER, email="beheer@example.org", is_demo_account=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, beheerder.email)
    page.goto("/organisaties/veerdam/")
    page.get_by_role("link", name="API-sleutels").click()
    expect(page.get_by_role("heading", name="API-sleutels", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Dataportaal")
    page.get_by_label("lezen: Agenda's, opgaven en hun belanghebbenden").check()
    page.get_by_role("button", name="Sleutel maken").click()
    secret = page.locator(".vk-secret").inner_text()
    key = ApiKey.objects.get()
    assert secret.startswith(f"vk_{key.prefix}_")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_role("button", name="Dataportaal intrekken").click()
    expect(page.get_by_text(f"De sleutel {key.prefix} is ingetrokken")).to_be_visible()
    assert secret not in page.content()
    assert_accessible(page)
