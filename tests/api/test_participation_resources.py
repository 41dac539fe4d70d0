"""/ideeen, /bijeenkomsten, /bijdragen and POST /bijdragen/{id}/realisaties: what the pages show the
same caller, nothing personal, bounded queries; bookings through the resources service, idempotent,
audited, and only on the caller's own organisation's pledges."""

# ruff: noqa: F811 - the tests take the ``world`` fixture imported from tests/participation

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from tests.agenda.factories import ChallengeFactory
from tests.api.isolation import side
from tests.api.isolation_participation import make_pledges
from tests.api.keys import bearer, make_key
from tests.organisations.factories import MembershipFactory, UserFactory
from tests.participation.conftest import world  # noqa: F401 - fixture
from tests.resources.world import MONDAY, World
from veerkracht.audit.models import AuditEvent
from veerkracht.community.models import CommunityOfPractice
from veerkracht.organisations.models import Role
from veerkracht.participation import services
from veerkracht.participation.models import CoSession, SessionRegistration
from veerkracht.resources import services as resource_services
from veerkracht.resources.models import LedgerEntry, NeedKind

pytestmark = pytest.mark.django_db


# --- ideas --------------------------------------------------------------------------------------------


@pytest.fixture
def ideas(world):
    adopted = world.idea(title="Buurtmoestuin", text="Een moestuin achter het buurthuis.")
    refused = world.idea(by=world.ben, title="Zwembad", text="Een zwembad.", nickname="Zwemmer Ben")
    services.idea_transition(
        idea=adopted, target="overgenomen", by=world.coordinator, outcome="De moestuin komt er in mei."
    )
    services.idea_transition(
        idea=refused, target="niet_overgenomen", by=world.coordinator, reason="Te duur voor de wijk."
    )
    fresh = world.idea(by=world.carla, title="Bankjes", text="Meer bankjes langs de dijk.")
    for person in (world.anna, world.ben):
        services.idea_support(idea=fresh, by=person)
    return adopted, refused, fresh


def test_ideas_show_the_public_fields_and_nothing_personal(client, world, ideas):
    adopted, refused, fresh = ideas
    response = client.get("/api/v1/ideeen?sort=title")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["title"] for r in rows] == ["Bankjes", "Buurtmoestuin", "Zwembad"]
    bankjes, moestuin, zwembad = rows
    assert (moestuin["author"], zwembad["author"], bankjes["author"]) == (
        "Anna V.",
        "Zwemmer Ben",
        "Carla J.",
    )
    assert (bankjes["support_count"], moestuin["support_count"]) == (2, 0)
    assert moestuin["outcome"] == "De moestuin komt er in mei." and moestuin["reason"] is None
    assert zwembad["reason"] == "Te duur voor de wijk." and zwembad["outcome"] is None
    assert bankjes["state"] == "ontvangen" and bankjes["challenge"] == world.challenge.slug
    text = response.content.decode()
    for personal in ("anna@example.org", "de Vries", "Ben Smith", "Jansen"):
        assert personal not in text


def test_ideas_filter_by_challenge_and_state_and_refuse_an_unknown_state(client, world, ideas):
    world.idea(challenge=world.bergen_challenge, title="Zonnepanelen")
    mine = client.get(f"/api/v1/ideeen?opgave={world.challenge.slug}").json()
    assert mine["count"] == 3
    adopted = client.get("/api/v1/ideeen?status=overgenomen").json()["results"]
    assert [r["title"] for r in adopted] == ["Buurtmoestuin"]
    bad = client.get("/api/v1/ideeen?status=gewonnen&sort=likes")
    assert bad.status_code == 400
    assert sorted(p["name"] for p in bad.json()["invalidParams"]) == ["sort", "status"]


