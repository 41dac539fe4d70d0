"""The decision log's pages: the public log and its JSON, recording a decision by hand, and a
challenge's decision history."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import member
from veerkracht.governance import chain
from veerkracht.governance.models import Decision, DecisionChain
from veerkracht.governance.selectors import decision_history
from veerkracht.organisations.models import Role

from .test_decision_log import SECRET, World

LOG = "/besturen/besluiten/gemeente-veerdam/"
LOG_JSON = "/besturen/besluiten/gemeente-veerdam.json"
NEW = "/besturen/opgaven/eenzaamheid/besluiten/nieuw/"


@pytest.fixture
def world(db: Any) -> World:
    return World()


def body(response: Any) -> str:
    return response.content.decode()


def test_urls_are_the_dutch_paths() -> None:
    assert reverse("governance:decision_log", args=["gemeente-veerdam"]) == LOG
    assert reverse("governance:decision_log_json", args=["gemeente-veerdam"]) == LOG_JSON
    assert reverse("governance:decision_new", args=["eenzaamheid"]) == NEW


# --- the public log ----------------------------------------------------------------------------------


def test_public_log_shows_public_content_and_redacts_confidential(world: World, client: Any) -> None:
    world.decide(title="Mandaat voor de pilot", kind="mandaat", text="Budget 40.000 euro")
    hidden = world.decide(public=False, title=f"Titel {SECRET}", text=f"Tekst {SECRET}", refs=[SECRET])
    world.decide(kind="correctie", corrects=1, title="Correctie mandaat", refs=["raadsbrief 7"])
    head = DecisionChain.objects.get(municipality=world.veerdam).head
    response = client.get(LOG)  # anonymous
    assert response.status_code == 200
    html = body(response)
    assert SECRET not in html
    assert "Mandaat voor de pilot" in html and "Budget 40.000 euro" in html
    assert "Correctie mandaat" in html and "raadsbrief 7" in html
    assert hidden.digest in html and hidden.hash in html
    assert f'<code id="head-hash">{head}</code>' in html
    assert "vertrouwelijk" in html  # Dutch by default
    assert LOG_JSON in html and f"--head {head}" in html
    assert "eenzaamheid" in html  # the challenge of the public entries


def test_public_json_is_the_public_export(world: World, client: Any) -> None:
    world.decide(text="Openbaar — één €")
    world.decide(public=False, text=SECRET)
    world.decide(world.other_challenge)
    response = client.get(LOG_JSON)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    text = body(response)
    assert SECRET not in text
    out = io.StringIO()
    call_command("export_decisions", "--municipality", "gemeente-veerdam", "--public", stdout=out)
    assert json.loads(text) == json.loads(out.getvalue())
    assert text == out.getvalue().rstrip("\n")
    doc = json.loads(text)
    assert [e["content"] is None for e in doc["entries"]] == [False, True]
    result = chain.verify(doc, head=DecisionChain.objects.get(municipality=world.veerdam).head)
    assert result.valid and result.redacted == 1 and result.entries == 2


@pytest.mark.parametrize("slug", ["bestaat-niet", "bouwbedrijf"])
def test_unknown_or_other_organisation_is_404(world: World, client: Any, slug: str) -> None:
    assert client.get(f"/besturen/besluiten/{slug}/").status_code == 404
    assert client.get(f"/besturen/besluiten/{slug}.json").status_code == 404


def test_empty_log(world: World, client: Any) -> None:
    response = client.get("/besturen/besluiten/gemeente-elders/")
    assert response.status_code == 200
    assert 'id="head-hash"' not in body(response)
    assert json.loads(body(client.get("/besturen/besluiten/gemeente-elders.json"))) == {
        "chain": "gemeente-elders", "head": None, "entries": []
    }  # fmt: skip


def many(world: World, n: int) -> None:
    for k in range(n):
        world.decide(public=k % 4 != 0, title=f"Besluit nummer {k + 1}.")


def test_log_is_paginated(world: World, client: Any) -> None:
    many(world, 60)
    first = body(client.get(LOG))
    second = body(client.get(LOG + "?page=2"))
    assert first.count('class="vk-card"') == 50 and second.count('class="vk-card"') == 10
    assert 'id="besluit-50"' in first and 'id="besluit-51"' not in first
    assert 'id="besluit-51"' in second and 'id="besluit-60"' in second
    head = DecisionChain.objects.get(municipality=world.veerdam).head
    assert head in second  # the head is on every page


@pytest.mark.parametrize("size", [5, 120])
def test_log_page_has_bounded_queries(
    world: World, client: Any, django_assert_max_num_queries: Any, size: int
) -> None:
    many(world, size)
    with django_assert_max_num_queries(8):
        response = client.get(LOG + "?page=2" if size > 50 else LOG)
    assert response.status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(LOG_JSON).status_code == 200


# --- recording a decision by hand ------------------------------------------------------------------


def post(client: Any, **data: Any) -> Any:
    form = {"kind": "besluit", "title": "", "text": "", "public": "ja", "refs": "", "corrects": ""}
    form.update(data)
    return client.post(NEW, form)


def test_board_records_a_decision(world: World, client: Any) -> None:
    client.force_login(world.board)
    assert client.get(NEW).status_code == 200
    response = post(
        client,
        title="Pilot gaat door",
        text="Go voor fase 2.",
        refs="notulen 3 dec\n\n  bijlage A  ",
        public="nee",
    )
    assert response.status_code == 302 and response["Location"] == LOG
    decision = Decision.objects.get()
    content = json.loads(decision.content)
    assert (decision.seq, decision.kind, decision.public, decision.recorded_by) == (
        1,
        "besluit",
        False,
        world.board,
    )
    assert content == {
        "challenge": "eenzaamheid",
        "kind": "besluit",
        "title": "Pilot gaat door",
        "text": "Go voor fase 2.",
        "decided_by": {"name": "Wethouder Wit", "role": "bestuurder", "organisation": "Gemeente Veerdam"},
        "refs": ["notulen 3 dec", "bijlage A"],
        "corrects": None,
    }
    response = post(client, kind="correctie", title="Correctie", text="Fase 2 start later.", corrects="1")
    assert response.status_code == 302
    correction = Decision.objects.get(seq=2)
    assert json.loads(correction.content)["corrects"] == 1 and correction.public
    assert chain.verify(
        {"chain": "x", "head": None, "entries": json.loads(body(client.get(LOG_JSON)))["entries"]}
    ).valid


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"title": "   ", "text": "Iets"}, "title", "titel"),
        ({"title": "Titel", "text": ""}, "text", "besloten"),
        ({"kind": "correctie", "title": "Correctie", "text": "Iets"}, "corrects", "nummer"),
        ({"kind": "correctie", "title": "Correctie", "text": "Iets", "corrects": "0"}, "corrects", "1"),
        (
            {"kind": "correctie", "title": "Correctie", "text": "Iets", "corrects": "vijf"},
            "corrects",
            "getal",
        ),
        ({"kind": "correctie", "title": "Correctie", "text": "Iets", "corrects": "4"}, "corrects", "4"),
        ({"kind": "besluit", "title": "Titel", "text": "Iets", "corrects": "1"}, "corrects", "correctie"),
        ({"kind": "mandaat", "title": "Titel", "text": "Iets"}, "kind", "keuze"),
        ({"title": "Titel", "text": "Iets", "public": "misschien"}, "public", "keuze"),
    ],
)
def test_bad_input_keeps_the_form_and_writes_nothing(
    world: World, client: Any, data: dict[str, str], field: str, says: str
) -> None:
    world.decide()
    world.decide()
    for _ in range(5):  # Elders' log is longer: its numbers do not count in Veerdam's log
        world.decide(world.other_challenge)
    before = list(Decision.objects.values_list("pk", "hash"))
    client.force_login(world.board)
    response = post(client, refs="een verwijzing", **data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert says in " ".join(form.errors[field]).lower()
    html = body(response)
    assert "een verwijzing" in html  # what was typed stays
    if data.get("title", "").strip():
        assert f'value="{data["title"]}"' in html
    assert list(Decision.objects.values_list("pk", "hash")) == before


def test_correction_of_a_number_only_another_log_has(world: World, client: Any) -> None:
    world.decide()
    for _ in range(3):
        world.decide(world.other_challenge)
    client.force_login(world.board)
    response = post(client, kind="correctie", title="Correctie", text="Iets", corrects="3")
    assert response.status_code == 400 and "corrects" in response.context["form"].errors
    assert Decision.objects.filter(chain__municipality=world.veerdam).count() == 1
    assert post(client, kind="correctie", title="Correctie", text="Iets", corrects="1").status_code == 302


@pytest.mark.parametrize("who", ["teamlid", "regisseur", "other_board", "coordinator_elsewhere"])
def test_others_may_not_record(world: World, client: Any, who: str) -> None:
    person = member(world.elders, Role.COORDINATOR) if who == "coordinator_elsewhere" else getattr(world, who)
    client.force_login(person)
    assert client.get(NEW).status_code in (403, 404)
    response = post(client, title="Stiekem", text="Niet toegestaan")
    assert response.status_code in (403, 404)
    assert not Decision.objects.exists()


def test_board_of_another_municipality_does_not_see_the_challenge(world: World, client: Any) -> None:
    client.force_login(world.other_board)
    assert client.get(NEW).status_code == 404
    assert post(client, title="Stiekem", text="x").status_code == 404
    client.force_login(world.board)  # and Veerdam's board cannot record on Elders' challenge
    assert (
        client.post(
            "/besturen/opgaven/elders-opgave/besluiten/nieuw/",
            {"kind": "besluit", "title": "x", "text": "x", "public": "ja"},
        ).status_code
        == 404
    )
    assert not Decision.objects.exists()


def test_regisseur_sees_the_challenge_but_is_refused(world: World, client: Any) -> None:
    client.force_login(world.regisseur)
    assert client.get(NEW).status_code == 403


def test_anonymous_is_sent_to_log_in(world: World, client: Any) -> None:
    for response in (client.get(NEW), post(client, title="x", text="y")):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not Decision.objects.exists()


def test_unknown_challenge_is_404(world: World, client: Any) -> None:
    client.force_login(world.board)
    assert client.get("/besturen/opgaven/bestaat-niet/besluiten/nieuw/").status_code == 404


# --- a challenge's decision history -------------------------------------------------------------------


def test_decision_history_newest_first_and_confidential_hidden(world: World) -> None:
    world.decide(title="Eerste")
    world.decide(world.second, title="Over een andere opgave")
    world.decide(public=False, title=f"Geheim {SECRET}", text=SECRET)
    world.decide(kind="correctie", corrects=1, title="Correctie eerste", refs=["brief"])
    board_view = decision_history(world.challenge, world.board)
    assert [d.seq for d in board_view] == [4, 3, 1]
    assert [d.visible for d in board_view] == [True, True, True]
    assert board_view[1].title == f"Geheim {SECRET}" and not board_view[1].public
    assert board_view[0].corrects == 1 and board_view[0].refs == ["brief"]
    assert board_view[0].decided_by == "Wethouder Wit, bestuurder, Gemeente Veerdam"
    council = member(world.veerdam, Role.RAADSLID)
    for reader in (council, world.teamlid):
        history = decision_history(world.challenge, reader)
        assert [(d.seq, d.visible) for d in history] == [(4, True), (3, False), (1, True)]
        assert history[1].title == history[1].text == history[1].kind == ""
        assert decision_history(world.challenge, reader, limit=2)[-1].seq == 3


def test_decision_history_template(world: World, django_assert_max_num_queries: Any) -> None:
    world.decide(title="Openbaar besluit")
    world.decide(public=False, title=f"Geheim {SECRET}", text=SECRET)
    with translation.override("nl"):
        for_council = render_to_string(
            "governance/_decision_history.html",
            {"history": decision_history(world.challenge, member(world.veerdam, Role.RAADSLID))},
        )
        for_board = render_to_string(
            "governance/_decision_history.html", {"history": decision_history(world.challenge, world.board)}
        )
        empty = render_to_string(
            "governance/_decision_history.html", {"history": decision_history(world.second, world.board)}
        )
    assert "vertrouwelijk besluit #2" in for_council and SECRET not in for_council
    assert "Openbaar besluit" in for_council
    assert SECRET in for_board and "(vertrouwelijk)" in for_board
    assert "Besluitgeschiedenis" in empty and "Er zijn nog geen besluiten" in empty
    for n in (3, 30):
        other = ChallengeFactory(agenda=world.agenda, regisseur=world.regisseur)
        for _ in range(n):
            world.decide(other)
        with django_assert_max_num_queries(3):
            assert len(decision_history(other, world.board)) == n


def test_pages_in_english(world: World, client: Any) -> None:
    world.decide(title="Openbaar")
    world.decide(public=False, text=SECRET)
    client.cookies["django_language"] = "en"
    html = body(client.get(LOG, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Decision log of Gemeente Veerdam" in html and "No. 2: confidential" in html
    assert "How to verify this log yourself" in html and SECRET not in html
    client.force_login(world.board)
    assert "Record the decision" in body(client.get(NEW, HTTP_ACCEPT_LANGUAGE="en"))
