"""The public REST API, version 1. Reads go through the apps' selectors, so that the API shows exactly
what the pages show to the same person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.agenda.models import Agenda, Challenge, Stakeholder
from veerkracht.api import selectors
from veerkracht.api.events import ApiEvent
from veerkracht.api.idempotency import IDEMPOTENCY_PARAMETER, audit_write, idempotent
from veerkracht.api.models import ApiKey
from veerkracht.api.pagination import KeysFirstPagination, PageNumberPagination
from veerkracht.api.permissions import HasScope, KeyOrSession
from veerkracht.api.problems import problem_responses
from veerkracht.api.serializers import (
    AgendaSerializer,
    ChallengeSerializer,
    MeasurementInput,
    MeasurementSerializer,
    OrganisationSerializer,
    StakeholderSerializer,
)
from veerkracht.governance.models import Indicator, MeasurementSource
from veerkracht.governance.services.objectives import MeasurementError, record_measurements
from veerkracht.organisations.models import Organisation

PUBLIC = [permissions.AllowAny, HasScope]  # anyone; a key needs the group's scope
KNOWN = [KeyOrSession, HasScope]  # a key (with the scope) or a logged-in person


def sort_parameter(fields: dict[str, str], default: str) -> OpenApiParameter:
    names = ", ".join(f"`{name}`" for name in fields)
    return OpenApiParameter(
        "sort",
        str,
        description=f"Sort by one of {names}; a leading `-` sorts descending. Default `{default}`.",
        enum=[*fields, *(f"-{name}" for name in fields)],
    )


def sorted_by(
    request: Request, queryset: QuerySet[Any], fields: dict[str, str], default: str
) -> QuerySet[Any]:
    """Order ``queryset`` by the ``sort`` query parameter (a name in ``fields``, optionally with a
    leading ``-``); the primary key breaks ties so that pages never overlap."""
    raw = request.query_params.get("sort", default)
    name = raw.removeprefix("-")
    if name not in fields:
        raise ValidationError({"sort": [f"must be one of {', '.join(sorted(fields))}, optionally with -"]})
    column = fields[name]
    return queryset.order_by(f"-{column}" if raw.startswith("-") else column, "pk")


def filtered_and_sorted(
    request: Request,
    queryset: QuerySet[Any],
    *,
    filters: dict[str, str],
    choices: dict[str, Sequence[str]] | None = None,
    sort_fields: dict[str, str],
    default: str,
) -> QuerySet[Any]:
    """Apply each query parameter of ``filters`` (parameter → field lookup) that was given, and the
    ``sort``. A value outside the parameter's ``choices`` and a bad sort are named together in one 400
    problem."""
    params = request.query_params
    problems: dict[str, Any] = {}
    for name, lookup in filters.items():
        value = params.get(name)
        if not value:
            continue
        allowed = (choices or {}).get(name)
        if allowed is not None and value not in allowed:
            problems[name] = [f"must be one of {', '.join(allowed)}"]
        else:
            queryset = queryset.filter(**{lookup: value})
    try:
        queryset = sorted_by(request, queryset, sort_fields, default)
    except ValidationError as exc:
        problems.update(exc.detail)  # type: ignore[arg-type]
    if problems:
        raise ValidationError(problems)
    return queryset


class OrganisationList(generics.ListAPIView):
    """Organisations in this installation (for API keys and logged-in people)."""

    resource_group = "organisaties"
    serializer_class = OrganisationSerializer
    permission_classes = KNOWN
    pagination_class = PageNumberPagination
    sort_fields = {"name": "name", "slug": "slug"}

    @extend_schema(
        parameters=[sort_parameter(sort_fields, "name")],
        responses={200: OrganisationSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Organisation]:
        organisations = Organisation.objects.select_related("municipality")
        return sorted_by(self.request, organisations, self.sort_fields, "name")


class AgendaList(generics.ListAPIView):
    """Published agendas, and the agendas the caller takes part in (a key: of its municipality)."""

    resource_group = "agendas"
    serializer_class = AgendaSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination
    sort_fields = {"title": "title", "periodStart": "period_start"}

    @extend_schema(
        parameters=[sort_parameter(sort_fields, "title")],
        responses={200: AgendaSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agenda]:
        agendas = selectors.agendas_for(self.request)
        return sorted_by(self.request, agendas, self.sort_fields, "title")


class AgendaDetail(generics.RetrieveAPIView):
    """One agenda; 404 when it does not exist or is not visible to the caller."""

    resource_group = "agendas"
    serializer_class = AgendaSerializer
    permission_classes = PUBLIC
    lookup_field = "slug"

    @extend_schema(responses={200: AgendaSerializer, **problem_responses(401, 403, 404, 429)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agenda]:
        return selectors.agendas_for(self.request)


class ChallengeList(generics.ListAPIView):
    """Public challenges, and the challenges the caller takes part in (a key: of its municipality)."""

    resource_group = "agendas"
    serializer_class = ChallengeSerializer
    permission_classes = PUBLIC
    pagination_class = KeysFirstPagination
    sort_fields = {"title": "title", "status": "status"}

    @extend_schema(
        parameters=[
            OpenApiParameter("agenda", str, description="Only the challenges of the agenda with this slug."),
            OpenApiParameter("status", str, description="Only challenges in this lifecycle status."),
            OpenApiParameter("domain", str, description="Only challenges of the domain with this code."),
            sort_parameter(sort_fields, "title"),
        ],
        responses={200: ChallengeSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Challenge]:
        challenges = selectors.challenges_for(self.request)
        params = self.request.query_params
        if params.get("agenda"):
            challenges = challenges.filter(agenda__slug=params["agenda"])
        if params.get("status"):
            challenges = challenges.filter(status=params["status"])
        if params.get("domain"):
            challenges = challenges.filter(domain__code=params["domain"])
        return sorted_by(self.request, challenges, self.sort_fields, "title")


class ChallengeDetail(generics.RetrieveAPIView):
    """One challenge; 404 when it does not exist or is not visible to the caller."""

    resource_group = "agendas"
    serializer_class = ChallengeSerializer
    permission_classes = PUBLIC
    lookup_field = "slug"

    @extend_schema(responses={200: ChallengeSerializer, **problem_responses(401, 403, 404, 429)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Challenge]:
        return selectors.challenges_for(self.request)


class StakeholderList(generics.ListAPIView):
    """The stakeholders (organisations and their roles) of the challenges the caller may read."""

    resource_group = "agendas"
    serializer_class = StakeholderSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination
    sort_fields = {"organisationName": "organisation__name", "role": "role"}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "opgave", str, description="Only the stakeholders of the challenge with this slug."
            ),
            OpenApiParameter(
                "organisatie", str, description="Only the stakes of the organisation with this slug."
            ),
            OpenApiParameter("role", str, description="Only stakeholders in this role."),
            sort_parameter(sort_fields, "organisationName"),
        ],
        responses={200: StakeholderSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Stakeholder]:
        stakeholders = selectors.stakeholders_for(self.request)
        params = self.request.query_params
        if params.get("opgave"):
            stakeholders = stakeholders.filter(challenge__slug=params["opgave"])
        if params.get("organisatie"):
            stakeholders = stakeholders.filter(organisation__slug=params["organisatie"])
        if params.get("role"):
            stakeholders = stakeholders.filter(role=params["role"])
        return sorted_by(self.request, stakeholders, self.sort_fields, "organisationName")


class IndicatorMeasurements(generics.GenericAPIView):
    resource_group = "indicatoren"
    permission_classes = KNOWN
    serializer_class = MeasurementInput

    @extend_schema(
        summary="Record a measurement of an indicator",
        description="Stores one measurement, as entering it on the indicator's page does (the same checks: "
        "on or after the baseline date, one per date, at most six decimals). A key needs "
        "`indicatoren:write` and writes only to its own municipality's challenges and agendas; a person "
        "needs the right to enter measurements of the objective. Send an `Idempotency-Key` so that a "
        "retry never records twice.",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=MeasurementInput,
        responses={
            201: OpenApiResponse(MeasurementSerializer, description="The measurement was recorded."),
            **problem_responses(400, 401, 403, 404, 422, 429),
        },
    )
    def post(self, request: Request, indicator_id: int) -> Response:
        indicator = get_object_or_404(selectors.indicators_for(request), pk=indicator_id)
        key = request.auth if isinstance(request.auth, ApiKey) else None
        if key is not None and not selectors.indicator_writable_by_key(key, indicator):
            raise PermissionDenied("A key writes only to its own municipality's indicators.")
        given = MeasurementInput(data=request.data)
        given.is_valid(raise_exception=True)
        return idempotent(request, lambda: self._record(request, indicator, given.validated_data, key))

    def _record(
        self, request: Request, indicator: Indicator, data: dict[str, Any], key: ApiKey | None
    ) -> Response:
        row = {"date": data["date"].isoformat(), "value": str(data["value"]), "note": data["note"]}
        try:
            [measurement] = record_measurements(
                indicator, [row], by=None if key is not None else request.user, source=MeasurementSource.API
            )
        except MeasurementError as exc:
            problems: dict[str, list[str]] = {}
            for problem in exc.problems:
                problems.setdefault(problem.column or "body", []).append(str(problem.message))
            raise ValidationError(problems) from None
        except DjangoValidationError as exc:
            raise ValidationError({"body": exc.messages}) from None
        audit_write(
            request,
            ApiEvent.WRITE,
            indicator,
            {"measurement": measurement.pk, "date": row["date"], "value": row["value"]},
        )
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)
