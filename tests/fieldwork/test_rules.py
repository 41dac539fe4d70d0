"""Permission matrix: role × wave state on the regisseur's pages; another municipality gets 404;
a respondent's token opens only its own survey."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.fieldwork.factories import (
    WAVE_STATES,
    InvitationFactory,
    WaveFactory,
    random_rows,
    store_responses,
)
from tests.fieldwork.helpers import open_wave, tokens_in_outbox

pytestmark = pytest.mark.django_db

MANAGERS = ("regisseur", "coordinator")
PARTICIPANT_NOT_MANAGER = ("partner",)  # a partner representative sees the challenge, not its waves
OUTSIDERS = ("other_regisseur", "staff", "other_coordinator", "partner_staff")


def _expected(role: str, allowed: bool) -> int:
    if role in MANAGERS:
        return 200 if allowed else 403
    if role in PARTICIPANT_NOT_MANAGER:
        return 403
    return 404


@pytest.mark.parametrize("state", WAVE_STATES)
@pytest.mark.parametrize("role", [*MANAGERS, *PARTICIPANT_NOT_MANAGER, *OUTSIDERS])
def test_matrix(wave_world, make_wave, client, role, state):
    wave = make_wave(state=state)
    store_responses(wave, random_rows(wave, {"zorg_welzijn": 5, "onderwijs": 5, "wonen": 5}))
    client.force_login(getattr(wave_world, role))
    pages = {
        "fieldwork:wave": True,
        "fieldwork:invitations": True,
        "fieldwork:wave_edit": state == "concept",
        "fieldwork:report": state in ("gesloten", "gerapporteerd"),
        "fieldwork:export_csv": state in ("gesloten", "gerapporteerd"),
        "fieldwork:export_xlsx": state in ("gesloten", "gerapporteerd"),
        "fieldwork:import": state != "gerapporteerd",
    }
    for name, allowed in pages.items():
        status = client.get(reverse(name, args=[wave.pk])).status_code
        assert status == _expected(role, allowed), (name, role, state, status)


def test_missing_wave_and_foreign_wave_look_the_same(wave_world, client):
    foreign = WaveFactory(
        challenge__agenda=wave_world.other_agenda, challenge__regisseur=wave_world.other_coordinator
    )
    client.force_login(wave_world.regisseur)
    assert client.get(reverse("fieldwork:wave", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("fieldwork:wave", args=[foreign.pk + 1000])).status_code == 404
    assert client.get(reverse("fieldwork:report", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("fieldwork:remind", args=[foreign.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(wave_world, make_wave, client):
    wave = make_wave()
    assert client.get(reverse("fieldwork:wave", args=[wave.pk])).status_code == 302


def test_index_lists_only_managed_waves(wave_world, make_wave, client):
    mine = make_wave()
    other = WaveFactory(challenge__agenda=wave_world.other_agenda)
    client.force_login(wave_world.regisseur)
    body = client.get(reverse("fieldwork:index")).content.decode()
    assert reverse("fieldwork:wave", args=[mine.pk]) in body
    assert reverse("fieldwork:wave", args=[other.pk]) not in body


def test_token_opens_only_its_own_wave(wave_world, make_wave, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    a = make_wave()
    b = WaveFactory(challenge=wave_world.challenge(geagendeerd=True))
    InvitationFactory(wave=a, email="a@example.org")
    InvitationFactory(wave=b, email="b@example.org")
    open_wave(a, wave_world.regisseur)
    open_wave(b, wave_world.regisseur)
    tokens = tokens_in_outbox()
    body = client.get(f"/v/{tokens['a@example.org']}/").content.decode()
    assert a.challenge.title in body and b.challenge.title not in body
    # a respondent's token gives no access to the regisseur's pages
    assert client.get(reverse("fieldwork:wave", args=[a.pk])).status_code == 302
