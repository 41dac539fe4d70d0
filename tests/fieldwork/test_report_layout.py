"""The report's PDF and charts stay inside their space: no box of the laid-out PDF runs past the page's
right margin, the PDF uses the shipped font only, and every chart label fits inside its SVG's view box."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.fieldwork.factories import random_rows, store_responses
from veerkracht.fieldwork import charts
from veerkracht.fieldwork.pdf import render_pdf_document
from veerkracht.monitor.models import Dimension

# Long stakeholder-group names, as municipalities use them, make the widest tables.
GROUPS = {
    "gemeente_bestuur": 6,
    "gemeente_uitvoering": 7,
    "zorg_welzijn": 8,
    "onderwijs": 6,
    "wonen": 6,
    "werk_inkomen": 5,
    "ondernemers": 6,
    "maatschappelijk": 5,
    "inwoners": 9,
}


def overflowing_boxes(document) -> list[str]:
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            for box in child.descendants():
                width = box.margin_width() if box.width is not None else 0
                if width and box.position_x + width > right + 0.5:
                    text = getattr(box, "text", "") or getattr(box.element, "tag", "")
                    found.append(
                        f"page {number}: {type(box).__name__} {text!r} ends at "
                        f"{box.position_x + width:.0f} > {right:.0f}"
                    )
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_part_of_the_pdf_runs_past_the_margin(wave_world, make_wave, language):
    wave = make_wave(gesloten=True)
    store_responses(wave, random_rows(wave, GROUPS, seed=3))
    document = render_pdf_document(wave, language)
    assert len(document.pages) >= 3
    assert overflowing_boxes(document)[:10] == []
    # One font throughout, the one the product ships (no fallback to a serif or system font).
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get_object().get("/Font") or {}).values()
    }
    assert fonts and all(name.startswith("Noto-Sans") for name in fonts), fonts


def _view_box(svg: str) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    return x, y, x + w, y + h


def _label_extents(svg: str) -> list[tuple[str, float, float]]:
    """(text, left, right) of every label, with the same generous width estimate per character as a
    check that does not trust the chart's own margins: 0.6 em a character."""
    out = []
    for attrs, body in re.findall(r"<text([^>]*)>(.*?)</text>", svg):
        size = float(re.search(r'font-size="([\d.]+)"', attrs).group(1))
        anchor = (re.search(r'text-anchor="(\w+)"', attrs) or [None, "start"])[1]
        rotate = "rotate(-45)" in attrs
        spans = re.findall(r'<tspan x="([\d.-]+)"[^>]*>(.*?)</tspan>', body) or [
            (re.search(r'(?:x="|translate\()([\d.-]+)', attrs).group(1), body)
        ]
        for x, text in spans:
            x, w = float(x), len(text.replace("&amp;", "&")) * size * 0.6
            if rotate:
                w *= 0.7071
            left = x - (w / 2 if anchor == "middle" else (w if anchor == "end" else 0))
            out.append((text, left, left + w))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_chart_labels_fit_inside_the_chart(language):
    names = [d.name_nl if language == "nl" else d.name_en for d in Dimension.objects.order_by("order")]
    assert any(len(n) > 25 for n in names)
    groups = [
        "gemeente – bestuur/management",
        "gemeente – uitvoering",
        "maatschappelijke organisaties/vrijwilligers",
        "inwoners/ervaringsdeskundigen",
    ]
    svgs = [
        charts.radar([charts.Axis(label=n, score=60.0) for n in names], title="t", colour="#1d5b79"),
        charts.bars(
            [charts.Bar(label=n, score=60.0, low=50.0, high=70.0) for n in names], title="t", colour="#1d5b79"
        ),
        charts.heatmap(names, groups, [[50.0] * len(groups) for _ in names], title="t"),
    ]
    for svg in svgs:
        lo, _top, hi, _bottom = _view_box(svg)
        for text, left, right in _label_extents(svg):
            if text.strip() in {"", "—"} or text.isdigit():
                continue
            assert lo <= left and right <= hi, (text, left, right, lo, hi)