def test_an_idea_shows_its_history_and_a_hidden_comment_without_its_text(client, world, ideas):
    adopted = ideas[0]
    services.comment_add(idea=adopted, by=world.ben, text="Mooi plan!")
    hidden = services.comment_add(idea=adopted, by=world.carla, text="Scheldwoorden")
    services.comment_hide(comment=hidden, by=world.coordinator, reason="Kwetsend")
    body = client.get(f"/api/v1/ideeen/{adopted.pk}").json()
    assert [step["state"] for step in body["history"]] == ["overgenomen"]
    assert body["comments"] == [
        {
            "author": "Ben S.",
            "created_at": body["comments"][0]["created_at"],
            "hidden": False,
            "text": "Mooi plan!",
        },
        {"author": "Carla J.", "created_at": body["comments"][1]["created_at"], "hidden": True, "text": None},
    ]
    _, secret = make_key(world.veerdam)
    assert (
        "Scheldwoorden" not in client.get(f"/api/v1/ideeen/{adopted.pk}", **bearer(secret)).content.decode()
    )
    client.force_login(world.carla)  # its author sees it, as on the page
    own = client.get(f"/api/v1/ideeen/{adopted.pk}").json()["comments"][1]
    assert own == {**own, "hidden": True, "text": "Scheldwoorden"}


def test_ideas_on_a_non_public_challenge_only_for_its_municipality(client, world):
    idea = world.idea(title="Besloten idee")
    type(world.challenge).objects.filter(pk=world.challenge.pk).update(published=False)
    assert client.get("/api/v1/ideeen").json()["count"] == 0
    assert client.get(f"/api/v1/ideeen/{idea.pk}").status_code == 404
    _, own = make_key(world.veerdam)
    _, other = make_key(world.bergen)
    assert client.get(f"/api/v1/ideeen/{idea.pk}", **bearer(own)).status_code == 200
    assert client.get(f"/api/v1/ideeen/{idea.pk}", **bearer(other)).status_code == 404
    _, unscoped = make_key(world.veerdam, ["agendas:read"])
    assert client.get("/api/v1/ideeen", **bearer(unscoped)).status_code == 403


def test_the_idea_list_takes_the_same_queries_for_3_or_12_ideas(client, world, django_assert_max_num_queries):
    def count(n: int) -> int:
        for i in range(n):
            idea = world.idea(title=f"Idee {n}-{i}")
            services.idea_support(idea=idea, by=world.ben)
        with django_assert_max_num_queries(8) as captured:
            assert client.get("/api/v1/ideeen?pageSize=100").status_code == 200
        return len(captured)

    assert count(3) == count(9)


# --- co-creation sessions -------------------------------------------------------------------------


def _session(challenge, *, title="Ontwerpsessie", capacity=2, days=5, **extra):
    start = timezone.now() + dt.timedelta(days=days)
    return CoSession.objects.create(
        challenge=challenge,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place=extra.pop("place", "Buurthuis De Brug"),
        accessibility="Rolstoeltoegankelijk, ringleiding.",
        capacity=capacity,
        **extra,
    )


def test_sessions_count_places_and_never_name_who_registered(client, world):
    session = _session(world.challenge, capacity=2)
    for person, state in ((world.anna, "registered"), (world.ben, "registered"), (world.carla, "waiting")):
        SessionRegistration.objects.create(session=session, user=person, status=state)
    _session(world.challenge, title="Afgelast", status="geannuleerd", cancelled_at=timezone.now())
    response = client.get("/api/v1/bijeenkomsten")
    rows = response.json()["results"]
    assert [r["title"] for r in rows] == ["Ontwerpsessie", "Afgelast"]  # by start
    row = rows[0]
    assert (row["capacity"], row["registered"], row["waiting"], row["places_left"]) == (2, 2, 1, 0)
    assert row["place"] == "Buurthuis De Brug" and row["online_url"] is None
    assert row["accessibility"] == "Rolstoeltoegankelijk, ringleiding." and row["status"] == "gepland"
    text = response.content.decode() + client.get(f"/api/v1/bijeenkomsten/{session.pk}").content.decode()
    for personal in ("Anna", "Ben", "Carla", "example.org"):
        assert personal not in text
    cancelled = client.get("/api/v1/bijeenkomsten?status=geannuleerd").json()["results"]
    assert [(r["title"], r["places_left"]) for r in cancelled] == [("Afgelast", 0)]
    assert client.get("/api/v1/bijeenkomsten?status=vol").status_code == 400


