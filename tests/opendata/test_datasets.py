"""The open data sets: each holds what the public pages show and nothing more (non-public challenges,
lessons and decisions and another municipality's hidden things are absent), CSV is safe and has a
byte-order mark, the benchmark leaves out cells under the report minimum, and the number of queries
does not grow with the rows."""

from __future__ import annotations

import csv
import io
import json
import statistics
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.fieldwork.factories import WaveFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.community import services as community_services
from veerkracht.community.models import EvidenceLink
from veerkracht.fieldwork import selectors as fieldwork_selectors
from veerkracht.fieldwork.models import BenchmarkHeadline, WaveHeadline
from veerkracht.governance.services.decisions import record_decision
from veerkracht.opendata import datasets
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-7c1e"


class World:
    """Veerdam (A) with a published agenda: two public challenges (one with a partner and a title that
    starts a formula), one unpublished; Bergen (B) with an unpublished agenda whose challenge is
    published. Lessons at every reach; decisions public and confidential in both logs."""

    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="veerdam-od")
        self.bergen = OrganisationFactory(gemeente=True, name="Gemeente Bergen", slug="bergen-od")
        self.partner = OrganisationFactory(
            name="Welzijn Veerdam", slug="welzijn-od", municipality=self.veerdam
        )
        self.board = member(self.veerdam, Role.BESTUURDER)
        self.bergen_board = member(self.bergen, Role.BESTUURDER)
        self.regisseur = member(self.veerdam, Role.REGISSEUR)
        self.agenda = AgendaFactory(municipality=self.veerdam, published=True, slug="agenda-veerdam")
        self.hidden_agenda = AgendaFactory(municipality=self.bergen, published=False, slug="agenda-bergen")
        self.public = ChallengeFactory(
            agenda=self.agenda, published=True, slug="eenzaamheid", title="=HYPERLINK(1) eenzaamheid"
        )
        self.public_b = ChallengeFactory(
            agenda=self.agenda, published=True, slug="mobiliteit", ambition="Beter"
        )
        StakeholderFactory(challenge=self.public, organisation=self.partner)
        self.draft = ChallengeFactory(
            agenda=self.agenda, published=False, slug="concept", title=f"{SECRET} a"
        )
        self.bergen_challenge = ChallengeFactory(
            agenda=self.hidden_agenda, published=True, slug="bergen-opgave", title=f"{SECRET} b"
        )
        self.lessons = {}
        for visibility in ("iedereen", "regio", "gemeente", "team"):
            self.lessons[visibility] = community_services.save_lesson(
                by=self.regisseur,
                title=f"Les {visibility}" if visibility == "iedereen" else f"{SECRET} {visibility}",
                tried="+ iets geprobeerd",
                outcome="Iets geleerd.",
                domain=self.public.domain,
                municipality=self.veerdam,
                size_band="20-50k",
                neighbourhood_type="gemengd",
                visibility=visibility,
                challenge=self.public if visibility == "team" else None,
            )
        EvidenceLink.objects.create(
            lesson=self.lessons["iedereen"],
            kind="document",
            url="https://example.org/verslag",
            description="Verslag",
        )
        self.decide(self.public, public=True, title="Go voor eenzaamheid")
        self.decide(self.public, public=False, title=f"{SECRET} besluit", text=f"{SECRET} tekst")
        self.decide(self.bergen_challenge, public=False, title=f"{SECRET} bergen", board=self.bergen_board)

    def decide(
        self, challenge: Any, *, public: bool, title: str, text: str = "Tekst.", board: Any = None
    ) -> Any:
        board = board or self.board
        return record_decision(
            challenge=challenge,
            kind="besluit",
            title=title,
            text=text,
            by=board,
            role="bestuurder",
            organisation=challenge.agenda.municipality,
            public=public,
        )


@pytest.fixture
def world() -> World:
    return World()


def download(client: Any, slug: str, fmt: str) -> tuple[Any, str]:
    response = client.get(f"/open-data/{slug}.{fmt}")
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_records(text: str) -> list[dict[str, Any]]:
    document = json.loads(text)
    assert document["licence"] == "CC0-1.0"
    return document["records"]


