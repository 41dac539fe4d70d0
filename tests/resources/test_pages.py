"""Pages of part e and the permission matrix: who sees which page, whose amounts, whose hours."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.resources.world import MONDAY, World
from veerkracht.resources.models import LedgerEntry, Need, NeedKind, Pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    hours = w.need(NeedKind.UREN, "100", description="Opbouwwerk")
    w.welzijn_pledge = w.pledge(hours, w.welzijn, "61")
    w.zorg_pledge = w.pledge(hours, w.zorg, "37")
    w.hours(w.welzijn_pledge, "13.25")
    w.hours(w.zorg_pledge, "29.75")
    return w


def page(client, user, name: str, *args) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    return response.status_code, response.content.decode(errors="replace")


def test_the_part_is_registered_here_and_organiseren_is_the_index(client) -> None:
    from veerkracht.core import parts

    assert parts.get("organiseren").url_name == "resources:index"
    assert reverse("resources:index") == "/organiseren/"
    response = client.get("/organiseren/")  # a visitor: the part's introduction
    assert response.status_code == 200
    assert "core/part.html" in [t.name for t in response.templates]


def test_index_lists_the_challenges_with_their_figures(client, world: World) -> None:
    status, html = page(client, world.regisseur, "resources:index")
    assert status == 200
    assert "Buurtbedrijf" in html and "43" in html  # 13.25 + 29.75 delivered


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("regisseur", 200),
        ("coordinator", 200),
        ("board", 200),
        ("welzijn_contact", 200),  # partner of the agenda
        ("outsider", 404),
        ("other_coordinator", 404),
    ],
)
def test_who_sees_the_challenge_page(client, world: World, who: str, status: int) -> None:
    assert page(client, getattr(world, who), "resources:challenge", world.challenge.slug)[0] == status


@pytest.mark.parametrize("who", ["regisseur", "coordinator", "board"])
def test_those_who_oversee_see_every_partners_amounts(client, world: World, who: str) -> None:
    html = page(client, getattr(world, who), "resources:challenge", world.challenge.slug)[1]
    assert "13,25" in html and "29,75" in html and "61" in html and "37" in html


def test_a_partner_sees_its_own_amounts_only(client, world: World) -> None:
    html = page(client, world.welzijn_contact, "resources:challenge", world.challenge.slug)[1]
    assert "13,25" in html and "61" in html
    assert "29,75" not in html and ">37<" not in html
    assert "Zorg" in html  # that the other partner contributes is shown


def test_per_person_hours_visibility(client, world: World) -> None:
    from veerkracht.resources import services

    # the person themself and the regisseur see the person's hours
    for user in (world.welzijn_worker, world.regisseur):
        html = page(client, user, "resources:challenge", world.challenge.slug)[1]
        assert "Wim Werker" in html, user
    # the coordinator, the board, the other partner's contact, and (without consent) the own contact not
    for user in (world.coordinator, world.board, world.zorg_contact, world.welzijn_contact):
        html = page(client, user, "resources:challenge", world.challenge.slug)[1]
        assert "Wim Werker" not in html, user
    # with the person's consent to their organisation, its contact sees them; the other contact still not
    services.hours_consent_give(person=world.welzijn_worker, organisation=world.welzijn)
    assert "Wim Werker" in page(client, world.welzijn_contact, "resources:challenge", world.challenge.slug)[1]
    html = page(client, world.zorg_contact, "resources:challenge", world.challenge.slug)[1]
    assert "Wim Werker" not in html and "Zoë Zorg" not in html
    services.hours_consent_give(person=world.zorg_worker, organisation=world.zorg)
    assert "Zoë Zorg" in page(client, world.zorg_contact, "resources:challenge", world.challenge.slug)[1]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("welzijn_contact", 200),
        ("coordinator", 200),  # coordinator of the organisation's municipality
        ("welzijn_worker", 404),
        ("zorg_contact", 404),
        ("other_coordinator", 404),
        ("regisseur", 404),
    ],
)
def test_who_sees_a_contribution_statement(client, world: World, who: str, status: int) -> None:
    assert page(client, getattr(world, who), "resources:contribution", "welzijn")[0] == status
    assert page(client, getattr(world, who), "resources:contribution_xlsx", "welzijn")[0] == status


def test_contribution_statement_and_its_spreadsheet(client, world: World) -> None:
    need = world.need(NeedKind.GELD, "500", description='=HYPERLINK("x")')
    money = world.pledge(need, world.welzijn, "500")
    world.money(money, "125")
    status, html = page(client, world.welzijn_contact, "resources:contribution", "welzijn")
    assert status == 200 and "13,25" in html and "125" in html and "Wim Werker" not in html  # no consent
    client.force_login(world.welzijn_contact)
    response = client.get(reverse("resources:contribution_xlsx", args=["welzijn"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[5:8] for r in rows[2:]] == [(61, 13.25, 47.75), (500, 125, 375)] or [
        r[5:8] for r in rows[2:]
    ] == [(500, 125, 375), (61, 13.25, 47.75)]
    assert any(r[1] == '\'=HYPERLINK("x")' for r in rows[2:])  # formula-safe
    # the coordinator sees the statement, not whose hours they are
    html = page(client, world.coordinator, "resources:contribution", "welzijn")[1]
    assert "13,25" in html and "Wim Werker" not in html


def test_forms_add_pledge_decide_book_correct(client, world: World) -> None:
    client.force_login(world.regisseur)
    url = reverse("resources:need_add", args=[world.challenge.slug])
    bad = client.post(
        url, {"kind": "geld", "description": "Huur", "quantity": "-5", "data_agreement": "geen"}
    )
    assert bad.status_code == 400 and 'value="Huur"' in bad.content.decode()
    assert (
        client.post(
            url, {"kind": "geld", "description": "Huur", "quantity": "750", "data_agreement": "geen"}
        ).status_code
        == 302
    )
    need = Need.objects.get(description="Huur")
    client.force_login(world.zorg_contact)
    assert (
        client.post(
            reverse("resources:pledge_make", args=[need.pk]),
            {"organisation": world.zorg.pk, "quantity": "750"},
        ).status_code
        == 302
    )
    pledge = Pledge.objects.get(need=need)
    assert (
        client.post(
            reverse("resources:pledge_decide", args=[pledge.pk]), {"besluit": "accepteren"}
        ).status_code
        == 403
    )
    client.force_login(world.coordinator)
    client.post(reverse("resources:pledge_decide", args=[pledge.pk]), {"besluit": "accepteren"})
    pledge.refresh_from_db()
    assert pledge.state == "geaccepteerd"
    assert client.get(reverse("resources:book", args=[pledge.pk])).status_code == 403
    client.force_login(world.zorg_contact)
    assert (
        client.post(
            reverse("resources:book", args=[pledge.pk]), {"quantity": "300", "reference": "F-9"}
        ).status_code
        == 302
    )
    entry = LedgerEntry.objects.get(pledge=pledge)
    url = reverse("resources:correct", args=[entry.pk])
    assert client.post(url, {"quantity": "250", "note": ""}).status_code == 400
    assert client.post(url, {"quantity": "250", "note": "creditnota"}).status_code == 302
    assert sorted(LedgerEntry.objects.filter(pledge=pledge).values_list("quantity", flat=True)) == [
        Decimal(-50),
        Decimal(300),
    ]
    client.force_login(world.welzijn_contact)
    assert client.post(url, {"quantity": "0", "note": "x"}).status_code == 403


def test_hub_step(world: World) -> None:
    from veerkracht.agenda import hub

    info = hub.info("organiseren", world.challenge, world.regisseur)
    assert info is not None and "43" in info.summary and "100" in info.summary
    assert hub.info("organiseren", world.challenge, world.outsider) is None


def test_week_must_be_a_monday_in_the_form(client, world: World) -> None:
    client.force_login(world.welzijn_worker)
    url = reverse("resources:book", args=[world.welzijn_pledge.pk])
    response = client.post(url, {"quantity": "4", "person": world.welzijn_worker.pk, "week": "2026-01-06"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Monday" in html or "maandag" in html
    assert not LedgerEntry.objects.filter(quantity=4).exists()
    assert (
        client.post(
            url, {"quantity": "4", "person": world.welzijn_worker.pk, "week": MONDAY.isoformat()}
        ).status_code
        == 302
    )