def test_a_session_on_a_non_public_challenge_is_hidden_from_others(client, world):
    session = _session(world.challenge)
    type(world.challenge).objects.filter(pk=world.challenge.pk).update(published=False)
    _, own = make_key(world.veerdam)
    _, other = make_key(world.bergen)
    assert client.get(f"/api/v1/bijeenkomsten/{session.pk}").status_code == 404
    assert client.get(f"/api/v1/bijeenkomsten/{session.pk}", **bearer(other)).status_code == 404
    assert client.get(f"/api/v1/bijeenkomsten/{session.pk}", **bearer(own)).status_code == 200
    assert (
        client.get(f"/api/v1/bijeenkomsten?opgave={world.challenge.slug}", **bearer(own)).json()["count"] == 1
    )


def test_sessions_of_communities_of_practice_follow_the_communitys_scope(client, world):
    veerdams = CommunityOfPractice.objects.create(
        theme="Zorg", slug="zorg-veerdam", municipality=world.veerdam
    )
    everyone = CommunityOfPractice.objects.create(theme="Open", slug="open-leren")
    own = _session(None, title="Intervisie Veerdam", cop=veerdams)
    shared = _session(None, title="Open intervisie", cop=everyone)
    _, veerdam = make_key(world.veerdam)
    _, bergen = make_key(world.bergen)

    def titles(**headers):
        return {r["title"] for r in client.get("/api/v1/bijeenkomsten", **headers).json()["results"]}

    assert titles(**bearer(veerdam)) == {"Intervisie Veerdam", "Open intervisie"}
    assert titles(**bearer(bergen)) == {"Open intervisie"}
    assert titles() == set()  # communities are for people who are logged in
    assert client.get(f"/api/v1/bijeenkomsten/{own.pk}", **bearer(bergen)).status_code == 404
    body = client.get(f"/api/v1/bijeenkomsten/{shared.pk}", **bearer(bergen)).json()
    assert (body["community"], body["challenge"]) == ("open-leren", None)


def test_the_session_list_takes_the_same_queries_for_2_or_8_sessions(
    client, world, django_assert_max_num_queries
):
    def count(n: int) -> int:
        for i in range(n):
            session = _session(world.challenge, title=f"Sessie {n}-{i}")
            SessionRegistration.objects.create(session=session, user=world.anna, status="registered")
        with django_assert_max_num_queries(6) as captured:
            assert client.get("/api/v1/bijeenkomsten?pageSize=100").status_code == 200
        return len(captured)

    assert count(2) == count(6)


# --- pledges ------------------------------------------------------------------------------------------


@pytest.fixture
def ledger():
    w = World()
    hours = w.need(NeedKind.UREN, "100")
    money = w.need(NeedKind.GELD, "5000")
    w.welzijn_hours = w.pledge(hours, w.welzijn, "40")
    w.zorg_money = w.pledge(money, w.zorg, "2000")
    w.proposed = w.pledge(money, w.welzijn, "300", accept=False)
    w.hours(w.welzijn_hours, "8")
    w.hours(w.welzijn_hours, "4.5", week=MONDAY + dt.timedelta(days=7))
    w.money(w.zorg_money, "750")
    return w


def _by_id(response):
    return {row["id"]: row for row in response.json()["results"]}


def test_a_key_of_the_municipality_sees_every_amount_of_its_challenges(client, ledger):
    _, secret = make_key(ledger.veerdam)
    rows = _by_id(client.get("/api/v1/bijdragen", **bearer(secret)))
    assert set(rows) == {ledger.welzijn_hours.pk, ledger.zorg_money.pk, ledger.proposed.pk}
    hours, money = rows[ledger.welzijn_hours.pk], rows[ledger.zorg_money.pk]
    assert (hours["quantity"], hours["delivered"], hours["behind"]) == ("40.00", "12.50", "27.50")
    assert (money["quantity"], money["delivered"], money["behind"]) == ("2000.00", "750.00", "1250.00")
    assert rows[ledger.proposed.pk]["state"] == "voorgesteld" and rows[ledger.proposed.pk]["behind"] == "0.00"
    assert hours["need"]["kind"] == "uren" and hours["organisation"] == "welzijn"


