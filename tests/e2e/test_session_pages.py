"""The pages of co-creation sessions on the demo's data, checked with axe-core in Dutch and English:
the sessions of a challenge, a full session (for a resident, and for the coordinator with the
registrants, attendance and minutes), a past session with minutes, the forms to plan and to edit one;
a community of practice's page with its sessions, and a community session for its owner; then a
resident registers for the full session with the keyboard and lands on the waiting list."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.e2e.conftest import axe_violations
from tests.e2e.test_participation_pages import _page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _demo(settings):
    from veerkracht.participation.session_models import CoSession

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    on_challenges = CoSession.objects.select_related("challenge").filter(challenge__isnull=False)
    coming = on_challenges.get(starts_at__gt=timezone.now())
    past = on_challenges.get(ends_at__lt=timezone.now())
    return coming, past


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_session_pages_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.accounts.models import User

    coming, past = _demo(settings)
    resident = User.objects.get(email__startswith="inwoner@")
    from veerkracht.participation.session_models import CoSession

    coordinator = coming.challenge.agenda.coordinators.order_by("pk").first()
    cop_past = CoSession.objects.select_related("cop", "created_by").get(
        cop__isnull=False, ends_at__lt=timezone.now()
    )
    cop_coming = CoSession.objects.get(cop__isnull=False, starts_at__gt=timezone.now())
    pages = {
        cop_past.created_by: [
            f"/gemeenschap/praktijken/{cop_past.cop.slug}/",
            f"/meedoen/sessies/{cop_past.pk}/",
            f"/meedoen/sessies/{cop_coming.pk}/bewerken/",
            f"/meedoen/praktijken/{cop_past.cop.slug}/sessies/nieuw/",
        ],
        resident: [
            f"/meedoen/opgaven/{coming.challenge.slug}/sessies/",
            f"/meedoen/sessies/{coming.pk}/",
            f"/meedoen/sessies/{past.pk}/",
        ],
        coordinator: [
            f"/meedoen/sessies/{coming.pk}/",
            f"/meedoen/opgaven/{coming.challenge.slug}/sessies/nieuw/",
            f"/meedoen/sessies/{coming.pk}/bewerken/",
        ],
        None: [f"/meedoen/opgaven/{past.challenge.slug}/sessies/", f"/meedoen/sessies/{past.pk}/"],
    }
    problems: list[str] = []
    for who, paths in pages.items():
        context, page = _page(browser, live_server, who, language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (who, path, response and response.status)
            problems += [f"{who} {path}: {v}" for v in axe_violations(page)]
        context.close()
    assert problems == [], "\n".join(problems)


def test_a_resident_joins_the_waiting_list_with_the_keyboard_on_a_small_screen(
    browser, live_server, settings
):
    from veerkracht.accounts.models import User
    from veerkracht.participation.session_models import SessionRegistration

    coming, _past = _demo(settings)
    resident = User.objects.get(email__startswith="inwoner@")
    context, page = _page(browser, live_server, resident, "nl")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/meedoen/sessies/{coming.pk}/")
    page.get_by_label("Na de sessie mogen jullie mij").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Op de wachtlijst")
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    page.get_by_text("Je staat op de wachtlijst (nummer").wait_for()
    registration = SessionRegistration.objects.get(session=coming, user=resident)
    assert registration.status == "waiting" and registration.talent_consent
    context.close()
