"""API keys: made by the organisation's beheerder, shown once, stored hashed, scoped, expiring,
revocable, their use visible."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.api.keys import bearer, make_key
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.api import services
from veerkracht.api.models import ApiKey
from veerkracht.audit.models import AuditEvent
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return OrganisationFactory(gemeente=True, slug="gemeente-a")


def test_the_secret_is_stored_only_as_its_sha256(gemeente):
    key, secret = make_key(gemeente)
    assert secret.startswith(f"vk_{key.prefix}_") and len(secret) > 40
    assert key.secret_hash == hashlib.sha256(secret.encode("utf-8")).hexdigest()
    stored = ApiKey.objects.filter(pk=key.pk).values().get()
    assert not any(secret in str(value) for value in stored.values())


def test_a_key_authenticates_and_its_use_is_recorded(client, gemeente):
    key, secret = make_key(gemeente, ["organisaties:read"])
    assert key.last_used_at is None
    response = client.get("/api/v1/organisaties", **bearer(secret))
    assert response.status_code == 200
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer vk_00000000_nope", "Bearer nonsense", "Token abc", "Bearer ", "Basic dXNlcjpwdw=="],
)
def test_an_unknown_or_malformed_key_is_401(client, gemeente, header):
    make_key(gemeente)
    response = client.get("/api/v1/agendas", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_wrong_secret_with_a_real_prefix_is_401(client, gemeente):
    key, secret = make_key(gemeente)
    assert client.get("/api/v1/agendas", **bearer(secret[:-2] + "xx")).status_code == 401


def test_an_expired_key_is_401(client, gemeente):
    key, secret = make_key(gemeente)
    past = timezone.now() - timedelta(days=1)
    ApiKey.objects.filter(pk=key.pk).update(created_at=past - timedelta(days=30), expires_at=past)
    assert client.get("/api/v1/agendas", **bearer(secret)).status_code == 401


def test_a_revoked_key_is_401_and_the_revocation_is_audited(client, gemeente):
    beheerder = member(gemeente, Role.BEHEERDER)
    key, secret = make_key(gemeente)
    assert client.get("/api/v1/agendas", **bearer(secret)).status_code == 200
    services.revoke_key(key=key, by=beheerder)
    assert client.get("/api/v1/agendas", **bearer(secret)).status_code == 401
    assert AuditEvent.objects.filter(event="api.key_revoked", actor=beheerder, object_id=str(key.pk)).exists()


@pytest.mark.parametrize(
    ("scopes", "path", "expected"),
    [
        (["organisaties:read"], "/api/v1/organisaties", 200),
        (["agendas:read"], "/api/v1/organisaties", 403),
        (["organisaties:write"], "/api/v1/organisaties", 403),
        (["agendas:read"], "/api/v1/opgaven", 200),
        (["indicatoren:read", "indicatoren:write"], "/api/v1/opgaven", 403),
        (["agendas:read"], "/api/v1/belanghebbenden", 200),
    ],
)
def test_a_key_reads_only_within_its_scopes(client, gemeente, scopes, path, expected):
    _, secret = make_key(gemeente, scopes)
    response = client.get(path, **bearer(secret))
    assert response.status_code == expected


def test_a_key_cannot_use_the_computations(client, gemeente):
    _, secret = make_key(gemeente)
    response = client.post("/api/v1/monitor/scores", {}, content_type="application/json", **bearer(secret))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("scopes", "days", "field"),
    [([], 30, "scopes"), (["alles:read"], 30, "scopes"), (["agendas:read"], 0, "expires_on"),
     (["agendas:read"], -3, "expires_on"), (["agendas:read"], 400, "expires_on")],
)  # fmt: skip
def test_making_a_key_refuses_bad_input(gemeente, scopes, days, field):
    with pytest.raises(ValidationError) as caught:
        services.create_key(
            organisation=gemeente,
            name="x",
            scopes=scopes,
            expires_on=timezone.localdate() + timedelta(days=days),
            by=None,
        )
    assert field in caught.value.message_dict
    assert not ApiKey.objects.exists()


# --- the pages -----------------------------------------------------------------------------------


def keys_page(slug: str) -> str:
    return f"/organisaties/{slug}/api-sleutels/"


def test_the_beheerder_makes_a_key_and_sees_the_secret_once(client, gemeente):
    beheerder = member(gemeente, Role.BEHEERDER)
    client.force_login(beheerder)
    expires = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(
        keys_page(gemeente.slug),
        {"name": "Dataportaal", "scopes": ["agendas:read", "indicatoren:write"], "expires_on": expires},
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"vk_{key.prefix}_") and secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert key.scopes == ["agendas:read", "indicatoren:write"] and key.created_by == beheerder
    assert AuditEvent.objects.filter(event="api.key_created", actor=beheerder).count() == 1
    again = client.get(keys_page(gemeente.slug)).content.decode()
    assert key.prefix in again and secret not in again
    assert client.get("/api/v1/agendas", **bearer(secret)).status_code == 200


def test_a_form_with_errors_keeps_what_was_typed(client, gemeente):
    client.force_login(member(gemeente, Role.BEHEERDER))
    response = client.post(keys_page(gemeente.slug), {"name": "Dataportaal", "expires_on": "2020-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors and not ApiKey.objects.exists()
    assert 'value="Dataportaal"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.MEDEWERKER, Role.COORDINATOR, Role.REGISSEUR, Role.PARTNERCONTACT])
def test_other_roles_may_not_manage_keys(client, gemeente, role):
    make_key(gemeente)
    client.force_login(member(gemeente, role))
    assert client.get(keys_page(gemeente.slug)).status_code == 403
    assert client.post(keys_page(gemeente.slug), {"name": "x"}).status_code == 403


def test_a_beheerder_of_another_municipality_cannot_see_or_revoke_keys(client, gemeente):
    key, _ = make_key(gemeente)
    other = OrganisationFactory(gemeente=True, slug="gemeente-b")
    client.force_login(member(other, Role.BEHEERDER))
    assert client.get(keys_page(gemeente.slug)).status_code == 403
    assert client.post(f"{keys_page(gemeente.slug)}{key.pk}/intrekken/").status_code == 403
    # through its own organisation's address the key is not found
    assert client.post(f"{keys_page(other.slug)}{key.pk}/intrekken/").status_code == 404
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None


def test_the_beheerder_revokes_a_key(client, gemeente):
    key, secret = make_key(gemeente)
    client.force_login(member(gemeente, Role.BEHEERDER))
    response = client.post(f"{keys_page(gemeente.slug)}{key.pk}/intrekken/")
    assert response.status_code == 302
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    client.logout()
    assert client.get("/api/v1/agendas", **bearer(secret)).status_code == 401


def test_the_key_list_shows_last_use(client, gemeente):
    key, secret = make_key(gemeente)
    client.get("/api/v1/agendas", **bearer(secret))
    client.force_login(member(gemeente, Role.BEHEERDER))
    page = client.get(keys_page(gemeente.slug)).content.decode()
    assert "never" not in page and "nooit" not in page
