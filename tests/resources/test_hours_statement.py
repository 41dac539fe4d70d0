"""Hours per person: everyone sees their own statement; their organisation's contacts see it (and the
person's name beside hours anywhere) only while the person's consent to that organisation stands."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.agenda.factories import ChallengeFactory
from tests.resources.world import MONDAY, World
from veerkracht.resources import services
from veerkracht.resources.models import HoursConsent, LedgerEntry, NeedKind

pytestmark = pytest.mark.django_db
WEEK2 = MONDAY + dt.timedelta(days=7)


@pytest.fixture
def world() -> World:
    w = World()
    w.second = ChallengeFactory(
        agenda=w.agenda, regisseur=w.regisseur, in_uitvoering=True, title="Wijkkracht"
    )
    first = w.need(NeedKind.UREN, "100", description="Opbouwwerk")
    second = w.need(NeedKind.EXPERTISE, "40", description="Onderzoek", challenge=w.second)
    w.p1 = w.pledge(first, w.welzijn, "60")
    w.p2 = w.pledge(second, w.welzijn, "20")
    w.pz = w.pledge(first, w.zorg, "30")
    w.e1 = w.hours(w.p1, "6")
    w.hours(w.p1, "4.5", week=WEEK2)
    w.hours(w.p2, "3", week=WEEK2)
    services.realisation_correct(entry=w.e1, by=w.welzijn_contact, quantity=Decimal("5"), note="verschreven")
    w.hours(w.pz, "7")
    return w


def get(client, user, name: str, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def _expected(world: World, person) -> dict:
    """The person's hours per week and per challenge, summed here entry by entry."""
    weeks: dict = {}
    challenges: dict = {}
    for e in LedgerEntry.objects.filter(person=person).select_related("pledge__need__challenge"):
        weeks[e.week] = weeks.get(e.week, Decimal(0)) + e.quantity
        title = e.pledge.need.challenge.title
        challenges[title] = challenges.get(title, Decimal(0)) + e.quantity
    return {"weeks": weeks, "challenges": challenges}


def test_the_person_sees_their_own_statement(client, world: World) -> None:
    from veerkracht.resources import selectors

    statement = selectors.hours_statement(world.welzijn_worker)
    expected = _expected(world, world.welzijn_worker)
    assert (
        {w.week: w.hours for w in statement.weeks}
        == expected["weeks"]
        == {
            MONDAY: Decimal("5"),
            WEEK2: Decimal("7.5"),
        }
    )
    assert {c.challenge: c.hours for c in statement.challenges} == expected["challenges"]
    assert statement.total == Decimal("12.5")
    response = get(client, world.welzijn_worker, "resources:my_hours")
    html = response.content.decode()
    assert response.status_code == 200 and "12,5" in html and "Wijkkracht" in html and "7,5" in html
    assert reverse("resources:my_hours") == "/organiseren/mijn-uren/"


def test_without_consent_the_contacts_see_nothing(client, world: World) -> None:
    response = get(client, world.welzijn_contact, "resources:people_hours", "welzijn")
    assert response.status_code == 200 and "Wim Werker" not in response.content.decode()
    pk = world.welzijn_worker.pk
    assert get(client, world.welzijn_contact, "resources:person_statement", "welzijn", pk).status_code == 404
    assert (
        get(client, world.welzijn_contact, "resources:person_statement_xlsx", "welzijn", pk).status_code
        == 404
    )
    html = get(client, world.welzijn_contact, "resources:contribution", "welzijn").content.decode()
    assert "Wim Werker" not in html
    assert not world.welzijn_contact.has_perm("resources.view_person_hours", world.e1)


