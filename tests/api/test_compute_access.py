"""Who may run the computations, how long a solve may take, and how often (role × endpoint matrix)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.cache import cache

from tests.api.helpers import login
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.api.models import JobStatus, TeamFormationJob
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

PROBLEM = {
    "team_size": 1,
    "required_skills": [{"skill": "s", "min_level": 1, "count": 1}],
    "max_share_per_organisation": 1,
    "min_organisations": 1,
    "min_residents": 0,
    "min_hours_per_week": 0,
    "leader": None,
    "include": [],
    "exclude": [],
    "candidates": [
        {"id": "a", "organisation": "o", "hours_per_week": 4, "can_lead": True, "skills": {"s": 2}}
    ],
}
ALLOWED = {Role.COORDINATOR, Role.REGISSEUR, Role.BEHEERDER}


def person(kind: str):
    if kind == "resident":
        return UserFactory()
    if kind == "superuser":
        return UserFactory(superuser=True)
    if kind == "archived-coordinator":
        return member(OrganisationFactory(archived=True), Role.COORDINATOR)
    return member(OrganisationFactory(gemeente=True), Role(kind))


KINDS = [*Role.values, "resident", "superuser", "archived-coordinator"]


def allowed(kind: str) -> bool:
    return kind in ALLOWED or kind == "superuser"


@pytest.mark.parametrize("kind", KINDS)
def test_role_matrix(client, kind, django_capture_on_commit_callbacks):
    login(client, person(kind))
    with django_capture_on_commit_callbacks(execute=True):
        formation = client.post("/api/v1/teamvorming", PROBLEM, content_type="application/json")
    scores = client.post("/api/v1/monitor/scores", {}, content_type="application/json")
    if allowed(kind):
        assert formation.status_code == 202
        assert scores.status_code == 400  # allowed in, then the empty body is refused
    else:
        assert formation.status_code == 403
        assert scores.status_code == 403
        assert formation["Content-Type"] == "application/problem+json"
        assert not TeamFormationJob.objects.exists()


def test_rules_matrix_directly():
    for kind in KINDS:
        assert person(kind).has_perm("api.compute") is allowed(kind), kind


def test_anonymous_is_refused(client):
    assert client.post("/api/v1/teamvorming", PROBLEM, content_type="application/json").status_code == 401


@pytest.fixture
def coordinator(client):
    user = member(OrganisationFactory(gemeente=True), Role.COORDINATOR)
    login(client, user)
    return user


@pytest.mark.parametrize("value", ["0", "-1", "20.5", "100", "nan", "inf", "abc", "1" * 5000])
def test_time_limit_is_capped(client, coordinator, value):
    response = client.post(f"/api/v1/teamvorming?timeLimit={value}", PROBLEM, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "timeLimit"


def test_solve_runs_as_a_job_and_only_its_owner_sees_it(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/api/v1/teamvorming?timeLimit=5", PROBLEM, content_type="application/json")
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert response["Location"].endswith(f"/api/v1/teamvorming/{job_id}")
    # Nothing is solved inside the request: the job waits for the worker (here: after commit).
    assert response.json()["status"] == "queued" and response.json()["result"] is None
    assert TeamFormationJob.objects.get().time_limit == 5
    for callback in callbacks:
        callback()
    done = client.get(f"/api/v1/teamvorming/{job_id}").json()
    assert done["status"] == "done" and done["result"]["members"] == ["a"]

    login(client, member(OrganisationFactory(gemeente=True), Role.COORDINATOR))
    assert client.get(f"/api/v1/teamvorming/{job_id}").status_code == 404
    assert client.get(f"/api/v1/teamvorming/{uuid.uuid4()}").status_code == 404


def test_a_person_has_at_most_two_open_solves(client, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(2):
            assert (
                client.post("/api/v1/teamvorming", PROBLEM, content_type="application/json").status_code
                == 202
            )
        third = client.post("/api/v1/teamvorming", PROBLEM, content_type="application/json")
    assert third.status_code == 429
    assert third["Content-Type"] == "application/problem+json"
    assert TeamFormationJob.objects.count() == 2


def test_a_job_whose_worker_died_is_solved_again_and_a_done_job_is_left_alone(coordinator):
    from veerkracht.api.services import run_team_formation_job

    job = TeamFormationJob.objects.create(
        owner=coordinator, time_limit=5, problem=json.dumps(PROBLEM), status=JobStatus.RUNNING
    )
    assert run_team_formation_job(job_id=str(job.pk)) == "done"
    job.refresh_from_db()
    assert json.loads(job.result)["members"] == ["a"]
    assert run_team_formation_job(job_id=str(job.pk)) == "skipped"


def test_throttle_counts_in_the_django_cache(client, coordinator, monkeypatch):
    from veerkracht.api.compute import ScoringThrottle

    monkeypatch.setattr(ScoringThrottle, "rate", "2/min")

    def post() -> int:
        return client.post("/api/v1/monitor/scores", {}, content_type="application/json").status_code

    assert [post(), post(), post()] == [400, 400, 429]
    cache.clear()  # the counts live in the Django cache (shared by all processes), not in the process
    assert post() == 400
