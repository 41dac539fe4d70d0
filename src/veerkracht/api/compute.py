"""Computations on data the caller supplies: team formation and monitor scoring.

Input and output are exactly those of the ``form_team`` and ``score_responses`` commands (the
formation problem and the scoring rules are described in docs/), so that a consultant can move
between the command line and the API. They read nothing from the installation, but cost work, so
only the roles that need them may call them (``api.compute`` in rules.py) and they are throttled.

A solve can take seconds, so it runs as a background job: ``POST /teamvorming`` answers 202 with the
job, which the caller polls at its ``Location``. Scoring takes milliseconds and is answered at once;
its work is bounded by the body size (``DATA_UPLOAD_MAX_MEMORY_SIZE``). See docs/adr/0006.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from veerkracht.api import compute_schema as schema
from veerkracht.api import selectors, services
from veerkracht.api.models import TeamFormationJob
from veerkracht.api.problems import problem_responses
from veerkracht.monitor.scoring import (
    AnswersError,
    InstrumentDocumentError,
    clean_answers,
    instrument_from_document,
    score_wave,
)
from veerkracht.teams.formation import ProblemError, parse_problem

MAX_TIME_LIMIT = 20.0  # seconds a solve may search; the default too
MAX_K = 1_000_000


class CanCompute(permissions.BasePermission):
    message = "Only coordinators, innovation directors and administrators may use the computations."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("api.compute"))


# Throttles count in the Django cache, so they hold across processes when the cache is shared.
class TeamFormationThrottle(UserRateThrottle):
    scope = "team_formation"
    rate = "10/min"


class ScoringThrottle(UserRateThrottle):
    scope = "monitor_scores"
    rate = "30/min"


class JobPollThrottle(UserRateThrottle):
    scope = "job_poll"
    rate = "120/min"


class _Compute(APIView):
    permission_classes = [permissions.IsAuthenticated, CanCompute]


def job_document(job: TeamFormationJob) -> dict[str, Any]:
    return {
        "id": str(job.pk),
        "status": job.status,
        "time_limit": job.time_limit,
        "created": job.created_at.isoformat(),
        "started": job.started_at.isoformat() if job.started_at else None,
        "finished": job.finished_at.isoformat() if job.finished_at else None,
        "result": json.loads(job.result) if job.result else None,
        "error": job.error or None,
    }


EXAMPLE_PROBLEM = {
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
        {
            "id": "p1",
            "organisation": "gemeente-veerdam",
            "hours_per_week": 8,
            "can_lead": True,
            "skills": {"data-analyse": 4},
        },
    ],
}


class TeamFormation(_Compute):
    throttle_classes = [TeamFormationThrottle]

    @extend_schema(
        summary="Start forming the best team",
        description="The body is a team-formation problem exactly as the `form_team` command reads it. "
        "A malformed problem is refused at once (400). Otherwise the solve is queued and the answer is "
        "202 with the job; poll its `Location` until the status is `done` (the `result` is then the "
        f"`form_team` output document) or `failed`. `timeLimit` (seconds, at most {MAX_TIME_LIMIT:g}, "
        "also the default) bounds the search; a person has at most "
        f"{services.MAX_OPEN_JOBS} solves queued or running at a time (429). Only coordinators, "
        "innovation directors and administrators may call this.",
        parameters=[
            OpenApiParameter(
                "timeLimit",
                OpenApiTypes.NUMBER,
                description=f"Seconds, more than 0 and at most {MAX_TIME_LIMIT:g} (default).",
            )
        ],
        request=schema.TeamFormationProblem,
        responses={
            202: OpenApiResponse(schema.TeamFormationJobSerializer, description="The solve is queued."),
            **problem_responses(400, 401, 403, 429),
        },
        examples=[OpenApiExample("One candidate", value=EXAMPLE_PROBLEM, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        limit = _time_limit(request.query_params.get("timeLimit"))
        try:
            parse_problem(request.data)
        except ProblemError as exc:
            raise ValidationError({"body": [str(exc)]}) from exc
        try:
            job = services.start_team_formation(owner=request.user, document=request.data, time_limit=limit)
        except services.TooManyJobs:
            raise Throttled(
                detail=f"At most {services.MAX_OPEN_JOBS} solves may be queued or running at a time; "
                "wait for one to finish."
            ) from None
        job.refresh_from_db()
        response = Response(job_document(job), status=status.HTTP_202_ACCEPTED)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{job.pk}")
        return response


class TeamFormationJobDetail(_Compute):
    throttle_classes = [JobPollThrottle]

    @extend_schema(
        summary="A team-formation job",
        description="The job's state and, once `done`, the answer. Only the person who started it can "
        "see it; finished jobs are removed after a day.",
        responses={200: schema.TeamFormationJobSerializer, **problem_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, job_id: Any) -> Response:
        job = get_object_or_404(selectors.team_formation_jobs_of(request.user), pk=job_id)
        return Response(job_document(job))


def _time_limit(raw: str | None) -> float:
    if raw is None:
        return MAX_TIME_LIMIT
    reason = f"must be a number of seconds, more than 0 and at most {MAX_TIME_LIMIT:g}"
    try:
        value = float(raw) if len(raw) <= 20 else float("nan")
    except ValueError:
        raise ValidationError({"timeLimit": [reason]}) from None
    if not 0 < value <= MAX_TIME_LIMIT:
        raise ValidationError({"timeLimit": [reason]})
    return value


EXAMPLE_SCORING = {
    "instrument": {
        "code": "mini",
        "version": 1,
        "scale": {"min": 1, "max": 5, "missing": [9]},
        "dimensions": [{"code": "samenwerking", "items": [{"code": "s1"}, {"code": "s2", "reverse": True}]}],
    },
    "responses": [
        {"respondent": "r1", "group": "gemeente", "answers": {"s1": 4, "s2": 2}},
        {"respondent": "r2", "group": "gemeente", "answers": {"s1": 5, "s2": 1}},
        {"respondent": "r3", "group": "inwoners", "answers": {"s1": 3, "s2": 9}},
    ],
    "k": 1,
}


class ScoreResponses(_Compute):
    throttle_classes = [ScoringThrottle]

    @extend_schema(
        summary="Score a wave's answers",
        description="`instrument` is an instrument document (as `export_instrument` writes it), "
        "`responses` the answers, `k` the anonymity threshold. The answer is the output document of "
        "`score_responses`; answers off the scale are refused with every problem named. Scoring is "
        "answered at once: its work grows with the body, which is at most "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1_000_000} MB or so. Only coordinators, innovation "
        "directors and administrators may call this.",
        request=schema.ScoreRequest,
        responses={200: schema.ScoreDocument, **problem_responses(400, 401, 403, 429)},
        examples=[OpenApiExample("Three respondents", value=EXAMPLE_SCORING, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        body = request.data if isinstance(request.data, dict) else {}
        try:
            instrument = instrument_from_document(body.get("instrument"))
        except InstrumentDocumentError as exc:
            raise ValidationError({"instrument": [str(exc)]}) from exc
        k = body.get("k", 5)
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
            raise ValidationError({"k": [f"must be a whole number from 1 to {MAX_K}"]})
        records = body.get("responses")
        if not isinstance(records, list):
            raise ValidationError({"responses": ["must be a list"]})
        items = [item.code for dimension in instrument.dimensions for item in dimension.items]
        header = ["respondent", "group", *items]
        rows = [(index + 2, _cells(record, items)) for index, record in enumerate(records)]
        try:
            cleaned = clean_answers(instrument=instrument, header=header, rows=rows)
        except AnswersError as exc:
            raise ValidationError({"responses": [str(problem) for problem in exc.problems]}) from exc
        result = score_wave(instrument=instrument, responses=cleaned.responses, k=k)
        return Response(result.to_document())


def _cells(record: Any, items: list[str]) -> list[str]:
    if not isinstance(record, dict):
        return ["", ""] + [""] * len(items)
    answers: dict[str, Any] = record["answers"] if isinstance(record.get("answers"), dict) else {}
    return [
        str(record.get("respondent", "")),
        str(record.get("group") or ""),
        *("" if answers.get(code) is None else str(answers[code]) for code in items),
    ]