def test_consent_lets_the_contacts_see_the_statement_until_withdrawn(client, world: World) -> None:
    client.force_login(world.welzijn_worker)
    response = client.post(reverse("resources:my_hours_consent"), {"organisation": world.welzijn.pk})
    assert response.status_code == 302
    consent = HoursConsent.objects.get()
    assert consent.standing and consent.person == world.welzijn_worker

    listing = get(client, world.welzijn_contact, "resources:people_hours", "welzijn").content.decode()
    assert "Wim Werker" in listing and "12,5" in listing
    pk = world.welzijn_worker.pk
    html = get(client, world.welzijn_contact, "resources:person_statement", "welzijn", pk).content.decode()
    assert "Buurtbedrijf" in html and "Wijkkracht" in html and "12,5" in html
    assert world.welzijn_contact.has_perm("resources.view_person_hours", world.e1)
    book = load_workbook(
        io.BytesIO(
            get(client, world.welzijn_contact, "resources:person_statement_xlsx", "welzijn", pk).content
        )
    )
    weeks = list(book.worksheets[0].iter_rows(values_only=True))
    assert weeks[-1] == ("Totaal", 12.5) and (MONDAY.isoformat() in str(weeks[2][0]) or weeks[2][1] == 7.5)
    per = list(book.worksheets[1].iter_rows(values_only=True))
    assert {r[0]: r[2] for r in per[1:]} == {"Buurtbedrijf": 9.5, "Wijkkracht": 3}
    # another organisation's contact sees nothing, consent or not
    assert get(client, world.zorg_contact, "resources:person_statement", "welzijn", pk).status_code == 404
    assert get(client, world.zorg_contact, "resources:people_hours", "welzijn").status_code == 404
    # a colleague without a contact role neither
    assert get(client, world.welzijn_worker, "resources:people_hours", "welzijn").status_code == 404

    client.force_login(world.welzijn_worker)
    client.post(
        reverse("resources:my_hours_consent"), {"organisation": world.welzijn.pk, "action": "withdraw"}
    )
    consent.refresh_from_db()
    assert not consent.standing
    assert get(client, world.welzijn_contact, "resources:person_statement", "welzijn", pk).status_code == 404
    assert (
        "Wim Werker"
        not in get(client, world.welzijn_contact, "resources:people_hours", "welzijn").content.decode()
    )
    assert not world.welzijn_contact.has_perm("resources.view_person_hours", world.e1)
    # given again
    client.force_login(world.welzijn_worker)
    client.post(reverse("resources:my_hours_consent"), {"organisation": world.welzijn.pk, "action": "give"})
    assert HoursConsent.objects.get().standing and HoursConsent.objects.count() == 1


def test_consent_only_to_ones_own_organisation(client, world: World) -> None:
    client.force_login(world.welzijn_worker)
    response = client.post(reverse("resources:my_hours_consent"), {"organisation": world.zorg.pk})
    assert response.status_code == 404 and not HoursConsent.objects.exists()
    assert client.post(reverse("resources:my_hours_consent"), {"organisation": "x"}).status_code == 404
    # nobody gives consent for someone else: the service acts on the person logged in only
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        services.hours_consent_give(person=world.zorg_contact, organisation=world.welzijn)
    assert not HoursConsent.objects.exists()


def test_the_contacts_statement_has_only_their_organisations_hours(client, world: World) -> None:
    """A person working for two organisations: each organisation's contacts see only the hours booked
    on their own organisation's pledges."""
    from tests.organisations.factories import MembershipFactory
    from veerkracht.organisations.models import Role

    MembershipFactory(user=world.welzijn_worker, organisation=world.zorg, role=Role.MEDEWERKER)
    del world.welzijn_worker._resources_roles  # the roles are read once per user object
    world.hours(world.pz, "2", person=world.welzijn_worker)
    for org in (world.welzijn, world.zorg):
        services.hours_consent_give(person=world.welzijn_worker, organisation=org)
    pk = world.welzijn_worker.pk
    zorg = get(client, world.zorg_contact, "resources:person_statement", "zorg", pk).content.decode()
    assert "Wijkkracht" not in zorg and ">2<" in zorg
    mine = get(client, world.welzijn_worker, "resources:my_hours").content.decode()
    assert "14,5" in mine


def test_a_leaver_is_no_longer_shown_to_the_contacts(client, world: World) -> None:
    from veerkracht.organisations.models import Membership

    services.hours_consent_give(person=world.welzijn_worker, organisation=world.welzijn)
    Membership.objects.filter(user=world.welzijn_worker, organisation=world.welzijn).delete()
    pk = world.welzijn_worker.pk
    assert get(client, world.welzijn_contact, "resources:person_statement", "welzijn", pk).status_code == 404
    assert (
        "Wim Werker"
        not in get(client, world.welzijn_contact, "resources:people_hours", "welzijn").content.decode()
    )


def test_the_list_page_queries_are_bounded(client, world: World, django_assert_max_num_queries) -> None:
    from tests.organisations.factories import member
    from veerkracht.organisations.models import Role

    for i in range(12):
        person = member(world.welzijn, Role.MEDEWERKER, email=f"p{i}@welzijn.example")
        world.hours(world.p1, "1", person=person)
        services.hours_consent_give(person=person, organisation=world.welzijn)
    client.force_login(world.welzijn_contact)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("resources:people_hours", args=["welzijn"]))
    assert response.content.decode().count('href="/organiseren/partners/welzijn/uren/') == 12
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("resources:person_statement", args=["welzijn", person.pk])).status_code == 200
        )
    client.force_login(person)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("resources:my_hours")).status_code == 200
