"""Property: whatever is booked and corrected, the summary and the page show the sums of the entries
(computed here independently, in Python, from the bookings made)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.resources.world import MONDAY, World
from veerkracht.resources import selectors, services
from veerkracht.resources.models import NeedKind

pytestmark = pytest.mark.django_db

amount = st.decimals(min_value=Decimal("0.25"), max_value=Decimal(80), places=2)
booking = st.tuples(st.sampled_from(["welzijn", "zorg"]), st.sampled_from(["uren", "geld"]), amount)
correction = st.tuples(
    st.integers(min_value=0, max_value=50), st.decimals(min_value=0, max_value=80, places=2)
)


class Rollback(Exception):
    pass


def test_figures_are_the_sums_of_the_entries() -> None:
    world = World()  # built once; every example runs in a transaction that is rolled back

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(bookings=st.lists(booking, min_size=1, max_size=12), corrections=st.lists(correction, max_size=4))
    def check(bookings, corrections) -> None:
        try:
            with transaction.atomic():
                one_example(world, bookings, corrections)
                raise Rollback
        except Rollback:
            pass

    check()


def one_example(world: World, bookings, corrections) -> None:
    needs = {"uren": world.need(NeedKind.UREN, "500"), "geld": world.need(NeedKind.GELD, "9000")}
    pledges = {
        (o, k): world.pledge(needs[k], getattr(world, o), "300") for o in ("welzijn", "zorg") for k in needs
    }
    expected: dict[tuple[str, str], Decimal] = {key: Decimal(0) for key in pledges}
    made = []
    for org, kind, quantity in bookings:
        pledge = pledges[(org, kind)]
        entry = world.hours(pledge, str(quantity)) if kind == "uren" else world.money(pledge, str(quantity))
        made.append((entry, org, kind))
        expected[(org, kind)] += quantity
    for index, right in corrections:
        entry, org, kind = made[index % len(made)]
        contact = world.welzijn_contact if org == "welzijn" else world.zorg_contact
        before = services.effective_quantity(entry)
        if right == before:
            continue
        services.realisation_correct(entry=entry, by=contact, quantity=right, note="n")
        expected[(org, kind)] += right - before
    summary = selectors.summary(world.challenge)
    kinds = {k.kind: k.delivered for k in summary.kinds}
    for kind in ("uren", "geld"):
        assert kinds[kind] == expected[("welzijn", kind)] + expected[("zorg", kind)]
    shares = {(s.organisation.slug, s.kind): s.delivered for s in summary.partners}
    assert shares == expected
    rows = {r.need.kind: r.delivered for r in selectors.need_rows(world.challenge)}
    assert rows == kinds
    money, hours = selectors.ledger_sums(world.challenge)
    assert (money, hours) == (kinds["geld"], kinds["uren"])


def test_page_shows_the_sum(client) -> None:
    world = World()
    pledge = world.pledge(world.need(NeedKind.UREN, "100"), world.welzijn, "50")
    for hours in ("1.25", "2.50", "3.75"):
        world.hours(pledge, hours, week=MONDAY)
    client.force_login(world.regisseur)
    html = client.get(f"/organiseren/opgaven/{world.challenge.slug}/").content.decode()
    assert "Delivered" in html or "Geleverd" in html
    assert ">7,50<" in html  # 1.25 + 2.50 + 3.75
