"""A plan as an editable Word document (python-docx), so the municipality can carry on in Word.

Real Word structure, not look-alikes: the title page in the municipality's name and colour, ``Heading
1`` for each section and ``Heading 2``/``Heading 3`` for sub-headings (so Word's navigation pane and
table of contents work), tables with a repeated header row, bulleted lists in ``List Bullet``, the
figures as PNG pictures (drawn from the same layout as the PDF's SVG) with a caption and alt text, and
the team's own text (sanitised HTML) as Word paragraphs and runs: bold, italic, lists, links.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from veerkracht.agenda.sanitise import clean_rich_text
from veerkracht.plans import figures
from veerkracht.plans.document import BulletList, Document, Gantt, Heading, Map, Paragraph, Table

#: The figures' width in the document (cm): the text width of an A4 page with 2.5 cm margins.
FIGURE_CM = 16.0
MAP_CM = 12.0
GANTT_UNITS = 720.0
MAP_UNITS = 520.0


def _rgb(colour: str) -> Any:
    from docx.shared import RGBColor

    value = colour.lstrip("#")
    if len(value) != 6:
        value = "1a1a1a"
    try:
        return RGBColor.from_string(value.upper())
    except ValueError:
        return RGBColor.from_string("1A1A1A")


def _language_tag(language: str) -> str:
    return {"nl": "nl-NL", "en": "en-GB"}.get(language, language)


def _set_language(word: Any, language: str) -> None:
    """The document's language for spelling and reading aloud, on the default run properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), _language_tag(language))


