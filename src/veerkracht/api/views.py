"""The public REST API, version 1. Reads go through the apps' selectors, so that the API shows exactly
what the pages show to the same person."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.api.problems import problem_responses
from veerkracht.api.serializers import AgendaSerializer, ChallengeSerializer, OrganisationSerializer
from veerkracht.organisations.models import Organisation

API_VERSION = "1.0.0"


class Pagination(LimitOffsetPagination):
    """``limit`` (1 to 200, default 50) and ``offset`` (0 or more). Anything else in either parameter,
    such as ``offset=null`` or ``limit=-1``, is refused with a problem document instead of being read
    as the default."""

    default_limit = 50
    max_limit = 200

    def get_limit(self, request: Request) -> int:
        return _whole_number(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return _whole_number(request, self.offset_query_param, 0, 0, None)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            self.offset_query_param: {"minimum": 0, "default": 0},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def _whole_number(request: Request, name: str, default: int, minimum: int, maximum: int | None) -> int:
    if name not in request.query_params:
        return default
    raw = request.query_params[name]
    upper = "" if maximum is None else f" and at most {maximum}"
    reason = f"must be a whole number of at least {minimum}{upper}"
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise ValidationError({name: [reason]})
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        raise ValidationError({name: [reason]})
    return value


class VersionedMixin:
    """Every response carries the full API version (Dutch API Design Rules, API-57)."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["API-Version"] = API_VERSION
        return response


class OrganisationList(VersionedMixin, generics.ListAPIView):
    """Organisations in this installation (for logged-in people)."""

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(responses={200: OrganisationSerializer(many=True), **problem_responses(400, 403)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.select_related("municipality").order_by("name")


class AgendaList(VersionedMixin, generics.ListAPIView):
    """Published agendas, and the agendas the caller takes part in."""

    serializer_class = AgendaSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = Pagination

    @extend_schema(responses={200: AgendaSerializer(many=True), **problem_responses(400)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agenda]:
        return agenda_selectors.agendas_visible_to(self.request.user).order_by("title")


class AgendaDetail(VersionedMixin, generics.RetrieveAPIView):
    """One agenda; 404 when it does not exist or is not visible to the caller."""

    serializer_class = AgendaSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    @extend_schema(responses={200: AgendaSerializer, **problem_responses(404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agenda]:
        return agenda_selectors.agendas_visible_to(self.request.user)


class ChallengeList(VersionedMixin, generics.ListAPIView):
    """Public challenges, and the challenges the caller takes part in."""

    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("agenda", str, description="Slug of an agenda"),
            OpenApiParameter("status", str, description="Lifecycle status"),
            OpenApiParameter("domain", str, description="Domain code"),
        ],
        responses={200: ChallengeSerializer(many=True), **problem_responses(400)},
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
        return challenges.order_by("title")


class ChallengeDetail(VersionedMixin, generics.RetrieveAPIView):
    """One challenge; 404 when it does not exist or is not visible to the caller."""

    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    @extend_schema(responses={200: ChallengeSerializer, **problem_responses(404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Challenge]:
        return agenda_selectors.challenges_visible_to(self.request.user)
