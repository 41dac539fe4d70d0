"""Who may do what with pilots: role × own/other municipality, for the declared permissions and for
the writes themselves (a refused write changes nothing). The expected answers are written out here."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from tests.plans.world import World, snapshot
from veerkracht.plans import pilot_services as services
from veerkracht.plans.models import Pilot

pytestmark = pytest.mark.django_db

ROLES = (
    "regisseur",
    "coordinator",
    "teamlid",
    "invited",
    "board",
    "staff",
    "other_coordinator",
    "other_board",
    "outsider",
    "anonymous",
)
RUNS = {"regisseur", "coordinator", "teamlid"}
SEES = RUNS | {"board"}


def person(world: World, role: str) -> Any:
    return AnonymousUser() if role == "anonymous" else getattr(world, role)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        from django.db import transaction

        # built once for the module inside a transaction that is rolled back at the end
        atomic = transaction.atomic()
        atomic.__enter__()
        built = World()
        built.pilot_obj = built.pilot()
        yield built
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize("role", ROLES)
def test_the_permissions(world: World, role: str) -> None:
    user = person(world, role)
    pilot = Pilot.objects.get(pk=world.pilot_obj.pk)
    got = {
        "view_pilots": user.has_perm("plans.view_pilots", world.challenge),
        "view_pilot": user.has_perm("plans.view_pilot", pilot),
        "add_pilot": user.has_perm("plans.add_pilot", world.challenge),
        "change_pilot": user.has_perm("plans.change_pilot", pilot),
        "add_lesson": user.has_perm("plans.add_lesson", pilot),
        "decide_pilot": user.has_perm("plans.decide_pilot", pilot),
    }
    expected = {
        "view_pilots": role in SEES,
        "view_pilot": role in SEES,
        "add_pilot": role in RUNS,
        "change_pilot": role in RUNS,
        "add_lesson": role in RUNS,
        # inside the mandate: its holder, the regisseur, and nobody else
        "decide_pilot": role == "regisseur",
    }
    assert got == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_writes(world: World, role: str) -> None:
    user = person(world, role)
    pilot = Pilot.objects.get(pk=world.pilot_obj.pk)
    allowed = role in RUNS
    before = snapshot(pilot)

    def attempt(write: Any) -> bool:
        try:
            write()
        except (PermissionDenied, services.PilotRefused):
            return False
        return True

    from django.db import transaction

    results = {}
    for name, write in {
        "create": lambda: world.pilot(by=user, title="Nog een pilot"),
        "edit": lambda: services.edit_pilot(
            pilot=pilot,
            by=user,
            title="Andere titel",
            intervention=pilot.intervention,
            expectation=pilot.expectation,
            indicators=[world.indicator],
            starts_on=pilot.starts_on,
            ends_on=pilot.ends_on,
        ),
        "conclusion": lambda: services.write_conclusion(pilot=pilot, by=user, conclusion="Klaar."),
        "start": lambda: services.transition_pilot(pilot=pilot, to="lopend", by=user),
        "lesson": lambda: services.link_lesson(pilot=pilot, by=user, lesson=world.lesson()),
    }.items():
        with transaction.atomic():
            results[name] = attempt(write)
            transaction.set_rollback(True)
        assert snapshot(pilot)[:6] == before[:6], name
    assert results == dict.fromkeys(results, allowed)
    # refused: nothing written at all (the lesson written by the test itself rolled back as well)
    assert snapshot(pilot) == before


def test_a_closed_pilot_is_not_changed_any_more(world: World) -> None:
    from django.db import transaction

    with transaction.atomic():
        Pilot.objects.filter(pk=world.pilot_obj.pk).update(state="gestopt")
        pilot = Pilot.objects.get(pk=world.pilot_obj.pk)
        assert not world.regisseur.has_perm("plans.change_pilot", pilot)
        assert world.regisseur.has_perm("plans.add_lesson", pilot)  # lessons may still follow
        with pytest.raises(PermissionDenied):
            services.write_conclusion(pilot=pilot, by=world.regisseur, conclusion="Later.")
        transaction.set_rollback(True)


def test_bad_input_names_each_field_and_writes_nothing(world: World) -> None:
    from tests.plans.world import days

    count = Pilot.objects.count()
    with pytest.raises(ValidationError) as refused:
        world.pilot(
            title=" ", intervention="", expectation="", indicators=[], starts_on=days(10), ends_on=days(10)
        )
    assert set(refused.value.message_dict) == {
        "title",
        "intervention",
        "expectation",
        "indicators",
        "ends_on",
    }
    assert Pilot.objects.count() == count