@pytest.mark.parametrize("slug", [d.slug for d in datasets.DATASETS])
def test_nothing_non_public_in_any_data_set(client, world, slug):
    for fmt in ("csv", "json"):
        _response, text = download(client, slug, fmt)
        assert SECRET not in text, (slug, fmt)


def test_agendas_are_the_published_ones_with_their_public_challenges(client, world):
    _r, text = download(client, "innovatieagendas", "json")
    records = json_records(text)
    assert [r["slug"] for r in records] == ["agenda-veerdam"]
    assert records[0]["public_challenges"] == 2  # the draft is not counted
    assert records[0]["municipality"] == "Gemeente Veerdam"
    assert records[0]["url"].endswith("/agenda/openbaar/agenda-veerdam/")
    # the public agenda page shows the same challenges
    page = client.get("/agenda/openbaar/agenda-veerdam/").content.decode()
    assert "/open-data/" in page
    for slug in ("eenzaamheid", "mobiliteit"):
        assert f"/agenda/openbaar/opgaven/{slug}/" in page
    assert "/agenda/openbaar/opgaven/concept/" not in page


def test_challenges_equal_the_public_challenge_pages(client, world):
    _r, text = download(client, "opgaven", "json")
    records = {r["slug"]: r for r in json_records(text)}
    assert set(records) == {"eenzaamheid", "mobiliteit"}  # not the draft, not Bergen's (agenda unpublished)
    first = records["eenzaamheid"]
    assert first["partners"] == ["Welzijn Veerdam"]
    assert first["agenda"] == "agenda-veerdam" and first["lead_municipality"] == "Gemeente Veerdam"
    assert records["mobiliteit"]["ambition"] == "Beter"
    for slug, record in records.items():
        page = client.get(f"/agenda/openbaar/opgaven/{slug}/")
        assert page.status_code == 200
        html = page.content.decode()
        for partner in record["partners"]:
            assert partner in html
    for slug in ("concept", "bergen-opgave"):
        assert client.get(f"/agenda/openbaar/opgaven/{slug}/").status_code == 404