def test_a_partner_sees_its_own_amounts_only_unless_the_regisseur_shares_them(client, ledger):
    _, secret = make_key(ledger.welzijn)
    rows = _by_id(client.get("/api/v1/bijdragen", **bearer(secret)))
    own, other = rows[ledger.welzijn_hours.pk], rows[ledger.zorg_money.pk]
    assert (own["amounts_visible"], own["delivered"]) == (True, "12.50")
    assert (other["amounts_visible"], other["quantity"], other["delivered"], other["behind"]) == (
        False,
        None,
        None,
        None,
    )
    assert (
        "750"
        not in client.get(f"/api/v1/bijdragen/{ledger.zorg_money.pk}", **bearer(secret)).content.decode()
    )
    resource_services.sharing_set(challenge=ledger.challenge, by=ledger.regisseur, share=True)
    rows = _by_id(client.get("/api/v1/bijdragen", **bearer(secret)))
    assert rows[ledger.zorg_money.pk]["delivered"] == "750.00"


def test_a_person_sees_what_the_ledger_page_shows_them(client, ledger):
    client.force_login(ledger.welzijn_contact)
    rows = _by_id(client.get("/api/v1/bijdragen"))
    assert (
        rows[ledger.welzijn_hours.pk]["quantity"] == "40.00"
        and rows[ledger.zorg_money.pk]["quantity"] is None
    )
    client.force_login(ledger.regisseur)
    assert _by_id(client.get("/api/v1/bijdragen"))[ledger.zorg_money.pk]["quantity"] == "2000.00"
    client.force_login(ledger.outsider)
    assert client.get("/api/v1/bijdragen").json()["count"] == 0
    assert client.get(f"/api/v1/bijdragen/{ledger.zorg_money.pk}").status_code == 404
    client.logout()
    assert client.get("/api/v1/bijdragen").status_code == 401


def test_pledges_filter_by_challenge_organisation_and_state(client, ledger):
    _, secret = make_key(ledger.veerdam)
    assert set(_by_id(client.get("/api/v1/bijdragen?organisatie=zorg", **bearer(secret)))) == {
        ledger.zorg_money.pk
    }
    accepted = _by_id(
        client.get(f"/api/v1/bijdragen?opgave={ledger.challenge.slug}&status=geaccepteerd", **bearer(secret))
    )
    assert set(accepted) == {ledger.welzijn_hours.pk, ledger.zorg_money.pk}
    assert client.get("/api/v1/bijdragen?status=beloofd", **bearer(secret)).status_code == 400
    _, elders = make_key(ledger.other)
    assert client.get("/api/v1/bijdragen", **bearer(elders)).json()["count"] == 0


@pytest.mark.parametrize("caller", ["key", "person"])
def test_the_pledge_list_takes_the_same_queries_for_few_or_many(
    client, ledger, caller, django_assert_max_num_queries
):
    headers = {}
    if caller == "key":
        headers = bearer(make_key(ledger.welzijn)[1])
    else:
        client.force_login(ledger.coordinator)

    def count() -> int:
        with django_assert_max_num_queries(16) as captured:
            assert client.get("/api/v1/bijdragen?pageSize=100", **headers).status_code == 200
        return len(captured)

    count()  # a key's first use of the minute also marks it used
    few = count()
    for i in range(4):  # more pledges, on more challenges
        challenge = ChallengeFactory(agenda=ledger.agenda, regisseur=ledger.regisseur, in_uitvoering=True)
        need = ledger.need(NeedKind.GELD, "100", challenge=challenge, description=f"Extra {i}")
        ledger.money(ledger.pledge(need, ledger.zorg if i % 2 else ledger.welzijn, "50"), "10")
    assert count() == few


# --- booking a realisation ------------------------------------------------------------------------------


MONEY = {"quantity": "250.00", "reference": "F-2026-7", "note": "Tweede termijn"}


