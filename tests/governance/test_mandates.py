"""Giving and changing a mandate (versions, the decision log), the mandate page, use entries, and who
may do what (strict for writes: nothing is written when refused)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.governance.mandate_helpers import World, counts
from veerkracht.governance import usage as usage_module
from veerkracht.governance.models import DecisionKind, Mandate, MandateState, UsageEntry
from veerkracht.governance.services.decisions import content_of
from veerkracht.governance.services.mandates import enter_usage


@pytest.fixture
def mworld(db):
    return World()


def _post_data(**overrides):
    data = {
        "scope": "Pilot buurtbedrijf Rivierwijk",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "budget": "25000",
        "hours": "300",
        "decides_alone": "Welke bewoners meedoen",
        "warn_share": "0.80",
        "escalate_share": "1.00",
        "public": "on",
        "ruimte-TOTAL_FORMS": "2",
        "ruimte-INITIAL_FORMS": "0",
        "ruimte-MIN_NUM_FORMS": "0",
        "ruimte-MAX_NUM_FORMS": "30",
        "ruimte-0-rule": "Inkoopregel: drie offertes",
        "ruimte-0-explanation": "Eén offerte volstaat",
        "ruimte-0-allowed_by": "Wethouder Van Dam",
        "ruimte-0-until": "2027-06-30",
        "ruimte-1-rule": "",
        "ruimte-1-explanation": "",
        "ruimte-1-allowed_by": "Wethouder Van Dam",
        "ruimte-1-until": "",
    }
    data.update(overrides)
    return data


def test_giving_records_version_one_and_a_mandate_decision(mworld):
    mandate = mworld.give()
    assert (mandate.version, mandate.state, mandate.supersedes) == (1, MandateState.GEGEVEN, None)
    assert mandate.holder == mworld.regisseur and mandate.given_by == mworld.board
    assert [r.rule for r in mandate.experiment_rules.all()] == ["Aanbesteding boven 50.000"]
    decision = mandate.decision
    assert decision.kind == DecisionKind.MANDAAT and decision.challenge == mworld.challenge
    content = content_of(decision)
    assert content["decided_by"]["role"] == "bestuurder"
    assert content["decided_by"]["organisation"] == "Gemeente Veerdam"
    text = content["text"]
    for expected in ("Pilot buurtbedrijf in de Rivierwijk", "10.000,00", "100", "Inzet van het team"):
        assert expected in text
    assert "Aanbesteding boven 50.000" in text and "Onderhands gunnen" in text
    assert "2027" in text


def test_a_change_is_a_new_version_and_the_old_one_is_kept_unchanged(mworld):
    first = mworld.give()
    second = mworld.give(budget=Decimal("20000"), rules=[])
    first.refresh_from_db()
    assert first.state == MandateState.VERVANGEN and first.budget == Decimal("10000.00")
    assert first.experiment_rules.count() == 1  # the old version keeps its experimentation space
    assert (second.version, second.supersedes_id, second.state) == (2, first.pk, MandateState.GEGEVEN)
    assert Mandate.objects.filter(challenge=mworld.challenge, state=MandateState.GEGEVEN).count() == 1
    kinds = list(mworld.challenge.decisions.order_by("seq").values_list("kind", flat=True))
    assert kinds == [DecisionKind.MANDAAT, DecisionKind.MANDAAT]
    assert second.decision.seq == first.decision.seq + 1
    assert (
        "No experimentation space" in content_of(second.decision)["text"]
        or "Geen experimenteerruimte" in (content_of(second.decision)["text"])
    )


def test_a_challenge_without_a_regisseur_gets_no_mandate(mworld):
    challenge = ChallengeFactory(agenda=mworld.agenda, regisseur=None)
    before = counts()
    with pytest.raises(ValidationError):
        mworld.give(challenge=challenge)
    assert counts() == before


def test_the_page_says_why_when_there_is_no_regisseur(mworld, client):
    challenge = ChallengeFactory(agenda=mworld.agenda, regisseur=None)
    client.force_login(mworld.board)
    url = reverse("governance:mandate_give", kwargs={"slug": challenge.slug})
    assert "regisseur" in client.get(url).content.decode().lower()
    before = counts()
    response = client.post(url, _post_data())
    assert response.status_code == 200
    assert "regisseur" in response.content.decode().lower()
    assert counts() == before


@pytest.mark.parametrize("who", ["teamlid", "regisseur", "coordinator", "council"])
def test_only_the_board_gives_a_mandate_others_are_refused_and_nothing_is_written(mworld, client, who):
    user = getattr(mworld, who)
    client.force_login(user)
    url = reverse("governance:mandate_give", kwargs={"slug": mworld.challenge.slug})
    before = counts()
    assert client.get(url).status_code == 403
    assert client.post(url, _post_data()).status_code == 403
    assert counts() == before
    with pytest.raises(PermissionDenied):
        mworld.give(by=user)
    assert counts() == before


def test_the_other_municipalitys_board_sees_nothing_and_writes_nothing(mworld, client):
    client.force_login(mworld.other_board)
    before = counts()

    def url(name):
        return reverse(name, kwargs={"slug": mworld.challenge.slug})

    assert client.get(url("governance:mandate")).status_code == 404
    assert client.post(url("governance:mandate")).status_code == 405  # a page that only reads
    assert client.get(url("governance:mandate_give")).status_code == 404
    assert client.post(url("governance:mandate_give"), _post_data()).status_code == 404
    assert client.post(url("governance:usage_add"), _post_data()).status_code == 404
    assert counts() == before
    with pytest.raises(PermissionDenied):
        mworld.give(by=mworld.other_board)
    assert counts() == before


def test_the_board_gives_a_mandate_through_the_page(mworld, client):
    client.force_login(mworld.board)
    url = reverse("governance:mandate_give", kwargs={"slug": mworld.challenge.slug})
    page = client.get(url).content.decode()
    # the giving bestuurder is who allows the rules, by default
    assert page.count("Pieter van Dam") >= 3
    response = client.post(url, _post_data())
    assert response.status_code == 302
    mandate = Mandate.objects.get(challenge=mworld.challenge)
    assert (mandate.budget, mandate.hours, mandate.holder) == (
        Decimal("25000"),
        Decimal("300"),
        mworld.regisseur,
    )
    rules = list(mandate.experiment_rules.all())
    assert [(r.rule, r.allowed_by, r.until) for r in rules] == [
        ("Inkoopregel: drie offertes", "Wethouder Van Dam", dt.date(2027, 6, 30))
    ]
    assert mandate.decision.kind == DecisionKind.MANDAAT and mandate.decision.public
    # changing starts from the version in force and makes version 2
    page = client.get(url).content.decode()
    assert "Pilot buurtbedrijf Rivierwijk" in page and "Inkoopregel: drie offertes" in page
    data = _post_data(budget="30000", public="")
    data.pop("public")
    assert client.post(url, data).status_code == 302
    latest = Mandate.objects.get(challenge=mworld.challenge, state=MandateState.GEGEVEN)
    assert latest.version == 2 and latest.budget == Decimal("30000") and not latest.decision.public


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2026-12-31"}, "ends_on"),
        ({"budget": "-1"}, "budget"),
        ({"hours": "-5"}, "hours"),
        ({"warn_share": "0.90", "escalate_share": "0.50"}, "escalate_share"),
        ({"warn_share": "1.50"}, "warn_share"),
        ({"escalate_share": "9"}, "escalate_share"),
        ({"scope": ""}, "scope"),
        ({"starts_on": "31-31-2027"}, "starts_on"),
    ],
)
def test_bad_mandate_input_is_kept_and_named_and_nothing_is_written(mworld, client, overrides, field):
    client.force_login(mworld.board)
    url = reverse("governance:mandate_give", kwargs={"slug": mworld.challenge.slug})
    before = counts()
    data = _post_data(**overrides, decides_alone="Mijn getypte tekst")
    response = client.post(url, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Mijn getypte tekst" in response.content.decode()
    assert counts() == before


def test_a_rule_without_until_or_beyond_the_mandate_is_refused(mworld, client):
    client.force_login(mworld.board)
    url = reverse("governance:mandate_give", kwargs={"slug": mworld.challenge.slug})
    before = counts()
    response = client.post(url, _post_data(**{"ruimte-0-until": ""}))
    assert response.status_code == 200 and "until" in response.context["formset"].forms[0].errors
    response = client.post(url, _post_data(**{"ruimte-0-until": "2028-02-01"}))
    assert response.status_code == 200 and "until" in response.context["formset"].forms[0].errors
    assert "Inkoopregel: drie offertes" in response.content.decode()
    assert counts() == before


def test_form_errors_in_dutch_and_english(mworld, client):
    url = reverse("governance:mandate_give", kwargs={"slug": mworld.challenge.slug})
    client.force_login(mworld.board)
    dutch = client.post(url, _post_data(ends_on="2026-12-31")).content.decode()
    assert "De einddatum kan niet voor de begindatum liggen." in dutch
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(url, _post_data(ends_on="2026-12-31")).content.decode()
    assert "The end date cannot be before the start date." in english


@pytest.mark.parametrize("who", ["teamlid", "council", "board", "regisseur"])
def test_the_mandate_page_shows_mandate_use_space_and_versions(mworld, client, who):
    mworld.give(rules=[])
    mworld.give(
        rules=[
            __import__("veerkracht.governance.services.mandates", fromlist=["RuleInput"]).RuleInput(
                "Oude regel", "", "Pieter van Dam", dt.date(2020, 1, 1)
            )
        ]
    )
    enter_usage(
        challenge=mworld.challenge,
        by=mworld.regisseur,
        kind="geld",
        amount=Decimal("2500"),
        on=dt.date(2027, 2, 1),
        description="Huur buurthuis",
    )
    client.force_login(getattr(mworld, who))
    response = client.get(reverse("governance:mandate", kwargs={"slug": mworld.challenge.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pilot buurtbedrijf in de Rivierwijk" in body
    assert re.search(r"<meter id=\"use-money\"[^>]*max=\"10000(\.0+)?\"[^>]*value=\"2500(\.0+)?\"", body)
    assert "25%" in body  # 2.500 of 10.000
    assert "Oude regel" in body and ("verlopen" in body or "expired" in body)
    assert "Huur buurthuis" in body
    assert " style=" not in body
    may_enter = who == "regisseur"
    assert ('name="amount"' in body) is may_enter


def test_the_mandate_page_is_hidden_from_strangers(mworld, client):
    url = reverse("governance:mandate", kwargs={"slug": mworld.challenge.slug})
    assert client.get(url).status_code == 404
    client.force_login(mworld.other_board)
    assert client.get(url).status_code == 404


def test_mandate_page_queries_are_bounded(mworld, client, django_assert_max_num_queries):
    from veerkracht.governance.services.mandates import RuleInput

    client.force_login(mworld.board)
    url = reverse("governance:mandate", kwargs={"slug": mworld.challenge.slug})

    def fill(n: int) -> None:
        for i in range(n):
            mworld.give(rules=[RuleInput(f"Regel {i}-{j}", "", "X", dt.date(2027, 6, 1)) for j in range(3)])
            for j in range(3):
                enter_usage(
                    challenge=mworld.challenge,
                    by=mworld.regisseur,
                    kind="uren",
                    amount=Decimal(1),
                    on=dt.date(2027, 2, 1),
                    description=f"uur {i}-{j}",
                )

    fill(2)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    fill(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_use_entries_negative_only_as_a_correction(mworld, client):
    mworld.give()
    client.force_login(mworld.regisseur)
    url = reverse("governance:usage_add", kwargs={"slug": mworld.challenge.slug})
    data = {"kind": "geld", "amount": "1200.50", "on": "2027-02-01", "description": "Drukwerk"}
    assert client.post(url, data).status_code == 302
    before = counts()
    response = client.post(url, {**data, "amount": "-200", "description": "Te veel geboekt"})
    assert response.status_code == 200 and "amount" in response.context["usage_form"].errors
    assert "Te veel geboekt" in response.content.decode()
    assert counts() == before
    response = client.post(url, {**data, "amount": "-200", "description": "", "correction": "on"})
    assert response.status_code == 200 and "description" in response.context["usage_form"].errors
    assert counts() == before
    ok = {**data, "amount": "-200", "description": "Correctie drukwerk", "correction": "on"}
    assert client.post(url, ok).status_code == 302
    amounts = sorted(UsageEntry.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("-200.00"), Decimal("1200.50")]
    assert usage_module.usage_of(mworld.challenge).money == Decimal("1000.50")


@pytest.mark.parametrize(
    ("who", "status"), [("teamlid", 403), ("board", 403), ("council", 403), ("other_board", 404)]
)
def test_use_is_entered_by_regisseur_and_coordinator_only(mworld, client, who, status):
    mworld.give()
    client.force_login(getattr(mworld, who))
    url = reverse("governance:usage_add", kwargs={"slug": mworld.challenge.slug})
    before = counts()
    data = {"kind": "uren", "amount": "3", "on": "2027-02-01", "description": "Overleg"}
    assert client.post(url, data).status_code == status
    assert counts() == before
    client.force_login(mworld.coordinator)
    assert client.post(url, data).status_code == 302


def test_no_use_without_a_mandate(mworld):
    before = counts()
    with pytest.raises(ValidationError):
        enter_usage(
            challenge=mworld.challenge,
            by=mworld.regisseur,
            kind="geld",
            amount=Decimal(5),
            on=dt.date(2027, 2, 1),
            description="x",
        )
    assert counts() == before


def test_a_registered_usage_source_replaces_the_entries(mworld):
    mworld.give()
    enter_usage(
        challenge=mworld.challenge,
        by=mworld.regisseur,
        kind="uren",
        amount=Decimal("7.5"),
        on=dt.date(2027, 2, 1),
        description="x",
    )
    assert usage_module.usage_of(mworld.challenge) == usage_module.Usage(Decimal(0), Decimal("7.5"))

    def ledger(challenge):
        return Decimal("123.45"), Decimal(9)

    usage_module.register_usage_source(ledger)
    try:
        assert usage_module.usage_of(mworld.challenge) == usage_module.Usage(Decimal("123.45"), Decimal(9))
    finally:
        usage_module.unregister_usage_source(ledger)
    assert usage_module.usage_of(mworld.challenge).hours == Decimal("7.5")
