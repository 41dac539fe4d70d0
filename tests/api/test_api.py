from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_committed_openapi_document_is_current_and_public(client):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    committed = (ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    assert out.getvalue() == committed, "docs/openapi.yaml is stale: run `make docs`"
    response = client.get("/api/v1/openapi.yaml")  # published without log-in
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Veerkracht API"


@pytest.fixture
def demo():
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())


def test_challenges_anonymous_see_only_public_ones(client, demo):
    from veerkracht.agenda.models import Challenge

    response = client.get("/api/v1/opgaven?pageSize=100")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    slugs = {row["slug"] for row in response.json()["results"]}
    public = {c.slug for c in Challenge.objects.select_related("agenda") if c.is_public}
    assert slugs == public
    assert Challenge.objects.count() > len(public)  # there are hidden ones to leak


def test_hidden_challenge_is_404_as_problem_json_and_visible_to_participants(client, demo):
    from veerkracht.agenda.models import Challenge

    hidden = next(c for c in Challenge.objects.select_related("agenda") if not c.is_public)
    response = client.get(f"/api/v1/opgaven/{hidden.slug}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    stranger = member(OrganisationFactory(gemeente=True), Role.COORDINATOR)
    client.force_login(stranger)
    assert client.get(f"/api/v1/opgaven/{hidden.slug}").status_code == 404
    coordinator = hidden.agenda.coordinators.first()
    client.force_login(coordinator)
    assert client.get(f"/api/v1/opgaven/{hidden.slug}").json()["title"] == hidden.title


def test_organisations_need_a_log_in(client):
    OrganisationFactory(name="Welzijn Veerdam")
    response = client.get("/api/v1/organisaties")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/problem+json"
    client.force_login(UserFactory())
    names = [row["name"] for row in client.get("/api/v1/organisaties").json()["results"]]
    assert names == ["Welzijn Veerdam"]


@pytest.mark.parametrize("size", [5, 80])
def test_challenge_list_query_count_is_bounded(client, django_assert_max_num_queries, size):
    from tests.agenda.factories import ChallengeFactory

    challenge = ChallengeFactory(public=True)
    for _ in range(size - 1):
        ChallengeFactory(agenda=challenge.agenda, published=True)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/opgaven?pageSize=100")
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("sort", ["title", "-title"])
def test_challenge_pages_follow_the_sort_without_gaps_or_repeats(client, sort):
    """The list reads a page's keys first and then their rows: the pages still keep the order, ties
    broken by id, and together hold every public challenge once."""
    from tests.agenda.factories import ChallengeFactory

    first = ChallengeFactory(public=True, title="Bruggen")
    made = [first] + [
        ChallengeFactory(agenda=first.agenda, published=True, title=title)
        for title in ["Armoede", "Bruggen", "Zorg", "Armoede", "Mobiliteit", "Eenzaamheid"]
    ]
    by_id = sorted(made, key=lambda c: c.pk)  # a stable sort keeps ids ascending within a title
    expected = [c.slug for c in sorted(by_id, key=lambda c: c.title, reverse=sort.startswith("-"))]
    pages = [client.get(f"/api/v1/opgaven?sort={sort}&pageSize=3&page={page}").json() for page in (1, 2, 3)]
    assert [page["count"] for page in pages] == [7, 7, 7]
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert [row["slug"] for page in pages for row in page["results"]] == expected


def test_the_demo_key_reads_and_writes_measurements_as_printed(client):
    """load_demo makes one key of Gemeente Veerdam and prints it with a measurement address; the key
    reads and records a measurement there (the README's example)."""
    import json
    import re

    from veerkracht.api.demo import DEMO_KEY
    from veerkracht.api.models import ApiKey
    from veerkracht.api.scopes import RESOURCE_GROUPS
    from veerkracht.governance.models import Measurement

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert DEMO_KEY in printed
    path = re.search(r"https?://[^/\s]+(/api/v1/indicatoren/\d+/metingen)", printed).group(1)
    key = ApiKey.objects.get(prefix="demo0000")
    assert key.organisation.slug == "gemeente-veerdam" and key.is_usable()
    every_read = {f"{group}:read" for group in RESOURCE_GROUPS}
    assert every_read | {"indicatoren:write"} == set(key.scopes)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {DEMO_KEY}"}
    assert client.get("/api/v1/organisaties", **auth).status_code == 200
    before = Measurement.objects.count()
    body = {"date": "2099-01-31", "value": "12.5", "note": "demo"}
    response = client.post(path, json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert Measurement.objects.count() == before + 1
    assert response.json()["value"] == "12.500000"
    # a second load keeps the same key
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    assert ApiKey.objects.filter(prefix="demo0000").count() == 1
