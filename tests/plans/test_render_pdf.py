"""The plan as a PDF, read back: the same checks as the monitor report's PDF (tagged PDF/UA,
language, title, fonts embedded, the text)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.fieldwork.test_report_layout import _label_extents, _view_box, overflowing_boxes
from tests.plans.documents import figures_table, planning, sample_document
from tests.plans.documents import stakeholders as stakeholders_map
from veerkracht.plans import figures
from veerkracht.plans.document import Bar, Gantt, Map, Point
from veerkracht.plans.render_pdf import render_html, render_pdf, render_pdf_document, safe_colour


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_pdf_read_back(language):
    document = sample_document(language, rows=12)
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    body = " ".join(" ".join(page.extract_text() for page in reader.pages[1:]).split())  # after the cover
    assert document.organisation in text and document.title in text
    assert all(section.title in body for section in document.sections)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert ("Inhoud" if language == "nl" else "Contents") in cover
    table = figures_table(12)
    # computed independently: row 11 is "Oosterpark 2", 400 + 37 × 11 households, € 12.000 + 1.250 × 11
    assert "Oosterpark 2 807 € 25.750 73" in text
    assert all(" ".join(row) in text for row in table.rows)
    assert "Wekelijks spreekuur in het buurthuis" in text and "raadsvoorstel wijkaanpak" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    assert reader.metadata.title == document.title
    assert reader.metadata.author == document.organisation
    metadata = reader.xmp_metadata
    assert metadata is not None and "pdfuaid" in str(root["/Metadata"].get_object().get_data())
    fonts = _fonts(reader)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("Noto" in name for name, _embedded in fonts)
    caption = "Figuur 2. Planning" if language == "nl" else "Figure 2. Planning"
    assert caption in text


def test_figures_are_inline_svg_with_title_and_description_and_the_colour():
    html = render_html(sample_document("nl", colour="#a01b2c"))
    assert html.count('role="img"') == 2
    assert '<title id="fig1-title">Belanghebbenden naar belang en invloed</title>' in html
    assert 'fill="#a01b2c"' in html  # the Gantt's bars in the municipality's colour
    assert "--plan-colour: #a01b2c;" in html


def test_a_colour_that_is_not_a_colour_never_reaches_the_css():
    assert safe_colour("red; } body { display: none") == "#1a1a1a"
    html = render_html(sample_document("nl", colour="red;}</style><script>x</script>"))
    assert "<script>x" not in html and "--plan-colour: #1a1a1a;" in html


def test_the_teams_text_is_sanitised_again():
    html = render_html(sample_document("nl", own_text='<p onclick="x()">Tekst</p><script>alert(1)</script>'))
    assert "<p>Tekst</p>" in html and "alert(1)" not in html and "onclick" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_part_of_the_pdf_runs_past_the_margin_and_one_font_throughout(language):
    """The monitor report's layout checks, on a large plan with long labels."""
    document = sample_document(language, rows=30, bars=20)
    laid_out = render_pdf_document(document)
    assert len(laid_out.pages) >= 5
    assert overflowing_boxes(laid_out)[:10] == []
    reader = PdfReader(io.BytesIO(laid_out.write_pdf()))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get_object().get("/Font") or {}).values()
    }
    assert fonts and all(name.startswith("Noto-Sans") for name in fonts), fonts


def test_figure_labels_fit_inside_the_figure():
    long = "Stichting Welzijn en Maatschappelijke Dienstverlening Veerdam-Noord"
    gantt = planning(20)
    gantt = Gantt(gantt.caption, (*gantt.bars, Bar(long, "2027-03-01", "2027-09-30")))
    stakeholders = Map(
        "Kaart", (*stakeholders_map().points, Point(long, 0.9, 0.5, long), Point(long, 0.1, 0.1))
    )
    svgs = [
        figures.to_svg(figures.gantt_layout(gantt, 720).figure, title="t", description="d", colour="#123456"),
        figures.to_svg(figures.map_layout(stakeholders, 520).figure, title="t", description="d", colour="#1"),
    ]
    for svg in svgs:
        lo, _top, hi, _bottom = _view_box(svg)
        for text, left, right in _label_extents(svg):
            assert lo <= left and right <= hi, (text, left, right, lo, hi)
