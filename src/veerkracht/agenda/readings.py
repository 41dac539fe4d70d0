"""What the monitor (part b) has measured around a challenge, for the parts that act on it — teams
suggests a team's needs from the weak dimensions; governance follows a dimension's headline score
over the reported waves as an indicator (``dimension_series``).

The agenda imports none of the parts that work on a challenge: the monitor registers the provider
from its ``AppConfig.ready`` (as parts register their step in ``hub``), and a reader asks here::

    from veerkracht.agenda import readings

    reading = readings.latest_reading(challenge)   # None: nothing reported, or no monitor installed
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import get_language


@dataclass(frozen=True)
class DimensionReading:
    code: str
    name_nl: str
    name_en: str
    label: str  # the report's label: sterkte, ontwikkelpunt, …

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


@dataclass(frozen=True)
class ChallengeReading:
    wave_label: str
    dimensions: tuple[DimensionReading, ...]  # every scored dimension with its label


ReadingProvider = Callable[[Any], "ChallengeReading | None"]
_PROVIDERS: list[ReadingProvider] = []


def register(provider: ReadingProvider) -> ReadingProvider:
    """Decorator: ``provider(challenge)`` gives the challenge's latest reported reading, or None."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def latest_reading(challenge: Any) -> ChallengeReading | None:
    """The first reading a registered provider has for ``challenge``, or None."""
    for provider in _PROVIDERS:
        reading = provider(challenge)
        if reading is not None:
            return reading
    return None


# --- dimension series ------------------------------------------------------------------------------
# A second registry: the headline score of one monitor dimension over the challenge's reported waves,
# for parts that follow a dimension as an indicator (governance stores each point as a measurement).
# The monitor registers the provider from its ``AppConfig.ready``; a reader asks::
#
#     points = readings.dimension_series(challenge, "samenwerking")   # [(date, value), …] oldest first

SeriesProvider = Callable[[Any, str], "list[tuple[date, float]]"]
_SERIES_PROVIDERS: list[SeriesProvider] = []


def register_series(provider: SeriesProvider) -> SeriesProvider:
    """Decorator: ``provider(challenge, dimension_code)`` gives ``(date, value)`` per reported wave of
    the challenge that scored the dimension (date: the day the wave was reported), oldest first."""
    if provider not in _SERIES_PROVIDERS:
        _SERIES_PROVIDERS.append(provider)
    return provider


def dimension_series(challenge: Any, dimension_code: str) -> list[tuple[date, float]]:
    """The first non-empty series a registered provider has for the dimension; empty when none has
    (nothing reported, or no monitor installed)."""
    for provider in _SERIES_PROVIDERS:
        points = provider(challenge, dimension_code)
        if points:
            return sorted(points)
    return []


# --- shared profiles -------------------------------------------------------------------------------
# A third registry: the monitor profile of challenges, for parts that compare challenges across
# municipalities (the learning community's "learned elsewhere"). A provider gives a profile only where
# the monitor shares it beyond the challenge's own municipality; the monitor registers it from its
# ``AppConfig.ready``; a reader asks, for all challenges at once::
#
#     profiles = readings.shared_profiles([challenge.pk, …])   # {challenge id: SharedProfile}


@dataclass(frozen=True)
class ProfileScore:
    code: str
    name_nl: str
    name_en: str
    score: float  # the headline on 0–100, the figure the report shows

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


@dataclass(frozen=True)
class SharedProfile:
    wave_label: str
    reported_on: date
    respondents: int
    scores: tuple[ProfileScore, ...]  # in the instrument's order of dimensions


ProfilesProvider = Callable[[list[int]], "dict[int, SharedProfile]"]
_PROFILE_PROVIDERS: list[ProfilesProvider] = []


def register_profiles(provider: ProfilesProvider) -> ProfilesProvider:
    """Decorator: ``provider(challenge_ids)`` gives ``{challenge id: SharedProfile}`` for those of the
    challenges whose latest profile is shared beyond their municipality (a bounded number of queries,
    whatever the number of challenges); the others are left out."""
    if provider not in _PROFILE_PROVIDERS:
        _PROFILE_PROVIDERS.append(provider)
    return provider


def shared_profiles(challenge_ids: list[int]) -> dict[int, SharedProfile]:
    """The shared profile per challenge id, from the first provider that has one; empty when none has
    (nothing shared, or no monitor installed)."""
    found: dict[int, SharedProfile] = {}
    ids = sorted(set(challenge_ids))
    for provider in _PROFILE_PROVIDERS:
        if not ids:
            break
        for pk, profile in provider(ids).items():
            found.setdefault(pk, profile)
        ids = [pk for pk in ids if pk not in found]
    return found
