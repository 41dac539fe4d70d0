"""Import refuses bad files as a whole (every problem named, nothing stored); export round-trips."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.agenda.factories import ChallengeFactory, NeighbourhoodFactory, ScoreFactory
from veerkracht.agenda import exchange
from veerkracht.agenda.models import Challenge, ChallengeTransition
from veerkracht.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD = (
    "titel;domein;probleem;wijken;sdg;publiek_geld\n"
    "Eenzaamheid in Oost;zorg;Veel ouderen zijn eenzaam.;Oost;3|10;125.000\n"
    'Schoolverzuim;Onderwijs;"Kinderen zitten thuis; ouders zijn radeloos.";;4;\n'
)


def _import(world, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return exchange.challenges_import(agenda=world.agenda, by=world.coordinator, data=data, filename="x.csv")


def test_good_file_is_imported_whole(world):
    NeighbourhoodFactory(municipality=world.veerdam, name="Oost", slug="oost")
    outcome = _import(world, GOOD)
    assert outcome.ok, [str(p) for p in outcome.problems]
    first, second = outcome.created
    assert first.title == "Eenzaamheid in Oost" and first.domain.code == "zorg"
    assert [n.slug for n in first.neighbourhoods.all()] == ["oost"]
    assert sorted(g.number for g in first.sdgs.all()) == [3, 10]
    assert first.public_money == 125000
    assert second.problem == "<p>Kinderen zitten thuis; ouders zijn radeloos.</p>"  # a paragraph
    assert first.status == "gesignaleerd" and first.lead_municipality == world.veerdam
    assert ChallengeTransition.objects.filter(challenge=first, to_status="gesignaleerd").exists()
    assert AuditEvent.objects.filter(event="agenda.challenges.imported").count() == 1


BAD = (
    "title,domain,problem,sdgs,public_money,slug\n"
    "Goed,zorg,Een probleem.,3,1000,goed\n"  # row 2: fine on its own
    ",zorgen,,18,-5,\n"  # row 3: title, domain, problem, sdgs, public_money
    "Dubbel,wijkbeheer,Iets.,,,goed\n"  # row 4: slug used in row 2
    "Kort,zorg\n"  # row 5: wrong number of fields
)


def test_bad_file_names_every_problem_and_stores_nothing(world):
    ChallengeFactory(agenda=world.agenda, slug="bestaat-al")
    before = Challenge.objects.count()
    outcome = _import(world, BAD)
    assert not outcome.ok
    found = {(p.row, p.column) for p in outcome.problems}
    assert found == {
        (3, "title"),
        (3, "domain"),
        (3, "problem"),
        (3, "sdgs"),
        (3, "public_money"),
        (4, "slug"),
        (5, None),
    }
    assert Challenge.objects.count() == before
    assert AuditEvent.objects.filter(event="agenda.challenges.import_refused").count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", [(None, None)]),
        (b"\xff\xfe\x00t\x00i", [(None, None)]),
        (b"title,domain\nX,zorg\n", [(None, "problem")]),
        (b"title,domain,problem,colour\nX,zorg,P,blue\n", [(None, "colour")]),
        (b"title,domain,problem\n", [(None, None)]),
        (b"title,titel,domain,problem\nX,Y,zorg,P\n", [(None, "titel")]),
    ],
    ids=["empty", "not-utf8", "missing-column", "unknown-column", "header-only", "duplicate-column"],
)
def test_malformed_files(world, content, expected):
    outcome = _import(world, content)
    assert [(p.row, p.column) for p in outcome.problems] == expected
    assert not Challenge.objects.exists()


def test_existing_slug_and_foreign_neighbourhood_and_municipality(world):
    ChallengeFactory(agenda=world.agenda, slug="bestaat-al")
    NeighbourhoodFactory(municipality=world.other, name="Elders-Noord", slug="elders-noord")
    text = (
        "title,domain,problem,slug,neighbourhoods,lead_municipality\n"
        f"A,zorg,P,bestaat-al,elders-noord,{world.other.slug}\n"
    )
    outcome = _import(world, text)
    assert {(p.row, p.column) for p in outcome.problems} == {
        (2, "slug"),
        (2, "neighbourhoods"),
        (2, "lead_municipality"),
    }


def test_problem_messages_in_dutch_and_english(world):
    outcome = _import(world, "title,domain,problem\nX,zorgen,P\n")
    (problem,) = outcome.problems
    with translation.override("nl"):
        assert str(problem) == "Rij 2, kolom “domain”: onbekend domein “zorgen”."
    with translation.override("en"):
        assert str(problem) == "Row 2, column “domain”: unknown domain “zorgen”."


def test_import_page_refuses_and_lists_problems(world, client):
    client.force_login(world.coordinator)
    url = reverse("agenda:import", kwargs={"slug": world.agenda.slug})
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("agenda.csv", BAD.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Rij 3, kolom “domain”" in body
    assert "Er is niets opgeslagen." in body
    assert not Challenge.objects.filter(slug="goed").exists()


def test_import_page_imports_a_good_file(world, client):
    client.force_login(world.coordinator)
    url = reverse("agenda:import", kwargs={"slug": world.agenda.slug})
    upload = SimpleUploadedFile(
        "agenda.csv", b"title,domain,problem\nNieuw,zorg,P\n", content_type="text/csv"
    )
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert Challenge.objects.filter(title="Nieuw", agenda=world.agenda).exists()


def test_partner_may_not_import(world, client):
    client.force_login(world.partner)
    url = reverse("agenda:import", kwargs={"slug": world.agenda.slug})
    assert client.get(url).status_code == 403


def test_export_csv_and_json_and_round_trip(world, client):
    challenge = ChallengeFactory(agenda=world.agenda, title="=SOM(A1)", slug="formule", public_money=1000)
    ScoreFactory(
        challenge=challenge, scorer=world.coordinator, urgency=5, impact=4, feasibility=3, innovation=2
    )
    other = ChallengeFactory(agenda=world.other_agenda, title="Elders")
    client.force_login(world.coordinator)
    csv_text = client.get(reverse("agenda:export_csv", kwargs={"slug": world.agenda.slug})).content.decode(
        "utf-8-sig"
    )
    assert "'=SOM(A1)" in csv_text  # no formula injection into spreadsheets
    assert other.title not in csv_text
    # equal weights: (5+4+3+2)/4 = 3.5
    assert "3.500" in csv_text
    document = json.loads(
        client.get(reverse("agenda:export_json", kwargs={"slug": world.agenda.slug})).content
    )
    assert document["agenda"]["slug"] == world.agenda.slug
    (row,) = document["challenges"]
    assert row["slug"] == "formule" and row["weightedScore"] == 3.5 and row["publicMoney"] == 1000
    # an export can be imported again (export-only columns are ignored); the slug is taken already
    outcome = _import(world, csv_text.replace("'=SOM(A1)", "Formule"))
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "slug")]
    outcome = _import(world, csv_text.replace("'=SOM(A1)", "Formule").replace("formule,", "formule-2,"))
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Challenge.objects.get(slug="formule-2").title == "Formule"


# --- issue 9, point 12: the same field validation as the forms, a message per row, never a 500 ---------


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Titel,zorg,Probleem,²,", "sdgs"),
        ("Titel,zorg,Probleem,١٢,", "sdgs"),
        ("Titel,zorg,Probleem,99999999999999999999999999999,", "sdgs"),
        ("Titel,zorg,Probleem,,99999999999999999999999999999", "public_money"),
        ("Titel,zorg,Probleem,,1.000.000.000.000.000", "public_money"),
        ("Titel,zorg,Probleem,," + "1" * 5000, "public_money"),
        ("Ti\x00tel,zorg,Probleem,,", "title"),
        ("Titel,zorg,Pro\x00bleem,,", "problem"),
    ],
)
def test_bad_values_give_a_row_message_and_store_nothing(world, row, column):
    outcome = _import(world, "title,domain,problem,sdgs,public_money\nGoed,zorg,Prima,3,1000\n" + row + "\n")
    assert not outcome.ok
    assert [(p.row, p.column) for p in outcome.problems] == [(3, column)]
    assert not Challenge.objects.filter(agenda=world.agenda).exists()


def test_a_long_slug_and_ambition_with_nul_are_refused(world):
    outcome = _import(world, "title,domain,problem,slug,ambition\nT,zorg,P," + "a" * 500 + ",Am\x00bitie\n")
    assert sorted(p.column for p in outcome.problems) == ["ambition", "slug"]
    assert not Challenge.objects.exists()


def test_the_largest_amount_is_accepted(world):
    from veerkracht.agenda.models import MAX_MONEY

    outcome = _import(world, f"title,domain,problem,public_money\nT,zorg,P,{MAX_MONEY}\n")
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert Challenge.objects.get().public_money == MAX_MONEY


def test_import_page_answers_with_problems_not_an_error(world, client):
    client.force_login(world.coordinator)
    url = reverse("agenda:import", kwargs={"slug": world.agenda.slug})
    upload = SimpleUploadedFile("x.csv", "title,domain,problem,sdgs\nT,zorg,P,²\n".encode(), "text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "sdgs" in response.content.decode()
