"""The export pages in a browser: axe-core finds nothing in Dutch and English (the version's page with
its download buttons, the version's exports, an export), the "Download als PDF" button on the version's
page starts an export, and the progress block follows a running export (htmx) until its download link
appears."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import axe_violations, browser  # noqa: F401 - fixtures
from tests.plans.conftest import make_version
from tests.plans.documents import sample_document
from veerkracht.plans import exports
from veerkracht.plans.models import ExportState, PlanExport
from veerkracht.plans.version_models import PlanVersion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open(browser, live_server, settings, user, language):  # noqa: F811
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url)
    cookies = [
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
    ]
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def _export(world, state, progress=0):
    version = PlanVersion.objects.filter(challenge=world.challenge).first() or make_version(world.challenge)
    export = PlanExport.objects.create(
        challenge=world.challenge,
        version=version,
        document=exports.to_data(sample_document()),
        format="pdf",
        language="nl",
        data_key=f"{state}-{progress}",
        state=state,
        progress=progress,
        created_by=world.regisseur,
    )
    if state == ExportState.DONE:
        export.file.save("plan.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return export


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_export_pages_have_no_axe_violations(browser, live_server, settings, plan_world, media, language):  # noqa: F811
    _export(plan_world, ExportState.DONE, 100)
    running = _export(plan_world, ExportState.RUNNING, 40)
    context, page = _open(browser, live_server, settings, plan_world.regisseur, language)
    try:
        problems = []
        for url in (
            reverse("plans:version", args=[plan_world.challenge.slug, running.version.number]),
            reverse("plans:exports", args=[plan_world.challenge.slug, running.version.number]),
            reverse("plans:export", args=[running.pk]),
        ):
            response = page.goto(url)
            assert response is not None and response.status == 200
            assert page.locator("html").get_attribute("lang") == language
            problems += axe_violations(page)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_the_progress_block_follows_the_export_until_it_is_ready(
    browser,  # noqa: F811
    live_server,
    settings,
    plan_world,
    media,
):
    running = _export(plan_world, ExportState.RUNNING, 10)
    context, page = _open(browser, live_server, settings, plan_world.team_member, "nl")
    try:
        page.goto(reverse("plans:export", args=[running.pk]))
        assert page.locator("#export-status progress").get_attribute("value") == "10"
        PlanExport.objects.filter(pk=running.pk).update(progress=60)
        page.locator('#export-status progress[value="60"]').wait_for(timeout=15_000)  # swapped in by htmx
        running.file.save("plan.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        PlanExport.objects.filter(pk=running.pk).update(
            state=ExportState.DONE, progress=100, file=running.file.name
        )
        link = page.locator("#export-status a", has_text="Het plan downloaden")
        link.wait_for(timeout=15_000)
        assert link.get_attribute("href") == reverse("plans:export_download", args=[running.pk])
        assert page.locator("#export-status[hx-trigger]").count() == 0  # polling stops when done
    finally:
        context.close()


def test_the_download_button_on_the_version_page_starts_an_export(
    browser,  # noqa: F811
    live_server,
    settings,
    plan_world,
    media,
):
    version = make_version(plan_world.challenge)
    context, page = _open(browser, live_server, settings, plan_world.coordinator, "nl")
    try:
        page.goto(reverse("plans:version", args=[plan_world.challenge.slug, version.number]))
        page.get_by_role("button", name="Download als PDF").click()
        page.locator("#export-status").wait_for()
        export = PlanExport.objects.get()
        assert export.version == version and export.format == "pdf" and export.language == "nl"
        assert page.url.endswith(reverse("plans:export", args=[export.pk]))
    finally:
        context.close()
