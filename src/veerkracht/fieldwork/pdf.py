"""The report as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from the page's templates."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from veerkracht.audit.logger import log
from veerkracht.fieldwork import report
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import ReportFile, Wave


def render_pdf_bytes(wave: Wave, language: str) -> bytes:
    from weasyprint import HTML

    context = report.build(wave, language=language)
    with translation.override(language):
        html = render_to_string("fieldwork/report_pdf.html", {**context, "pdf": True})
    base = finders.find("fieldwork") or str(settings.STATIC_ROOT)
    document = HTML(string=html, base_url=base)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False) or b""


def report_pdf_render(*, wave_id: int, language: str) -> ReportFile:
    """Render the PDF unless a file for the same data exists (idempotent: a retried or duplicate
    task finds the stored result and returns it)."""
    wave = Wave.objects.select_related(
        "challenge__lead_municipality", "challenge__domain", "instrument", "previous"
    ).get(pk=wave_id)
    key = report.data_key(wave, language)
    existing = ReportFile.objects.filter(wave=wave, language=language).first()
    if existing is not None and existing.data_key == key and existing.file:
        return existing
    started = time.perf_counter()
    content = render_pdf_bytes(wave, language)
    seconds = time.perf_counter() - started
    name = f"rapport-{wave.challenge.slug}-meting-{wave.number}-{language}.pdf"
    with transaction.atomic():
        stored = ReportFile.objects.select_for_update().filter(wave=wave, language=language).first()
        if stored is not None and stored.data_key == key and stored.file:
            return stored  # another worker finished first
        if stored is None:
            stored = ReportFile(wave=wave, language=language)
        old = stored.file.name if stored.file else ""
        stored.data_key = key
        stored.seconds = seconds
        stored.rendered_at = timezone.now()
        stored.file.save(name, ContentFile(content), save=False)
        stored.save()
        if old and old != stored.file.name:
            storage, old_name = stored.file.storage, old
            transaction.on_commit(lambda: storage.delete(old_name))
        log(
            FieldworkEvent.REPORT_RENDERED,
            target=wave,
            details={"language": language, "seconds": round(seconds, 2)},
        )
    return stored
