"""The public REST API, version 1. Reads go through the apps' selectors, so that the API shows exactly
what the pages show to the same person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.api.pagination import PageNumberPagination
from veerkracht.api.problems import problem_responses
from veerkracht.api.serializers import AgendaSerializer, ChallengeSerializer, OrganisationSerializer
from veerkracht.organisations.models import Organisation


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


class OrganisationList(generics.ListAPIView):
    """Organisations in this installation (for logged-in people)."""

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated]
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
    """Published agendas, and the agendas the caller takes part in."""

    serializer_class = AgendaSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = PageNumberPagination
    sort_fields = {"title": "title", "periodStart": "period_start"}

    @extend_schema(
        parameters=[sort_parameter(sort_fields, "title")],
        responses={200: AgendaSerializer(many=True), **problem_responses(400, 401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agenda]:
        agendas = agenda_selectors.agendas_visible_to(self.request.user)
        return sorted_by(self.request, agendas, self.sort_fields, "title")


class AgendaDetail(generics.RetrieveAPIView):
    """One agenda; 404 when it does not exist or is not visible to the caller."""

    serializer_class = AgendaSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    @extend_schema(responses={200: AgendaSerializer, **problem_responses(401, 404, 429)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agenda]:
        return agenda_selectors.agendas_visible_to(self.request.user)


class ChallengeList(generics.ListAPIView):
    """Public challenges, and the challenges the caller takes part in."""

    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = PageNumberPagination
    sort_fields = {"title": "title", "status": "status"}

    @extend_schema(
        parameters=[
            OpenApiParameter("agenda", str, description="Only the challenges of the agenda with this slug."),
            OpenApiParameter("status", str, description="Only challenges in this lifecycle status."),
            OpenApiParameter("domain", str, description="Only challenges of the domain with this code."),
            sort_parameter(sort_fields, "title"),
        ],
        responses={200: ChallengeSerializer(many=True), **problem_responses(400, 401, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Challenge]:
        challenges = agenda_selectors.challenges_visible_to(self.request.user)
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

    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    @extend_schema(responses={200: ChallengeSerializer, **problem_responses(401, 404, 429)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Challenge]:
        return agenda_selectors.challenges_visible_to(self.request.user)
