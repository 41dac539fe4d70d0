"""Changing and withdrawing: a need's terms (with history), closing, reopening and withdrawing a need;
withdrawing a pending pledge and ending an accepted one. Every write is tested for who may not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.resources.world import World
from veerkracht.resources import selectors, services
from veerkracht.resources.models import (
    NEED_TRANSITIONS,
    PLEDGE_TRANSITIONS,
    LedgerEntry,
    Need,
    NeedChange,
    NeedKind,
    NeedState,
    Pledge,
    PledgeState,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    w.hours_need = w.need(NeedKind.UREN, "100", description="Opbouwwerk")
    w.accepted = w.pledge(w.hours_need, w.welzijn, "60")
    w.waiting = w.pledge(w.hours_need, w.zorg, "30", accept=False)
    w.hours(w.accepted, "12.5")
    return w


def test_the_transition_tables() -> None:
    assert {
        NeedState.OPEN: {NeedState.GESLOTEN, NeedState.INGETROKKEN},
        NeedState.GESLOTEN: {NeedState.OPEN, NeedState.INGETROKKEN},
        NeedState.INGETROKKEN: set(),
    } == NEED_TRANSITIONS
    assert PLEDGE_TRANSITIONS[PledgeState.VOORGESTELD] == {
        PledgeState.GEACCEPTEERD,
        PledgeState.AFGEWEZEN,
        PledgeState.INGETROKKEN,
    }
    assert PLEDGE_TRANSITIONS[PledgeState.GEACCEPTEERD] == {PledgeState.BEEINDIGD}
    for final in (PledgeState.AFGEWEZEN, PledgeState.INGETROKKEN, PledgeState.BEEINDIGD):
        assert PLEDGE_TRANSITIONS[final] == set()


# --- needs -------------------------------------------------------------------------------------------


def test_the_regisseur_changes_a_need_and_its_history_is_kept(client, world: World) -> None:
    client.force_login(world.regisseur)
    url = reverse("resources:need_edit", args=[world.hours_need.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"description": "Opbouwwerk Oost", "quantity": "80", "starts_on": "2026-02-01"}
    )
    assert response.status_code == 302
    need = Need.objects.get(pk=world.hours_need.pk)
    assert (need.description, need.quantity) == ("Opbouwwerk Oost", Decimal("80"))
    change = NeedChange.objects.get()
    assert change.changed_by == world.regisseur
    assert change.changes == {
        "description": ["Opbouwwerk", "Opbouwwerk Oost"],
        "quantity": ["100.00", "80.00"],
        "starts_on": [None, "2026-02-01"],
    }
    page = client.get(reverse("resources:challenge", args=[world.challenge.slug])).content.decode()
    assert "100.00 → 80.00" in page
    # the figures follow the new quantity
    totals = selectors.kind_totals([world.challenge.pk])[world.challenge.pk][NeedKind.UREN]
    assert totals.needed == Decimal("80")
    # saving without a change writes no history
    client.post(url, {"description": "Opbouwwerk Oost", "quantity": "80.00", "starts_on": "2026-02-01"})
    assert NeedChange.objects.count() == 1


def test_bad_input_keeps_what_was_typed(client, world: World) -> None:
    client.force_login(world.regisseur)
    url = reverse("resources:need_edit", args=[world.hours_need.pk])
    response = client.post(
        url, {"description": "Nieuw", "quantity": "10", "starts_on": "2026-03-01", "ends_on": "2026-02-01"}
    )
    assert response.status_code == 400 and 'value="Nieuw"' in response.content.decode()
    assert Need.objects.get(pk=world.hours_need.pk).description == "Opbouwwerk"
    assert not NeedChange.objects.exists()


@pytest.mark.parametrize("who", ["welzijn_contact", "zorg_contact", "board", "welzijn_worker", "outsider"])
def test_others_may_not_change_close_or_withdraw_a_need(client, world: World, who: str) -> None:
    user = getattr(world, who)
    client.force_login(user)
    need = world.hours_need
    assert client.get(reverse("resources:need_edit", args=[need.pk])).status_code in (403, 404)
    r = client.post(reverse("resources:need_edit", args=[need.pk]), {"description": "x", "quantity": "1"})
    assert r.status_code in (403, 404)
    for action in ("sluiten", "intrekken"):
        r = client.post(reverse("resources:need_state", args=[need.pk]), {"actie": action})
        assert r.status_code in (403, 404)
    fresh = Need.objects.get(pk=need.pk)
    assert (fresh.description, fresh.quantity, fresh.state) == ("Opbouwwerk", Decimal("100"), NeedState.OPEN)
    assert not NeedChange.objects.exists()
    with pytest.raises(PermissionDenied):
        services.need_change(need=need, by=user, quantity=Decimal(1))


def test_a_closed_need_takes_no_new_pledges_until_reopened(client, world: World) -> None:
    client.force_login(world.coordinator)
    client.post(reverse("resources:need_state", args=[world.hours_need.pk]), {"actie": "sluiten"})
    need = Need.objects.get(pk=world.hours_need.pk)
    assert need.state == NeedState.GESLOTEN
    with pytest.raises(ValidationError):
        services.pledge_make(need=need, organisation=world.zorg, by=world.zorg_contact, quantity=Decimal(5))
    client.force_login(world.zorg_contact)
    r = client.post(
        reverse("resources:pledge_make", args=[need.pk]), {"organisation": world.zorg.pk, "quantity": "5"}
    )
    assert r.status_code == 400 and Pledge.objects.filter(need=need).count() == 2
    # what was pledged keeps counting, and can still be booked on
    world.hours(world.accepted, "1")
    assert selectors.kind_totals([world.challenge.pk])[world.challenge.pk][NeedKind.UREN].pledged == Decimal(
        60
    )
    need = services.need_reopen(need=need, by=world.regisseur)
    services.pledge_make(need=need, organisation=world.zorg, by=world.zorg_contact, quantity=Decimal(5))
    assert Pledge.objects.filter(need=need).count() == 3


def test_withdrawing_a_need_ends_its_pledges_and_keeps_what_was_delivered(world: World) -> None:
    need = services.need_withdraw(need=world.hours_need, by=world.regisseur)
    assert need.state == NeedState.INGETROKKEN and need.quantity_at_end == Decimal("12.5")
    accepted, waiting = Pledge.objects.get(pk=world.accepted.pk), Pledge.objects.get(pk=world.waiting.pk)
    assert (accepted.state, accepted.quantity_at_end) == (PledgeState.BEEINDIGD, Decimal("12.5"))
    assert waiting.state == PledgeState.INGETROKKEN
    figures = selectors.kind_totals([world.challenge.pk])[world.challenge.pk][NeedKind.UREN]
    assert (figures.needed, figures.pledged, figures.delivered, figures.gap) == (
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal("12.5"),
        Decimal(0),
    )
    with pytest.raises(ValidationError):
        services.need_change(need=need, by=world.regisseur, quantity=Decimal(5))
    with pytest.raises(ValidationError):
        services.need_reopen(need=need, by=world.regisseur)
    with pytest.raises(ValidationError):  # nothing more is booked
        world.hours(accepted, "1")


# --- pledges -----------------------------------------------------------------------------------------


def test_a_contact_withdraws_its_own_pending_pledge(client, world: World) -> None:
    client.force_login(world.zorg_contact)
    r = client.post(reverse("resources:pledge_withdraw", args=[world.waiting.pk]))
    assert r.status_code == 302
    pledge = Pledge.objects.get(pk=world.waiting.pk)
    assert pledge.state == PledgeState.INGETROKKEN and pledge.ended_by == world.zorg_contact
    # then it can no longer be accepted
    with pytest.raises(ValidationError):
        services.pledge_accept(pledge=pledge, by=world.regisseur)


@pytest.mark.parametrize("who", ["welzijn_contact", "regisseur", "coordinator", "zorg_worker", "outsider"])
def test_others_may_not_withdraw_a_pledge(client, world: World, who: str) -> None:
    client.force_login(getattr(world, who))
    r = client.post(reverse("resources:pledge_withdraw", args=[world.waiting.pk]))
    assert r.status_code in (403, 404)
    assert Pledge.objects.get(pk=world.waiting.pk).state == PledgeState.VOORGESTELD


def test_an_accepted_pledge_is_not_withdrawn_but_ended(client, world: World) -> None:
    client.force_login(world.welzijn_contact)
    client.post(reverse("resources:pledge_withdraw", args=[world.accepted.pk]))
    assert Pledge.objects.get(pk=world.accepted.pk).state == PledgeState.GEACCEPTEERD
    r = client.post(reverse("resources:pledge_end", args=[world.accepted.pk]))
    assert r.status_code == 302
    pledge = Pledge.objects.get(pk=world.accepted.pk)
    assert (pledge.state, pledge.quantity_at_end) == (PledgeState.BEEINDIGD, Decimal("12.5"))
    # the undelivered rest no longer counts as pledged; what was delivered stays
    figures = selectors.kind_totals([world.challenge.pk])[world.challenge.pk][NeedKind.UREN]
    assert (figures.needed, figures.pledged, figures.delivered) == (
        Decimal(100),
        Decimal("12.5"),
        Decimal("12.5"),
    )
    assert LedgerEntry.objects.filter(pledge=pledge).count() == 1
    totals = {k.kind: k for k in selectors.contribution_totals(world.welzijn)}
    assert (totals["uren"].pledged, totals["uren"].behind) == (Decimal("12.5"), Decimal(0))
    # no more bookings nor corrections on it
    with pytest.raises(ValidationError):
        world.hours(pledge, "2")
    entry = LedgerEntry.objects.get(pledge=pledge)
    with pytest.raises(ValidationError):
        services.realisation_correct(entry=entry, by=world.welzijn_contact, quantity=Decimal(1), note="x")


def test_the_regisseur_may_end_an_accepted_pledge(world: World) -> None:
    assert services.pledge_end(pledge=world.accepted, by=world.coordinator).state == PledgeState.BEEINDIGD


@pytest.mark.parametrize("who", ["zorg_contact", "welzijn_worker", "board", "outsider"])
def test_others_may_not_end_a_pledge(client, world: World, who: str) -> None:
    client.force_login(getattr(world, who))
    assert client.post(reverse("resources:pledge_end", args=[world.accepted.pk])).status_code in (403, 404)
    assert Pledge.objects.get(pk=world.accepted.pk).state == PledgeState.GEACCEPTEERD


def test_a_pending_pledge_is_not_ended(world: World) -> None:
    with pytest.raises(ValidationError):
        services.pledge_end(pledge=world.waiting, by=world.zorg_contact)
    assert Pledge.objects.get(pk=world.waiting.pk).state == PledgeState.VOORGESTELD
