"""The compute endpoints answer exactly what the commands answer for the same input."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from django.core.management import call_command

from tests.api.helpers import login
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    return login(client, member(OrganisationFactory(gemeente=True), Role.COORDINATOR))


def instrument_document() -> dict:
    out = io.StringIO()
    call_command("export_instrument", stdout=out)
    return json.loads(out.getvalue())


def test_scores_equal_the_score_responses_command(logged_in, tmp_path):
    instrument = instrument_document()
    items = [item["code"] for dim in instrument["dimensions"] for item in dim["items"]]
    rng = random.Random(7)
    groups = ["gemeente", "zorg", "onderwijs", "inwoners"]
    records = []
    for n in range(40):
        answers = {code: rng.choice([1, 2, 3, 4, 5, 5, 4, 9, None]) for code in items}
        records.append({"respondent": f"r{n}", "group": groups[n % 4], "answers": answers})
    (tmp_path / "instrument.json").write_text(json.dumps(instrument), encoding="utf-8")
    with (tmp_path / "answers.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "group", *items])
        for record in records:
            row = ["" if record["answers"][c] is None else record["answers"][c] for c in items]
            writer.writerow([record["respondent"], record["group"], *row])
    out = io.StringIO()
    call_command(
        "score_responses",
        "--instrument",
        str(tmp_path / "instrument.json"),
        "--responses",
        str(tmp_path / "answers.csv"),
        "--k",
        "5",
        stdout=out,
    )
    expected = json.loads(out.getvalue())
    response = logged_in.post(
        "/api/v1/monitor/scores",
        {"instrument": instrument, "responses": records, "k": 5},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == expected
    assert response["API-Version"] == "1.0.0"


def test_bad_answers_are_refused_with_every_problem_named(logged_in):
    instrument = instrument_document()
    first = instrument["dimensions"][0]["items"][0]["code"]
    records = [
        {"respondent": "a", "group": "g", "answers": {first: 7}},
        {"respondent": "b", "group": "g", "answers": {first: "veel"}},
    ]
    response = logged_in.post(
        "/api/v1/monitor/scores",
        {"instrument": instrument, "responses": records},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    reasons = [p["reason"] for p in response.json()["invalidParams"]]
    assert len(reasons) == 2
    assert any("row 2" in r and first in r for r in reasons) and any("row 3" in r for r in reasons)


def test_team_formation_equals_the_form_team_command(logged_in, tmp_path, django_capture_on_commit_callbacks):
    rng = random.Random(3)
    orgs = ["gemeente-veerdam", "welzijn", "woonstichting", None]
    problem = {
        "team_size": 4,
        "required_skills": [
            {"skill": "data-analyse", "min_level": 3, "count": 1},
            {"skill": "co-design", "min_level": 2, "count": 2},
        ],
        "max_share_per_organisation": 0.5,
        "min_organisations": 2,
        "min_residents": 1,
        "min_hours_per_week": 4,
        "leader": None,
        "include": [],
        "exclude": [],
        "candidates": [
            {
                "id": f"p{n}",
                "organisation": orgs[n % 4],
                "hours_per_week": rng.choice([2, 4, 8, 16]),
                "can_lead": n % 3 == 0,
                "skills": {"data-analyse": rng.randint(0, 5), "co-design": rng.randint(0, 5)},
            }
            for n in range(30)
        ],
    }
    (tmp_path / "problem.json").write_text(json.dumps(problem), encoding="utf-8")
    out = io.StringIO()
    call_command("form_team", "--input", str(tmp_path / "problem.json"), stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post("/api/v1/teamvorming", problem, content_type="application/json")
    assert response.status_code == 202
    job = logged_in.get(response["Location"])
    assert job.status_code == 200
    assert job.json()["status"] == "done"
    assert job.json()["result"] == json.loads(out.getvalue())
    assert job.json()["result"]["status"] == "optimal"


def test_malformed_problem_is_a_problem_document(logged_in):
    response = logged_in.post("/api/v1/teamvorming", {"team_size": 0}, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "body"


@pytest.mark.parametrize("path", ["/api/v1/teamvorming", "/api/v1/monitor/scores"])
def test_compute_needs_a_log_in(client, path):
    response = client.post(path, {}, content_type="application/json")
    assert response.status_code == 401
