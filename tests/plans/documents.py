"""Sample plans (pure :class:`~veerkracht.plans.document.Document` values) for the output tests and
the benchmark: a realistic plan van aanpak of a municipality, and a large one as the fullest demo
challenge's would be (8 sections, tables of 30 rows, a Gantt chart of 20 bars)."""

from __future__ import annotations

import datetime as dt

from veerkracht.plans.document import (
    PLAN_SECTIONS,
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
)

NEIGHBOURHOODS = (
    "Noord",
    "Oosterpark",
    "De Vlinder",
    "Centrum",
    "Zuidwijk",
    "Haven",
    "Molenbuurt",
    "Kerkwijk",
    "Zeeheldenkwartier",
    "Rivierenbuurt",
)
PARTNERS = (
    ("Woonstichting Veerdam", 0.85, 0.9, "partners"),
    ("GGD Hollands Midden", 0.6, 0.7, "partners"),
    ("Welzijn Veerdam", 0.9, 0.45, "partners"),
    ("Bewonersraad Noord", 0.95, 0.25, "inwoners"),
    ("Huisartsen Oosterpark", 0.5, 0.35, "zorg"),
    ("Provincie Zuid-Holland", 0.2, 0.8, "overheid"),
    ("Ondernemersvereniging", 0.3, 0.2, "inwoners"),
    ("Politie basisteam", 0.4, 0.6, "overheid"),
)

OWN_TEXT = (
    "<p>Wij kiezen bewust voor <strong>twee wijken</strong> en niet voor de hele stad: daar is de "
    "<em>urgentie</em> het hoogst en daar staan de partners al klaar.</p>"
    "<ul><li>Wekelijks spreekuur in het buurthuis</li><li>Eén aanspreekpunt per straat</li></ul>"
    '<p>Zie ook het <a href="https://www.example.org/wijkaanpak">raadsvoorstel wijkaanpak</a>.</p>'
)


def figures_table(rows: int) -> Table:
    """Budget per neighbourhood: numbers computed from the row index, so tests know them."""
    body = []
    for n in range(rows):
        name = NEIGHBOURHOODS[n % len(NEIGHBOURHOODS)] + (
            f" {n // len(NEIGHBOURHOODS) + 1}" if n >= 10 else ""
        )
        households = 400 + 37 * n
        budget = 12_000 + 1_250 * n
        hours = 40 + 3 * n
        body.append((name, f"{households}", f"€ {budget:,}".replace(",", "."), f"{hours}"))
    return Table(
        caption="Inzet per wijk",
        header=("Wijk", "Huishoudens", "Budget", "Uren"),
        rows=tuple(body),
        numeric=(False, True, True, True),
    )


def planning(bars: int, start: dt.date = dt.date(2027, 1, 11)) -> Gantt:
    items = []
    for n in range(bars):
        begin = start + dt.timedelta(days=21 * n)
        if n % 5 == 4:
            items.append(
                Bar(f"Besluit stuurgroep {n // 5 + 1}", begin.isoformat(), begin.isoformat(), "sturing", True)
            )
        else:
            end = begin + dt.timedelta(days=45 + 7 * (n % 3))
            phase = ("voorbereiding", "uitvoering", "evaluatie", "opschaling")[n % 4]
            name = f"Pilot {NEIGHBOURHOODS[n % len(NEIGHBOURHOODS)]}: {phase}"
            items.append(Bar(name, begin.isoformat(), end.isoformat(), "pilots"))
    return Gantt(caption="Planning van de pilots en de besluiten", bars=tuple(items))


def stakeholders() -> Map:
    return Map(
        caption="Belanghebbenden naar belang en invloed",
        points=tuple(Point(name, x, y, group) for name, x, y, group in PARTNERS),
        x_label="Belang",
        y_label="Invloed",
    )


TITLES = {
    "nl": {
        "aanleiding": "Aanleiding en opgave",
        "analyse": "Analyse van de huidige situatie",
        "doelen": "Doelen en indicatoren",
        "aanpak": "Aanpak",
        "sturing": "Sturing",
        "organisatie": "Organisatie en middelen",
        "planning": "Planning",
        "risicos": "Risico's",
    },
    "en": {
        "aanleiding": "Reason and assignment",
        "analyse": "Analysis of the current situation",
        "doelen": "Objectives and indicators",
        "aanpak": "Approach",
        "sturing": "Governance",
        "organisatie": "Organisation and resources",
        "planning": "Planning",
        "risicos": "Risks",
    },
}


def sample_document(
    language: str = "nl", *, rows: int = 6, bars: int = 8, colour: str = "#00689e", own_text: str = OWN_TEXT
) -> Document:
    """A plan van aanpak of Veerdam for "Eenzaamheid onder ouderen", with every kind of block."""
    titles = TITLES[language]
    sections = []
    for key in PLAN_SECTIONS:
        blocks: list = [
            Paragraph(
                "In Veerdam woont een op de vijf ouderen alleen; in de wijken Noord en Oosterpark voelt "
                "ruim de helft van hen zich soms of vaak eenzaam. De gemeente, de woonstichting en het "
                "welzijnswerk willen dit samen aanpakken, met inwoners als mede-eigenaar."
            )
        ]
        if key == "analyse":
            blocks += [
                Heading("Wat de monitor laat zien", 2),
                BulletList(
                    (
                        "Gedeelde ambitie scoort hoog (3,9 van 5)",
                        "Leren en experimenteren blijft achter (2,6 van 5)",
                        "Bewoners zijn nog weinig betrokken bij besluiten",
                    )
                ),
                Heading("Belanghebbenden", 3),
                stakeholders(),
            ]
        elif key == "doelen":
            blocks += [figures_table(rows)]
        elif key == "organisatie":
            blocks += [Heading("Inzet per partner", 2), figures_table(rows)]
        elif key == "planning":
            blocks += [planning(bars)]
        elif key == "risicos":
            blocks += [BulletList(("Te weinig vrijwilligers in Zuidwijk", "Budget 2028 nog niet toegezegd"))]
        sections.append(Section(key=key, title=titles[key], blocks=tuple(blocks), own_text=own_text))
    return Document(
        title="Plan van aanpak: Eenzaamheid onder ouderen"
        if language == "nl"
        else "Plan of approach: Loneliness",
        organisation="Gemeente Veerdam",
        colour=colour,
        language=language,
        sections=tuple(sections),
        subtitle="Samen sterker in de wijk" if language == "nl" else "Stronger together",
        date="2026-11-30",
    )


def large_document(language: str = "nl") -> Document:
    """As the fullest demo challenge's plan would be: 8 sections, tables of 30 rows, 20 bars."""
    return sample_document(language, rows=30, bars=20)
