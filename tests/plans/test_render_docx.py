"""The plan as DOCX, read back with python-docx, and converted by LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.conftest import require_service
from tests.plans.documents import figures_table, sample_document
from veerkracht.plans.document import Document, Section
from veerkracht.plans.render_docx import render_docx

SOFFICE = os.environ.get("SOFFICE_PATH") or shutil.which("soffice") or "/usr/bin/soffice"


def _word(document: Document) -> WordDocument:
    return WordDocument(io.BytesIO(render_docx(document)))


def test_sections_are_word_headings_and_sub_headings_levels_two_and_three():
    document = sample_document("nl")
    word = _word(document)
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one == [s.title for s in document.sections]
    assert ("Heading 2", "Wat de monitor laat zien") in headings
    assert ("Heading 3", "Belanghebbenden") in headings
    title = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert title == [document.title]


def test_tables_are_word_tables_with_the_documents_figures_and_a_header_row():
    document = sample_document("nl", rows=12)
    word = _word(document)
    expected = figures_table(12)
    found = [t for t in word.tables if t.rows[0].cells[0].text == "Wijk"]
    assert len(found) == 2  # in "doelen" and in "organisatie"
    table = found[0]
    assert [c.text for c in table.rows[0].cells] == list(expected.header)
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [list(r) for r in expected.rows]
    # computed independently: row 7 is "Kerkwijk", 400 + 37 × 7 households, € 12.000 + 1.250 × 7
    assert [c.text for c in table.rows[8].cells] == ["Kerkwijk", "659", "€ 20.750", "61"]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None  # repeated on every page
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # numbers right-aligned
    # the Gantt chart's data beside the figure
    planning = [t for t in word.tables if t.rows[0].cells[0].text == "Activiteit"]
    assert len(planning) == 1 and len(planning[0].rows) == 1 + 8


def test_figures_are_pictures_with_captions_and_alt_text():
    word = _word(sample_document("nl"))
    shapes = list(word.inline_shapes)
    assert len(shapes) == 2  # the stakeholder map and the Gantt chart
    descriptions = [s._inline.docPr.get("descr") for s in shapes]
    assert descriptions[0].startswith("Stakeholderkaart van 8 partijen")
    assert descriptions[1].startswith("Gantt-diagram met 7 activiteiten en 1 mijlpaal, van 2027-01-11")
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert "Figuur 1. Belanghebbenden naar belang en invloed" in captions
    assert "Figuur 2. Planning van de pilots en de besluiten" in captions
    images = [r for r in word.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2 and all(r.target_part.blob.startswith(b"\x89PNG") for r in images)


def test_the_teams_own_text_becomes_word_runs_lists_and_links():
    own = (
        "<p>Wij kiezen <strong>twee wijken</strong> en <em>geen</em> stad.</p>"
        "<ul><li>Spreekuur</li><li>Aanspreekpunt<ul><li>per straat</li></ul></li></ul>"
        "<ol><li>Eerst</li></ol>"
        '<p>Lees het <a href="https://www.example.org/voorstel">voorstel</a>.</p>'
        "<h3>Tussenkop</h3><script>alert(1)</script>"
    )
    document = Document(
        "Plan", "Gemeente Veerdam", "#00689e", "nl", (Section("aanleiding", "Aanleiding", (), own),)
    )
    word = _word(document)
    paragraphs = [p for p in word.paragraphs if p.text]
    first = next(p for p in paragraphs if p.text.startswith("Wij kiezen"))
    assert first.text == "Wij kiezen twee wijken en geen stad."
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in first.runs] == [
        ("Wij kiezen ", False, False),
        ("twee wijken", True, False),
        (" en ", False, False),
        ("geen", False, True),
        (" stad.", False, False),
    ]
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles["Spreekuur"] == "List Bullet" and styles["per straat"] == "List Bullet 2"
    assert styles["Eerst"] == "List Number" and styles["Tussenkop"] == "Heading 2"
    link = next(p for p in paragraphs if p.text.startswith("Lees"))
    assert link.hyperlinks[0].address == "https://www.example.org/voorstel"
    assert link.hyperlinks[0].text == "voorstel"
    assert not any("alert" in p.text for p in word.paragraphs)


@pytest.mark.parametrize("language,tag", [("nl", "nl-NL"), ("en", "en-GB")])
def test_core_properties_language_and_colour(language, tag):
    document = sample_document(language, colour="#a01b2c")
    word = _word(document)
    properties = word.core_properties
    assert properties.title == document.title and properties.language == tag
    assert properties.author == "Gemeente Veerdam"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == tag
    assert str(word.styles["Heading 1"].font.color.rgb) == "A01B2C"
    organisation = word.paragraphs[0]
    assert organisation.text == "Gemeente Veerdam" and str(organisation.runs[0].font.color.rgb) == "A01B2C"
    caption = "Figure 1." if language == "en" else "Figuur 1."
    assert any(p.text.startswith(caption) for p in word.paragraphs if p.style.name == "Caption")


def test_libreoffice_opens_the_docx_and_converts_it_to_pdf(tmp_path):
    require_service(
        "LibreOffice",
        Path(SOFFICE).exists(),
        f"{SOFFICE} not found (apt-get install libreoffice-writer-nogui)",
    )
    document = sample_document("nl")
    source = tmp_path / "plan.docx"
    source.write_bytes(render_docx(document))
    profile = tmp_path / "profile"
    result = subprocess.run(  # noqa: S603
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "plan.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr.decode(errors="replace")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(converted).pages).split())
    assert all(section.title in text for section in document.sections)
    assert "Zuidwijk" in text and "17.000" in text  # a row of a table: 12.000 + 4 × 1.250
