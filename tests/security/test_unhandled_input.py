"""Hostile input to the computations: the compute API and the ``form_team`` and ``score_responses``
commands answer a clear error (400 problem+json with invalidParams; exit 2 with a message on standard
error and nothing on standard output) for every payload, never a crash or a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import execute_from_command_line

from tests.api.helpers import login
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.organisations.models import Role

INSTRUMENT = json.loads(
    (Path(__file__).resolve().parents[2] / "src/veerkracht/monitor/data/instrument_v1.json").read_text()
)
ITEMS = [item["code"] for dimension in INSTRUMENT["dimensions"] for item in dimension["items"]]
HUGE = 10**30
DIGITS_5000 = "7" * 5000
DEEP = "[" * 5000 + "]" * 5000
SURROGATE = "\\ud800"  # as written in JSON text: a lone surrogate escape


def problem_text() -> str:
    return json.dumps(
        {
            "team_size": 1,
            "required_skills": [{"skill": "data-analyse", "min_level": 3, "count": 1}],
            "max_share_per_organisation": 1,
            "min_organisations": 1,
            "min_residents": 0,
            "min_hours_per_week": 4,
            "leader": None,
            "include": [],
            "exclude": [],
            "candidates": [
                {"id": "p1", "organisation": "o1", "hours_per_week": 8, "can_lead": True,
                 "skills": {"data-analyse": 4}},
            ],
        }
    )  # fmt: skip


def scores_text(*, k: object = 5, first_answer: object = 3, respondent: str = '"r0"') -> str:
    """A scores body as JSON text, with raw JSON fragments put in place of k, one answer and an id."""
    answers = dict.fromkeys(ITEMS, 3)
    records = [{"respondent": f"r{n}", "group": "g", "answers": answers} for n in range(1, 6)]
    body = json.dumps({"instrument": INSTRUMENT, "responses": records, "k": "@K@"})
    first = json.dumps({"respondent": "@ID@", "group": "g", "answers": {**answers, ITEMS[0]: "@A@"}})
    first = first.replace('"@ID@"', respondent).replace('"@A@"', str(first_answer))
    return body.replace('"responses": [', f'"responses": [{first}, ').replace('"@K@"', str(k))


FORMATION_PAYLOADS = {
    "team_size 10^30": problem_text().replace('"team_size": 1', f'"team_size": {HUGE}'),
    "5,000-digit number": problem_text().replace('"team_size": 1', f'"team_size": {DIGITS_5000}'),
    "nested 5,000 deep": problem_text()[:-1] + f', "extra": {DEEP}}}',
    "lone surrogate in an id": problem_text().replace('"p1"', f'"p{SURROGATE}"'),
}
SCORES_PAYLOADS = {
    "k 10^30": scores_text(k=HUGE),
    "answer 10^30": scores_text(first_answer=HUGE),
    "5,000-digit number": scores_text(first_answer=DIGITS_5000),
    "nested 5,000 deep": scores_text(first_answer=DEEP),
    "lone surrogate in an id": scores_text(respondent=f'"r{SURROGATE}"'),
}


@pytest.fixture
def coordinator_client(client, db):
    return login(client, member(OrganisationFactory(gemeente=True), Role.COORDINATOR))


def assert_problem(response) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["invalidParams"] and all(p["name"] and p["reason"] for p in body["invalidParams"])


@pytest.mark.parametrize("payload", FORMATION_PAYLOADS.values(), ids=FORMATION_PAYLOADS.keys())
def test_team_formation_api_refuses(coordinator_client, payload):
    from veerkracht.api.models import TeamFormationJob

    response = coordinator_client.post("/api/v1/teamvorming", payload, content_type="application/json")
    assert_problem(response)
    assert not TeamFormationJob.objects.exists()


@pytest.mark.parametrize("payload", SCORES_PAYLOADS.values(), ids=SCORES_PAYLOADS.keys())
def test_scores_api_refuses(coordinator_client, payload):
    response = coordinator_client.post("/api/v1/monitor/scores", payload, content_type="application/json")
    assert_problem(response)


def test_the_bodies_are_fine_without_the_payloads(coordinator_client):
    """The payloads above are the only thing wrong with their bodies."""
    assert (
        coordinator_client.post(
            "/api/v1/monitor/scores", scores_text(), content_type="application/json"
        ).status_code
        == 200
    )
    response = coordinator_client.post("/api/v1/teamvorming", problem_text(), content_type="application/json")
    assert response.status_code == 202


def run_command(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        execute_from_command_line(["veerkracht", *argv])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(code: int, out: str, err: str) -> None:
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:500]
    assert "Traceback" not in err and len(lines[0]) < 300


@pytest.mark.parametrize("payload", FORMATION_PAYLOADS.values(), ids=FORMATION_PAYLOADS.keys())
def test_form_team_command_refuses(tmp_path, capsys, payload):
    (tmp_path / "problem.json").write_text(payload, encoding="utf-8")
    assert_refused(*run_command(["form_team", "--input", str(tmp_path / "problem.json")], capsys))


def test_form_team_command_answers_without_the_payloads(tmp_path, capsys):
    (tmp_path / "problem.json").write_text(problem_text(), encoding="utf-8")
    code, out, err = run_command(["form_team", "--input", str(tmp_path / "problem.json")], capsys)
    assert code == 0, err
    assert json.loads(out)["members"] == ["p1"]


def answers_csv(first_cell: str = "3") -> str:
    lines = ["respondent,group," + ",".join(ITEMS)]
    lines.append("r0,g," + ",".join([first_cell] + ["3"] * (len(ITEMS) - 1)))
    lines += [f"r{n},g," + ",".join(["3"] * len(ITEMS)) for n in range(1, 6)]
    return "\n".join(lines) + "\n"


def instrument_text() -> str:
    return json.dumps(INSTRUMENT)


SCORE_COMMAND_PAYLOADS = {
    # (instrument JSON text, answers CSV text, extra arguments)
    "k 10^30": (instrument_text(), answers_csv(), ["--k", str(HUGE)]),
    "answer 10^30": (instrument_text(), answers_csv(str(HUGE)), []),
    "5,000-digit number in the instrument": (
        instrument_text().replace('"min": 1', f'"min": {DIGITS_5000}', 1),
        answers_csv(),
        [],
    ),
    "5,000-digit number in the answers": (instrument_text(), answers_csv(DIGITS_5000), []),
    "5,000-digit k": (instrument_text(), answers_csv(), ["--k", DIGITS_5000]),
    "nested 5,000 deep": (instrument_text()[:-1] + f', "extra": {DEEP}}}', answers_csv(), []),
    "lone surrogate in an id": (
        instrument_text().replace('"code": "innovatiemonitor"', f'"code": "x{SURROGATE}"'),
        answers_csv(),
        [],
    ),
}


@pytest.mark.parametrize("payload", SCORE_COMMAND_PAYLOADS.values(), ids=SCORE_COMMAND_PAYLOADS.keys())
def test_score_responses_command_refuses(tmp_path, capsys, payload):
    instrument, answers, extra = payload
    (tmp_path / "instrument.json").write_text(instrument, encoding="utf-8")
    (tmp_path / "answers.csv").write_text(answers, encoding="utf-8")
    argv = ["score_responses", "--instrument", str(tmp_path / "instrument.json")]
    argv += ["--responses", str(tmp_path / "answers.csv"), *extra]
    assert_refused(*run_command(argv, capsys))


def test_score_responses_command_scores_without_the_payloads(tmp_path, capsys):
    (tmp_path / "instrument.json").write_text(instrument_text(), encoding="utf-8")
    (tmp_path / "answers.csv").write_text(answers_csv(), encoding="utf-8")
    argv = ["score_responses", "--instrument", str(tmp_path / "instrument.json")]
    code, out, err = run_command([*argv, "--responses", str(tmp_path / "answers.csv")], capsys)
    assert code == 0, err
    assert json.loads(out)["respondents"]["total"] == 6


def test_deeply_nested_but_valid_json_is_refused_by_the_loader():
    from veerkracht.core.jsondoc import MAX_DEPTH, DocumentError, load_document

    assert load_document("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    with pytest.raises(DocumentError, match="nested too deeply"):
        load_document("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(DocumentError, match="not a JSON number"):
        load_document('{"x": NaN}')
