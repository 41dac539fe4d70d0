"""The report's numbers are the engine's; suppression in page, PDF and exports; the PDF is read
back; rendering twice stores one file; import of answers refused whole."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from tests.fieldwork.factories import WaveFactory, random_rows, store_responses
from veerkracht.fieldwork import exports, report, selectors, services
from veerkracht.fieldwork.models import ReportFile, Response
from veerkracht.fieldwork.pdf import report_pdf_render
from veerkracht.fieldwork.tasks import render_report_pdf
from veerkracht.monitor.models import Item
from veerkracht.monitor.scoring import instrument_from_document, read_answers_csv, score_wave
from veerkracht.monitor.selectors import instrument_document

pytestmark = pytest.mark.django_db
GROUPS = {"zorg_welzijn": 12, "onderwijs": 10, "wonen": 9, "ondernemers": 3, "inwoners": 8}


@pytest.fixture
def closed_wave(wave_world, make_wave):
    wave = make_wave(gesloten=True)
    rows = random_rows(wave, GROUPS, seed=7)
    store_responses(wave, rows)
    return wave, rows


def _csv_of(wave, rows) -> str:
    codes = list(
        Item.objects.filter(instrument=wave.instrument)
        .order_by("dimension__order", "order")
        .values_list("code", flat=True)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["respondent", "group", *codes])
    for n, (group, values) in enumerate(rows):
        writer.writerow([f"x{n}", group, *["" if values.get(c) is None else values[c] for c in codes]])
    return out.getvalue()


def test_report_numbers_equal_the_engine_on_the_same_answers(closed_wave):
    wave, rows = closed_wave
    # independent path: the answers as a score_responses CSV through the engine's own reader
    spec = instrument_from_document(instrument_document(instrument=wave.instrument))
    expected = score_wave(
        instrument=spec, responses=read_answers_csv(_csv_of(wave, rows), instrument=spec).responses, k=5
    )
    context = report.build(wave, language="nl")
    assert context["total_completed"] == sum(GROUPS.values())
    for row, dim in zip(context["dims"], expected.dimensions, strict=True):
        assert row.code == dim.code
        assert row.result.n == dim.n
        if dim.headline is None:
            assert row.score is None
        else:
            assert row.score == pytest.approx((dim.headline - 1) / 4 * 100, abs=1e-9)
            assert row.result.alpha == pytest.approx(dim.alpha, nan_ok=True)
    assert context["index"] == pytest.approx((expected.index - 1) / 4 * 100)
    assert len(context["gaps"]) == min(6, len(expected.gaps))


def test_small_group_is_suppressed_on_the_page(closed_wave, wave_world, client):
    wave, _rows = closed_wave
    client.force_login(wave_world.regisseur)
    body = client.get(reverse("fieldwork:report", args=[wave.pk])).content.decode()
    assert "&lt; 5" in body  # ondernemers (3) shown as "< k"
    assert "ondernemers" in body
    # the complementary suppression hides one more group's score, never its count
    context = report.build(wave)
    ondernemers = [cells[context["groups"].index("ondernemers")] for _n, cells in context["heat"]]
    assert all(c == "< 5" for c in ondernemers)


@pytest.mark.parametrize(
    "language,dimension,title",
    [
        ("nl", "Gedeelde ambitie", "Zo leest u dit rapport"),
        ("en", "Shared ambition", "How to read this report"),
    ],
)
def test_pdf_read_back_in_the_waves_language(closed_wave, language, dimension, title):
    wave, _rows = closed_wave
    wave.report_language = language
    wave.save()
    stored = report_pdf_render(wave_id=wave.pk, language=language)
    text = "".join(page.extract_text() for page in PdfReader(stored.file.open("rb")).pages)
    text = " ".join(text.split())
    assert wave.challenge.lead_municipality.name in text
    assert dimension in text and title in text
    context = report.build(wave, language=language)
    first = context["dims"][0]
    from django.utils import translation

    with translation.override(language):
        from veerkracht.fieldwork.templatetags.fieldwork_tags import num

        assert num(first.score) in text
    assert "< 5" in text
    reader = PdfReader(stored.file.open("rb"))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert reader.trailer["/Root"].get("/Lang") in (language, f"{language}")


def test_render_task_twice_gives_one_file(closed_wave):
    wave, _rows = closed_wave
    first = render_report_pdf.delay(wave.pk, "nl").get()
    second = render_report_pdf.delay(wave.pk, "nl").get()
    assert first == second
    assert ReportFile.objects.filter(wave=wave).count() == 1


def test_exports_suppress_small_groups_and_carry_no_identifiers(closed_wave):
    wave, _rows = closed_wave
    table = list(csv.DictReader(io.StringIO(exports.answers_csv(wave))))
    assert len(table) == sum(GROUPS.values())
    groups = {r["group"] for r in table}
    assert "ondernemers" not in groups and exports.SUPPRESSED in groups
    assert sum(1 for r in table if r["group"] == exports.SUPPRESSED) == GROUPS["ondernemers"]
    assert set(table[0]) >= {"respondent", "group", "D1_1", "D7_5", "facet_a"}
    assert not {"organisation", "email", "role", "months", "language"} & set(table[0])
    codebook = exports.codebook(wave)
    assert codebook["scale"]["missing"]["9"]["nl"].startswith("weet ik niet")
    d1 = next(i for i in codebook["items"] if i["code"] == "D6_5")
    assert d1["reverse"] is True and d1["dimension"] == "D6" and d1["text"]["en"]
    json.dumps(codebook)
    book = openpyxl.load_workbook(io.BytesIO(exports.answers_xlsx(wave)))
    sheet = book["antwoorden"]
    values = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "ondernemers" not in values and values.count(exports.SUPPRESSED) == 3
    scores = list(book["scores"].iter_rows(values_only=True))
    assert all(r[7] == exports.SUPPRESSED for r in scores if r[5] == "ondernemers")


def test_export_below_k_suppresses_every_group(wave_world, make_wave):
    wave = make_wave(gesloten=True)
    store_responses(wave, random_rows(wave, {"wonen": 2, "onderwijs": 1}))
    table = list(csv.DictReader(io.StringIO(exports.answers_csv(wave))))
    assert {r["group"] for r in table} == {exports.SUPPRESSED}


def test_import_refused_whole_with_every_problem_named(wave_world, make_wave):
    wave = make_wave(open=True)
    rows = random_rows(wave, {"wonen": 3}, seed=3)
    text = _csv_of(wave, rows).splitlines()
    text[1] = text[1].replace(",", ",7,", 1).rsplit(",", 1)[0]  # row 2: an off-scale value
    bad = "\n".join([*text, text[2].replace("x1", "x1").replace(",", ",abc,", 1).rsplit(",", 1)[0]]) + "\n"
    with pytest.raises(services.FieldworkError) as refused, translation.override("en"):
        services.responses_import(wave=wave, data=bad.encode(), by=wave_world.regisseur)
    joined = " ".join(refused.value.problems)
    assert "Row 2" in joined and "Row 5" in joined, joined
    assert not Response.objects.filter(wave=wave).exists()


def test_import_stores_answers_scored_like_the_engine(wave_world, make_wave):
    wave = make_wave(open=True)
    rows = random_rows(wave, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=5)
    data = _csv_of(wave, rows)
    assert services.responses_import(wave=wave, data=data.encode(), by=wave_world.regisseur) == 18
    spec = instrument_from_document(instrument_document(instrument=wave.instrument))
    expected = score_wave(
        instrument=spec, responses=read_answers_csv(data, instrument=spec).responses, k=wave.k
    )
    got = selectors.wave_scores(wave, with_benchmark=False)
    assert [d.headline for d in got.dimensions] == pytest.approx([d.headline for d in expected.dimensions])
    with pytest.raises(services.FieldworkError):  # the same respondents again
        services.responses_import(wave=wave, data=data.encode(), by=wave_world.regisseur)
    wave.instrument.refresh_from_db()
    assert wave.instrument.locked_at is not None


def test_benchmark_shown_with_twenty_earlier_challenges(closed_wave):
    from veerkracht.fieldwork.models import BenchmarkHeadline

    wave, _rows = closed_wave
    assert not report.build(wave)["has_benchmark"]
    for n in range(20):
        for d in range(1, 8):
            BenchmarkHeadline.objects.create(
                instrument_code="innovatiemonitor",
                dimension_code=f"D{d}",
                challenge_label=f"h{n}",
                year=2023,
                headline=2.5 + n * 0.05,
                source="generated",
            )
    context = report.build(wave)
    assert context["has_benchmark"] and context["bench_n"] == 20
    assert context["dims"][0].bench["p50"] == pytest.approx(((2.5 + 19 * 0.05 / 2) - 1) / 4 * 100)


def test_change_since_previous_wave(wave_world):
    challenge = wave_world.challenge(in_uitvoering=True)
    first = WaveFactory(challenge=challenge, number=1, gerapporteerd=True)
    second = WaveFactory(challenge=challenge, number=2, gesloten=True, previous=first)
    store_responses(first, random_rows(first, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=1))
    store_responses(second, random_rows(second, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=2))
    context = report.build(second)
    assert context["has_previous"]
    row = context["dims"][0]
    assert row.change["diff"] == pytest.approx(row.score - row.previous)
