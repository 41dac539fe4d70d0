"""Learned elsewhere with the monitor profile of similar challenges, where it is shared: a public
challenge whose latest reported wave reached the report minimum. The community asks the agenda's
registry (``readings.shared_profiles``); the monitor provides it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils.html import escape

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.fieldwork.factories import InvitationFactory, WaveFactory, random_rows, store_responses
from veerkracht.agenda import readings
from veerkracht.fieldwork.models import WaveHeadline
from veerkracht.fieldwork.selectors import wave_scores
from veerkracht.fieldwork.services.waves import wave_headlines_store
from veerkracht.monitor.models import Dimension

GROUPS = {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}  # 18 respondents


def _challenge(municipality, title, *, public=True):
    agenda = AgendaFactory(municipality=municipality, published=public)
    return ChallengeFactory(agenda=agenda, published=public, title=title)


def _reported(challenge, *, organisations=3, number=1, seed=1, state="gerapporteerd"):
    """A wave of 18 answers whose completed invitations come from ``organisations`` organisations;
    its headlines stored as the monitor stores them when a wave is reported."""
    wave = WaveFactory(challenge=challenge, number=number, **{state: True})
    store_responses(wave, random_rows(wave, GROUPS, seed=seed))
    for n in range(18):
        InvitationFactory(
            wave=wave, organisation=f"Organisatie {n % organisations}", started=True, completed=True
        )
    wave_headlines_store(wave_id=wave.pk)
    return wave


def _expected(wave):
    """The report's figures, from the monitor's own scoring of the answers: name -> 0–100 score."""
    names = dict(Dimension.objects.filter(instrument=wave.instrument).values_list("code", "name_nl"))
    return {
        names[d.code]: d.score_0_100
        for d in wave_scores(wave, with_benchmark=False).dimensions
        if d.score_0_100 is not None
    }


def _shown(score: float) -> str:
    return str(Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture
def similar(world):
    """Three challenges like Veerdam's elsewhere, each with a reported wave that meets the report
    minimum except Linden's (two organisations), and one not public."""
    shared = _challenge(world.bergen, "Jongeren en eenzaamheid in Bergen")
    below = _challenge(world.linden, "Eenzaamheid onder jongeren in Linden")
    hidden = _challenge(world.bergen, "Eenzame jongeren, nog niet openbaar", public=False)
    return {
        "shared": (shared, _reported(shared, seed=3)),
        "below": (below, _reported(below, organisations=2, seed=4)),
        "hidden": (hidden, _reported(hidden, seed=5)),
    }


def test_only_a_shared_profile_is_given_with_the_report_figures(world, similar) -> None:
    ids = [challenge.pk for challenge, _wave in similar.values()]
    profiles = readings.shared_profiles(ids)
    shared, wave = similar["shared"]
    assert set(profiles) == {shared.pk}  # below the minimum, and not public: nothing
    profile = profiles[shared.pk]
    expected = _expected(wave)
    assert len(expected) >= 3
    assert {s.name_nl: s.score for s in profile.scores} == pytest.approx(expected)
    assert profile.respondents == 18
    assert profile.wave_label == str(wave.label)


def test_the_latest_reported_wave_counts_and_a_withdrawn_one_has_no_profile(world, similar) -> None:
    shared, first = similar["shared"]
    second = _reported(shared, number=2, seed=9)
    profile = readings.shared_profiles([shared.pk])[shared.pk]
    assert {s.name_nl: s.score for s in profile.scores} == pytest.approx(_expected(second))
    assert _expected(second) != pytest.approx(_expected(first))
    _reported(shared, number=3, seed=10, organisations=1)  # latest reported, below the minimum
    assert readings.shared_profiles([shared.pk]) == {}  # not an older profile instead
    other = _challenge(world.linden, "Nog een opgave")
    withdrawn = _reported(other, seed=11, state="gesloten")
    WaveHeadline.objects.filter(wave=withdrawn).delete()  # as withdrawing does
    assert readings.shared_profiles([other.pk]) == {}


def test_the_challenge_page_shows_the_shared_profile_only(world, similar, client) -> None:
    world.challenge.published = True
    world.challenge.save()
    world.challenge.agenda.published = True
    world.challenge.agenda.save()
    shared, wave = similar["shared"]
    below, _ = similar["below"]
    hidden, _ = similar["hidden"]
    findings = f"/gemeenschap/opgaven/{world.challenge.slug}/elders/"
    for viewer, headers in (
        (world.regisseur, {"HTTP_HX_REQUEST": "true"}),  # as the challenge page's section asks for it
        (world.linden_staff, {}),  # the findings' own page
    ):
        client.force_login(viewer)
        page = client.get(findings, **headers).content.decode()
        assert shared.title in page and below.title in page
        assert page.count('class="utrecht-table vk-profile"') == 1
        assert escape(f"Monitorprofiel van {shared.title}") in page
        for name, score in _expected(wave).items():
            assert f'<th scope="row">{escape(name)}</th><td class="vk-num">{_shown(score)} <svg' in page
        assert f"Monitorprofiel van {below.title}" not in page
        assert hidden.title not in page  # a non-public challenge elsewhere: neither title nor profile


def test_a_reader_who_may_see_a_non_public_challenge_still_gets_no_profile(world, similar, client) -> None:
    """Bergen's staff see Bergen's unpublished challenge, but its profile is not shared beyond
    Bergen, so it is not shown in Veerdam's "learned elsewhere" either."""
    from veerkracht.community.selectors import similar_elsewhere

    world.challenge.published = True
    world.challenge.save()
    world.challenge.agenda.published = True
    world.challenge.agenda.save()
    hidden, _ = similar["hidden"]
    hidden.regisseur = world.bergen_staff
    hidden.save()
    found = similar_elsewhere(world.challenge, world.bergen_staff)
    items = {i.title: i for i in found if i.kind == "challenge"}
    assert items[hidden.title].profile is None  # listed: Bergen's staff may see it
    assert items[similar["shared"][0].title].profile is not None


def test_profiles_for_many_challenges_take_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    challenges = [_challenge(world.bergen, f"Jongeren {n}") for n in range(4)]
    for n, challenge in enumerate(challenges):
        _reported(challenge, seed=20 + n)
    with django_assert_max_num_queries(5):
        profiles = readings.shared_profiles([c.pk for c in challenges])
    assert set(profiles) == {c.pk for c in challenges}


@pytest.mark.parametrize("similar_count", [1, 5])
def test_the_elsewhere_page_takes_as_many_queries_for_one_profile_as_for_five(
    world, client, django_assert_max_num_queries, similar_count
) -> None:
    for n in range(similar_count):
        challenge = _challenge(world.bergen, f"Eenzaamheid onder jongeren {n}")
        _reported(challenge, seed=30 + n)
    world.challenge.published = True
    world.challenge.save()
    world.challenge.agenda.published = True
    world.challenge.agenda.save()
    client.force_login(world.linden_staff)
    with django_assert_max_num_queries(22):  # 22 on SQLite, for one similar challenge as for five
        page = client.get(f"/gemeenschap/opgaven/{world.challenge.slug}/elders/").content.decode()
    assert page.count('class="utrecht-table vk-profile"') == similar_count
