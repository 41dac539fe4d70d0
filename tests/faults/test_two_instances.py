"""Two gunicorn instances on different ports behind a round-robin proxy, sharing PostgreSQL and Redis
(the test's own): the survey loses no answer when its pages alternate between the instances; a log-in
on one is a log-in on the other; an account closed by any process is closed on both at once, though
each remembers the signed-in person between requests; a rate limit counts the requests to both
together."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings

from tests.faults.proxy import RoundRobinProxy
from tests.faults.servers import (
    Browser,
    Gunicorn,
    RedisServer,
    Survey,
    answers_stored,
    require_postgresql,
    survey_links,
)
from tests.organisations.factories import UserFactory
from tests.services import redis_cache
from veerkracht.accounts.models import User
from veerkracht.accounts.views import RESET_PER_CLIENT_PER_HOUR

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def instances(tmp_path_factory, django_db_setup, django_db_blocker):
    require_postgresql()
    tmp_path = tmp_path_factory.mktemp("instances")
    redis = RedisServer(tmp_path)
    redis.start()
    started: list[Gunicorn] = []
    try:
        for _ in range(2):  # the same VAR_DIR: files written by one are served by the other
            started.append(Gunicorn(tmp_path, workers=1, threads=4, REDIS_URL=redis.url))
            started[-1].redis_url = redis.url
        yield started
    finally:
        for server in started:
            server.stop()
        redis.stop()


def test_the_survey_behind_a_round_robin_proxy_loses_nothing(instances):
    wave, links = survey_links(12)
    with RoundRobinProxy([s.port for s in instances]) as proxy:
        survey = Survey(port=proxy.port, links=links)
        for thread in survey.run(respondents=4):
            thread.join(timeout=300)
    assert survey.problems == [], survey.problems
    assert survey.completed == 12
    assert all(count > 50 for count in proxy.served.values()), proxy.served  # both instances served
    assert answers_stored(wave) == survey.answers_sent == 12 * 7 * 5


def test_a_log_in_on_one_instance_holds_on_the_other(instances):
    first, second = instances
    # hashed as the servers hash (the tests' own settings use a fast hasher the servers do not know)
    user = UserFactory(email="femke@example.org")
    type(user).objects.filter(pk=user.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "zout1234"))
    browser = Browser(first.port)
    status, _h, _b = browser.request("GET", "/account/login/")
    assert status == 200
    status, headers, body = browser.request(
        "POST", "/account/login/", {"username": "femke@example.org", "password": PASSWORD}
    )
    assert status == 302, body[:500]
    status, headers, _b = browser.request("GET", "/account/", port=second.port)
    assert status == 200, headers.get("Location")
    stranger = Browser(second.port)
    status, headers, _b = stranger.request("GET", "/account/")
    assert status == 302 and "/account/login/" in headers["Location"]


def log_in(port: int, email: str) -> Browser:
    user = UserFactory(email=email)
    # hashed as the servers hash (the tests' own settings use a fast hasher the servers do not know)
    type(user).objects.filter(pk=user.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "zout1234"))
    browser = Browser(port)
    assert browser.request("GET", "/account/login/")[0] == 200
    status, _headers, body = browser.request(
        "POST", "/account/login/", {"username": email, "password": PASSWORD}
    )
    assert status == 302, body[:500]
    return browser


def test_an_account_closed_by_any_process_is_closed_on_both_instances_at_once(instances):
    first, second = instances
    browser = log_in(first.port, "joris@example.org")
    for port in (first.port, second.port, first.port, second.port):  # each remembers the person
        status, headers, _b = browser.request("GET", "/account/", port=port)
        assert status == 200, headers.get("Location")
    # another process of the installation (a worker, a command) closes the account
    servers_cache = {**redis_cache(first.redis_url)["default"], "KEY_PREFIX": "veerkracht"}
    with override_settings(CACHES={"default": servers_cache}, RESPONSE_CACHE_SECONDS=300):
        User.objects.filter(email="joris@example.org").update(is_active=False)
    for port in (first.port, second.port):
        status, headers, _b = browser.request("GET", "/account/", port=port)
        assert status == 302 and "/account/login/" in headers["Location"]


def test_a_rate_limit_counts_both_instances_together(instances):
    browser = Browser(instances[0].port)
    browser.request("GET", "/account/password-reset/")
    answers = []
    for n in range(RESET_PER_CLIENT_PER_HOUR + 1):
        port = instances[n % 2].port  # alternately: each instance sees only about half of them
        status, _h, _b = browser.request(
            "POST", "/account/password-reset/", {"email": "x@example.org"}, port=port
        )
        answers.append(status)
    assert answers == [302] * RESET_PER_CLIENT_PER_HOUR + [429]
