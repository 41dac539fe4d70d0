"""A partner's contribution statement as a tagged PDF (PDF/UA-1, WeasyPrint), in the language of the
person who asked for it. The figures come from the same selectors as the contribution page
(:func:`selectors.contribution`, :func:`selectors.contribution_totals`,
:func:`selectors.contribution_by_challenge`), so the page and the PDF say the same.

Rendering runs in a Celery task (``tasks.render_statement``), never in a request.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from veerkracht.audit.logger import log
from veerkracht.organisations.models import Organisation
from veerkracht.resources import selectors
from veerkracht.resources.models import ContributionStatement

logger = logging.getLogger(__name__)
UPLOAD_TO = "resources/statements/"


def municipality_of(organisation: Organisation) -> Organisation | None:
    if organisation.is_municipality:
        return organisation
    return organisation.municipality


def statement_context(organisation: Organisation) -> dict[str, Any]:
    rows = selectors.contribution(organisation)
    return {
        "organisation": organisation,
        "municipality": municipality_of(organisation),
        "rows": rows,
        "totals": selectors.contribution_totals(organisation),
        "challenges": selectors.contribution_by_challenge(rows),
        "as_of": timezone.localdate(),
    }


def render_pdf(context: dict[str, Any], language: str) -> bytes:
    """The statement as a tagged PDF/UA-1 document, with its title and language in the metadata."""
    from weasyprint import HTML

    fonts = finders.find("vendor/fonts/noto-sans/noto-sans.css")
    font_css = Path(fonts).as_uri() if fonts else ""
    with translation.override(language):
        html = render_to_string(
            "resources/contribution_pdf.html", {**context, "font_css": font_css, "lang": language}
        )
    document = HTML(string=html, base_url=str(settings.STATIC_ROOT)).render(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True) or b""


def statement_render(statement_id: int) -> ContributionStatement:
    """Render and store the statement's PDF (again, when run twice: the same file name, the old file
    replaced). A failure is stored in ``render_error`` for the page to show; it is not raised."""
    statement = ContributionStatement.objects.select_related("organisation__municipality").get(
        pk=statement_id
    )
    try:
        content = render_pdf(statement_context(statement.organisation), statement.language)
    except Exception as error:  # noqa: BLE001 - shown on the contribution page, and logged
        ContributionStatement.objects.filter(pk=statement.pk).update(
            render_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.exception("rendering contribution statement %s failed", statement.pk)
        statement.refresh_from_db()
        return statement
    name = f"{UPLOAD_TO}bijdrage-{statement.organisation.slug}-{statement.language}.pdf"
    with transaction.atomic():
        locked = ContributionStatement.objects.select_for_update().get(pk=statement.pk)
        storage = locked.pdf.storage
        old = locked.pdf.name if locked.pdf else ""
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        locked.pdf.name = saved
        if old and old != saved:
            transaction.on_commit(partial(storage.delete, old))
        locked.render_error = ""
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "render_error", "rendered_at"])
        log(
            "resources.statement_rendered",
            target=locked.organisation,
            details={"statement": locked.pk, "language": locked.language},
        )
    return locked
