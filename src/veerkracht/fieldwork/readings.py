"""The monitor's reading of a challenge for other parts (``veerkracht.agenda.readings``): the labels
of the dimensions in the challenge's latest reported wave, one dimension's headline score over the
reported waves (a series, for governance's indicators), and the profile of challenges whose latest
reported wave is shared beyond their municipality (for the learning community)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.utils import timezone

from veerkracht.agenda import readings
from veerkracht.agenda.selectors import public_q
from veerkracht.fieldwork import selectors
from veerkracht.fieldwork.models import Invitation, Response, ResponseStatus, Wave, WaveHeadline
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.models import Dimension
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


@readings.register_profiles
def shared_wave_profiles(challenge_ids: list[int]) -> dict[int, readings.SharedProfile]:
    """The profile of each challenge's latest reported wave — its stored headline per dimension, on
    0–100 as the report shows it — where that wave's results are shared beyond the municipality:

    * the challenge is public (it and its agenda are published); the report of a non-public
      challenge is shared only with its own board members and stakeholder contacts;
    * the wave is reported (a withdrawn wave is closed again and loses its stored headlines);
    * the wave reached the report minimum (:func:`selectors.report_minimum_met`: respondents and
      organisations), and a dimension without a headline (too few answers) is left out.

    A challenge whose latest reported wave falls short shows no profile, not an older one. Five
    queries, whatever the number of challenges."""
    if not challenge_ids:
        return {}
    latest: dict[int, Wave] = {}
    waves = (
        Wave.objects.filter(public_q("challenge__"), challenge_id__in=challenge_ids)
        .filter(state=WaveState.GERAPPORTEERD)
        .select_related("instrument")
        .order_by("challenge_id", "-number")
    )
    for wave in waves:
        latest.setdefault(wave.challenge_id, wave)
    wave_ids = [wave.pk for wave in latest.values()]
    completed = dict(
        Response.objects.filter(wave_id__in=wave_ids, status=ResponseStatus.COMPLETED)
        .values_list("wave_id")
        .annotate(n=Count("pk"))
    )
    organisations = dict(
        Invitation.objects.filter(wave_id__in=wave_ids, completed=True)
        .values_list("wave_id")
        .annotate(n=Count("organisation", distinct=True))
    )
    shared = {
        wave.pk: wave
        for wave in latest.values()
        if selectors.report_minimum_met(completed.get(wave.pk, 0), organisations.get(wave.pk, 0))
    }
    if not shared:
        return {}
    headlines: dict[int, dict[str, float]] = {}
    for wave_id, code, headline in WaveHeadline.objects.filter(
        wave_id__in=list(shared), headline__isnull=False
    ).values_list("wave_id", "dimension_code", "headline"):
        headlines.setdefault(wave_id, {})[code] = float(headline or 0)
    dimensions: dict[int, list[tuple[str, str, str]]] = {}
    for instrument_id, code, name_nl, name_en in (
        Dimension.objects.filter(instrument_id__in={wave.instrument_id for wave in shared.values()})
        .order_by("instrument_id", "order")
        .values_list("instrument_id", "code", "name_nl", "name_en")
    ):
        dimensions.setdefault(instrument_id, []).append((code, name_nl, name_en))
    profiles = {}
    for wave in shared.values():
        scores = headlines.get(wave.pk, {})
        low, high = wave.instrument.scale_min, wave.instrument.scale_max
        profile = tuple(
            readings.ProfileScore(code, name_nl, name_en, (scores[code] - low) / (high - low) * 100)
            for code, name_nl, name_en in dimensions.get(wave.instrument_id, [])
            if code in scores
        )
        if profile:
            profiles[wave.challenge_id] = readings.SharedProfile(
                wave_label=str(wave.label),
                reported_on=timezone.localdate(wave.reported_at) if wave.reported_at else wave.ends_on,
                respondents=completed.get(wave.pk, 0),
                scores=profile,
            )
    return profiles
