"""A partner that does not oversee the challenge cannot derive another partner's amount from totals
(need 100, pledged total 80, own 50 → the other 30): it sees the need, its own amounts and a coarse
state. Unless the regisseur shares the amounts with the partners."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.resources.world import World
from veerkracht.resources import services
from veerkracht.resources.models import ChallengeSharing, NeedKind

pytestmark = pytest.mark.django_db

# every figure from which zorg's amounts follow, as the Dutch pages write them
TOTALS = ["98,75", "74,25", "42,75", "37,25", "29,5"]


@pytest.fixture
def world() -> World:
    w = World()
    need = w.need(NeedKind.UREN, "173", description="Opbouwwerk")
    w.welzijn_pledge = w.pledge(need, w.welzijn, "61.5")
    w.zorg_pledge = w.pledge(need, w.zorg, "37.25")
    w.hours(w.welzijn_pledge, "13.25")
    w.hours(w.zorg_pledge, "29.5")
    return w


def html(client, user, name: str, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_partner_sees_the_need_its_own_amounts_and_a_coarse_state(client, world: World) -> None:
    for name, args in (
        ("resources:challenge", [world.challenge.slug]),
        ("resources:index", []),
        ("agenda:challenge", [world.challenge.slug]),  # the hub's step
    ):
        page = html(client, world.welzijn_contact, name, *args)
        leaks = [t for t in TOTALS if t in page]
        assert leaks == [], (name, leaks)
        assert "173" in page, name
    page = html(client, world.welzijn_contact, "resources:challenge", world.challenge.slug)
    assert "61,5" in page and "13,25" in page  # its own
    assert "deels gedekt" in page
    assert "Zorg" in page  # that the other partner contributes


@pytest.mark.parametrize("who", ["regisseur", "coordinator", "board"])
def test_those_who_oversee_see_the_totals(client, world: World, who: str) -> None:
    page = html(client, getattr(world, who), "resources:challenge", world.challenge.slug)
    assert all(t in page for t in TOTALS), [t for t in TOTALS if t not in page]


def test_when_the_regisseur_shares_the_amounts_partners_see_them(client, world: World) -> None:
    client.force_login(world.regisseur)
    response = client.post(reverse("resources:sharing", args=[world.challenge.slug]), {"delen": "ja"})
    assert response.status_code == 302 and ChallengeSharing.objects.get().share_amounts
    page = html(client, world.welzijn_contact, "resources:challenge", world.challenge.slug)
    assert all(t in page for t in TOTALS), [t for t in TOTALS if t not in page]
    assert all(t in html(client, world.welzijn_contact, "resources:index") for t in ("98,75", "42,75"))
    # not with someone who does not take part
    assert not world.outsider.has_perm("resources.see_all_amounts", world.challenge)
    # and stopped again
    client.force_login(world.regisseur)
    client.post(reverse("resources:sharing", args=[world.challenge.slug]), {"delen": "nee"})
    page = html(client, world.welzijn_contact, "resources:challenge", world.challenge.slug)
    assert [t for t in TOTALS if t in page] == []


@pytest.mark.parametrize("who", ["coordinator", "welzijn_contact", "board", "outsider"])
def test_only_the_regisseur_sets_the_sharing(client, world: World, who: str) -> None:
    client.force_login(getattr(world, who))
    response = client.post(reverse("resources:sharing", args=[world.challenge.slug]), {"delen": "ja"})
    assert response.status_code in (403, 404)
    assert not ChallengeSharing.objects.exists()
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        services.sharing_set(challenge=world.challenge, by=getattr(world, who), share=True)
    assert not ChallengeSharing.objects.exists()


def test_the_coarse_state(world: World) -> None:
    from decimal import Decimal

    from veerkracht.resources.selectors import Figures

    assert Figures(Decimal(100), Decimal(0), Decimal(0)).cover == "open"
    assert Figures(Decimal(100), Decimal(80), Decimal(0)).cover == "deels"
    assert Figures(Decimal(100), Decimal(100), Decimal(0)).cover == "gedekt"
    assert Figures(Decimal(100), Decimal(120), Decimal(0)).cover == "gedekt"
