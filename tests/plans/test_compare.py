"""The version comparison (pure): exactly the changed sections and figures, for known changes."""

from __future__ import annotations

from dataclasses import replace

from veerkracht.plans.compare import FigureChange, compare, own_text_units
from veerkracht.plans.document import (
    Bar,
    BulletList,
    Document,
    Gantt,
    Heading,
    Map,
    Paragraph,
    Point,
    Section,
    Table,
    from_data,
    to_data,
)

NEEDS = Table(
    "Needs",
    ("Kind", "Needed", "Pledged", "Note"),
    (("hours", "400", "360", "by the team"), ("money", "20.000", "0", "")),
    numeric=(False, True, True, False),
)


def _doc(*sections: Section) -> Document:
    return Document(
        title="Plan", organisation="Gemeente X", colour="#112233", language="nl", sections=sections
    )


def _base() -> Document:
    return _doc(
        Section("aanleiding", "Reason", (Heading("Problem"), Paragraph("Costs rise."))),
        Section("organisatie", "Organisation", (NEEDS,)),
        Section("risicos", "Risks", (BulletList(("Unmet need: money",)),)),
        Section(
            "planning",
            "Planning",
            (
                Gantt(
                    "Milestones",
                    (
                        Bar("Pilot A", "2026-01-01", "2026-06-30"),
                        Bar("Session", "2026-03-01", "2026-03-01", milestone=True),
                    ),
                ),
            ),
        ),
    )


def test_identical_documents_have_no_changes() -> None:
    result = compare(_base(), _base())
    assert result.changed_keys == ()
    assert result.figures == ()
    # also after a round trip through the stored data
    assert compare(_base(), from_data(to_data(_base()))).changed_keys == ()


def test_a_changed_figure_names_its_section_table_row_and_column_only() -> None:
    before = _base()
    table = replace(NEEDS, rows=(("hours", "400", "380", "by the team"), ("money", "20.000", "0", "")))
    after = replace(
        before,
        sections=(before.sections[0], replace(before.sections[1], blocks=(table,)), *before.sections[2:]),
    )
    result = compare(before, after)
    assert result.changed_keys == ("organisatie",)
    assert result.figures == (FigureChange("Needs", "hours", "Pledged", "360", "380"),)
    section = result.changed[0]
    assert section.added == () and section.removed == ()  # a figure is not a change of text


def test_text_added_and_removed_per_section() -> None:
    before = _base()
    aanleiding = replace(before.sections[0], blocks=(Heading("Problem"), Paragraph("Costs rise fast.")))
    risks = replace(
        before.sections[2], blocks=(BulletList(("Unmet need: money", "Open escalation: budget")),)
    )
    after = replace(before, sections=(aanleiding, before.sections[1], risks, before.sections[3]))
    result = compare(before, after)
    assert result.changed_keys == ("aanleiding", "risicos")
    by_key = {s.key: s for s in result.changed}
    assert by_key["aanleiding"].added == ("Costs rise fast.",)
    assert by_key["aanleiding"].removed == ("Costs rise.",)
    assert by_key["risicos"].added == ("Open escalation: budget",)
    assert by_key["risicos"].removed == ()
    assert result.figures == ()


def test_a_new_row_is_text_and_a_changed_label_cell_is_text() -> None:
    before = _base()
    table = replace(
        NEEDS,
        rows=(("hours", "400", "360", "by two teams"), ("money", "20.000", "0", ""), ("data", "1", "0", "")),
    )
    after = replace(
        before,
        sections=(before.sections[0], replace(before.sections[1], blocks=(table,)), *before.sections[2:]),
    )
    result = compare(before, after)
    section = result.changed[0]
    assert result.changed_keys == ("organisatie",)
    assert set(section.added) == {"hours | by two teams", "data | "}
    assert section.removed == ("hours | by the team",)
    assert section.figures == ()


def test_own_text_is_compared_as_plain_paragraphs() -> None:
    before = _base()
    with_text = replace(
        before.sections[0], own_text="<p>We start in <strong>De Vaart</strong>.</p><p>Then Rivierwijk.</p>"
    )
    after = replace(before, sections=(with_text, *before.sections[1:]))
    result = compare(before, after)
    assert result.changed_keys == ("aanleiding",)
    assert result.changed[0].added == ("We start in De Vaart.", "Then Rivierwijk.")
    edited = replace(
        with_text, own_text="<p>We start in De Vaart.</p><p>Then Molenkamp &amp; Rivierwijk.</p>"
    )
    again = compare(after, replace(after, sections=(edited, *after.sections[1:])))
    assert again.changed[0].added == ("Then Molenkamp & Rivierwijk.",)
    assert again.changed[0].removed == ("Then Rivierwijk.",)


def test_chart_dates_and_map_positions_are_figures() -> None:
    before = _base()
    gantt = Gantt(
        "Milestones",
        (
            Bar("Pilot A", "2026-01-01", "2026-09-30"),
            Bar("Session", "2026-03-01", "2026-03-01", milestone=True),
        ),
    )
    after = replace(before, sections=(*before.sections[:3], replace(before.sections[3], blocks=(gantt,))))
    result = compare(before, after)
    assert result.changed_keys == ("planning",)
    assert result.figures == (FigureChange("Milestones", "Pilot A", "end", "2026-06-30", "2026-09-30"),)
    m1 = _doc(Section("analyse", "Analysis", (Map("Map", (Point("A", 0.5, 0.5), Point("B", 0.1, 0.9))),)))
    m2 = _doc(Section("analyse", "Analysis", (Map("Map", (Point("A", 0.5, 0.9), Point("C", 0.1, 0.9))),)))
    changes = compare(m1, m2)
    assert changes.figures == (FigureChange("Map", "A", "y", "0.5", "0.9"),)
    assert changes.changed[0].added == ("Map: C",) and changes.changed[0].removed == ("Map: B",)


def test_sections_that_appear_or_disappear() -> None:
    before = _base()
    after = replace(
        before, sections=(*before.sections[:3], Section("doelen", "Objectives", (Paragraph("O1"),)))
    )
    result = compare(before, after)
    assert result.changed_keys == ("doelen", "planning")
    new, gone = result.changed
    assert new.new and new.added == ("O1",)
    assert gone.gone and gone.removed == ("Milestones: Pilot A", "Milestones: Session")


def test_own_text_units() -> None:
    assert own_text_units("") == []
    assert own_text_units("<ul><li>a</li><li>b <em>c</em></li></ul>") == ["a", "b c"]
    assert own_text_units("one<br>two") == ["one", "two"]