def post(client, pledge, body=MONEY, **headers):
    return client.post(
        f"/api/v1/bijdragen/{pledge.pk}/realisaties",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def zorg_key(ledger):
    """A key of the pledging organisation, made by its partnercontact."""
    return make_key(ledger.zorg, ["middelen:read", "middelen:write"], by=ledger.zorg_contact)


def test_a_key_of_the_pledging_organisation_books_and_it_is_audited(client, ledger, zorg_key):
    key, secret = zorg_key
    response = post(client, ledger.zorg_money, **bearer(secret))
    assert response.status_code == 201
    entry = LedgerEntry.objects.get(pk=response.json()["id"])
    assert (entry.kind, entry.quantity, entry.reference, entry.booked_by) == (
        "geld",
        Decimal("250.00"),
        "F-2026-7",
        ledger.zorg_contact,
    )
    assert response.json()["quantity"] == "250.00" and response.json()["pledge"] == ledger.zorg_money.pk
    event = AuditEvent.objects.get(event="api.write")
    assert event.details["api_key"] == key.prefix and event.details["organisation"] == "zorg"
    assert event.details["realisation"] == entry.pk
    after = client.get(f"/api/v1/bijdragen/{ledger.zorg_money.pk}", **bearer(secret)).json()
    assert after["delivered"] == "1000.00"  # 750 + 250


def test_hours_need_a_member_and_a_monday_and_the_answer_names_nobody(client, ledger):
    _, secret = make_key(ledger.welzijn, ["middelen:write"], by=ledger.welzijn_contact)
    body = {"quantity": "6", "person_email": "WERKER@welzijn.example", "week": MONDAY.isoformat()}
    response = post(client, ledger.welzijn_hours, body, **bearer(secret))
    assert response.status_code == 201
    assert "werker" not in response.content.decode().lower()
    entry = LedgerEntry.objects.get(pk=response.json()["id"])
    assert (entry.person, entry.week, entry.quantity) == (ledger.welzijn_worker, MONDAY, Decimal(6))


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({}, ["quantity"]),
        ({"quantity": "0"}, ["quantity"]),
        ({"quantity": "1.234"}, ["quantity"]),
        ({"quantity": "veel", "week": "gisteren"}, ["quantity", "week"]),
        ({"quantity": "5", "week": MONDAY.isoformat()}, ["person_email"]),
        ({"quantity": "5", "person_email": "werker@welzijn.example"}, ["week"]),
        ({"quantity": "5", "person_email": "werker@welzijn.example", "week": "2026-01-06"}, ["week"]),
        (
            {"quantity": "81", "person_email": "werker@welzijn.example", "week": MONDAY.isoformat()},
            ["quantity"],
        ),
        (
            {"quantity": "5", "person_email": "werker@zorg.example", "week": MONDAY.isoformat()},
            ["person_email"],
        ),
        (
            {"quantity": "5", "person_email": "niemand@example.org", "week": MONDAY.isoformat()},
            ["person_email"],
        ),
        ({"quantity": "5", "reference": "x" * 201}, ["reference"]),
    ],
)
def test_bad_input_is_400_naming_each_field_and_nothing_is_booked(client, ledger, body, names):
    _, secret = make_key(ledger.welzijn, ["middelen:write"], by=ledger.welzijn_contact)
    before = LedgerEntry.objects.count()
    response = post(client, ledger.welzijn_hours, body, **bearer(secret))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert sorted(p["name"] for p in response.json()["invalidParams"]) == names
    assert LedgerEntry.objects.count() == before


def test_a_pledge_that_is_not_accepted_takes_no_booking(client, ledger):
    _, secret = make_key(ledger.welzijn, ["middelen:write"], by=ledger.welzijn_contact)
    response = post(client, ledger.proposed, **bearer(secret))
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["body"]
    assert not LedgerEntry.objects.filter(pledge=ledger.proposed).exists()


def test_a_retried_post_with_the_same_idempotency_key_books_once(client, ledger, zorg_key):
    _, secret = zorg_key
    first = post(client, ledger.zorg_money, HTTP_IDEMPOTENCY_KEY="boeking-1", **bearer(secret))
    again = post(client, ledger.zorg_money, HTTP_IDEMPOTENCY_KEY="boeking-1", **bearer(secret))
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert LedgerEntry.objects.filter(pledge=ledger.zorg_money).count() == 2  # the fixture's and this one
    assert AuditEvent.objects.filter(event="api.write").count() == 1
    other = post(
        client,
        ledger.zorg_money,
        {**MONEY, "quantity": "251"},
        HTTP_IDEMPOTENCY_KEY="boeking-1",
        **bearer(secret),
    )
    assert other.status_code == 422 and other["Content-Type"] == "application/problem+json"
    assert LedgerEntry.objects.filter(pledge=ledger.zorg_money).count() == 2


