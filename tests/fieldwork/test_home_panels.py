"""Every home-page panel (each app's panels.py) shows what its provider found: with data present, the
rendered panel has one list entry per object the provider put in its context."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from tests.fieldwork.factories import InvitationFactory, WaveFactory
from veerkracht.core.dashboard import _PROVIDERS, dashboard_for
from veerkracht.teams.models import Team


def _objects_in(context: dict) -> int:
    return sum(len(v) for v in context.values() if isinstance(v, list | tuple))


@pytest.mark.django_db
def test_every_panel_lists_its_objects(wave_world):
    w = wave_world
    wave = WaveFactory(challenge=w.wave_challenge, open=True)
    InvitationFactory(wave=wave)
    Team.objects.create(challenge=w.wave_challenge, leader=w.regisseur)
    seen = set()
    for user in (w.coordinator, w.regisseur):
        for panel in dashboard_for(user):
            seen.add(panel.key)
            expected = _objects_in(panel.context)
            assert expected, f"panel {panel.key} has no data in this test"
            html = render_to_string(panel.template, {"panel": panel})
            assert len(re.findall(r"<li\b", html)) == expected, (panel.key, html)
    providers = {p.__module__.split(".")[1] for p in _PROVIDERS}
    assert {"agenda", "fieldwork", "teams"} <= providers
    assert seen == {"agenda", "fieldwork", "teams", "network"}  # the network panel: links to theirs
