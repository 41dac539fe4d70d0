"""The monitor's reading of a challenge for other parts (``veerkracht.agenda.readings``): the labels
of the dimensions in the challenge's latest reported wave, and one dimension's headline score over the
reported waves (a series, for governance's indicators)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from veerkracht.agenda import readings
from veerkracht.fieldwork import selectors
from veerkracht.fieldwork.models import WaveHeadline
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.selectors import instrument_spec


@readings.register
def latest_reported_reading(challenge: Any) -> readings.ChallengeReading | None:
    wave = selectors.latest_reported_wave(challenge)
    if wave is None:
        return None
    result = selectors.wave_scores(wave, with_benchmark=False)
    names = {d.code: d.name for d in instrument_spec(instrument=wave.instrument).dimensions}
    return readings.ChallengeReading(
        wave_label=str(wave.label),
        dimensions=tuple(
            readings.DimensionReading(
                d.code,
                str(names.get(d.code, {}).get("nl", d.code)),
                str(names.get(d.code, {}).get("en", d.code)),
                d.label,
            )
            for d in result.dimensions
        ),
    )


@readings.register_series
def reported_dimension_series(challenge: Any, dimension_code: str) -> list[tuple[date, float]]:
    """The stored headline score of ``dimension_code`` per reported wave of ``challenge`` (waves whose
    engine gave no headline are left out), dated the day the wave was reported (or, for a wave reported
    before that was recorded, the last day of its fieldwork)."""
    rows = WaveHeadline.objects.filter(
        wave__challenge=challenge,
        wave__state=WaveState.GERAPPORTEERD,
        dimension_code=dimension_code,
        headline__isnull=False,
    ).values_list("wave__reported_at", "wave__ends_on", "headline")
    return sorted(
        (timezone.localdate(reported) if reported else ends_on, float(headline or 0))
        for reported, ends_on, headline in rows
    )
