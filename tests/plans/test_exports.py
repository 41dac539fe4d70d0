"""Exporting a plan version: started from the plan's page (POST), the task, the progress page, the
download; permissions as a role matrix that follows the version (the council once it was sent, never
another municipality); bad input; the list page's queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader

from tests.plans.conftest import make_version
from tests.plans.documents import sample_document
from veerkracht.audit.models import AuditEvent
from veerkracht.plans import exports
from veerkracht.plans.document import from_data
from veerkracht.plans.models import ExportState, PlanExport
from veerkracht.plans.tasks import render_plan_export
from veerkracht.plans.version_models import PlanVersion, SectionText

pytestmark = pytest.mark.django_db

ALLOWED = ["regisseur", "coordinator", "board", "team_member"]
REFUSED = ["invited", "council", "outsider", "other_board"]


def _url(version):
    return reverse("plans:exports", args=[version.challenge.slug, version.number])


def _start(client, version, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(_url(version), {"format": "docx", **data})


def _rendered(version, file_format="docx", by=None):
    export, _new = exports.export_start(version=version, file_format=file_format, by=by)
    render_plan_export.apply(args=[export.pk]).get()
    return PlanExport.objects.get(pk=export.pk)


@pytest.mark.parametrize("role", ALLOWED)
def test_who_may_export_starts_it_from_the_plan_page_follows_it_and_downloads_it(
    client, plan_world, media, role, django_capture_on_commit_callbacks
):
    version = make_version(plan_world.challenge, 1, "en")
    client.force_login(getattr(plan_world, role))
    page = client.get(reverse("plans:version", args=[plan_world.challenge.slug, 1])).content.decode()
    assert f'action="{_url(version)}"' in page and "Download als Word" in page and "Download als PDF" in page
    response = _start(client, version, django_capture_on_commit_callbacks, format="pdf")
    export = PlanExport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:export", args=[export.pk])
    assert export.version == version and export.challenge == plan_world.challenge
    assert export.created_by == getattr(plan_world, role) and export.language == "en"  # the version's
    assert export.state == ExportState.DONE and export.progress == 100 and export.finished_at  # ran (eagerly)
    page = client.get(reverse("plans:export", args=[export.pk])).content.decode()
    assert reverse("plans:export_download", args=[export.pk]) in page and "hx-trigger" not in page
    download = client.get(reverse("plans:export_download", args=[export.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(body))
    assert reader.metadata.title == sample_document("en").title and reader.trailer["/Root"]["/Lang"] == "en"
    assert AuditEvent.objects.filter(event=exports.EXPORT_RENDERED).count() == 1


def test_the_export_renders_the_versions_stored_document_with_its_own_texts(plan_world, plan_version, media):
    SectionText.objects.create(
        version=plan_version, section="doelen", text="<p>Onze eigen doelen: 40 buurten.</p>"
    )
    export = _rendered(plan_version, "docx")
    stored = from_data(export.document)
    expected = plan_version.as_document({"doelen": "<p>Onze eigen doelen: 40 buurten.</p>"})
    assert stored == expected and stored.language == "nl"
    word = WordDocument(export.file.path)
    assert any("Onze eigen doelen: 40 buurten." in p.text for p in word.paragraphs)
    # a changed own text is another file; the same text again is the same export
    SectionText.objects.filter(version=plan_version).update(text="<p>Anders.</p>")
    changed, new = exports.export_start(version=plan_version, file_format="docx", by=None)
    assert new and changed.pk != export.pk


@pytest.mark.parametrize("role", REFUSED)
def test_nobody_else_sees_starts_or_downloads_an_export_of_an_unsent_version(
    client, plan_world, plan_version, media, role
):
    export = _rendered(plan_version, "docx", plan_world.regisseur)
    client.force_login(getattr(plan_world, role))
    page = client.get(reverse("plans:plan", args=[plan_world.challenge.slug]))
    assert _url(plan_version) not in page.content.decode()
    assert client.get(_url(plan_version)).status_code == 404
    assert client.post(_url(plan_version), {"format": "pdf"}).status_code == 404
    for name in ("plans:export", "plans:export_status", "plans:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    assert PlanExport.objects.count() == 1  # the refused write changed nothing


def test_the_council_may_export_and_download_a_version_sent_to_the_board(
    client, plan_world, plan_version, sent_version, media, django_capture_on_commit_callbacks
):
    unsent = _rendered(plan_version, "pdf", plan_world.regisseur)
    client.force_login(plan_world.council)
    page = client.get(reverse("plans:plan", args=[plan_world.challenge.slug])).content.decode()
    assert f'action="{_url(sent_version)}"' in page and _url(plan_version) not in page
    response = _start(client, sent_version, django_capture_on_commit_callbacks, format="pdf")
    export = PlanExport.objects.get(version=sent_version)
    assert response.status_code == 302 and export.language == "en" and export.created_by == plan_world.council
    assert client.get(reverse("plans:export_download", args=[export.pk])).status_code == 200
    # the version not sent stays closed, also its exports
    assert client.post(_url(plan_version), {"format": "docx"}).status_code == 404
    for name in ("plans:export", "plans:export_status", "plans:export_download"):
        assert client.get(reverse(name, args=[unsent.pk])).status_code == 404
    assert PlanExport.objects.count() == 2


def test_another_municipality_never_reaches_a_sent_version_or_its_exports(
    client, plan_world, sent_version, media
):
    export = _rendered(sent_version, "docx", plan_world.regisseur)
    for name in ("other_board",):
        client.force_login(getattr(plan_world, name))
        assert client.get(_url(sent_version)).status_code == 404
        assert client.post(_url(sent_version), {"format": "pdf"}).status_code == 404
        for view in ("plans:export", "plans:export_status", "plans:export_download"):
            assert client.get(reverse(view, args=[export.pk])).status_code == 404
    # the board of the other municipality exports its own plan
    own = make_version(plan_world.other_challenge)
    assert client.get(_url(own)).status_code == 200
    assert PlanExport.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, plan_world, plan_version):
    for url in (_url(plan_version), reverse("plans:export_download", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_version_that_does_not_exist_is_404(client, plan_world, plan_version):
    client.force_login(plan_world.regisseur)
    assert (
        client.post(
            reverse("plans:exports", args=[plan_world.challenge.slug, 9]), {"format": "pdf"}
        ).status_code
        == 404
    )
    assert not PlanExport.objects.exists()


def test_bad_input_is_named_on_the_form_and_nothing_is_started(client, plan_world, plan_version):
    client.force_login(plan_world.regisseur)
    response = client.post(_url(plan_version), {"format": "exe"})
    assert response.status_code == 400
    assert "Kies Word (DOCX) of PDF." in response.content.decode()
    assert not PlanExport.objects.exists()


def test_progress_while_running_polls_and_works_without_script(client, plan_world, plan_version):
    export, _new = exports.export_start(version=plan_version, file_format="pdf", by=plan_world.regisseur)
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


def test_the_task_reports_progress_and_stores_one_file(plan_world, plan_version, media):
    seen = []
    export, new = exports.export_start(version=plan_version, file_format="docx", by=plan_world.regisseur)
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


def test_the_same_version_asked_for_twice_gives_the_same_export(plan_world, plan_version, media):
    first, new = exports.export_start(version=plan_version, file_format="pdf", by=None)
    second, again = exports.export_start(version=plan_version, file_format="pdf", by=None)
    assert new and not again and first.pk == second.pk
    other, _ = exports.export_start(version=plan_version, file_format="docx", by=None)
    later = make_version(plan_world.challenge, 2, rows=7)
    changed, _ = exports.export_start(version=later, file_format="pdf", by=None)
    assert len({first.pk, other.pk, changed.pk}) == 3
    assert from_data(PlanExport.objects.get(pk=first.pk).document) == sample_document()


def test_a_failure_is_shown_and_can_be_started_again(client, plan_world, plan_version, media, monkeypatch):
    export, _new = exports.export_start(version=plan_version, file_format="pdf", by=plan_world.regisseur)

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(exports, "render_bytes", broken)
    render_plan_export.apply(args=[export.pk]).get()
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and "no fonts" in export.error and not export.file
    client.force_login(plan_world.regisseur)
    page = client.get(reverse("plans:export", args=[export.pk])).content.decode()
    assert "Het maken van het bestand is mislukt" in page and _url(plan_version) in page
    again, new = exports.export_start(version=plan_version, file_format="pdf", by=plan_world.regisseur)
    assert new and again.pk != export.pk  # a failed export is not reused


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_page_does_a_bounded_number_of_queries(
    client, plan_world, plan_version, django_assert_max_num_queries, count
):
    for n in range(count):
        PlanExport.objects.create(
            challenge=plan_world.challenge,
            version=plan_version,
            document={},
            format="pdf" if n % 2 else "docx",
            language="nl",
            data_key=str(n),
            created_by=plan_world.coordinator,
        )
    PlanExport.objects.filter(format="pdf").update(state=ExportState.DONE, file="plans/exports/x.pdf")
    client.force_login(plan_world.coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(_url(plan_version))
    assert response.status_code == 200
    assert response.content.decode().count(">Downloaden<") == count // 2


def test_deleting_a_version_deletes_its_exports(plan_world, plan_version, media):
    _rendered(plan_version, "docx")
    PlanVersion.objects.filter(pk=plan_version.pk).delete()
    assert not PlanExport.objects.exists()
