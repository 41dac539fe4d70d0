"""Exporting a plan version to DOCX or PDF: starting an export and rendering it (in a Celery task).

An export belongs to a version and holds its document as it was when asked for (the stored document
with the team's own texts, as JSON, in the version's language), so the file shows exactly that,
whatever text changes after. Rendering is exactly once, also when a worker dies half-way and the
task is delivered again, or two workers run it at once (as the monitor report's PDF):

- a finished export (``done`` with a file) is returned as it is;
- the file name is derived from the export and its data key, so a second run writes the same name:
  a file left by a worker that died before its row was committed is replaced, never kept beside it;
- the row is finished under a row lock, and checked again there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from veerkracht.audit.logger import log
from veerkracht.fieldwork import crashpoints
from veerkracht.plans.document import Document, from_data, to_data
from veerkracht.plans.models import ExportFormat, ExportState, PlanExport
from veerkracht.plans.version_models import PlanVersion

logger = logging.getLogger(__name__)

EXPORT_STARTED = "plans.export.started"
EXPORT_RENDERED = "plans.export.rendered"
EXPORT_FAILED = "plans.export.failed"

CONTENT_TYPES: dict[str, str] = {
    ExportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ExportFormat.PDF: "application/pdf",
}


def data_key(data: dict[str, Any], file_format: str) -> str:
    """What the file shows: the document and the format (the document carries its language)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{file_format}\n{text}".encode()).hexdigest()


def export_start(*, version: PlanVersion, file_format: str, by: Any) -> tuple[PlanExport, bool]:
    """An export of ``version`` (its stored document with the team's own texts, in the version's
    language) as ``file_format``, and whether it is new. An identical export (the same document and
    format) that is running or done is returned instead of starting another; a new one is queued after
    the transaction commits. Whether ``by`` may export is the caller's question (``plans.export_version``)."""
    if file_format not in ExportFormat.values:
        raise ValueError(f"unknown format {file_format!r}")
    from veerkracht.plans.selectors import document_of

    challenge = version.challenge
    document = document_of(version)
    data = to_data(document)
    key = data_key(data, file_format)
    with transaction.atomic():
        same = (
            PlanExport.objects.select_for_update()
            .filter(version=version, data_key=key, format=file_format)
            .exclude(state=ExportState.FAILED)
            .order_by("-created_at", "-pk")
            .first()
        )
        if same is not None:
            return same, False
        export = PlanExport.objects.create(
            challenge=challenge,
            version=version,
            document=data,
            format=file_format,
            language=document.language,
            data_key=key,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        log(
            EXPORT_STARTED,
            actor=by,
            target=challenge,
            details={"export": export.pk, "version": version.number, "format": file_format},
        )
        from veerkracht.plans.tasks import render_plan_export

        transaction.on_commit(lambda: render_plan_export.delay(export.pk))
    return export, True


def file_name(export: PlanExport) -> str:
    stem = (
        f"plan-{export.challenge.slug}-v{export.version.number}-{export.pk}-{export.language}"
        f"-{export.data_key[:12]}"
    )
    return f"plans/exports/{stem}.{export.format}"


def _progress(export_id: int) -> Callable[[float], None]:
    def report(share: float) -> None:
        value = 5 + int(90 * min(1.0, max(0.0, share)))
        PlanExport.objects.filter(pk=export_id, state=ExportState.RUNNING, progress__lt=value).update(
            progress=value
        )

    return report


def render_bytes(
    document: Document, file_format: str, progress: Callable[[float], None] | None = None
) -> bytes:
    if file_format == ExportFormat.DOCX:
        from veerkracht.plans.render_docx import render_docx

        return render_docx(document, progress=progress)
    from veerkracht.plans.render_pdf import render_pdf

    return render_pdf(document, progress=progress)


def export_render(*, export_id: int) -> PlanExport | None:
    """Render an export's file (see the module's description for "exactly once"). A failure is stored
    on the export for its page to show (the person may start it again), and not raised."""
    with transaction.atomic():
        export = (
            PlanExport.objects.select_for_update(of=("self",))
            .select_related("challenge", "version")
            .filter(pk=export_id)
            .first()
        )
        if export is None:
            return None
        if export.state == ExportState.DONE and export.file:
            return export
        export.state = ExportState.RUNNING
        export.progress = max(export.progress, 5)
        export.error = ""
        export.save(update_fields=["state", "progress", "error"])
    started = time.perf_counter()
    try:
        content = render_bytes(from_data(export.document), export.format, _progress(export.pk))
    except Exception as error:  # noqa: BLE001 - shown on the export's page, and logged
        logger.exception("rendering plan export %s failed", export.pk)
        PlanExport.objects.filter(pk=export.pk).exclude(state=ExportState.DONE).update(
            state=ExportState.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        log(EXPORT_FAILED, target=export.challenge, details={"export": export.pk})
        return PlanExport.objects.get(pk=export.pk)
    seconds = time.perf_counter() - started
    name = file_name(export)
    with transaction.atomic():
        stored = PlanExport.objects.select_for_update().get(pk=export.pk)
        if stored.state == ExportState.DONE and stored.file:
            return stored  # another worker finished first
        storage = stored.file.storage
        if storage.exists(name):  # left by a worker that died before committing: no row points at it
            storage.delete(name)
        try:
            saved = storage.save(name, ContentFile(content))
        except OSError as error:  # a full disk, a storage away: no half-written file, a failed export
            logger.exception("storing plan export %s failed", export.pk)
            if storage.exists(name):
                storage.delete(name)
            stored.state = ExportState.FAILED
            stored.error = f"{type(error).__name__}: {error}"[:2000]
            stored.finished_at = timezone.now()
            stored.save(update_fields=["state", "error", "finished_at"])
            return stored
        crashpoints.pause_point("plans.export.before_commit")  # tests kill the worker here
        stored.file.name = saved
        stored.state = ExportState.DONE
        stored.progress = 100
        stored.seconds = seconds
        stored.finished_at = timezone.now()
        stored.save(update_fields=["file", "state", "progress", "seconds", "finished_at"])
        log(
            EXPORT_RENDERED,
            target=export.challenge,
            details={"export": stored.pk, "format": stored.format, "seconds": round(seconds, 2)},
        )
    return stored