def test_only_the_pledging_organisations_key_writes(client, ledger):
    _, municipality = make_key(ledger.veerdam, by=ledger.coordinator)
    _, partner = make_key(ledger.welzijn, by=ledger.welzijn_contact)
    _, elders = make_key(ledger.other, by=ledger.other_coordinator)
    _, read_only = make_key(ledger.zorg, ["middelen:read"], by=ledger.zorg_contact)
    assert post(client, ledger.zorg_money, **bearer(municipality)).status_code == 403  # visible, not its own
    assert post(client, ledger.zorg_money, **bearer(partner)).status_code == 403
    assert post(client, ledger.zorg_money, **bearer(elders)).status_code == 404  # not visible
    assert post(client, ledger.zorg_money, **bearer(read_only)).status_code == 403  # no write scope
    assert post(client, ledger.zorg_money).status_code == 401
    assert LedgerEntry.objects.filter(pledge=ledger.zorg_money).count() == 1


def test_a_key_whose_maker_may_no_longer_book_is_403(client, ledger):
    former = UserFactory()
    membership = MembershipFactory(user=former, organisation=ledger.zorg, role=Role.BEHEERDER)
    _, secret = make_key(ledger.zorg, by=former)
    membership.delete()
    assert post(client, ledger.zorg_money, **bearer(secret)).status_code == 403
    _, nobody = make_key(ledger.zorg, by=None)
    assert post(client, ledger.zorg_money, **bearer(nobody)).status_code == 403
    assert LedgerEntry.objects.filter(pledge=ledger.zorg_money).count() == 1


def test_a_person_books_their_own_hours_through_the_session_with_the_pages_rule(client, ledger):
    body = {"quantity": "3", "person_email": "werker@welzijn.example", "week": MONDAY.isoformat()}
    client.force_login(ledger.regisseur)
    assert post(client, ledger.welzijn_hours, body).status_code == 403
    client.force_login(ledger.welzijn_worker)
    response = post(client, ledger.welzijn_hours, body, HTTP_IDEMPOTENCY_KEY="eigen-uren")
    assert response.status_code == 201
    entry = LedgerEntry.objects.get(pk=response.json()["id"])
    assert entry.booked_by == ledger.welzijn_worker == entry.person
    assert AuditEvent.objects.get(event="api.write").actor == ledger.welzijn_worker


def test_a_key_of_a_never_writes_to_bs_pledges(client):
    a, b = side("a"), side("b")
    hidden, on_public = make_pledges(b)
    _, secret = make_key(a.gemeente)
    for pledge in (hidden, on_public):
        assert post(client, pledge, **bearer(secret)).status_code == 404
        assert client.get(f"/api/v1/bijdragen/{pledge.pk}", **bearer(secret)).status_code == 404
    assert not LedgerEntry.objects.exists()


CONCURRENT = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_idempotency_key_book_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions); CI runs it there")
    from tests.api.conftest import SchemaCheckedClient

    ledger = World()
    pledge = ledger.pledge(ledger.need(NeedKind.GELD, "5000"), ledger.zorg, "2000")
    _, secret = make_key(ledger.zorg, ["middelen:write"], by=ledger.zorg_contact)
    barrier = threading.Barrier(CONCURRENT)
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def retry() -> None:
        from django.db import connection as own

        try:
            barrier.wait(timeout=30)
            response = post(
                SchemaCheckedClient(), pledge, HTTP_IDEMPOTENCY_KEY="gelijktijdig", **bearer(secret)
            )
            answers.append((response.status_code, response.content.decode()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=retry) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert [status for status, _ in answers] == [201] * CONCURRENT
    assert len({json.loads(body)["id"] for _, body in answers}) == 1
    assert LedgerEntry.objects.filter(pledge=pledge).count() == 1
    assert AuditEvent.objects.filter(event="api.write").count() == 1
