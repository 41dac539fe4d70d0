"""The monitor's reading of a challenge for other parts (``veerkracht.agenda.readings``): the labels
of the dimensions in the challenge's latest reported wave."""

from __future__ import annotations

from typing import Any

from veerkracht.agenda import readings
from veerkracht.fieldwork import selectors
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
