"""POST /indicatoren/{id}/metingen: a measurement, recorded by the governance service, idempotent,
audited with the key, and only within the caller's own municipality."""

from __future__ import annotations

import json

import pytest

from tests.api.keys import bearer, make_key
from tests.governance.objective_world import gw, make_objective  # noqa: F401 - fixture
from veerkracht.audit.models import AuditEvent
from veerkracht.governance.models import Measurement

pytestmark = pytest.mark.django_db

BODY = {"date": "2026-06-30", "value": "47.5", "note": "Tweede kwartaal"}


@pytest.fixture
def indicator(gw):  # noqa: F811
    return make_objective(gw.challenge).indicators.get()


def post(client, indicator, body=BODY, **headers):
    return client.post(
        f"/api/v1/indicatoren/{indicator.pk}/metingen",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_a_key_of_the_municipality_records_a_measurement_and_it_is_audited(client, gw, indicator):  # noqa: F811
    key, secret = make_key(gw.veerdam, ["indicatoren:write"])
    response = post(client, indicator, **bearer(secret))
    assert response.status_code == 201
    measurement = Measurement.objects.get()
    assert (str(measurement.date), measurement.value, measurement.source) == ("2026-06-30", 47.5, "api")
    assert measurement.entered_by is None
    assert response.json()["id"] == measurement.pk and response.json()["value"] == "47.500000"
    event = AuditEvent.objects.get(event="api.write")
    assert event.details["api_key"] == key.prefix and event.details["organisation"] == "veerdam-g"
    assert event.actor is None and key.prefix in event.actor_repr


def test_a_key_of_a_partner_in_the_municipality_may_write_too(client, gw, indicator):  # noqa: F811
    partner = gw.agenda.partners.get()
    _, secret = make_key(partner, ["indicatoren:write"])
    assert post(client, indicator, **bearer(secret)).status_code == 201


def test_a_retried_post_with_the_same_idempotency_key_creates_once(client, gw, indicator):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    first = post(client, indicator, HTTP_IDEMPOTENCY_KEY="abc-1", **bearer(secret))
    again = post(client, indicator, HTTP_IDEMPOTENCY_KEY="abc-1", **bearer(secret))
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Measurement.objects.count() == 1
    assert AuditEvent.objects.filter(event="api.write").count() == 1


def test_the_same_idempotency_key_with_another_body_is_422(client, gw, indicator):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    assert post(client, indicator, HTTP_IDEMPOTENCY_KEY="abc-2", **bearer(secret)).status_code == 201
    other = post(client, indicator, {**BODY, "value": "48"}, HTTP_IDEMPOTENCY_KEY="abc-2", **bearer(secret))
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert Measurement.objects.get().value == 47.5


def test_idempotency_keys_of_different_callers_do_not_meet(client, gw, indicator):  # noqa: F811
    _, first = make_key(gw.veerdam, ["indicatoren:write"])
    _, second = make_key(gw.veerdam, ["indicatoren:write"])
    assert post(client, indicator, HTTP_IDEMPOTENCY_KEY="same", **bearer(first)).status_code == 201
    response = post(
        client, indicator, {**BODY, "date": "2026-07-31"}, HTTP_IDEMPOTENCY_KEY="same", **bearer(second)
    )
    assert response.status_code == 201
    assert Measurement.objects.count() == 2


def test_a_refused_request_is_not_stored_under_its_idempotency_key(client, gw, indicator):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    bad = post(client, indicator, {**BODY, "date": "2020-01-01"}, HTTP_IDEMPOTENCY_KEY="k", **bearer(secret))
    assert bad.status_code == 400
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["date"]  # before the baseline date
    assert post(client, indicator, HTTP_IDEMPOTENCY_KEY="k", **bearer(secret)).status_code == 201


def test_without_idempotency_key_a_repeat_is_refused_by_the_one_per_date_rule(client, gw, indicator):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    assert post(client, indicator, **bearer(secret)).status_code == 201
    again = post(client, indicator, **bearer(secret))
    assert again.status_code == 400
    assert [p["name"] for p in again.json()["invalidParams"]] == ["date"]
    assert Measurement.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"value": "1"}, ["date"]),
        ({"date": "2026-06-30"}, ["value"]),
        ({"date": "morgen", "value": "veel"}, ["date", "value"]),
        ({"date": "2026-06-30", "value": "1.1234567"}, ["value"]),
        ({"date": "2026-06-30", "value": "1", "note": "x" * 301}, ["note"]),
    ],
)
def test_bad_input_is_400_naming_each_field(client, gw, indicator, body, names):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    response = post(client, indicator, body, **bearer(secret))
    assert response.status_code == 400
    assert sorted(p["name"] for p in response.json()["invalidParams"]) == names
    assert not Measurement.objects.exists()


def test_a_bad_idempotency_key_is_400(client, gw, indicator):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    response = post(client, indicator, HTTP_IDEMPOTENCY_KEY="x" * 201, **bearer(secret))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "Idempotency-Key"


def test_a_key_without_the_write_scope_is_403(client, gw, indicator):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:read", "agendas:read", "agendas:write"])
    assert post(client, indicator, **bearer(secret)).status_code == 403
    assert not Measurement.objects.exists()


def test_anonymous_is_401(client, indicator):
    assert post(client, indicator).status_code == 401


def test_a_person_records_through_the_session_with_the_pages_rule(client, gw, indicator):  # noqa: F811
    client.force_login(gw.teamlid)
    assert post(client, indicator).status_code in (403, 404)
    client.force_login(gw.regisseur)
    response = post(client, indicator, HTTP_IDEMPOTENCY_KEY="s-1")
    assert response.status_code == 201
    assert post(client, indicator, HTTP_IDEMPOTENCY_KEY="s-1").status_code == 201
    measurement = Measurement.objects.get()
    assert measurement.entered_by == gw.regisseur
    assert AuditEvent.objects.get(event="api.write").actor == gw.regisseur


def test_an_unknown_indicator_is_404(client, gw):  # noqa: F811
    _, secret = make_key(gw.veerdam, ["indicatoren:write"])
    response = client.post(
        "/api/v1/indicatoren/999999/metingen", BODY, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 404