def test_csv_is_excel_ready_and_safe_against_formulas(client, world):
    response, text = download(client, "opgaven", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="opgaven.csv"' in response["Content-Disposition"]
    rows = {r["slug"]: r for r in csv_rows(text)}
    assert list(next(iter(rows.values()))) == list(datasets.BY_SLUG["opgaven"].columns)
    assert rows["eenzaamheid"]["title"] == "'=HYPERLINK(1) eenzaamheid"
    assert rows["eenzaamheid"]["partners"] == "Welzijn Veerdam"
    lessons = csv_rows(download(client, "lessen", "csv")[1])
    assert [r["tried"] for r in lessons] == ["'+ iets geprobeerd"]
    # JSON keeps the text as it is
    records = json_records(download(client, "opgaven", "json")[1])
    assert "=HYPERLINK(1) eenzaamheid" in {r["title"] for r in records}


def test_lessons_are_those_shared_with_everyone(client, world):
    records = json_records(download(client, "lessen", "json")[1])
    assert [r["title"] for r in records] == ["Les iedereen"]
    assert records[0]["evidence"] == [
        {"kind": "document", "url": "https://example.org/verslag", "reference": "", "description": "Verslag"}
    ]
    # the community's own public list shows the same lessons
    own = client.get("/gemeenschap/lessen.json").json()
    assert [lesson["id"] for lesson in own["lessons"]] == [r["id"] for r in records]


def test_decisions_are_redacted_as_on_the_public_log_page(client, world):
    records = json_records(download(client, "besluiten", "json")[1])
    by_place = {(r["municipality"], r["seq"]): r for r in records}
    assert set(by_place) == {("veerdam-od", 1), ("veerdam-od", 2), ("bergen-od", 1)}
    public = by_place[("veerdam-od", 1)]
    assert public["public"] is True and public["title"] == "Go voor eenzaamheid"
    assert public["challenge"] == "eenzaamheid"
    for key in (("veerdam-od", 2), ("bergen-od", 1)):
        hidden = by_place[key]
        assert hidden["public"] is False
        assert hidden["title"] == hidden["text"] == hidden["kind"] == hidden["challenge"] == ""
        assert hidden["refs"] == [] and hidden["corrects"] is None
    # the page shows the same numbers, digests and hashes
    page = client.get("/besturen/besluiten/veerdam-od/").content.decode()
    for key in (("veerdam-od", 1), ("veerdam-od", 2)):
        assert by_place[key]["hash"] in page
    assert by_place[("veerdam-od", 2)]["digest"] in page
    assert "Go voor eenzaamheid" in page and SECRET not in page
    rows = csv_rows(download(client, "besluiten", "csv")[1])
    assert [(r["municipality"], r["seq"], r["public"]) for r in rows] == [
        ("bergen-od", "1", "false"),
        ("veerdam-od", "1", "true"),
        ("veerdam-od", "2", "false"),
    ]


def _headline(label: str, domain: str, dimension: str, value: float) -> None:
    BenchmarkHeadline.objects.create(
        instrument_code="innovatiemonitor",
        dimension_code=dimension,
        challenge_label=label,
        domain_code=domain,
        year=2024,
        headline=value,
        source="historic",
    )


def test_benchmark_leaves_out_cells_under_the_report_minimum(client, db, monkeypatch):
    minimum = fieldwork_selectors.REPORT_MIN_RESPONDENTS
    # sociaal-domein: exactly the minimum in D1 (shown), one short in D2 (left out);
    # wonen: one short in D1; over all domains D1 has plenty, D2 not enough.
    values = [2.0 + i * 0.1 for i in range(minimum)]
    for i, v in enumerate(values):
        _headline(f"s{i}", "sociaal-domein", "D1", v)
        if i < minimum - 1:
            _headline(f"s{i}", "sociaal-domein", "D2", v)
    for i in range(minimum - 1):
        _headline(f"w{i}", "wonen", "D1", 3.0)
    # a reported wave of a challenge in the social domain counts too
    wave = WaveFactory(gerapporteerd=True)
    WaveHeadline.objects.create(wave=wave, dimension_code="D3", headline=4.0)
    records = json_records(download(client, "benchmark", "json")[1])
    cells = {(r["domain"], r["dimension"]): r for r in records}
    all_d1 = values + [3.0] * (minimum - 1)
    assert set(cells) == {("sociaal-domein", "D1"), ("", "D1")}
    assert cells[("sociaal-domein", "D1")]["challenges"] == minimum
    assert cells[("sociaal-domein", "D1")]["mean"] == round(sum(values) / len(values), 2)
    assert cells[("sociaal-domein", "D1")]["median"] == round(statistics.median(values), 2)
    assert cells[("", "D1")]["challenges"] == len(all_d1)
    assert cells[("", "D1")]["mean"] == round(sum(all_d1) / len(all_d1), 2)
    # the minimum is the monitor's, read when asked: raised by one, the sociaal-domein cell goes
    monkeypatch.setattr(fieldwork_selectors, "REPORT_MIN_RESPONDENTS", minimum + 1)
    records = json_records(download(client, "benchmark", "json")[1])
    assert {(r["domain"], r["dimension"]) for r in records} == {("", "D1")}
    # lowered to one, the reported wave's cell appears, under its challenge's domain and over all
    monkeypatch.setattr(fieldwork_selectors, "REPORT_MIN_RESPONDENTS", 1)
    records = json_records(download(client, "benchmark", "json")[1])
    assert (wave.challenge.domain.code, "D3") in {(r["domain"], r["dimension"]) for r in records}


def test_unknown_data_set_is_a_404(client, db):
    assert client.get("/open-data/geheim.csv").status_code == 404
    assert client.get("/open-data/geheim.json").status_code == 404


def _queries(client: Any, slug: str, fmt: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        download(client, slug, fmt)
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_rows(client, world, monkeypatch):
    """Each set's queries for a few rows and for several times as many (in chunks of three, so that
    both runs span more than one chunk) grow with the chunks only."""
    monkeypatch.setattr(datasets, "CHUNK", 3)
    before = {d.slug: _queries(client, d.slug, "csv") for d in datasets.DATASETS}
    for n in range(9):
        challenge = ChallengeFactory(agenda=world.agenda, published=True, slug=f"extra-{n}")
        StakeholderFactory(challenge=challenge)
        AgendaFactory(published=True)
        lesson = world.lessons["iedereen"]
        community_services.save_lesson(
            by=world.regisseur,
            title=f"Les {n}",
            tried="x",
            outcome="y",
            domain=lesson.domain,
            municipality=world.veerdam,
            size_band="20-50k",
            neighbourhood_type="gemengd",
            visibility="iedereen",
            challenge=None,
        )
        world.decide(world.public, public=bool(n % 2), title=f"Besluit {n}")
    after = {d.slug: _queries(client, d.slug, "csv") for d in datasets.DATASETS}
    # 9 more rows at 3 a chunk: 3 more chunks, each one query (plus one per prefetch)
    assert after["innovatieagendas"] - before["innovatieagendas"] <= 3
    assert after["opgaven"] - before["opgaven"] <= 3 * 2
    assert after["lessen"] - before["lessen"] <= 3 * 2
    assert after["besluiten"] - before["besluiten"] <= 3
    assert after["benchmark"] == before["benchmark"] == 2
    assert max(after.values()) <= 12


def test_one_municipality_only(client, world):
    """``?gemeente=<slug>``: only that municipality's rows; the benchmark is not kept per municipality;
    an unknown municipality, or an organisation of another kind, is a 404."""
    bergen_lesson = community_services.save_lesson(
        by=world.regisseur,
        title="Les Bergen",
        tried="x",
        outcome="y",
        domain=world.public.domain,
        municipality=world.bergen,
        size_band="20-50k",
        neighbourhood_type="gemengd",
        visibility="iedereen",
        challenge=None,
    )

    def records(slug: str, municipality: str) -> list[dict[str, Any]]:
        response = client.get(f"/open-data/{slug}.json?gemeente={municipality}")
        assert response.status_code == 200
        return json_records(b"".join(response.streaming_content).decode())

    assert [r["title"] for r in records("lessen", "bergen-od")] == [bergen_lesson.title]
    assert [r["title"] for r in records("lessen", "veerdam-od")] == ["Les iedereen"]
    assert {r["slug"] for r in records("opgaven", "veerdam-od")} == {"eenzaamheid", "mobiliteit"}
    assert records("opgaven", "bergen-od") == []  # its challenge's agenda is not published
    assert [r["slug"] for r in records("innovatieagendas", "veerdam-od")] == ["agenda-veerdam"]
    assert records("innovatieagendas", "bergen-od") == []
    veerdam_log = records("besluiten", "veerdam-od")
    assert [(r["municipality"], r["seq"]) for r in veerdam_log] == [("veerdam-od", 1), ("veerdam-od", 2)]
    response = client.get("/open-data/besluiten.csv?gemeente=bergen-od")
    assert 'filename="besluiten-bergen-od.csv"' in response["Content-Disposition"]
    rows = csv_rows(b"".join(response.streaming_content).decode())
    assert [(r["municipality"], r["seq"], r["title"]) for r in rows] == [("bergen-od", "1", "")]
    # the decision log page links to its own open data
    page = client.get("/besturen/besluiten/veerdam-od/").content.decode()
    assert 'href="/open-data/besluiten.csv?gemeente=veerdam-od"' in page
    for url in (
        "/open-data/lessen.csv?gemeente=onbekend",
        "/open-data/lessen.json?gemeente=welzijn-od",  # not a municipality
        "/open-data/benchmark.csv?gemeente=veerdam-od",
    ):
        assert client.get(url).status_code == 404, url
