"""The answers import: what is stored is exactly what the file says (one parsed form from checking to
storage), whatever the spacing of the header; bad cells and unknown groups are refused per row and
nothing is half-written."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from veerkracht.fieldwork import services
from veerkracht.fieldwork.models import Answer, Response
from veerkracht.monitor.models import Item

pytestmark = pytest.mark.django_db


def _codes(wave) -> list[str]:
    return list(
        Item.objects.filter(instrument=wave.instrument)
        .order_by("dimension__order", "order")
        .values_list("code", flat=True)
    )


def _file(wave, *, sep: str = ",", lead: str = "", n: int = 6, seed: int = 7):
    """An answers file and the answers it holds ({ref: (group, {code: value})}), values drawn from
    the scale, the missing code 9 and blanks."""
    rng = random.Random(seed)
    codes = _codes(wave)
    groups = ["wonen", "onderwijs", ""]
    expected = {}
    lines = [lead + sep.join(["respondent", "group", *codes])]
    for i in range(n):
        ref, group = f"imp-{i}", groups[i % 3]
        values = {}
        cells = []
        for code in codes:
            choice = rng.choice(["1", "2", "3", "4", "5", "9", ""])
            cells.append(choice)
            if choice:
                values[code] = int(choice)
        expected[ref] = (group, values)
        lines.append(sep.join([ref, group, *cells]))
    return ("\n".join(lines) + "\n").encode(), expected


def _stored(wave):
    out = {}
    for response in Response.objects.filter(wave=wave):
        values = dict(Answer.objects.filter(response=response).values_list("item__code", "value"))
        out[response.respondent_ref] = (response.group, values)
    return out


@pytest.mark.parametrize(("sep", "lead"), [(",", ""), (", ", ""), (" , ", " ")])
def test_stored_answers_equal_the_file(wave_world, make_wave, sep, lead):
    wave = make_wave(open=True)
    data, expected = _file(wave, sep=sep, lead=lead)
    assert services.responses_import(wave=wave, data=data, by=wave_world.regisseur) == len(expected)
    assert _stored(wave) == expected
    assert sum(len(v) for _g, v in expected.values()) > 0


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("9" * 5000, "item"),  # a 5,000-digit number
        ("1e3", "item"),
        ('=HYPERLINK("http://x","klik")', "group"),
        ("nonsense", "group"),
        ("r" * 81, "respondent"),
        ("a\x00b", "respondent"),
    ],
)
def test_bad_cells_are_refused_per_row_and_nothing_is_written(wave_world, make_wave, cell, column):
    wave = make_wave(open=True)
    data, _expected = _file(wave)
    lines = data.decode().splitlines()
    header = lines[0].split(",")
    position = {"item": 2, "group": 1, "respondent": 0}[column]
    cells = lines[3].split(",")
    cells[position] = '"' + cell.replace('"', '""') + '"'
    lines[3] = ",".join(cells)
    with translation.override("en"), pytest.raises(services.FieldworkError) as refused:
        services.responses_import(wave=wave, data=("\n".join(lines) + "\n").encode(), by=wave_world.regisseur)
    joined = " ".join(refused.value.problems)
    assert f"Row 4, column {header[position]}" in joined, joined
    assert len(joined) < 2000
    assert not Response.objects.filter(wave=wave).exists()
    assert not Answer.objects.filter(response__wave=wave).exists()


def test_import_page_shows_a_bad_file_with_a_leading_space(wave_world, make_wave, client):
    wave = make_wave(open=True)
    data, expected = _file(wave, sep=", ", lead=" ")
    client.force_login(wave_world.regisseur)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/monitor/metingen/{wave.pk}/importeren/", {"file": SimpleUploadedFile("a.csv", data)}
    )
    assert response.status_code == 302
    assert _stored(wave) == expected
