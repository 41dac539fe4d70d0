"""Computations on data the caller supplies: team formation and monitor scoring.

They read nothing from the installation, so any logged-in person may use them; they are throttled
because they can be heavy. Input and output are exactly those of the ``form_team`` and
``score_responses`` commands (docs/teams/formation.md, docs/monitor/scoring.md), so that a
consultant can move between the command line and the API.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from veerkracht.api.views import VersionedMixin
from veerkracht.monitor.scoring import (
    AnswersError,
    InstrumentDocumentError,
    clean_answers,
    instrument_from_document,
    score_wave,
)
from veerkracht.teams.formation import ProblemError, form_team

MAX_TIME_LIMIT = 30.0


class ComputeThrottle(UserRateThrottle):
    scope = "compute"
    rate = "60/min"


class _Compute(VersionedMixin, APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ComputeThrottle]


class TeamFormation(_Compute):
    @extend_schema(
        summary="Form the best team",
        description="The body is a team-formation problem exactly as the `form_team` command reads it "
        "(defined in docs/teams/formation.md of the source code); "
        "the answer is its output document. `time_limit` (seconds, query parameter, at most 30) "
        "bounds the search.",
        request=inline_serializer("TeamFormationProblem", {"team_size": serializers.IntegerField()}),
        responses=inline_serializer(
            "TeamFormationResult",
            {
                "status": serializers.ChoiceField(["optimal", "feasible", "infeasible", "unknown"]),
                "members": serializers.ListField(child=serializers.CharField()),
                "leader": serializers.CharField(allow_null=True),
                "objective": serializers.IntegerField(allow_null=True),
                "explanation": serializers.DictField(),
            },
        ),
        examples=[
            OpenApiExample(
                "Two candidates",
                value={
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
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            limit = min(float(request.query_params.get("time_limit", MAX_TIME_LIMIT)), MAX_TIME_LIMIT)
        except ValueError as exc:
            raise ValidationError({"time_limit": ["must be a number of seconds"]}) from exc
        try:
            return Response(form_team(request.data, time_limit=limit))
        except ProblemError as exc:
            raise ValidationError({"body": [str(exc)]}) from exc


class ScoreResponses(_Compute):
    @extend_schema(
        summary="Score a wave's answers",
        description="`instrument` is an instrument document as `export_instrument` writes it (the rules are "
        "in docs/monitor/scoring.md of the source code), `responses` a list of "
        "`{respondent, group, answers: {item code: integer or null}}`, `k` the anonymity threshold. The "
        "answer is the output document of `score_responses`.",
        request=inline_serializer(
            "ScoreRequest",
            {
                "instrument": serializers.DictField(),
                "responses": serializers.ListField(child=serializers.DictField()),
                "k": serializers.IntegerField(required=False, default=5, min_value=1),
            },
        ),
        responses=inline_serializer("ScoreDocument", {"dimensions": serializers.DictField()}),
    )
    def post(self, request: Request) -> Response:
        body = request.data if isinstance(request.data, dict) else {}
        try:
            instrument = instrument_from_document(body.get("instrument"))
        except InstrumentDocumentError as exc:
            raise ValidationError({"instrument": [str(exc)]}) from exc
        k = body.get("k", 5)
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ValidationError({"k": ["must be a whole number of at least 1"]})
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
