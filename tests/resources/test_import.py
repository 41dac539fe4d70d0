"""The import of bookings: all or nothing, every row's problem named."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook

from tests.resources.world import MONDAY, World
from veerkracht.resources import services
from veerkracht.resources.models import LedgerEntry, NeedKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    w.hours_pledge = w.pledge(w.need(NeedKind.UREN, "100"), w.welzijn, "60")
    w.money_pledge = w.pledge(w.need(NeedKind.GELD, "1000"), w.welzijn, "1000")
    w.zorg_pledge = w.pledge(w.need(NeedKind.UREN, "10", description="Zorg"), w.zorg, "10")
    return w


def csv_file(world: World, rows: list[str]) -> bytes:
    return ("toezegging;e-mail;week;uren;referentie\n" + "\n".join(rows) + "\n").encode()


def test_a_good_csv_is_booked_whole(world: World) -> None:
    content = csv_file(
        world,
        [
            f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-05;8;",
            f"{world.hours_pledge.pk};WERKER@welzijn.example;2026-W03;6,5;",
            f"{world.money_pledge.pk};;;250;F-2026-1",
        ],
    )
    entries = services.realisation_import(
        organisation=world.welzijn, by=world.welzijn_contact, name="u.csv", content=content
    )
    assert [e.quantity for e in entries] == [Decimal(8), Decimal("6.5"), Decimal(250)]
    assert entries[1].week.isoformat() == "2026-01-12"
    assert entries[2].reference == "F-2026-1" and entries[2].person is None


def test_a_bad_file_is_refused_whole_naming_every_row(world: World) -> None:
    content = csv_file(
        world,
        [
            f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-05;8;",  # good
            f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-06;8;",  # not a Monday
            f"{world.zorg_pledge.pk};werker@zorg.example;2026-01-05;8;",  # another organisation's pledge
            f"{world.hours_pledge.pk};niemand@nergens.example;2026-01-05;8;",  # unknown person
            f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-05;acht;",  # not a number
            f"{world.hours_pledge.pk};werker@zorg.example;2026-01-05;2;",  # not of this organisation
        ],
    )
    with pytest.raises(services.ImportRefused) as refused:
        services.realisation_import(
            organisation=world.welzijn, by=world.welzijn_contact, name="u.csv", content=content
        )
    assert [p.row for p in refused.value.problems] == [3, 4, 5, 6, 7]
    assert LedgerEntry.objects.count() == 0


def test_xlsx_and_header_problems(world: World) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["behoefte", "e-mail", "week", "uren", "referentie"])
    sheet.append([world.hours_pledge.need_id, "werker@welzijn.example", MONDAY, 4, None])
    out = io.BytesIO()
    book.save(out)
    entries = services.realisation_import(
        organisation=world.welzijn, by=world.welzijn_contact, name="u.xlsx", content=out.getvalue()
    )
    assert [(e.pledge_id, e.quantity, e.week) for e in entries] == [(world.hours_pledge.pk, 4, MONDAY)]
    for name, content in [
        ("u.csv", b"wat;anders\n1;2\n"),
        ("u.xlsx", b"not a workbook"),
        ("u.pdf", b"x"),
        ("u.csv", b""),
    ]:
        with pytest.raises(services.ImportRefused):
            services.realisation_import(
                organisation=world.welzijn, by=world.welzijn_contact, name=name, content=content
            )
    assert LedgerEntry.objects.count() == 1


def test_only_a_contact_imports(world: World, client) -> None:
    content = csv_file(world, [f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-05;8;"])
    with pytest.raises(PermissionDenied):
        services.realisation_import(
            organisation=world.welzijn, by=world.welzijn_worker, name="u.csv", content=content
        )
    with pytest.raises(PermissionDenied):
        services.realisation_import(
            organisation=world.welzijn, by=world.zorg_contact, name="u.csv", content=content
        )
    client.force_login(world.zorg_contact)
    assert client.get(reverse("resources:import", args=["welzijn"])).status_code == 404
    assert LedgerEntry.objects.count() == 0


def test_the_import_page_lists_the_problems(world: World, client) -> None:
    client.force_login(world.welzijn_contact)
    url = reverse("resources:import", args=["welzijn"])
    bad = csv_file(world, [f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-06;8;", "999999;;;1;"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("u.csv", bad, content_type="text/csv")})
    html = response.content.decode()
    assert response.status_code == 400 and "2" in html and "999999" in html
    assert LedgerEntry.objects.count() == 0
    good = csv_file(world, [f"{world.hours_pledge.pk};werker@welzijn.example;2026-01-05;8;"])
    response = client.post(url, {"file": SimpleUploadedFile("u.csv", good, content_type="text/csv")})
    assert response.status_code == 302 and LedgerEntry.objects.count() == 1
