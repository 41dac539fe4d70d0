"""A council information letter's content, and its two renderings: a tagged PDF (PDF/UA-1, WeasyPrint)
and an editable DOCX (python-docx). Both are made from one context (:func:`letter_context`), so that
they say the same; statuses and progress come from :mod:`veerkracht.governance.overview` (through the
engine), the same numbers as the board's and the council's pages.

Rendering runs in a Celery task (``tasks_council.render_letter``), never in a request.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.agenda.selectors import municipal_challenge_ids
from veerkracht.audit.logger import log
from veerkracht.governance import overview
from veerkracht.governance.models import CouncilLetter, Decision, Escalation, LetterState

logger = logging.getLogger(__name__)
UPLOAD_TO = "governance/letters/"
LANGUAGE = "nl"  # the council's letters are in Dutch


@dataclass(frozen=True)
class LetterDecision:
    seq: int
    recorded_at: str
    public: bool
    title: str  # empty for a confidential entry: its title is never read into the letter
    kind: str
    challenge: str

    @property
    def heading(self) -> str:
        if not self.public:
            return _("confidential decision #%(n)s") % {"n": self.seq}
        return f"#{self.seq} {self.title}"


def as_of_of(letter: CouncilLetter) -> date:
    """The date the letter's statuses are computed for: the period's end, or the day of publishing
    (of today, for a draft) when that is earlier."""
    moment = letter.published_at or timezone.now()
    return min(letter.period_end, timezone.localdate(moment))


def decisions_in(letter: CouncilLetter) -> list[LetterDecision]:
    """The municipality's log entries recorded in the period (UTC dates), oldest first. The title of a
    confidential entry is not even read."""
    start = letter.period_start.isoformat()
    end = (letter.period_end + timedelta(days=1)).isoformat()
    rows = (
        Decision.objects.filter(
            chain__municipality_id=letter.municipality_id, recorded_at__gte=start, recorded_at__lt=end
        )
        .order_by("seq")
        .values_list("seq", "recorded_at", "public", "title", "kind", "challenge__title")
    )
    if letter.entries:
        rows = rows.filter(seq__lte=letter.entries)
    return [
        LetterDecision(
            seq=seq,
            recorded_at=recorded_at,
            public=public,
            title=title if public else "",
            kind=str(kind) if public else "",
            challenge=(challenge or "") if public else "",
        )
        for seq, recorded_at, public, title, kind, challenge in rows
    ]


def escalations_in(letter: CouncilLetter) -> list[Escalation]:
    m = letter.municipality
    return list(
        Escalation.objects.filter(
            challenge_id__in=municipal_challenge_ids(m),
            raised_at__date__gte=letter.period_start,
            raised_at__date__lte=letter.period_end,
        )
        .select_related("challenge")
        .order_by("raised_at", "pk")
    )


def letter_context(letter: CouncilLetter) -> dict[str, Any]:
    as_of = as_of_of(letter)
    data = overview.overview_for(letter.municipality, as_of=as_of)
    site = str(settings.SITE_URL).rstrip("/")
    log_url = site + reverse("governance:decision_log", args=[letter.municipality.slug])
    return {
        "letter": letter,
        "municipality": letter.municipality,
        "as_of": as_of,
        "overview": data,
        "rows": data.rows,
        "decisions": decisions_in(letter),
        "escalations": escalations_in(letter),
        "log_url": log_url,
        "verify_commands": [
            f"veerkracht export_decisions --municipality {letter.municipality.slug} --public > log.json",
            f"veerkracht verify_decisions --input log.json --head {letter.head_hash or '…'}",
        ],
    }


def status_sentence(row: overview.ObjectiveRow) -> str:
    """One sentence per objective, the same in the PDF and the DOCX (and what the tests read back)."""
    if row.status is None:
        return _("%(code)s %(name)s: no indicators yet.") % {
            "code": row.objective.code,
            "name": row.objective.name,
        }
    if row.progress is None:
        return _("%(code)s %(name)s: %(status)s.") % {
            "code": row.objective.code,
            "name": row.objective.name,
            "status": row.label,
        }
    return _("%(code)s %(name)s: %(status)s, progress %(progress)s%%.") % {
        "code": row.objective.code,
        "name": row.objective.name,
        "status": row.label,
        "progress": row.progress_text,
    }


def _usage(bar: overview.UsageBar | None) -> str:
    if bar is None:
        return ""
    if bar.limit is None:
        return _("%(used)s used, no mandate in force") % {"used": bar.used_text}
    return _("%(used)s of %(limit)s (%(percent)s%%)") % {
        "used": bar.used_text,
        "limit": bar.limit_text,
        "percent": bar.percent,
    }


# --- PDF ---------------------------------------------------------------------------------------------


def render_pdf(context: dict[str, Any]) -> bytes:
    """The letter as a tagged PDF/UA-1 document, with its title and language in the metadata."""
    from weasyprint import HTML

    fonts = finders.find("vendor/fonts/noto-sans/noto-sans.css")
    font_css = Path(fonts).as_uri() if fonts else ""
    with translation.override(LANGUAGE):
        rows = [
            {
                "row": row,
                "sentences": [status_sentence(o) for o in row.objectives],
                "money": _usage(row.money),
                "hours": _usage(row.hours),
            }
            for row in context["rows"]
        ]
        html = render_to_string(
            "governance/letter_pdf.html",
            {
                **context,
                "pdf_rows": rows,
                "verify_text": verify_text(context),
                "font_css": font_css,
                "lang": LANGUAGE,
            },
        )
    base = str(settings.STATIC_ROOT)
    document = HTML(string=html, base_url=base).render(pdf_variant="pdf/ua-1", pdf_tags=True)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True) or b""


# --- DOCX --------------------------------------------------------------------------------------------


def render_docx(context: dict[str, Any]) -> bytes:
    """The letter as an editable Word document: the same sections and sentences as the PDF."""
    from docx import Document as WordDocument

    letter: CouncilLetter = context["letter"]
    word = WordDocument()
    with translation.override(LANGUAGE):
        properties = word.core_properties
        properties.title = letter.title
        properties.language = LANGUAGE
        properties.subject = _("Council information letter")
        properties.author = str(context["municipality"].name)
        word.add_heading(letter.title, level=0)
        word.add_paragraph(
            _("Council information letter of %(m)s, period %(start)s to %(end)s. Status on %(as_of)s.")
            % {
                "m": context["municipality"].name,
                "start": letter.period_start.isoformat(),
                "end": letter.period_end.isoformat(),
                "as_of": context["as_of"].isoformat(),
            }
        )
        if letter.board_text:
            word.add_heading(_("From the board"), level=1)
            for paragraph in letter.board_text.split("\n\n"):
                word.add_paragraph(paragraph.strip())
        word.add_heading(_("Objectives and their status"), level=1)
        if not context["rows"]:
            word.add_paragraph(_("There are no challenges yet."))
        for row in context["rows"]:
            word.add_heading(row.challenge.title, level=2)
            if not row.objectives:
                word.add_paragraph(_("No objectives yet."))
            for objective in row.objectives:
                word.add_paragraph(status_sentence(objective), style="List Bullet")
            word.add_paragraph(
                _("Mandate use: money %(money)s; hours %(hours)s.")
                % {"money": _usage(row.money), "hours": _usage(row.hours)}
            )
        word.add_heading(_("Decisions in the period"), level=1)
        if not context["decisions"]:
            word.add_paragraph(_("No decisions were recorded in the period."))
        for decision in context["decisions"]:
            word.add_paragraph(f"{decision.recorded_at[:10]} {decision.heading}", style="List Bullet")
        word.add_heading(_("Escalations in the period"), level=1)
        if not context["escalations"]:
            word.add_paragraph(_("There were no escalations in the period."))
        for escalation in context["escalations"]:
            answered = _("answered") if escalation.answer_id else _("open")
            word.add_paragraph(
                f"{timezone.localdate(escalation.raised_at).isoformat()} {escalation.challenge.title}: "
                f"{escalation.summary} ({escalation.get_level_display()}, {answered})",
                style="List Bullet",
            )
        word.add_heading(_("The decision log"), level=1)
        word.add_paragraph(
            _("On publication the decision log had %(n)s entries; its head hash is:") % {"n": letter.entries}
        )
        word.add_paragraph(letter.head_hash)
        word.add_paragraph(verify_text(context))
        for command in context["verify_commands"]:
            word.add_paragraph(command)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def verify_text(context: dict[str, Any]) -> str:
    text = _(
        "Anyone can check that the log has not been changed since: export the public log and verify it "
        "against this head hash. Every entry's hash covers the previous one, so a changed, removed or "
        "reordered entry gives a different head."
    )
    if context.get("log_url"):
        text += " " + _("The public log: %(url)s") % {"url": context["log_url"]}
    return text


# --- storing ----------------------------------------------------------------------------------------


def letter_render(letter_id: int) -> CouncilLetter:
    """Render and store the PDF and DOCX of a published letter (again, when run twice: the same file
    names, the old files replaced). A failure is stored in ``render_error`` for the page to show (and
    the board may queue the rendering again); it is not raised."""
    letter = CouncilLetter.objects.select_related("municipality").get(pk=letter_id)
    if letter.state != LetterState.GEPUBLICEERD:
        return letter
    try:
        context = letter_context(letter)
        pdf = render_pdf(context)
        docx = render_docx(context)
    except Exception as error:  # noqa: BLE001 - shown on the letter's page, and logged
        CouncilLetter.objects.filter(pk=letter.pk).update(
            render_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.exception("rendering council letter %s failed", letter.pk)
        log("governance.letter_render_failed", target=letter.municipality, details={"letter": letter.pk})
        letter.refresh_from_db()
        return letter
    stem = f"{UPLOAD_TO}raadsinformatiebrief-{letter.municipality.slug}-{letter.pk}"
    with transaction.atomic():
        locked = CouncilLetter.objects.select_for_update().get(pk=letter.pk)
        for field_name, content, suffix in (("pdf", pdf, "pdf"), ("docx", docx, "docx")):
            file = getattr(locked, field_name)
            storage = file.storage
            name = f"{stem}.{suffix}"
            old = file.name if file else ""
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(content))
            file.name = saved
            if old and old != saved:
                transaction.on_commit(partial(storage.delete, old))
        locked.render_error = ""
        locked.save(update_fields=["pdf", "docx", "render_error"])
        log("governance.letter_rendered", target=locked.municipality, details={"letter": locked.pk})
    return locked
