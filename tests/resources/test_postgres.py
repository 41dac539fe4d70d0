"""On PostgreSQL: the ledger's triggers, and concurrent bookings and corrections that lose nothing."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from tests.resources.world import MONDAY, World
from veerkracht.resources import selectors, services
from veerkracht.resources.models import LedgerEntry, NeedKind

WRITERS = 16


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, plpgsql triggers); CI runs it there")


@pytest.mark.django_db
def test_postgres_triggers_refuse_update_and_delete() -> None:
    _needs_postgres()
    world = World()
    entry = world.hours(world.pledge(world.need(), world.welzijn), "8")
    for action in (
        lambda: LedgerEntry.objects.filter(pk=entry.pk).update(quantity=1),
        lambda: LedgerEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError) as caught, transaction.atomic():
            action()
        assert "append-only" in str(caught.value)
    assert LedgerEntry.objects.get(pk=entry.pk).quantity == 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_and_corrections_lose_nothing() -> None:
    _needs_postgres()
    world = World()
    pledge = world.pledge(world.need(NeedKind.GELD, "100000"), world.welzijn, "100000")
    first = world.money(pledge, "100")
    contact_id = world.welzijn_contact.pk
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        from django.db import connection as own

        try:
            from veerkracht.accounts.models import User
            from veerkracht.resources.models import Pledge

            by = User.objects.get(pk=contact_id)
            p = Pledge.objects.select_related("need__challenge", "organisation").get(pk=pledge.pk)
            barrier.wait(timeout=30)
            if k % 4 == 0:
                # every corrector sets the first booking one higher than it finds it
                entry = LedgerEntry.objects.select_related("pledge__need", "pledge__organisation").get(
                    pk=first.pk
                )
                with transaction.atomic():
                    from veerkracht.resources.models import Pledge as P

                    P.objects.select_for_update().get(pk=p.pk)
                    current = services.effective_quantity(entry)
                    services.realisation_correct(entry=entry, by=by, quantity=current + 1, note=f"c{k}")
            else:
                services.realisation_book(pledge=p, by=by, quantity=Decimal(k), reference=f"F-{k}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    booked = sum(k for k in range(WRITERS) if k % 4)
    correctors = len([k for k in range(WRITERS) if k % 4 == 0])
    assert services.effective_quantity(first) == 100 + correctors
    money, _ = selectors.ledger_sums(world.challenge)
    assert money == 100 + correctors + booked
    assert LedgerEntry.objects.count() == 1 + WRITERS
    _ = MONDAY
