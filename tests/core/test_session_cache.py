"""Signed-in pages kept per session (core.response_cache.SessionResponseCacheMiddleware), on a real
Redis: served again to the same session without running the view, never to another person or another
session, dropped by every committed write (so access taken away holds at once), never served past a
waiting message, never kept for a page that wrote something, and kept only briefly when the page
shows data that changes without a write that counts (survey responses)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import UserFactory
from tests.plugins.kept import seconds_kept
from veerkracht.agenda.models import Challenge
from veerkracht.core import response_cache
from veerkracht.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def regisseur():
    return UserFactory(full_name="Ria Regisseur")


@pytest.fixture
def challenge(regisseur):
    # not public: only the people who take part may see it
    return ChallengeFactory(title="Eenzaamheid onder ouderen", regisseur=regisseur)


def page(challenge: Challenge) -> str:
    return reverse("agenda:challenge", kwargs={"slug": challenge.slug})


def challenge_queries(queries: CaptureQueriesContext) -> list[str]:
    table = Challenge._meta.db_table
    return [q["sql"] for q in queries.captured_queries if f'"{table}"' in q["sql"]]


def test_the_same_session_gets_its_page_again_without_the_view_running(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    first = client.get(page(challenge))
    assert first.status_code == 200 and "X-Cache" not in first
    assert "Eenzaamheid onder ouderen" in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page(challenge))
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert challenge_queries(queries) == []  # only who is asking was read, not the page's data


def test_another_person_or_another_log_in_never_gets_it(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    assert client.get(page(challenge))["X-Cache"] == "HIT"

    stranger = UserFactory(full_name="Sven Buitenstaander")
    client.force_login(stranger)
    refused = client.get(page(challenge))
    assert refused.status_code == 404 and "X-Cache" not in refused

    client.logout()
    client.force_login(regisseur)  # a new log-in is a new session
    again = client.get(page(challenge))
    assert again.status_code == 200 and "X-Cache" not in again


def test_signed_out_the_page_is_not_served(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    session_cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = session_cookie  # the old cookie, replayed
    response = client.get(page(challenge))
    assert response.status_code == 404 and "X-Cache" not in response  # as to anyone anonymous
    assert "Eenzaamheid onder ouderen" not in response.content.decode()


def test_a_committed_write_drops_it(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    Challenge.objects.filter(pk=challenge.pk).update(title="Eenzaamheid onder jongeren")
    response = client.get(page(challenge))
    assert "X-Cache" not in response
    assert "Eenzaamheid onder jongeren" in response.content.decode()


def test_access_taken_away_holds_at_once(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    assert client.get(page(challenge))["X-Cache"] == "HIT"
    challenge.regisseur = None
    challenge.save()
    assert client.get(page(challenge)).status_code == 404


@pytest.mark.urls("tests.core.session_cache_urls")
def test_a_waiting_message_is_shown_not_skipped(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    assert client.get(page(challenge))["X-Cache"] == "HIT"
    client.get(f"/bericht/?next={page(challenge)}")
    shown = client.get(page(challenge))
    assert "X-Cache" not in shown
    assert "Bericht voor de volgende pagina" in shown.content.decode()
    after = client.get(page(challenge))  # shown once: the page kept before it is good again
    assert after["X-Cache"] == "HIT"
    assert "Bericht voor de volgende pagina" not in after.content.decode()


@pytest.mark.urls("tests.core.session_cache_urls")
def test_a_page_that_writes_is_never_kept(kept, regisseur, client):
    client.force_login(regisseur)
    assert client.get("/schrijft/").content == b"1 e-mails"
    response = client.get("/schrijft/")
    assert "X-Cache" not in response and response.content == b"2 e-mails"
    assert OutgoingEmail.objects.count() == 2


@pytest.mark.urls("tests.core.session_cache_urls")
def test_what_must_happen_each_time_happens_for_a_kept_page_too(kept, regisseur, client):
    client.force_login(regisseur)
    first = client.get("/bekeken/7/")
    assert first.content == b"pagina 7, 0 e-mails toen gebouwd"  # recorded after the view answered
    assert "X-Cache" not in first
    second = client.get("/bekeken/7/")
    assert second["X-Cache"] == "HIT" and second.content == first.content  # its own write did not count
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Pagina 7 bekeken"] * 2


@pytest.mark.urls("tests.core.session_cache_urls")
def test_nothing_is_recorded_for_a_page_that_was_not_shown(kept, regisseur, client):
    client.force_login(regisseur)
    assert client.get("/bekeken/0/").status_code == 404
    assert client.get("/bekeken/0/").status_code == 404
    assert OutgoingEmail.objects.count() == 0


@pytest.mark.urls("tests.core.session_cache_urls")
def test_what_must_happen_each_time_happens_with_the_cache_off(regisseur, client, settings):
    assert settings.RESPONSE_CACHE_SECONDS == 0
    client.force_login(regisseur)
    client.get("/bekeken/3/")
    client.get("/bekeken/3/")
    assert OutgoingEmail.objects.count() == 2


def test_an_htmx_request_has_its_own_answer(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    partial = client.get(page(challenge), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="hoofd")
    assert "X-Cache" not in partial


def test_a_page_not_declared_is_never_kept(kept, regisseur, client):
    client.force_login(regisseur)
    client.get(reverse("core:home"))
    assert "X-Cache" not in client.get(reverse("core:home"))


def test_switched_off_without_the_shared_cache(challenge, regisseur, client, settings):
    assert settings.RESPONSE_CACHE_SECONDS == 0
    client.force_login(regisseur)
    client.get(page(challenge))
    assert "X-Cache" not in client.get(page(challenge))


def test_the_generation_is_the_public_answers_own(kept, challenge, regisseur, client):
    client.force_login(regisseur)
    client.get(page(challenge))
    response_cache.invalidate()  # as a bulk load or a restore announces its writes
    assert "X-Cache" not in client.get(page(challenge))


@pytest.mark.urls("tests.core.session_cache_urls")
def test_a_page_showing_volatile_data_is_kept_only_briefly(kept, regisseur, client):
    client.force_login(regisseur)
    assert client.get("/sessies/").content == b"1 sessies"  # sessions: a volatile table
    (ttl,) = seconds_kept(kept)
    assert 0 < ttl <= response_cache.VOLATILE_SECONDS < 300
    assert client.get("/sessies/")["X-Cache"] == "HIT"


@pytest.mark.urls("tests.core.session_cache_urls")
def test_settled_rows_of_a_volatile_table_keep_the_page_as_long_as_any(kept, regisseur, client):
    client.force_login(regisseur)
    assert client.get("/sessies/?settled=1").content == b"1 sessies"
    (ttl,) = seconds_kept(kept)
    assert response_cache.VOLATILE_SECONDS < ttl <= 300
    assert client.get("/sessies/?settled=1")["X-Cache"] == "HIT"
