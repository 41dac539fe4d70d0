"""Objectives: proposing, the two-party agreement (one decision in the log), new versions instead of
edits, municipal goals, and who may do what (the other municipality's board and a team member none of
the writes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.governance.objective_world import gw, indicator_data, make_objective  # noqa: F401
from veerkracht.governance.models import Decision, Indicator, Measurement, Objective, ObjectiveState
from veerkracht.governance.services.decisions import content_of

pytestmark = pytest.mark.django_db


def form_data(code="O1", name="Minder eenzaamheid", indicators=(), **extra):
    data = {"code": code, "name": name, "description": "", "contributes_to": ""}
    rows = list(indicators) or [indicator_data()]
    data.update(
        {
            "ind-TOTAL_FORMS": str(len(rows) + 1),
            "ind-INITIAL_FORMS": "0",
            "ind-MIN_NUM_FORMS": "0",
            "ind-MAX_NUM_FORMS": "1000",
        }
    )
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"ind-{n}-{key}"] = "" if value is None else str(value)
    data.update(extra)
    return data


def propose(client, gw, **kwargs):  # noqa: F811
    client.force_login(gw.regisseur)
    return client.post(reverse("governance:objective_create", args=[gw.challenge.slug]), form_data(**kwargs))


def confirm(client, user, objective, party):
    client.force_login(user)
    return client.post(reverse("governance:objective_confirm", args=[objective.pk]), {"as": party})


def test_propose_and_agree_in_either_order_records_one_decision(client, gw):  # noqa: F811
    response = propose(client, gw)
    assert response.status_code == 302
    objective = Objective.objects.get(challenge=gw.challenge)
    assert objective.state == ObjectiveState.VOORGESTELD
    assert [i.code for i in objective.indicators.all()] == ["I1"]

    assert confirm(client, gw.regisseur, objective, "regisseur").status_code == 302
    objective.refresh_from_db()
    assert objective.state == ObjectiveState.VOORGESTELD and objective.regisseur_confirmed_by == gw.regisseur
    assert not Decision.objects.exists()

    assert confirm(client, gw.bestuurder, objective, "board").status_code == 302
    objective.refresh_from_db()
    assert objective.state == ObjectiveState.OVEREENGEKOMEN
    decision = Decision.objects.get()
    assert objective.agreement == decision and decision.kind == "doelwijziging"
    content = content_of(decision)
    assert content["decided_by"]["role"] == "bestuurder"
    assert content["decided_by"]["organisation"] == "Gemeente Veerdam"
    assert content["refs"] == ["bevestigd door Rita Regisseur (innovatieregisseur)"]
    assert "I1 Indicator I1: van 40 % op 2026-01-01 naar 60 % op 2028-01-01" in content["text"]


def test_board_first_then_regisseur(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    confirm(client, gw.bestuurder, objective, "board")
    confirm(client, gw.regisseur, objective, "regisseur")
    objective.refresh_from_db()
    assert objective.state == ObjectiveState.OVEREENGEKOMEN
    assert content_of(Decision.objects.get())["decided_by"]["role"] == "innovatieregisseur"
    # confirming again changes nothing and records nothing
    confirm(client, gw.bestuurder, objective, "board")
    assert Decision.objects.count() == 1


def test_invalid_indicators_keep_input_and_say_what_is_wrong(client, gw):  # noqa: F811
    bad = indicator_data(target_date=date(2025, 1, 1), target_value=Decimal(40), tolerance="0.7", weight="0")
    second = indicator_data(code="I1")
    response = propose(client, gw, name="Mijn doel", indicators=[bad, second])
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Mijn doel"' in text
    assert "De streefdatum moet na de datum van de nulmeting liggen." in text
    formset = response.context["formset"]
    assert set(formset.forms[0].errors) == {"target_date", "target_value", "tolerance", "weight"}
    assert not Objective.objects.exists()


def test_duplicate_indicator_codes_refused(client, gw):  # noqa: F811
    response = propose(client, gw, indicators=[indicator_data(), indicator_data(name="Nog een")])
    assert response.status_code == 200
    assert "code" in response.context["formset"].forms[1].errors
    assert not Objective.objects.exists()


def test_edit_while_proposed_withdraws_confirmations(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    confirm(client, gw.bestuurder, objective, "board")
    client.force_login(gw.coordinator)
    data = form_data(name="Nieuwe naam", indicators=[indicator_data(target_value=Decimal(70))])
    response = client.post(reverse("governance:objective_edit", args=[objective.pk]), data)
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.name == "Nieuwe naam" and objective.board_confirmed_by is None
    assert objective.indicators.get().target_value == Decimal(70)


def test_agreed_objective_is_never_edited_in_place(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge, state=ObjectiveState.OVEREENGEKOMEN)
    client.force_login(gw.regisseur)
    data = form_data(name="Stiekem", indicators=[indicator_data(target_value=Decimal(99))])
    response = client.post(reverse("governance:objective_edit", args=[objective.pk]), data)
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.name == "Doel O1" and objective.indicators.get().target_value == Decimal(60)
    assert Objective.objects.count() == 1


def test_change_is_a_new_version_with_copied_measurements(client, gw):  # noqa: F811
    old = make_objective(gw.challenge, state=ObjectiveState.OVEREENGEKOMEN)
    old_indicator = old.indicators.get()
    Measurement.objects.create(indicator=old_indicator, date=date(2026, 6, 1), value=45)
    client.force_login(gw.regisseur)
    data = form_data(name="Bijgesteld", indicators=[indicator_data(target_value=Decimal(55))])
    response = client.post(reverse("governance:objective_new_version", args=[old.pk]), data)
    assert response.status_code == 302
    new = Objective.objects.get(supersedes=old)
    assert (new.version, new.state, new.code, new.name) == (2, ObjectiveState.VOORGESTELD, "O1", "Bijgesteld")
    new_indicator = new.indicators.get()
    assert new_indicator.pk != old_indicator.pk
    assert list(new_indicator.measurements.values_list("date", "value")) == [(date(2026, 6, 1), Decimal(45))]
    old.refresh_from_db()
    assert old.state == ObjectiveState.OVEREENGEKOMEN  # still in force until the new one is agreed

    confirm(client, gw.regisseur, new, "regisseur")
    confirm(client, gw.bestuurder, new, "board")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, new.state) == (ObjectiveState.VERVANGEN, ObjectiveState.OVEREENGEKOMEN)
    assert Decision.objects.count() == 1
    # the page shows the current version only
    page = client.get(reverse("governance:challenge", args=[gw.challenge.slug]))
    assert [r.objective.pk for r in page.context["rows"]] == [new.pk]


def test_one_person_cannot_be_both_parties(client, gw):  # noqa: F811
    from tests.organisations.factories import MembershipFactory
    from veerkracht.organisations.models import Role

    MembershipFactory(user=gw.regisseur, organisation=gw.veerdam, role=Role.BESTUURDER)
    objective = make_objective(gw.challenge)
    confirm(client, gw.regisseur, objective, "regisseur")
    confirm(client, gw.regisseur, objective, "board")
    objective.refresh_from_db()
    assert objective.state == ObjectiveState.VOORGESTELD and objective.board_confirmed_by is None
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["other_bestuurder", "teamlid"])
def test_outsiders_see_nothing_and_write_nothing(client, gw, who):  # noqa: F811
    objective = make_objective(gw.challenge)
    indicator = objective.indicators.get()
    client.force_login(getattr(gw, who))
    assert client.get(reverse("governance:challenge", args=[gw.challenge.slug])).status_code == 404
    assert client.get(reverse("governance:indicator", args=[indicator.pk])).status_code == 404
    posts = [
        (reverse("governance:objective_create", args=[gw.challenge.slug]), form_data(code="O2")),
        (reverse("governance:objective_edit", args=[objective.pk]), form_data(name="X")),
        (reverse("governance:objective_confirm", args=[objective.pk]), {"as": "board"}),
        (
            reverse("governance:measurements", args=[objective.pk]),
            {"indicator": "I1", "date": "2026-05-01", "value": "41"},
        ),
        (reverse("governance:monitor_sync", args=[gw.challenge.slug]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    objective.refresh_from_db()
    assert objective.name == "Doel O1" and objective.board_confirmed_by is None
    assert Objective.objects.count() == 1 and not Measurement.objects.exists()


def test_participant_reads_but_does_not_write(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    client.force_login(gw.contact)
    assert client.get(reverse("governance:challenge", args=[gw.challenge.slug])).status_code == 200
    assert (
        client.post(
            reverse("governance:objective_create", args=[gw.challenge.slug]), form_data(code="O2")
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("governance:objective_confirm", args=[objective.pk]), {"as": "board"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("governance:objective_confirm", args=[objective.pk]), {"as": "regisseur"}
        ).status_code
        == 403
    )
    url = reverse("governance:measurements", args=[objective.pk])
    assert client.post(url, {"indicator": "I1", "date": "2026-05-01", "value": "41"}).status_code == 403
    # the board does not confirm as regisseur, the regisseur not for the board
    assert confirm(client, gw.bestuurder, objective, "regisseur").status_code == 403
    assert confirm(client, gw.regisseur, objective, "board").status_code == 403
    objective.refresh_from_db()
    assert Objective.objects.count() == 1 and objective.board_confirmed_by is None
    assert objective.regisseur_confirmed_by is None and not Measurement.objects.exists()


def test_municipal_goal_and_contribution(client, gw):  # noqa: F811
    client.force_login(gw.coordinator)
    url = reverse("governance:goal_create", args=[gw.agenda.slug])
    assert client.post(url, {"code": "G1", "name": "Iedereen doet mee"}).status_code == 302
    goal = Objective.objects.get(agenda=gw.agenda)
    propose(client, gw, contributes_to=str(goal.pk))
    assert Objective.objects.get(challenge=gw.challenge).contributes_to == goal
    client.force_login(gw.regisseur)  # not a coordinator: no goals
    assert client.post(url, {"code": "G2", "name": "X"}).status_code == 404
    assert Objective.objects.filter(agenda=gw.agenda).count() == 1


def test_challenge_page_shows_status_sentence_mandate_and_decisions(client, gw):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    start, end = today - timedelta(days=365), today + timedelta(days=365)
    objective = make_objective(gw.challenge, baseline_date=start, target_date=end)
    indicator = objective.indicators.get()
    # 40 → 60 over 730 days; today (day 365) planned 50, measured 52
    Measurement.objects.create(indicator=indicator, date=today, value=52)
    client.force_login(gw.bestuurder)
    response = client.get(
        reverse("governance:challenge", args=[gw.challenge.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    text = response.content.decode()
    # progress 12/20 = 60 %; deviation (52 − 50)/20 = 0.1 → 0.1 · 20 = 2 points ahead
    assert "Op koers: 60 % van de beoogde verandering, 2 punten voor op de planning" in text
    assert "/besturen/opgaven/opgave-g/mandaat/" in text
    assert client.get(reverse("governance:indicator", args=[indicator.pk])).status_code == 200


def _fill(challenge, n):
    for k in range(n):
        objective = make_objective(challenge, code=f"O{k}")
        Indicator.objects.create(objective=objective, **indicator_data(code="I2"))
        for i in objective.indicators.all():
            for month in range(1, 7):
                Measurement.objects.create(indicator=i, date=date(2026, month + 1, 1), value=40 + month)


def test_challenge_page_queries_are_bounded(client, gw):  # noqa: F811
    client.force_login(gw.regisseur)
    url = reverse("governance:challenge", args=[gw.challenge.slug])
    _fill(gw.challenge, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill_more = [make_objective(gw.challenge, code=f"P{k}") for k in range(8)]
    assert len(_fill_more) == 8
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 30