def _styles(word: Any, colour: str) -> None:
    from docx.shared import Pt

    normal = word.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 28), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = word.styles[name]
        style.font.color.rgb = _rgb(colour)
        style.font.size = Pt(size)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _table(word: Any, table: Table, counter: Callable[[], int]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    number = counter()
    word.add_paragraph(_("Table %(n)s. %(caption)s") % {"n": number, "caption": table.caption}, "Caption")
    columns = len(table.header)
    grid = word.add_table(rows=1, cols=columns)
    grid.style = word.styles["Table Grid"]
    numeric = tuple(table.numeric) + (False,) * (columns - len(table.numeric))
    head = grid.rows[0]
    _repeat_header(head)
    for index, text in enumerate(table.header):
        paragraph = head.cells[index].paragraphs[0]
        paragraph.add_run(text).bold = True
        if numeric[index]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in table.rows:
        cells = grid.add_row().cells
        for index in range(columns):
            text = values[index] if index < len(values) else ""
            paragraph = cells[index].paragraphs[0]
            paragraph.add_run(text)
            if numeric[index]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    word.add_paragraph()


def _picture(
    word: Any, png: bytes, *, title: str, description: str, counter: Callable[[], int], cm: float = FIGURE_CM
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(cm))
    properties = shape._inline.docPr
    properties.set("title", title)
    properties.set("descr", description)
    number = counter()
    word.add_paragraph(_("Figure %(n)s. %(caption)s") % {"n": number, "caption": title}, "Caption")


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def __call__(self) -> int:
        self.value += 1
        return self.value


# --- the team's own text: sanitised HTML to Word ----------------------------------------------------


def _hyperlink(paragraph: Any, url: str) -> Any:
    """A ``w:hyperlink`` to ``url`` in ``paragraph``; the runs added to it are the link's text."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    paragraph._p.append(link)
    return link


def _link_run(link: Any, text: str, *, bold: bool, italic: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    rpr.append(colour)
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)


class RichText(HTMLParser):
    """Writes the sanitised rich text (``agenda.sanitise.ALLOWED_TAGS``) into a Word document: ``p`` a
    paragraph, ``h3``/``h4`` ``Heading 2``/``Heading 3``, ``ul``/``ol`` ``List Bullet``/``List Number``
    (nested lists one level deeper), ``blockquote`` ``Quote``, ``strong``/``b``, ``em``/``i``, ``br``
    a line break, ``a`` a real hyperlink."""

    def __init__(self, word: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.word = word
        self.paragraph: Any = None
        self.bold = 0
        self.italic = 0
        self.lists: list[str] = []
        self.link: Any = None
        self.quote = 0
        self.style = ""

    def _open(self, style: str) -> Any:
        self.paragraph = self.word.add_paragraph(style=style or None)
        return self.paragraph

    def _current(self) -> Any:
        if self.paragraph is None:
            self._open("Quote" if self.quote else "")
        return self.paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._open("Quote" if self.quote else "")
        elif tag in ("h3", "h4"):
            self._open("Heading 2" if tag == "h3" else "Heading 3")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
            self.paragraph = None
        elif tag == "li":
            kind = self.lists[-1] if self.lists else "ul"
            base = "List Bullet" if kind == "ul" else "List Number"
            depth = min(len(self.lists), 3)
            self._open(base if depth <= 1 else f"{base} {depth}")
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self._current().add_run().add_break()
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href:
                self.link = _hyperlink(self._current(), href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h3", "h4", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.paragraph is None and not data.strip():
            return  # whitespace between blocks
        paragraph = self._current()
        if self.link is not None:
            _link_run(self.link, data, bold=bool(self.bold), italic=bool(self.italic))
            return
        run = paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def add_rich_text(word: Any, html: str) -> None:
    """The team's own text (HTML; sanitised again here, whatever the caller did) into ``word``."""
    parser = RichText(word)
    parser.feed(clean_rich_text(html))
    parser.close()


# --- the document ---------------------------------------------------------------------------------


def _title_page(word: Any, document: Document) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    organisation = word.add_paragraph()
    run = organisation.add_run(document.organisation)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = _rgb(document.colour)
    word.add_paragraph(document.title, style="Title")
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    if document.date:
        word.add_paragraph(_("Date: %(date)s") % {"date": document.date})
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(document: Document, *, progress: Callable[[float], None] | None = None) -> bytes:
    """``document`` as DOCX bytes, in its own language. ``progress`` is called with the share done
    (0..1) after each section."""
    from docx import Document as WordDocument
    from docx.shared import Cm

    with translation.override(document.language):
        word = WordDocument()
        for page in word.sections:
            page.page_height, page.page_width = Cm(29.7), Cm(21.0)
            page.left_margin = page.right_margin = Cm(2.5)
        _styles(word, document.colour)
        _set_language(word, document.language)
        properties = word.core_properties
        properties.title = document.title
        properties.subject = document.subtitle
        properties.author = document.organisation
        properties.language = _language_tag(document.language)
        properties.keywords = _("plan of approach")
        _title_page(word, document)
        tables, pictures = _Counter(), _Counter()
        total = max(1, len(document.sections))
        for done, section in enumerate(document.sections, start=1):
            word.add_heading(section.title, level=1)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    word.add_paragraph(block.text)
                elif isinstance(block, Heading):
                    word.add_heading(block.text, level=min(3, max(2, block.level)))
                elif isinstance(block, BulletList):
                    for item in block.items:
                        word.add_paragraph(item, style="List Bullet")
                elif isinstance(block, Table):
                    _table(word, block, tables)
                elif isinstance(block, Gantt):
                    layout = figures.gantt_layout(block, GANTT_UNITS, language=document.language)
                    png = figures.to_png(layout.figure, colour=document.colour)
                    description = figures.gantt_description(block, document.language)
                    _picture(word, png, title=block.caption, description=description, counter=pictures)
                    _table(word, figures.gantt_table(block, document.language), tables)
                elif isinstance(block, Map):
                    map_ = figures.map_layout(block, MAP_UNITS, language=document.language)
                    png = figures.to_png(map_.figure, colour=document.colour)
                    description = figures.map_description(block, document.language)
                    _picture(
                        word, png, title=block.caption, description=description, counter=pictures, cm=MAP_CM
                    )
                    _table(word, figures.map_table(block, document.language), tables)
            if section.own_text:
                add_rich_text(word, section.own_text)
            if progress is not None:
                progress(done / total)
        out = io.BytesIO()
        word.save(out)
    return out.getvalue()
