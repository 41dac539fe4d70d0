"""Every database constraint a fieldwork form can hit answers with a plain message on the field, and
the help texts state the limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.fieldwork.factories import v1
from veerkracht.fieldwork.forms import WaveForm
from veerkracht.fieldwork.models import Wave


def _data(**overrides):
    today = dt.date.today()
    data = {
        "instrument": v1().pk,
        "privacy_mode": "anonymous",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=20)).isoformat(),
        "k": "5",
        "languages": "nl,en",
        "report_language": "nl",
        "reminder_days": "7",
    }
    data.update(overrides)
    return data


def _constraint_names() -> list[str]:
    return [c.name for c in Wave._meta.constraints]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "nl", "en"),
    [
        ("k", "1", "minstens 2", "at least 2"),
        ("k", "0", "minstens 2", "at least 2"),
        ("reminder_days", "4", "minstens 5", "at least 5"),
    ],
)
def test_limits_give_plain_messages(wave_world, field, value, nl, en):
    for language, expected in (("nl", nl), ("en", en)):
        with translation.override(language):
            form = WaveForm(_data(**{field: value}), challenge=wave_world.wave_challenge)
            assert not form.is_valid()
            text = " ".join(str(e) for errors in form.errors.values() for e in errors)
            assert expected in text.lower(), text
            assert field in form.errors
            for name in _constraint_names():
                assert name not in text


@pytest.mark.django_db
def test_end_before_start_is_a_plain_message(wave_world):
    today = dt.date.today()
    with translation.override("nl"):
        form = WaveForm(
            _data(ends_on=(today - dt.timedelta(days=3)).isoformat()), challenge=wave_world.wave_challenge
        )
        assert not form.is_valid()
        text = str(form.errors)
        assert "ends_on" in form.errors
        assert not any(name in text for name in _constraint_names())


@pytest.mark.django_db
def test_help_texts_state_the_limits(wave_world):
    with translation.override("en"):
        form = WaveForm(challenge=wave_world.wave_challenge)
        assert "at least 2" in str(form.fields["k"].help_text).lower()
        assert "at least 5" in str(form.fields["reminder_days"].help_text).lower()
        assert form.fields["k"].widget.attrs.get("min") == 2


@pytest.mark.django_db
def test_new_wave_page_with_report_minimum_one(wave_world, client):
    client.force_login(wave_world.regisseur)
    response = client.post(f"/monitor/opgaven/{wave_world.wave_challenge.slug}/metingen/nieuw/", _data(k="1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "geschonden" not in body and "fieldwork_wave_k_min" not in body
    assert "minstens 2" in body
    assert not Wave.objects.filter(challenge=wave_world.wave_challenge).exists()
