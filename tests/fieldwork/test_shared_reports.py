"""Who sees a wave (rules.py), as a role × state matrix: managers see everything the state allows; a
reported wave's report (page and PDF, never the person-level exports) is shared with the board of
the lead municipality and the partner contacts of the challenge's stakeholder organisations; an
installation administrator gets nothing by being one. Pages link only to what the person may open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.agenda.factories import StakeholderFactory
from tests.fieldwork.factories import WAVE_STATES, WaveFactory, random_rows, store_responses
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

# role → may view the wave page, may view the report (when the state allows), may export answers
MATRIX = {
    "regisseur": ("manage", "manage", "manage"),
    "coordinator": ("manage", "manage", "manage"),
    "bestuurder": (False, "reported", False),
    "stakeholder_contact": (False, "reported", False),
    "other_bestuurder": (False, False, False),
    "partner": (False, False, False),  # contact of an agenda partner that is no stakeholder here
    "staff": (False, False, False),
    "admin": (False, False, False),
}
REPORTABLE = ("gesloten", "gerapporteerd")


@pytest.fixture
def people(wave_world):
    w = wave_world
    stakeholder_org = OrganisationFactory(kind="bedrijf", municipality=w.veerdam)
    StakeholderFactory(challenge=w.wave_challenge, organisation=stakeholder_org)
    w.bestuurder = member(w.wave_challenge.lead_municipality, Role.BESTUURDER)
    w.other_bestuurder = member(w.other, Role.BESTUURDER)
    w.stakeholder_contact = member(stakeholder_org, Role.PARTNERCONTACT)
    w.admin = UserFactory(is_superuser=True, is_staff=True)
    return w


def _allowed(rule, state) -> bool:
    if rule == "manage":
        return True
    if rule == "reported":
        return state == "gerapporteerd"
    return False


@pytest.mark.parametrize("state", WAVE_STATES)
@pytest.mark.parametrize("role", list(MATRIX))
def test_role_state_matrix(people, role, state):
    wave = WaveFactory(challenge=people.wave_challenge, state=state)
    user = getattr(people, role)
    view, report, export = MATRIX[role]
    assert user.has_perm("fieldwork.view_wave", wave) is _allowed(view, state)
    assert user.has_perm("fieldwork.view_report", wave) is (
        _allowed(report, state) and (report != "manage" or state in REPORTABLE)
    )
    assert user.has_perm("fieldwork.export_answers", wave) is (
        _allowed(export, state) and state in REPORTABLE
    )
    assert not user.has_perm("fieldwork.choose_priorities", wave) or role in ("regisseur", "coordinator")


@pytest.mark.parametrize("role", ["bestuurder", "stakeholder_contact"])
def test_shared_report_opens_and_exports_do_not(people, client, role):
    wave = WaveFactory(challenge=people.wave_challenge, gerapporteerd=True)
    store_responses(wave, random_rows(wave, {"zorg_welzijn": 6, "onderwijs": 6}))
    client.force_login(getattr(people, role))
    page = client.get(reverse("fieldwork:report", args=[wave.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("fieldwork:export_csv", args=[wave.pk]) not in body
    assert f'href="{reverse("fieldwork:wave", args=[wave.pk])}"' not in body
    for name in ("fieldwork:export_csv", "fieldwork:export_xlsx", "fieldwork:export_codebook"):
        assert client.get(reverse(name, args=[wave.pk])).status_code == 403
    assert client.get(reverse("fieldwork:wave", args=[wave.pk])).status_code in (403, 404)
    closed = WaveFactory(challenge=people.wave_challenge, gesloten=True)
    assert client.get(reverse("fieldwork:report", args=[closed.pk])).status_code in (403, 404)


@pytest.mark.parametrize("role", list(MATRIX))
def test_monitor_page_links_only_to_what_opens(people, client, role):
    for state in WAVE_STATES:
        wave = WaveFactory(challenge=people.wave_challenge, state=state)
        store_responses(wave, random_rows(wave, {"zorg_welzijn": 3}))
    WaveFactory(challenge__agenda=people.other_agenda, gerapporteerd=True)
    client.force_login(getattr(people, role))
    body = client.get(reverse("fieldwork:index")).content.decode()
    links = set(re.findall(r'href="(/monitor/[^"#?]+)"', body))
    for link in links:
        status = client.get(link).status_code
        assert status == 200, (role, link, status)
    if role in ("bestuurder", "stakeholder_contact"):
        reported = people.wave_challenge.waves.get(state="gerapporteerd")
        assert reverse("fieldwork:report", args=[reported.pk]) in links
    if role == "admin":
        assert not links
