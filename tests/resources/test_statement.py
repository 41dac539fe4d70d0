"""The contribution statement as a PDF: rendered by a Celery task after the request commits, in the
requester's language, with the ledger's figures; only who may see the contribution may ask for it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db.models import Sum
from django.urls import reverse
from pypdf import PdfReader

from tests.resources.world import MONDAY, World
from veerkracht.agenda.models import Challenge
from veerkracht.resources.models import ContributionStatement, LedgerEntry, NeedKind, Pledge, PledgeState
from veerkracht.resources.tasks import render_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    w = World()
    hours = w.need(NeedKind.UREN, "100", description="Opbouwwerk")
    money = w.need(NeedKind.GELD, "5000", description="Huur buurthuis")
    w.hours_pledge = w.pledge(hours, w.welzijn, "61")
    w.money_pledge = w.pledge(money, w.welzijn, "1250")
    w.pledge(money, w.welzijn, "300", accept=False)  # proposed: not counted as pledged
    w.zorg_pledge = w.pledge(hours, w.zorg, "37")
    w.hours(w.hours_pledge, "13.25")
    w.hours(w.hours_pledge, "8", week=MONDAY.replace(day=12))
    w.money(w.money_pledge, "480.40")
    w.hours(w.zorg_pledge, "29.75")
    return w


def _pdf_text(statement: ContributionStatement) -> tuple[str, PdfReader]:
    reader = PdfReader(statement.pdf.path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def _nl(value: Decimal) -> str:
    """Dutch notation with two decimals and a thousands dot, written out here (not Django's)."""
    whole, frac = f"{value:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + "," + frac


def _request(client, user, slug: str, language: str = "nl", capture=None):
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(reverse("resources:contribution_pdf_request", args=[slug]))


def test_the_statement_is_rendered_by_the_task_with_the_ledgers_figures(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _request(client, world.welzijn_contact, "welzijn")
    assert response.status_code == 302
    statement = ContributionStatement.objects.get()
    # nothing was rendered in the request: the task waits for the commit
    assert not statement.pdf and statement.language == "nl" and statement.state == "rendering"
    page = client.get(reverse("resources:contribution", args=["welzijn"])).content.decode()
    assert "wordt gemaakt" in page
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    statement.refresh_from_db()
    assert statement.pdf and not statement.render_error and statement.state == "ready"

    text, reader = _pdf_text(statement)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and "/StructTreeRoot" in root
    assert reader.metadata.title == "Bijdrage van Welzijn"
    assert "Gemeente Veerdam" in text and "Buurtbedrijf" in text

    # the figures, summed here straight from the ledger and the accepted pledges
    def ledger(kind: str) -> Decimal:
        return LedgerEntry.objects.filter(pledge__organisation=world.welzijn, kind=kind).aggregate(
            s=Sum("quantity")
        )["s"]

    def pledged(kind: str) -> Decimal:
        return sum(
            (
                p.quantity
                for p in Pledge.objects.filter(organisation=world.welzijn, state=PledgeState.GEACCEPTEERD)
                if p.need.kind == kind
            ),
            Decimal(0),
        )

    hours, money = ledger("uren"), ledger("geld")
    assert (hours, money) == (Decimal("21.25"), Decimal("480.40"))  # the known answer
    total_hours = f"Uren (uren) {_nl(pledged('uren'))} {_nl(hours)} {_nl(pledged('uren') - hours)}"
    total_money = f"Geld (euro) {_nl(pledged('geld'))} {_nl(money)} {_nl(pledged('geld') - money)}"
    assert total_hours in text and total_money in text, text
    assert "1.250,00 480,40 769,60" in text
    # zorg's figures are not in welzijn's statement
    assert "29,75" not in text and "37,00" not in text

    # the download
    download = client.get(reverse("resources:contribution_pdf", args=["welzijn"]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # the page links to it
    page = client.get(reverse("resources:contribution", args=["welzijn"])).content.decode()
    assert reverse("resources:contribution_pdf", args=["welzijn"]) in page


def test_the_statement_is_in_the_requesters_language(client, world: World) -> None:
    _request(client, world.welzijn_contact, "welzijn", language="en")
    statement = ContributionStatement.objects.get()
    assert statement.language == "en"
    render_statement.apply(args=[statement.pk]).get()
    statement.refresh_from_db()
    text, reader = _pdf_text(statement)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Contribution of Welzijn" in text and "Municipality: Gemeente Veerdam" in text
    assert "Hours (hours) 61.00 21.25 39.75" in text, text
    # the Dutch statement is a different file; the English one is not offered to a Dutch reader
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert client.get(reverse("resources:contribution_pdf", args=["welzijn"])).status_code == 404


def test_running_the_task_twice_gives_one_file(client, world: World) -> None:
    _request(client, world.welzijn_contact, "welzijn")
    statement = ContributionStatement.objects.get()
    render_statement.apply(args=[statement.pk]).get()
    render_statement.apply(args=[statement.pk]).get()
    statement.refresh_from_db()
    files = list((django_settings.MEDIA_ROOT / "resources" / "statements").iterdir())
    assert [f.name for f in files] == ["bijdrage-welzijn-nl.pdf"] and statement.pdf.name.endswith(
        files[0].name
    )


def test_a_failed_rendering_is_shown(client, world: World, monkeypatch) -> None:
    from veerkracht.resources import statements

    def broken(context, language):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(statements, "render_pdf", broken)
    _request(client, world.welzijn_contact, "welzijn")
    statement = ContributionStatement.objects.get()
    render_statement.apply(args=[statement.pk]).get()
    statement.refresh_from_db()
    assert statement.state == "failed" and not statement.pdf
    page = client.get(reverse("resources:contribution", args=["welzijn"])).content.decode()
    assert "lettertype ontbreekt" in page


@pytest.mark.parametrize("who", ["zorg_contact", "welzijn_worker", "outsider", "other_coordinator"])
def test_others_can_neither_request_nor_download(client, world: World, who: str) -> None:
    _request(client, world.welzijn_contact, "welzijn")
    render_statement.apply(args=[ContributionStatement.objects.get().pk]).get()
    assert ContributionStatement.objects.get().pdf
    before = ContributionStatement.objects.get().requested_at
    response = _request(client, getattr(world, who), "welzijn")
    assert response.status_code in (403, 404)
    statement = ContributionStatement.objects.get()
    assert statement.requested_at == before and statement.requested_by == world.welzijn_contact
    assert client.get(reverse("resources:contribution_pdf", args=["welzijn"])).status_code in (403, 404)
    # and nothing is created for an organisation the person may not see
    assert _request(client, getattr(world, who), "zorg").status_code in (403, 404) or who == "zorg_contact"
    assert not ContributionStatement.objects.filter(organisation=world.zorg).exists() or who == "zorg_contact"


def test_the_municipalitys_coordinator_may_request_it(client, world: World) -> None:
    assert _request(client, world.coordinator, "welzijn").status_code == 302
    assert ContributionStatement.objects.get().requested_by == world.coordinator


def test_a_visitor_is_sent_to_log_in_and_nothing_is_made(client, world: World) -> None:
    response = client.post(reverse("resources:contribution_pdf_request", args=["welzijn"]))
    assert response.status_code == 302 and "login" in response["Location"].lower()
    assert not ContributionStatement.objects.exists()
    assert Challenge.objects.exists()
