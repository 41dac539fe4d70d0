"""Known answers for the Dutch search, on whichever database the tests run (SQLite by default;
PostgreSQL with DATABASE_URL): stemming, ranking, highlighting, facets."""

from __future__ import annotations

import pytest

from veerkracht.community import search, text
from veerkracht.community.models import EvidenceLink


def titles(result):
    return [h.lesson.title for h in result.hits]


def test_stemmer_known_answers() -> None:
    # computed by hand from the Dutch Snowball rules: plural -en and the -e ending are removed
    assert text.stem("jongeren") == text.stem("jongere") == "jonger"
    assert text.stem("wijken") == text.stem("wijk") == "wijk"


def test_highlight_is_escaped_and_marks_stemmed_words() -> None:
    got = text.highlight("<b>Jongere</b> & ouderen in de wijken", text.query_stems("jongeren wijk"))
    assert got == "<mark>Jongere</mark> &amp; ouderen in de <mark>wijken</mark>"


@pytest.mark.parametrize(
    ("query", "word"),
    [("jongeren", "jongere"), ("jongere", "jongeren"), ("wijk", "wijken"), ("wijken", "wijk")],
)
def test_stemming_finds_other_forms(world, query, word) -> None:
    world.lesson("iedereen", title="Aanpak", tried=f"Wij spraken met elke {word} apart.")
    world.lesson("iedereen", title="Iets anders", tried="Over parkeren.")
    result = search.search_lessons(world.outsider, query)
    assert titles(result) == ["Aanpak"]
    assert "<mark>" in result.hits[0].fragment


def test_title_and_two_mentions_rank_above_one_mention(world) -> None:
    world.lesson(
        "iedereen", title="Sportclub", tried="Een avond voor jongeren in de sporthal.", outcome="Goed."
    )
    world.lesson(
        "iedereen",
        title="Jongeren aan zet",
        tried="De jongeren kozen zelf het programma.",
        outcome="Meer jongeren kwamen terug.",
    )
    result = search.search_lessons(world.outsider, "jongeren")
    assert titles(result) == ["Jongeren aan zet", "Sportclub"]
    assert result.hits[0].rank > result.hits[1].rank > 0


def test_every_word_must_match(world) -> None:
    world.lesson("iedereen", title="Jongeren en sport", tried="Sporten in het park.")
    world.lesson("iedereen", title="Jongeren en muziek", tried="Muziek maken.")
    assert titles(search.search_lessons(world.outsider, "jongeren sport")) == ["Jongeren en sport"]


def test_fragment_escapes_html_in_lesson_text(world) -> None:
    world.lesson("iedereen", title="Buurt", tried="<script>alert(1)</script> buurtkamer open")
    hit = search.search_lessons(world.outsider, "buurtkamer").hits[0]
    assert "<script>" not in hit.fragment
    assert "<mark>buurtkamer</mark>" in hit.fragment


def test_search_input_cannot_break_the_query(world) -> None:
    world.lesson("iedereen", title="Wijkteam", tried="Een wijkteam.")
    for query in ['"', "wijk OR", "NEAR(", "*", "wijk'; DROP TABLE x; --", "!&|:"]:
        result = search.search_lessons(world.outsider, query)
        assert result.total in (0, 1)


def test_facets_count_and_filter(world) -> None:
    a = world.lesson("iedereen", title="Wijkaanpak Veerdam", municipality=world.veerdam)
    b = world.lesson(
        "iedereen", title="Wijkaanpak Linden", municipality=world.linden, domain=world.other_domain
    )
    world.lesson("iedereen", title="Wijkaanpak Bergen", municipality=world.bergen)
    EvidenceLink.objects.create(
        lesson=a, kind="pilot_uitkomst", url="https://example.org/a", description="Pilot"
    )
    EvidenceLink.objects.create(lesson=a, kind="document", reference="Rapport 12", description="Rapport")
    EvidenceLink.objects.create(lesson=b, kind="pilot_uitkomst", reference="Pilot B", description="Pilot")
    result = search.search_lessons(world.outsider, "wijkaanpak")
    assert result.total == 3
    assert {f.value: f.count for f in result.facets["evidence"]} == {"pilot_uitkomst": 2, "document": 1}
    assert {f.value: f.count for f in result.facets["municipality"]} == {
        "veerdam-c": 1,
        "linden-c": 1,
        "bergen-c": 1,
    }
    assert {f.value: f.count for f in result.facets["domain"]} == {
        world.domain.code: 2,
        world.other_domain.code: 1,
    }
    chosen = search.search_lessons(world.outsider, "wijkaanpak", search.Facets(evidence="pilot_uitkomst"))
    assert sorted(titles(chosen)) == ["Wijkaanpak Linden", "Wijkaanpak Veerdam"]
    chosen = search.search_lessons(
        world.outsider, "wijkaanpak", search.Facets(domain=world.domain.code, municipality="bergen-c")
    )
    assert titles(chosen) == ["Wijkaanpak Bergen"]


def test_editing_a_lesson_updates_the_index(world) -> None:
    from veerkracht.community import services

    lesson = world.lesson("iedereen", title="Voedselbank", tried="Uitgifte.")
    services.save_lesson(by=world.regisseur, lesson=lesson, title="Kledingbank")
    assert titles(search.search_lessons(world.outsider, "voedselbank")) == []
    assert titles(search.search_lessons(world.outsider, "kledingbank")) == ["Kledingbank"]
