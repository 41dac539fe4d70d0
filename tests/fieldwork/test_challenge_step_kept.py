"""The challenge page's monitor step counts the wave's completed responses. While the wave is open
they come in without a write that drops kept pages, so the page is kept briefly; a wave that is not
open takes responses only by an import, which drops every kept page. On a real Redis."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.fieldwork.factories import random_rows, store_responses
from tests.fieldwork.test_import import _file
from tests.plugins.kept import seconds_kept
from veerkracht.core import response_cache
from veerkracht.fieldwork import services

pytestmark = pytest.mark.django_db(transaction=True)


def shown(client, wave) -> str:
    url = reverse("agenda:challenge", kwargs={"slug": wave.challenge.slug})
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("state", "briefly"), [("open", True), ("gesloten", False), ("gerapporteerd", False)]
)
def test_the_page_is_kept_briefly_only_while_the_survey_is_open(
    kept, wave_world, make_wave, client, state, briefly
):
    wave = make_wave(**{state: True})
    store_responses(wave, random_rows(wave, {"wonen": 4}, seed=2))
    client.force_login(wave_world.regisseur)
    first = shown(client, wave)
    assert ", 4 ingevuld" in first.content.decode()
    (ttl,) = seconds_kept(kept)
    if briefly:
        assert 0 < ttl <= response_cache.VOLATILE_SECONDS
    else:
        assert response_cache.VOLATILE_SECONDS < ttl <= 300
    assert shown(client, wave)["X-Cache"] == "HIT"


def test_answers_imported_into_a_closed_wave_show_at_once(kept, wave_world, make_wave, client):
    wave = make_wave(gesloten=True)
    data, expected = _file(wave, n=4)
    services.responses_import(wave=wave, data=data, by=wave_world.regisseur)  # locks the instrument too
    client.force_login(wave_world.regisseur)
    before = shown(client, wave).content.decode()
    assert shown(client, wave)["X-Cache"] == "HIT"
    data, more = _file(wave, n=9, seed=8)
    data = data.replace(b"imp-", b"later-")  # other respondents
    services.responses_import(wave=wave, data=data, by=wave_world.regisseur)  # writes volatile tables only
    after = shown(client, wave)
    assert "X-Cache" not in after
    assert ", 4 ingevuld" in before
    assert f", {4 + len(more)} ingevuld" in after.content.decode()
