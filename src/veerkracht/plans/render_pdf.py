"""A plan as a tagged PDF (PDF/UA-1), rendered by WeasyPrint like the monitor's report: the product's
own font (embedded), the document's language and title in the PDF, the municipality's name and colour,
the figures as inline SVG (with the data beside them as a table)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from veerkracht.agenda.sanitise import clean_rich_text
from veerkracht.plans import figures
from veerkracht.plans.document import Document, Gantt, Map, Table
from veerkracht.plans.figures import safe_colour
from veerkracht.plans.fonts import font_css_uri

__all__ = ["render_html", "render_pdf", "render_pdf_document", "safe_colour"]

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def _table(table: Table) -> dict[str, Any]:
    columns = len(table.header)
    numeric = tuple(table.numeric) + (False,) * (columns - len(table.numeric))
    return {
        "caption": table.caption,
        "header": [{"text": text, "numeric": numeric[i]} for i, text in enumerate(table.header)],
        "rows": [
            [{"text": row[i] if i < len(row) else "", "numeric": numeric[i]} for i in range(columns)]
            for row in table.rows
        ],
    }


def context(document: Document) -> dict[str, Any]:
    """The template's context: the blocks numbered (tables and figures), the figures drawn as SVG."""
    colour = safe_colour(document.colour)
    tables = pictures = 0
    sections = []
    for section in document.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Table):
                tables += 1
                blocks.append({"kind": "table", "table": _table(block), "number": tables})
            elif isinstance(block, Gantt | Map):
                pictures += 1
                tables += 1
                if isinstance(block, Gantt):
                    figure = figures.gantt_layout(block, 720, language=document.language).figure
                    description = figures.gantt_description(block, document.language)
                    data = figures.gantt_table(block, document.language)
                else:
                    figure = figures.map_layout(block, 520, language=document.language).figure
                    description = figures.map_description(block, document.language)
                    data = figures.map_table(block, document.language)
                svg = figures.to_svg(
                    figure,
                    title=block.caption,
                    description=description,
                    colour=colour,
                    ident=f"fig{pictures}",
                )
                blocks.append(
                    {
                        "kind": "figure",
                        "figure": "gantt" if isinstance(block, Gantt) else "map",
                        "svg": svg,
                        "caption": block.caption,
                        "number": pictures,
                        "table": _table(data),
                        "table_number": tables,
                    }
                )
            else:
                blocks.append({**block.__dict__})
        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "blocks": blocks,
                "own_text": clean_rich_text(section.own_text),
            }
        )
    return {"document": document, "sections": sections, "colour": colour}


def render_html(document: Document) -> str:
    stylesheet = finders.find("plans/plan-print.css")
    with translation.override(document.language):
        return render_to_string(
            "plans/plan_pdf.html",
            {
                **context(document),
                "font_css": font_css_uri(),
                "print_css": Path(stylesheet).as_uri() if stylesheet else "",
            },
        )


def render_pdf_document(document: Document) -> Any:
    """The laid-out plan (a WeasyPrint document)."""
    from weasyprint import HTML

    base = finders.find("plans") or str(settings.STATIC_ROOT)
    return HTML(string=render_html(document), base_url=base).render(**PDF_OPTIONS)


def render_pdf(document: Document, *, progress: Callable[[float], None] | None = None) -> bytes:
    """``document`` as PDF bytes (PDF/UA-1, tagged). ``progress`` hears 0.5 after the layout."""
    laid_out = render_pdf_document(document)
    if progress is not None:
        progress(0.5)
    return laid_out.write_pdf(**PDF_OPTIONS, uncompressed_pdf=False) or b""
