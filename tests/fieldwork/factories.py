"""Factories for waves with a trait per state, and helpers that store answers directly."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from tests.agenda.factories import ChallengeFactory
from veerkracht.fieldwork.models import Answer, Invitation, Response, ResponseSource, ResponseStatus, Wave
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.models import Instrument, Item
from veerkracht.testing.answers import random_answers


def v1() -> Instrument:
    return Instrument.objects.get(code="innovatiemonitor", version=1)


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wave

    challenge = factory.SubFactory(ChallengeFactory, geagendeerd=True)
    number = factory.Sequence(lambda n: n + 1)
    instrument = factory.LazyFunction(v1)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=27))
    state = WaveState.CONCEPT

    class Params:
        concept = factory.Trait(state=WaveState.CONCEPT)
        open = factory.Trait(state=WaveState.OPEN, opened_at=factory.LazyFunction(timezone.now))
        gesloten = factory.Trait(state=WaveState.GESLOTEN, closed_at=factory.LazyFunction(timezone.now))
        gerapporteerd = factory.Trait(
            state=WaveState.GERAPPORTEERD, reported_at=factory.LazyFunction(timezone.now)
        )
        confidential = factory.Trait(privacy_mode="confidential")


WAVE_STATES = [s.value for s in WaveState]


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    wave = factory.SubFactory(WaveFactory)
    email = factory.Sequence(lambda n: f"respondent{n}@example.org")
    organisation = factory.Sequence(lambda n: f"Organisatie {n % 4}")
    group = "zorg_welzijn"
    language = "nl"


def store_responses(wave: Wave, rows: list[tuple[str, dict[str, int | None]]]) -> list[Response]:
    """Completed responses with the given (group, {item code: value}) answers."""
    items = dict(Item.objects.filter(instrument=wave.instrument).values_list("code", "pk"))
    responses = []
    answers = []
    for group, values in rows:
        response = Response.objects.create(
            wave=wave,
            source=ResponseSource.IMPORT,
            status=ResponseStatus.COMPLETED,
            group=group,
            submitted_at=timezone.now(),
        )
        responses.append(response)
        answers.extend(
            Answer(response=response, item_id=items[c], value=v) for c, v in values.items() if v is not None
        )
    Answer.objects.bulk_create(answers)
    return responses


def random_rows(wave: Wave, groups: dict[str, int], seed: int = 1) -> list[tuple[str, dict[str, int | None]]]:
    """Plausible answers to the wave's items (``veerkracht.testing.answers``)."""
    codes = list(
        Item.objects.filter(instrument=wave.instrument)
        .order_by("dimension__order", "order")
        .values_list("code", flat=True)
    )
    return random_answers(codes, groups, seed)
