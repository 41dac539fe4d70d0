"""Whole answers to anonymous visitors kept in the shared cache (core.response_cache), on a real Redis:
kept and served without a query, dropped by every kind of committed write, never served to anyone
who is logged in or calls with a key, and never a way around the API's rate limit."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.core.test_redis_away import closed_redis_url
from tests.organisations.factories import UserFactory
from tests.services import redis_cache
from veerkracht.agenda.models import Challenge
from veerkracht.api.throttles import ANONYMOUS_RATE
from veerkracht.core import response_cache
from veerkracht.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def challenge():
    return ChallengeFactory(public=True, title="Eenzaamheid onder ouderen")


def page(challenge: Challenge) -> str:
    return reverse("agenda:public_challenge", kwargs={"slug": challenge.slug})


def test_an_anonymous_answer_is_kept_and_served_without_a_query(kept, challenge, client):
    first = client.get(page(challenge))
    assert first.status_code == 200 and "X-Cache" not in first
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        second = client.get(page(challenge))
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def _update(challenge):
    Challenge.objects.filter(pk=challenge.pk).update(title="Nieuwe titel")


def _update_in_transaction(challenge):
    with transaction.atomic():
        _update(challenge)


def _save(challenge):
    challenge.title = "Nieuwe titel"
    challenge.save()


@pytest.mark.parametrize("write", [_update, _update_in_transaction, _save])
def test_a_committed_write_drops_every_kept_answer(kept, challenge, client, write):
    client.get(page(challenge))
    assert client.get(page(challenge))["X-Cache"] == "HIT"
    write(challenge)
    fresh = client.get(page(challenge))
    assert "X-Cache" not in fresh
    assert "Nieuwe titel" in fresh.content.decode()


def test_a_write_that_is_rolled_back_keeps_them(kept, challenge, client):
    client.get(page(challenge))
    with pytest.raises(RuntimeError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(title="Nooit gezien")
        raise RuntimeError
    again = client.get(page(challenge))
    assert again["X-Cache"] == "HIT"
    assert "Nooit gezien" not in again.content.decode()


def test_writes_to_a_volatile_table_keep_them(kept, challenge, client):
    assert OutgoingEmail._meta.db_table in response_cache.volatile_tables()
    client.get(page(challenge))
    OutgoingEmail.objects.create(to="iemand@example.org", subject="Herinnering", body_text="Tekst")
    assert client.get(page(challenge))["X-Cache"] == "HIT"


def _union(challenge):
    first = Challenge.objects.filter(pk=challenge.pk).order_by().values_list("pk")
    return list(first.union(Challenge.objects.order_by().values_list("pk"), all=True))


def _with(challenge):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("WITH c AS (SELECT id FROM agenda_challenge) SELECT count(*) FROM c")


@pytest.mark.parametrize("read", [_union, _with], ids=["union", "with"])
def test_reads_of_every_shape_keep_them(kept, challenge, client, read):
    client.get(page(challenge))
    read(challenge)
    assert client.get(page(challenge))["X-Cache"] == "HIT"


@pytest.mark.urls("tests.core.response_cache_urls")
@pytest.mark.parametrize(
    "path",
    ["/met-token/", "/wachtrij/", "/wachtrij-union/", "/wachtrij-with/"],
    ids=["csrf-token", "volatile-read", "volatile-read-in-a-union", "volatile-read-in-a-with"],
)
def test_a_page_with_a_csrf_token_or_a_volatile_read_is_not_kept(kept, client, path):
    client.cookies["csrftoken"] = "a" * 32  # a visitor who already has a CSRF cookie sets none anew
    client.get(path)
    again = client.get(path)
    assert again.status_code == 200 and "X-Cache" not in again


def test_writes_that_bypass_the_orm_are_announced(kept, challenge, client):
    client.get(page(challenge))
    response_cache.invalidate()
    assert "X-Cache" not in client.get(page(challenge))


def test_nobody_logged_in_or_with_a_key_gets_a_kept_answer(kept, challenge, client):
    client.get(page(challenge))
    client.get(page(challenge))
    with_key = client.get(page(challenge), HTTP_AUTHORIZATION="Bearer vk_nothing")
    assert "X-Cache" not in with_key
    client.force_login(UserFactory())
    logged_in = client.get(page(challenge))
    assert logged_in.status_code == 200 and "X-Cache" not in logged_in


def test_each_language_has_its_own_answer(kept, challenge, client):
    dutch = client.get(page(challenge))
    client.cookies["django_language"] = "en"
    english = client.get(page(challenge))
    assert "X-Cache" not in english
    assert english["Content-Language"] == "en" and dutch["Content-Language"] == "nl"
    assert client.get(page(challenge))["X-Cache"] == "HIT"


def test_a_page_that_is_not_declared_public_is_never_kept(kept, client):
    client.get(reverse("accounts:login"))
    assert "X-Cache" not in client.get(reverse("accounts:login"))


def test_a_request_for_a_page_not_declared_public_does_not_wait_for_redis(kept, challenge, client):
    kept.clear()  # no generation yet: the first request that looks for kept answers starts one
    assert client.get(reverse("accounts:login")).status_code == 200
    assert kept.get(response_cache.GENERATION_KEY) is None
    client.get(page(challenge))
    assert kept.get(response_cache.GENERATION_KEY) is not None


def test_a_kept_api_answer_still_counts_against_the_rate_limit(kept, challenge, client):
    limit = int(ANONYMOUS_RATE.split("/")[0])
    statuses = []
    for _ in range(limit + 1):
        response = client.get("/api/v1/opgaven")
        statuses.append((response.status_code, response.get("X-Cache", "")))
        assert response["API-Version"]
    assert statuses[1] == (200, "HIT")
    assert statuses[limit - 1][0] == 200
    assert statuses[limit][0] == 429


def test_without_redis_every_request_goes_the_normal_way(challenge, client):
    with override_settings(CACHES=redis_cache(closed_redis_url()), RESPONSE_CACHE_SECONDS=300):
        client.get(page(challenge))
        response = client.get(page(challenge))
        Challenge.objects.filter(pk=challenge.pk).update(title="Nieuwe titel")  # no generation to raise
    assert response.status_code == 200 and "X-Cache" not in response


def test_switched_off_by_default_without_redis(challenge, client, settings):
    assert settings.RESPONSE_CACHE_SECONDS == 0  # the tests run without REDIS_URL
    client.get(page(challenge))
    assert "X-Cache" not in client.get(page(challenge))


def test_inside_a_transaction_nothing_is_kept(kept, challenge, client):
    with transaction.atomic():
        client.get(page(challenge))
        assert "X-Cache" not in client.get(page(challenge))
