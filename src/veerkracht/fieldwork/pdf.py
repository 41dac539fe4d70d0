"""The report as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from the page's templates."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from veerkracht.audit.logger import log
from veerkracht.core.replica import reading_replica
from veerkracht.fieldwork import crashpoints, report
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import ReportFile, Wave

UPLOAD_TO = "fieldwork/reports/"
logger = logging.getLogger(__name__)


def render_pdf_document(wave: Wave, language: str) -> Any:
    """The laid-out report (a WeasyPrint document), in the product's own font."""
    from weasyprint import HTML

    context = report.build(wave, language=language)
    fonts = finders.find("vendor/fonts/noto-sans/noto-sans.css")
    font_css = Path(fonts).as_uri() if fonts else ""
    with translation.override(language):
        html = render_to_string("fieldwork/report_pdf.html", {**context, "pdf": True, "font_css": font_css})
    base = finders.find("fieldwork") or str(settings.STATIC_ROOT)
    return HTML(string=html, base_url=base).render(pdf_variant="pdf/ua-1", pdf_tags=True)


def render_pdf_bytes(wave: Wave, language: str) -> bytes:
    document = render_pdf_document(wave, language)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False) or b""


def render_pdf_bytes_on_replica(wave_id: int, language: str, key: str) -> bytes | None:
    """The PDF rendered from the read replica (DATABASE_REPLICA_URL), which takes the report's many
    reads off the primary; None without a reachable replica, or when the replica has not yet received
    the data the primary has (its data key differs): the PDF must show what ``key`` names."""
    with reading_replica() as on_replica:
        if not on_replica:
            return None
        wave = (
            Wave.objects.select_related(
                "challenge__lead_municipality", "challenge__domain", "instrument", "previous"
            )
            .filter(pk=wave_id)
            .first()
        )
        if wave is None or report.data_key(wave, language) != key:
            logger.info("The read replica lags behind for wave %s; rendering from the primary", wave_id)
            return None
        return render_pdf_bytes(wave, language)


def report_pdf_render(*, wave_id: int, language: str) -> ReportFile:
    """Render the PDF unless a file for the same data exists. Exactly once, also when a worker dies
    half-way and the task is delivered again, or two workers run it at the same time:

    - the stored result is found by the data key (what the PDF shows) and returned as it is;
    - the file name is derived from that key, so a retry writes the same name: a file left by a
      worker that died before its database row was committed is replaced, never kept beside it;
    - the row (unique per wave and language) is written under a row lock, and checked again there.
    """
    wave = Wave.objects.select_related(
        "challenge__lead_municipality", "challenge__domain", "instrument", "previous"
    ).get(pk=wave_id)
    key = report.data_key(wave, language)
    existing = ReportFile.objects.filter(wave=wave, language=language).first()
    if existing is not None and existing.data_key == key and existing.file:
        return existing
    started = time.perf_counter()
    content = render_pdf_bytes_on_replica(wave_id, language, key)
    if content is None:
        content = render_pdf_bytes(wave, language)
    seconds = time.perf_counter() - started
    name = f"{UPLOAD_TO}rapport-{wave.challenge.slug}-meting-{wave.number}-{language}-{key[:12]}.pdf"
    with transaction.atomic():
        ReportFile.objects.get_or_create(wave=wave, language=language, defaults={"data_key": ""})
        stored = ReportFile.objects.select_for_update().get(wave=wave, language=language)
        if stored.data_key == key and stored.file:
            return stored  # another worker finished first
        storage = stored.file.storage
        old = stored.file.name if stored.file else ""
        if storage.exists(name):  # left by a worker that died before committing: no row points at it
            storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        crashpoints.pause_point("fieldwork.pdf.before_commit")  # tests kill the worker here
        stored.file.name = saved
        stored.data_key = key
        stored.seconds = seconds
        stored.rendered_at = timezone.now()
        stored.save()
        if old and old != saved:
            transaction.on_commit(lambda: storage.delete(old))
        log(
            FieldworkEvent.REPORT_RENDERED,
            target=wave,
            details={"language": language, "seconds": round(seconds, 2)},
        )
    return stored
