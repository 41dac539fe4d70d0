"""Exporting a plan: starting (POST), the task, the progress page, the download; permissions as a
role matrix; bad input; the list page's queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from tests.plans.documents import sample_document
from veerkracht.audit.models import AuditEvent
from veerkracht.plans import exports
from veerkracht.plans.document import from_data
from veerkracht.plans.models import ExportState, PlanExport
from veerkracht.plans.tasks import render_plan_export

pytestmark = pytest.mark.django_db

ALLOWED = ["regisseur", "coordinator", "board", "team_member"]
REFUSED = ["invited", "council", "outsider", "other_board"]


def _start(client, world, django_capture_on_commit_callbacks, **data):
    url = reverse("plans:exports", args=[world.challenge.slug])
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, {"format": "docx", "language": "nl", **data})


@pytest.mark.parametrize("role", ALLOWED)
def test_who_may_export_starts_it_follows_it_and_downloads_it(
    client, plan_world, plan_source, media, role, django_capture_on_commit_callbacks
):
    client.force_login(getattr(plan_world, role))
    response = _start(client, plan_world, django_capture_on_commit_callbacks, format="pdf", language="en")
    export = PlanExport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:export", args=[export.pk])
    assert export.created_by == getattr(plan_world, role) and export.language == "en"
    assert export.state == ExportState.DONE and export.progress == 100 and export.finished_at  # ran (eagerly)
    page = client.get(reverse("plans:export", args=[export.pk])).content.decode()
    assert reverse("plans:export_download", args=[export.pk]) in page and "hx-trigger" not in page
    download = client.get(reverse("plans:export_download", args=[export.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(body))
    assert reader.metadata.title == sample_document("en").title and reader.trailer["/Root"]["/Lang"] == "en"
    assert AuditEvent.objects.filter(event=exports.EXPORT_RENDERED).count() == 1


@pytest.mark.parametrize("role", REFUSED)
def test_nobody_else_sees_starts_or_downloads_an_export(client, plan_world, plan_source, media, role):
    export, _new = exports.export_start(
        challenge=plan_world.challenge,
        document=sample_document(),
        file_format="docx",
        by=plan_world.regisseur,
    )
    render_plan_export.apply(args=[export.pk]).get()
    client.force_login(getattr(plan_world, role))
    assert client.get(reverse("plans:exports", args=[plan_world.challenge.slug])).status_code == 404
    assert (
        client.post(reverse("plans:exports", args=[plan_world.challenge.slug]), {"format": "pdf"}).status_code
        == 404
    )
    for name in ("plans:export", "plans:export_status", "plans:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    assert PlanExport.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, plan_world):
    for url in (
        reverse("plans:exports", args=[plan_world.challenge.slug]),
        reverse("plans:export_download", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_board_of_another_municipality_may_export_its_own_plan_only(
    client, plan_world, plan_source, media
):
    client.force_login(plan_world.other_board)
    assert client.get(reverse("plans:exports", args=[plan_world.other_challenge.slug])).status_code == 200
    assert client.get(reverse("plans:exports", args=[plan_world.challenge.slug])).status_code == 404


def test_bad_input_is_named_on_the_form_and_nothing_is_started(client, plan_world, plan_source):
    client.force_login(plan_world.regisseur)
    url = reverse("plans:exports", args=[plan_world.challenge.slug])
    response = client.post(url, {"format": "exe", "language": "fr"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies Word (DOCX) of PDF." in page and "Kies een taal." in page
    assert not PlanExport.objects.exists()


def test_without_a_plan_there_is_nothing_to_export(client, plan_world):
    client.force_login(plan_world.regisseur)
    response = client.post(
        reverse("plans:exports", args=[plan_world.challenge.slug]), {"format": "pdf", "language": "nl"}
    )
    assert response.status_code == 409 and "maak eerst het plan" in response.content.decode()
    assert not PlanExport.objects.exists()


def test_progress_while_running_polls_and_works_without_script(client, plan_world, plan_source):
    export, _new = exports.export_start(
        challenge=plan_world.challenge, document=sample_document(), file_format="pdf", by=plan_world.regisseur
    )
    PlanExport.objects.filter(pk=export.pk).update(state=ExportState.RUNNING, progress=42)
    client.force_login(plan_world.team_member)
    page = client.get(reverse("plans:export", args=[export.pk])).content.decode()
    status_url = reverse("plans:export_status", args=[export.pk])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert 'value="42"' in page and "42% klaar" in page
    assert reverse("plans:export", args=[export.pk]) in page  # the refresh link, without script
    assert client.get(reverse("plans:export_download", args=[export.pk])).status_code == 404  # not yet
    fragment = client.get(status_url).content.decode()
    assert fragment.lstrip().startswith("{% load") is False and 'id="export-status"' in fragment
    assert "<html" not in fragment


def test_the_task_reports_progress_and_stores_one_file(plan_world, media):
    seen = []
    export, new = exports.export_start(
        challenge=plan_world.challenge,
        document=sample_document(),
        file_format="docx",
        by=plan_world.regisseur,
    )
    assert new
    original = exports._progress

    def spy(export_id):
        report = original(export_id)

        def wrapped(share):
            report(share)
            seen.append(PlanExport.objects.get(pk=export_id).progress)

        return wrapped

    exports._progress = spy
    try:
        first = render_plan_export.apply(args=[export.pk]).get()
    finally:
        exports._progress = original
    assert seen == sorted(seen) and len(seen) == 8 and seen[-1] == 95  # one step per section
    assert first.endswith(".docx") and (media / first).exists()
    word = WordDocument(str(media / first))
    assert word.core_properties.title == sample_document().title
    # delivered again: the same file, not rendered again
    stored = PlanExport.objects.get(pk=export.pk)
    assert render_plan_export.apply(args=[export.pk]).get() == first
    assert PlanExport.objects.get(pk=export.pk).finished_at == stored.finished_at
    assert len(list((media / "plans" / "exports").iterdir())) == 1


def test_the_same_plan_asked_for_twice_gives_the_same_export(plan_world, media):
    document = sample_document()
    first, new = exports.export_start(
        challenge=plan_world.challenge, document=document, file_format="pdf", by=None
    )
    second, again = exports.export_start(
        challenge=plan_world.challenge, document=document, file_format="pdf", by=None
    )
    assert new and not again and first.pk == second.pk
    other, _ = exports.export_start(
        challenge=plan_world.challenge, document=document, file_format="docx", by=None
    )
    changed, _ = exports.export_start(
        challenge=plan_world.challenge, document=sample_document(rows=7), file_format="pdf", by=None
    )
    assert len({first.pk, other.pk, changed.pk}) == 3
    assert from_data(PlanExport.objects.get(pk=first.pk).document) == document


def test_a_failure_is_shown_and_can_be_started_again(client, plan_world, plan_source, media, monkeypatch):
    export, _new = exports.export_start(
        challenge=plan_world.challenge, document=sample_document(), file_format="pdf", by=plan_world.regisseur
    )

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(exports, "render_bytes", broken)
    render_plan_export.apply(args=[export.pk]).get()
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and "no fonts" in export.error and not export.file
    client.force_login(plan_world.regisseur)
    assert (
        "Het maken van het bestand is mislukt"
        in client.get(reverse("plans:export", args=[export.pk])).content.decode()
    )
    again, new = exports.export_start(
        challenge=plan_world.challenge, document=sample_document(), file_format="pdf", by=plan_world.regisseur
    )
    assert new and again.pk != export.pk  # a failed export is not reused


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_page_does_a_bounded_number_of_queries(
    client, plan_world, plan_source, django_assert_max_num_queries, count
):
    for n in range(count):
        exports.export_start(
            challenge=plan_world.challenge,
            document=sample_document(rows=n + 1),
            file_format="pdf" if n % 2 else "docx",
            by=plan_world.coordinator,
        )
    PlanExport.objects.filter(format="pdf").update(state=ExportState.DONE, file="plans/exports/x.pdf")
    client.force_login(plan_world.coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("plans:exports", args=[plan_world.challenge.slug]))
    assert response.status_code == 200
    assert response.content.decode().count(">Downloaden<") == count // 2
