"""The governance resources: ``doelen``, ``indicatoren`` (with ``metingen``) and ``besluiten``. Every
answer is checked against docs/openapi.yaml by the test client (tests/api/conftest.py)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.api.keys import bearer, make_key
from tests.governance.objective_world import make_objective
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.governance import chain, selectors
from veerkracht.governance.models import Decision, Measurement, Objective, ObjectiveState
from veerkracht.governance.services.decisions import record_decision
from veerkracht.governance.services.objectives import current_objectives
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


class World:
    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, slug="veerdam", name="Gemeente Veerdam")
        self.linden = OrganisationFactory(gemeente=True, slug="linden", name="Gemeente Linden")
        self.public = ChallengeFactory(public=True, agenda__municipality=self.veerdam, slug="open-opgave")
        self.hidden = ChallengeFactory(
            agenda=AgendaFactory(municipality=self.veerdam), slug="dichte-opgave", title="Dichte opgave"
        )
        self.board = member(self.veerdam, Role.BESTUURDER, full_name="Wim Wethouder")
        self.outsider = member(self.linden, Role.MEDEWERKER, full_name="Lotte Linden")
        # O1 on the public challenge: baseline 40 on 2026-01-01, target 60 on 2028-01-01 (730 days)
        self.objective = make_objective(self.public, code="O1")
        self.indicator = self.objective.indicators.get()
        Measurement.objects.create(indicator=self.indicator, date=date(2026, 6, 1), value=Decimal(50))
        self.second = make_objective(self.public, code="O2", state=ObjectiveState.CONCEPT)
        self.hidden_objective = make_objective(self.hidden, code="H1")

    def decide(self, title: str, *, public: bool, challenge: Any = None) -> Decision:
        return record_decision(
            challenge=challenge or self.public,
            kind="besluit",
            title=title,
            text=f"Tekst van {title}",
            by=self.board,
            role="bestuurder",
            organisation=self.veerdam,
            public=public,
        )


@pytest.fixture
def w() -> World:
    return World()


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- doelen ------------------------------------------------------------------------------------------


def test_objectives_of_public_challenges_with_the_engine_status(client, w):
    rows = results(client.get("/api/v1/doelen"))
    assert [(r["code"], r["challenge"]) for r in rows] == [("O1", "open-opgave"), ("O2", "open-opgave")]
    o1 = rows[0]
    assert o1["id"] == w.objective.pk and o1["indicators"] == [w.indicator.pk]
    # 50 of the change 40 → 60 is half of it; on 2026-06-01 the plan asked 151/730 of it: ahead
    assert o1["progress"] == pytest.approx(50.0)
    assert o1["status"] == "op koers" and o1["incomplete"] is False
    assert rows[1]["status"] == "geen meting" and rows[1]["progress"] is None
    # what the challenge's governance page shows
    [page_row, _] = current_objectives(w.public)
    assert o1["status"] == page_row.result.status and o1["progress"] == page_row.result.progress


def test_objectives_filter_sort_and_pages(client, w):
    for code in ("O3", "O4", "O5"):
        make_objective(w.public, code=code)
    other = ChallengeFactory(public=True, agenda__municipality=w.linden, slug="andere-opgave")
    make_objective(other, code="A1")
    codes = [r["code"] for r in results(client.get("/api/v1/doelen?opgave=open-opgave&sort=-code"))]
    assert codes == ["O5", "O4", "O3", "O2", "O1"]
    page = client.get("/api/v1/doelen?opgave=open-opgave&pageSize=2&page=3").json()
    assert page["count"] == 5 and [r["code"] for r in page["results"]] == ["O5"]
    assert [r["code"] for r in results(client.get("/api/v1/doelen?state=concept"))] == ["O2"]
    for bad in ("sort=title", "state=vervangen-niet", "pageSize=0"):
        response = client.get(f"/api/v1/doelen?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["invalidParams"][0]["name"] == bad.split("=")[0]


def test_superseded_objectives_are_left_out_as_on_the_page(client, w):
    Objective.objects.filter(pk=w.second.pk).update(state=ObjectiveState.VERVANGEN)
    assert [r["code"] for r in results(client.get("/api/v1/doelen"))] == ["O1"]
    assert client.get(f"/api/v1/doelen/{w.second.pk}").status_code == 404


def test_objective_detail_and_visibility(client, w):
    detail = client.get(f"/api/v1/doelen/{w.objective.pk}").json()
    assert detail["code"] == "O1" and detail["status"] == "op koers" and detail["state"] == "voorgesteld"
    assert client.get(f"/api/v1/doelen/{w.hidden_objective.pk}").status_code == 404
    _, own = make_key(w.veerdam)
    _, other = make_key(w.linden)
    assert client.get(f"/api/v1/doelen/{w.hidden_objective.pk}", **bearer(own)).status_code == 200
    assert client.get(f"/api/v1/doelen/{w.hidden_objective.pk}", **bearer(other)).status_code == 404
    codes = {r["code"] for r in results(client.get("/api/v1/doelen", **bearer(own)))}
    assert codes == {"O1", "O2", "H1"}
    _, without_scope = make_key(w.veerdam, scopes=["indicatoren:read"])
    assert client.get("/api/v1/doelen", **bearer(without_scope)).status_code == 403


def test_objective_list_queries_do_not_grow_with_rows(client, w, django_assert_max_num_queries):
    for n in range(40):
        objective = make_objective(w.public, code=f"M{n:02}")
        indicator = objective.indicators.get()
        for month in (2, 3, 4):
            Measurement.objects.create(
                indicator=indicator, date=date(2026, month, 1), value=Decimal(42 + month)
            )
    with django_assert_max_num_queries(6):
        rows = results(client.get("/api/v1/doelen?pageSize=100"))
    assert len(rows) == 42 and all(r["status"] for r in rows)


# --- indicatoren -------------------------------------------------------------------------------------


def test_indicators_with_their_status_as_the_indicator_page_computes_it(client, w):
    rows = results(client.get("/api/v1/indicatoren"))
    assert {r["id"] for r in rows} == {w.indicator.pk, w.second.indicators.get().pk}
    row = client.get(f"/api/v1/indicatoren/{w.indicator.pk}").json()
    assert row["objective"] == w.objective.pk and row["challenge"] == "open-opgave"
    assert row["baseline_value"] == "40.000000" and row["target_date"] == "2028-01-01"
    assert row["latest_date"] == "2026-06-01" and row["latest_value"] == "50.000000"
    assert row["progress"] == pytest.approx(50.0)
    assert row["deviation"] == pytest.approx(0.5 - 151 / 730)
    assert row["status"] == "op koers" and row["status_label"] == "Op koers"
    assert row["forecast_date"] is None and row["on_trend"] is None  # two points make no trend
    [page_row, _] = current_objectives(w.public)
    assert row["status"] == page_row.indicators[0].result.status


def test_indicator_filters_and_visibility(client, w):
    hidden = w.hidden_objective.indicators.get()
    assert client.get(f"/api/v1/indicatoren/{hidden.pk}").status_code == 404
    _, own = make_key(w.veerdam)
    _, other = make_key(w.linden)
    assert client.get(f"/api/v1/indicatoren/{hidden.pk}", **bearer(own)).status_code == 200
    assert client.get(f"/api/v1/indicatoren/{hidden.pk}", **bearer(other)).status_code == 404
    mine = results(client.get("/api/v1/indicatoren?opgave=dichte-opgave", **bearer(own)))
    assert [r["id"] for r in mine] == [hidden.pk]
    assert results(client.get("/api/v1/indicatoren?opgave=dichte-opgave", **bearer(other))) == []
    by_objective = results(client.get(f"/api/v1/indicatoren?doel={w.objective.pk}"))
    assert [r["id"] for r in by_objective] == [w.indicator.pk]
    response = client.get("/api/v1/indicatoren?doel=een")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "doel"


def test_indicator_list_queries_do_not_grow_with_rows(client, w, django_assert_max_num_queries):
    for n in range(30):
        objective = make_objective(w.public, code=f"M{n:02}")
        Measurement.objects.create(
            indicator=objective.indicators.get(), date=date(2026, 2, 1), value=Decimal(41)
        )
    with django_assert_max_num_queries(7):
        rows = results(client.get("/api/v1/indicatoren?pageSize=100&sort=-code"))
    assert len(rows) == 32 and all(r["status"] for r in rows)


def test_an_indicators_measurements_sorted_and_paged(client, w):
    for month in (2, 3, 4):
        Measurement.objects.create(
            indicator=w.indicator, date=date(2026, month, 1), value=Decimal(40 + month)
        )
    rows = results(client.get(f"/api/v1/indicatoren/{w.indicator.pk}/metingen"))
    assert [r["date"] for r in rows] == ["2026-02-01", "2026-03-01", "2026-04-01", "2026-06-01"]
    assert rows[0]["value"] == "42.000000" and rows[0]["indicator"] == w.indicator.pk
    page = client.get(f"/api/v1/indicatoren/{w.indicator.pk}/metingen?sort=-date&pageSize=3&page=2").json()
    assert page["count"] == 4 and [r["date"] for r in page["results"]] == ["2026-02-01"]
    hidden = w.hidden_objective.indicators.get()
    assert client.get(f"/api/v1/indicatoren/{hidden.pk}/metingen").status_code == 404
    assert client.get(f"/api/v1/indicatoren/{w.indicator.pk}/metingen?sort=value").status_code == 400


def test_anonymous_callers_still_may_not_record_measurements(client, w):
    response = client.post(
        f"/api/v1/indicatoren/{w.indicator.pk}/metingen",
        json.dumps({"date": "2026-07-01", "value": "51"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert Measurement.objects.count() == 1


# --- besluiten ---------------------------------------------------------------------------------------


def _log(client: Any, slug: str, **extra: Any) -> list[dict[str, Any]]:
    return results(client.get(f"/api/v1/besluiten?gemeente={slug}&pageSize=100", **extra))


def _verify(entries: list[dict[str, Any]], slug: str) -> chain.Verification:
    document = {
        "chain": slug,
        "head": entries[-1]["hash"] if entries else None,
        "entries": [
            {k: e[k] for k in ("seq", "recorded_at", "prev", "digest", "hash", "content")} for e in entries
        ],
    }
    return chain.verify(document)


def test_decisions_are_redacted_exactly_as_on_the_public_log_page(client, w):
    w.decide("Open besluit", public=True)
    w.decide("Vertrouwelijk besluit", public=False, challenge=w.hidden)
    w.decide("Tweede open besluit", public=True)
    entries = _log(client, "veerdam")
    page_entries = selectors.log_entries(selectors.log_queryset(w.veerdam))
    assert [e["seq"] for e in entries] == [p.seq for p in page_entries] == [1, 2, 3]
    for entry, shown in zip(entries, page_entries, strict=True):
        assert entry["redacted"] is (not shown.public)
        assert (entry["hash"], entry["digest"], entry["prev"]) == (shown.hash, shown.digest, shown.prev)
        if shown.public:
            assert entry["content"]["title"] == shown.title and entry["content"]["text"] == shown.text
            assert entry["kind_label"] == shown.kind_label
        else:
            assert entry["content"] is None and entry["kind_label"] is None
    text = json.dumps(entries, ensure_ascii=False)
    page = client.get(reverse("governance:decision_log", args=["veerdam"])).content.decode()
    for secret in ("Vertrouwelijk besluit", "dichte-opgave"):
        assert secret not in text and secret not in page
    verified = _verify(entries, "veerdam")
    assert verified.valid and verified.redacted == 1 and verified.head == entries[-1]["hash"]


def test_confidential_content_only_for_the_own_municipality(client, w):
    w.decide("Open besluit", public=True)
    w.decide("Vertrouwelijk besluit", public=False)
    _, own = make_key(w.veerdam)
    _, other = make_key(w.linden)
    mine = _log(client, "veerdam", **bearer(own))
    assert mine[1]["redacted"] is False and mine[1]["content"]["title"] == "Vertrouwelijk besluit"
    assert mine[1]["public"] is False
    verified = _verify(mine, "veerdam")
    assert verified.valid and verified.redacted == 0
    assert _log(client, "veerdam", **bearer(other))[1]["content"] is None
    client.force_login(w.board)  # the board may read confidential decisions on the challenge's pages
    assert _log(client, "veerdam")[1]["content"]["title"] == "Vertrouwelijk besluit"
    client.force_login(w.outsider)
    assert _log(client, "veerdam")[1]["content"] is None


def test_a_changed_entry_does_not_verify(client, w):
    w.decide("Open besluit", public=True)
    w.decide("Tweede", public=True)
    entries = _log(client, "veerdam")
    entries[0]["content"]["text"] = "Iets anders"
    verified = _verify(entries, "veerdam")
    assert not verified.valid and verified.first_broken == 1


def test_decision_filters_and_sorting(client, w):
    w.decide("Eerste", public=True)
    w.decide("Over de dichte opgave", public=True, challenge=w.hidden)
    other = ChallengeFactory(public=True, agenda__municipality=w.linden, slug="linden-opgave")
    record_decision(
        challenge=other,
        kind="besluit",
        title="Linden",
        text="Tekst",
        by=w.outsider,
        role="bestuurder",
        organisation=w.linden,
    )
    everyone = results(client.get("/api/v1/besluiten?sort=-recordedAt"))
    assert len(everyone) == 3
    assert [e["municipality"] for e in _log(client, "linden")] == ["linden"]
    about = results(client.get("/api/v1/besluiten?opgave=open-opgave"))
    assert [e["content"]["title"] for e in about] == ["Eerste"]
    # the log is public, but a challenge the caller may not read is no filter to probe it with
    assert results(client.get("/api/v1/besluiten?opgave=dichte-opgave")) == []
    _, own = make_key(w.veerdam)
    assert len(results(client.get("/api/v1/besluiten?opgave=dichte-opgave", **bearer(own)))) == 1
    assert [e["seq"] for e in _log(client, "veerdam")] == [1, 2]
    assert client.get("/api/v1/besluiten?sort=title").status_code == 400


def test_decision_list_queries_do_not_grow_with_rows(client, w, django_assert_max_num_queries):
    for n in range(30):
        w.decide(f"Besluit {n}", public=n % 3 != 0)
    _, own = make_key(w.veerdam)
    with django_assert_max_num_queries(3):
        assert len(results(client.get("/api/v1/besluiten?pageSize=100"))) == 30
    with django_assert_max_num_queries(8):
        rows = results(client.get("/api/v1/besluiten?pageSize=100", **bearer(own)))
    assert all(not row["redacted"] for row in rows)
    client.force_login(w.board)
    with django_assert_max_num_queries(14):
        rows = results(client.get("/api/v1/besluiten?pageSize=100"))
    assert all(not row["redacted"] for row in rows)
