"""API resources of dynamic governance (part d): objectives (``doelen``), indicators (``indicatoren``)
with their measurements, and the decision logs (``besluiten``).

What a caller sees is what the pages show the same person (``api.selectors``); the status of an
objective or indicator is the rules engine's, computed by governance's selectors as the pages compute
it; a decision is the exported log's entry, redacted as on the public decision-log page unless the
caller may read it (a key: its own municipality's log; a person: as the challenge pages decide).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, mixins, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from veerkracht.api import selectors, views
from veerkracht.api.pagination import PageNumberPagination, whole_number
from veerkracht.api.problems import problem_responses
from veerkracht.api.serializers import MeasurementSerializer
from veerkracht.api.views import KNOWN, PUBLIC, sort_parameter, sorted_by
from veerkracht.governance import selectors as governance_selectors
from veerkracht.governance import status
from veerkracht.governance.chain import GENESIS
from veerkracht.governance.indicators import STATUSES
from veerkracht.governance.models import (
    Decision,
    DecisionKind,
    Indicator,
    Measurement,
    Objective,
    ObjectiveState,
)
from veerkracht.governance.wording import status_label

MAX_ID = 10**9 - 1
STATUS_HELP = (
    "The rules engine's status today, as the governance pages show it: one of "
    + ", ".join(f"`{s}`" for s in STATUSES)
    + "; null when there is no status yet (no indicator, or data the engine does not take)."
)


# --- serializers -----------------------------------------------------------------------------------


class ObjectiveSerializer(serializers.ModelSerializer):
    """An objective of a challenge, or a municipal goal of an agenda, with its status. The view sets
    ``evaluation`` (the engine's ``ObjectiveStatus`` or None) on each objective."""

    challenge = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the challenge (`opgave`) the objective belongs to; null for a municipal goal.",
    )
    agenda = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the agenda a municipal goal belongs to; null for a challenge's objective.",
    )
    contributes_to = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The id of the municipal goal it contributes to.",
    )
    state = serializers.ChoiceField(
        choices=ObjectiveState.choices,
        read_only=True,
        help_text="`concept` (draft), `voorgesteld` (proposed), `overeengekomen` (agreed by the board "
        "and the innovation director).",
    )
    state_label = serializers.CharField(
        source="get_state_display", read_only=True, help_text="The state in the request's language."
    )
    indicators = serializers.SerializerMethodField(help_text="The ids of the objective's indicators.")
    status = serializers.SerializerMethodField(help_text=STATUS_HELP)
    status_label = serializers.SerializerMethodField(help_text="The status in the request's language.")
    progress = serializers.SerializerMethodField(
        help_text="The weighted mean of its indicators' progress, in percent of the intended change "
        "(100: the target); null without a measurement."
    )
    incomplete = serializers.SerializerMethodField(
        help_text="True when an indicator has no measurement yet; null without a status."
    )

    class Meta:
        model = Objective
        fields = [
            "id",
            "code",
            "name",
            "description",
            "version",
            "state",
            "state_label",
            "challenge",
            "agenda",
            "contributes_to",
            "indicators",
            "status",
            "status_label",
            "progress",
            "incomplete",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The objective's number (`doelen/{id}`)."},
            "code": {"help_text": "The objective's code within its challenge or agenda, e.g. `O1`."},
            "name": {"help_text": "The objective's name."},
            "description": {"help_text": "What the objective is about (may be empty)."},
            "version": {"help_text": "The version; a change of an agreed objective is a new version."},
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_indicators(self, objective: Objective) -> list[int]:
        return [indicator.pk for indicator in objective.indicators.all()]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status(self, objective: Objective) -> str | None:
        found = objective.evaluation  # type: ignore[attr-defined]
        return found.status if found is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status_label(self, objective: Objective) -> str | None:
        found = objective.evaluation  # type: ignore[attr-defined]
        return status_label(found.status) if found is not None else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, objective: Objective) -> float | None:
        found = objective.evaluation  # type: ignore[attr-defined]
        return found.progress if found is not None else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_incomplete(self, objective: Objective) -> bool | None:
        found = objective.evaluation  # type: ignore[attr-defined]
        return found.incomplete if found is not None else None


DECIMAL = {"max_digits": 20, "decimal_places": 6, "coerce_to_string": True}


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with its status. The view sets ``evaluation`` (the engine's ``IndicatorStatus`` or
    None) on each indicator."""

    objective = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The id of the objective (`doelen/{id}`) the indicator measures."
    )
    challenge = serializers.SlugRelatedField(
        source="objective.challenge",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the objective's challenge; null for a municipal goal's indicator.",
    )
    source_label = serializers.CharField(
        source="get_source_display", read_only=True, help_text="The source in the request's language."
    )
    status = serializers.SerializerMethodField(help_text=STATUS_HELP)
    status_label = serializers.SerializerMethodField(help_text="The status in the request's language.")
    progress = serializers.SerializerMethodField(
        help_text="The change reached at the latest measurement, in percent of the intended change "
        "(100: the target); null without a measurement."
    )
    deviation = serializers.SerializerMethodField(
        help_text="Progress at the latest measurement minus the planned progress on that date (a "
        "share of the intended change); null without a measurement."
    )
    latest_date = serializers.SerializerMethodField(help_text="The date of the latest measurement.")
    latest_value = serializers.SerializerMethodField(help_text="The value of the latest measurement.")
    forecast_date = serializers.SerializerMethodField(
        help_text="When the trend reaches the target; null without a trend or when it never does."
    )
    on_trend = serializers.SerializerMethodField(
        help_text="Whether the trend reaches the target by the target date; null without a trend."
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "objective",
            "challenge",
            "baseline_date",
            "baseline_value",
            "target_date",
            "target_value",
            "tolerance",
            "weight",
            "source",
            "source_label",
            "monitor_dimension",
            "status",
            "status_label",
            "progress",
            "deviation",
            "latest_date",
            "latest_value",
            "forecast_date",
            "on_trend",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The indicator's number (`indicatoren/{id}`)."},
            "code": {"help_text": "The indicator's code within its objective, e.g. `I1`."},
            "name": {"help_text": "The indicator's name."},
            "unit": {"help_text": "The unit of its values, e.g. `%` (may be empty)."},
            "baseline_date": {"help_text": "The date of the baseline value."},
            "baseline_value": {"help_text": "The value at the baseline date."},
            "target_date": {"help_text": "The date by which the target is to be reached."},
            "target_value": {"help_text": "The value to reach by the target date."},
            "tolerance": {"help_text": "How far behind plan (a share of the change) is still on course."},
            "weight": {"help_text": "The indicator's weight in its objective's progress."},
            "source": {"help_text": "`cbs`, `eigen` (own registration) or `monitor` (innovation monitor)."},
            "monitor_dimension": {"help_text": "With source `monitor`: the monitor dimension measured."},
        }

    @staticmethod
    def _found(indicator: Indicator) -> Any:
        return indicator.evaluation  # type: ignore[attr-defined]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status(self, indicator: Indicator) -> str | None:
        found = self._found(indicator)
        return found.status if found is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status_label(self, indicator: Indicator) -> str | None:
        found = self._found(indicator)
        return status_label(found.status) if found is not None else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress(self, indicator: Indicator) -> float | None:
        found = self._found(indicator)
        return found.progress if found is not None else None

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_deviation(self, indicator: Indicator) -> float | None:
        found = self._found(indicator)
        return found.deviation if found is not None else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_latest_date(self, indicator: Indicator) -> str | None:
        found = self._found(indicator)
        return found.latest[0].isoformat() if found is not None and found.latest is not None else None

    @extend_schema_field(serializers.DecimalField(allow_null=True, **DECIMAL))
    def get_latest_value(self, indicator: Indicator) -> str | None:
        found = self._found(indicator)
        if found is None or found.latest is None:
            return None
        return serializers.DecimalField(**DECIMAL).to_representation(found.latest[1])

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_forecast_date(self, indicator: Indicator) -> str | None:
        found = self._found(indicator)
        return found.forecast_date.isoformat() if found is not None and found.forecast_date else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_on_trend(self, indicator: Indicator) -> bool | None:
        found = self._found(indicator)
        return found.on_trend if found is not None else None


class DecidedBySerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Who decided.")
    role = serializers.CharField(help_text="In what role.")
    organisation = serializers.CharField(help_text="For which organisation.")


class DecisionContentSerializer(serializers.Serializer):
    """An entry's content exactly as hashed: its digest is the SHA-256 of this object written as
    canonical JSON (keys sorted, no spaces, UTF-8)."""

    challenge = serializers.CharField(help_text="The slug of the challenge decided about (`-`: none).")
    kind = serializers.ChoiceField(choices=DecisionKind.choices, help_text="The kind of decision.")
    title = serializers.CharField(help_text="The decision's title.")
    text = serializers.CharField(help_text="What was decided, and why.")
    decided_by = DecidedBySerializer(help_text="Who decided, in what capacity.")
    refs = serializers.ListField(
        child=serializers.CharField(), help_text="References: documents, minutes, links."
    )
    corrects = serializers.IntegerField(
        allow_null=True, help_text="For a correction: the number (`seq`) of the entry it corrects."
    )


class DecisionSerializer(serializers.Serializer):
    """One entry of a municipality's decision log, as the exported log has it, with the fields that
    chain it: ``hash`` = SHA-256 over ``seq``, ``recorded_at``, ``prev`` and ``digest`` (see
    docs/governance/decisions.md); ``prev`` of entry 1 is 64 zeros."""

    municipality = serializers.CharField(help_text="The slug of the municipality whose log this is.")
    seq = serializers.IntegerField(min_value=1, help_text="The entry's number in its log, from 1.")
    recorded_at = serializers.CharField(help_text="When it was recorded (UTC, `YYYY-MM-DDTHH:MM:SSZ`).")
    prev = serializers.CharField(help_text=f"The hash of the entry before it (`{GENESIS[:4]}…`: none).")
    digest = serializers.CharField(help_text="SHA-256 of the content's canonical JSON (hexadecimal).")
    hash = serializers.CharField(help_text="The entry's own hash (hexadecimal).")
    public = serializers.BooleanField(help_text="False for a confidential entry.")
    redacted = serializers.BooleanField(
        help_text="True when the content is left out: a confidential entry the caller may not read "
        "(as on the public decision-log page). The digest stays, so the chain still verifies."
    )
    kind_label = serializers.CharField(
        allow_null=True, help_text="The kind in the request's language; null when redacted."
    )
    content = DecisionContentSerializer(allow_null=True, help_text="The content; null when redacted.")


# --- views -----------------------------------------------------------------------------------------


class ObjectiveList(generics.ListAPIView):
    """Objectives of the challenges (and municipal goals of the agendas) the caller may read."""

    resource_group = "doelen"
    serializer_class = ObjectiveSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination
    sort_fields = {"code": "code", "name": "name", "state": "state"}

    @extend_schema(
        summary="List objectives",
        description="The current objectives (superseded versions left out, as on the challenge's "
        "governance page) of the challenges the caller may read, and the municipal goals of the agendas "
        "it may read, each with the status the governance pages show. Without a key: public challenges "
        "and published agendas; a key also sees its own municipality's.",
        parameters=[
            OpenApiParameter("opgave", str, description="Only the objectives of this challenge (slug)."),
            OpenApiParameter("agenda", str, description="Only the goals of this agenda (slug)."),
            OpenApiParameter(
                "state",
                str,
                enum=[s for s in ObjectiveState.values if s != ObjectiveState.VERVANGEN],
                description="Only objectives in this state.",
            ),
            sort_parameter(sort_fields, "code"),
        ],
        responses={200: ObjectiveSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Objective]:
        objectives = selectors.objectives_for(self.request)
        params = self.request.query_params
        if params.get("opgave"):
            objectives = objectives.filter(challenge__slug=params["opgave"])
        if params.get("agenda"):
            objectives = objectives.filter(agenda__slug=params["agenda"])
        if params.get("state"):
            if params["state"] not in ObjectiveState.values:
                raise ValidationError({"state": [f"must be one of {', '.join(ObjectiveState.values)}"]})
            objectives = objectives.filter(state=params["state"])
        return _with_measurements(sorted_by(self.request, objectives, self.sort_fields, "code"))

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        _judge_objectives(args[0] if args else [])
        return super().get_serializer(*args, **kwargs)


def _with_measurements(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    return status.with_measurements(objectives)


def _judge_objectives(rows: Any) -> None:
    rows = [rows] if isinstance(rows, Objective) else list(rows)
    found = governance_selectors.objective_statuses(rows)
    for objective in rows:
        objective.evaluation = found.get(objective.pk)  # type: ignore[attr-defined]


def _judge_indicators(rows: Any) -> None:
    rows = [rows] if isinstance(rows, Indicator) else list(rows)
    found = governance_selectors.indicator_statuses(rows)
    for indicator in rows:
        indicator.evaluation = found.get(indicator.pk)  # type: ignore[attr-defined]


class ObjectiveDetail(generics.RetrieveAPIView):
    """One objective; 404 when it does not exist, is superseded, or is not visible to the caller."""

    resource_group = "doelen"
    serializer_class = ObjectiveSerializer
    permission_classes = PUBLIC

    @extend_schema(
        summary="One objective",
        responses={200: ObjectiveSerializer, **problem_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Objective]:
        return _with_measurements(selectors.objectives_for(self.request))

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        _judge_objectives(args[0] if args else [])
        return super().get_serializer(*args, **kwargs)


class IndicatorList(generics.ListAPIView):
    """Indicators of the objectives the caller may read."""

    resource_group = "indicatoren"
    serializer_class = IndicatorSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination
    sort_fields = {"code": "code", "name": "name", "targetDate": "target_date"}

    @extend_schema(
        summary="List indicators",
        description="The indicators of the objectives of challenges (and agendas) the caller may read, "
        "each with the status the indicator's page shows (the same rules engine).",
        parameters=[
            OpenApiParameter("opgave", str, description="Only the indicators of this challenge (slug)."),
            OpenApiParameter(
                "doel",
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                description="Only the indicators of the objective with this id.",
            ),
            sort_parameter(sort_fields, "code"),
        ],
        responses={200: IndicatorSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Indicator]:
        indicators = selectors.indicators_for(self.request).select_related("objective__challenge")
        params = self.request.query_params
        if params.get("opgave"):
            indicators = indicators.filter(objective__challenge__slug=params["opgave"])
        objective = whole_number(self.request, "doel", 0, 1, MAX_ID)  # 0: no filter
        if objective:
            indicators = indicators.filter(objective_id=objective)
        return sorted_by(self.request, indicators, self.sort_fields, "code")

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        _judge_indicators(args[0] if args else [])
        return super().get_serializer(*args, **kwargs)


class IndicatorDetail(generics.RetrieveAPIView):
    """One indicator; 404 when it does not exist or is not visible to the caller."""

    resource_group = "indicatoren"
    serializer_class = IndicatorSerializer
    permission_classes = PUBLIC

    @extend_schema(
        summary="One indicator",
        responses={200: IndicatorSerializer, **problem_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Indicator]:
        return selectors.indicators_for(self.request).select_related("objective__challenge")

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        _judge_indicators(args[0] if args else [])
        return super().get_serializer(*args, **kwargs)


class IndicatorMeasurements(mixins.ListModelMixin, views.IndicatorMeasurements):
    """An indicator's measurements: read them (GET), record one (POST, see ``api.views``)."""

    pagination_class = PageNumberPagination
    sort_fields = {"date": "date"}

    def get_permissions(self) -> list[BasePermission]:
        classes = PUBLIC if self.request.method in SAFE_METHODS else KNOWN
        return [permission() for permission in classes]

    @extend_schema(
        summary="List an indicator's measurements",
        description="The measurements of an indicator the caller may read (404 otherwise), oldest first "
        "unless sorted otherwise.",
        parameters=[sort_parameter(sort_fields, "date")],
        responses={200: MeasurementSerializer(many=True), **problem_responses(400, 401, 403, 404, 429)},
    )
    def get(self, request: Request, indicator_id: int) -> Response:
        indicator = get_object_or_404(selectors.indicators_for(request), pk=indicator_id)
        measurements = sorted_by(
            request, Measurement.objects.filter(indicator=indicator), self.sort_fields, "date"
        )
        page = self.paginate_queryset(measurements)
        assert page is not None  # noqa: S101 - a pagination class is set
        return self.get_paginated_response(MeasurementSerializer(page, many=True).data)


class DecisionList(generics.ListAPIView):
    """The municipalities' decision logs, entry by entry."""

    resource_group = "besluiten"
    serializer_class = DecisionSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination
    sort_fields = {"seq": "seq", "recordedAt": "recorded_at"}

    @extend_schema(
        summary="List decision-log entries",
        description="Each municipality's decision log is public, as its page is: every entry with its "
        "number, time and place in the hash chain. A confidential entry's content is left out "
        "(`redacted`, `content` null) unless the caller may read it: a key of the log's own "
        "municipality, or a person who may on the challenge's pages. To verify a log as "
        "`veerkracht verify_decisions` does, ask for one `gemeente`, sorted by `seq`, all pages: each "
        "entry's `prev` is the `hash` of the one before, and a content's canonical JSON gives its `digest`.",
        parameters=[
            OpenApiParameter("gemeente", str, description="Only the log of the municipality with this slug."),
            OpenApiParameter(
                "opgave",
                str,
                description="Only the entries about the challenge with this slug (a challenge the "
                "caller may read; otherwise none).",
            ),
            sort_parameter(sort_fields, "seq"),
        ],
        responses={200: DecisionSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Decision]:
        decisions, self.may_read = selectors.decisions_for(self.request)
        params = self.request.query_params
        if params.get("gemeente"):
            decisions = decisions.filter(chain__municipality__slug=params["gemeente"])
        if params.get("opgave"):
            readable = selectors.challenges_for(self.request).filter(slug=params["opgave"])
            decisions = decisions.filter(challenge__in=readable.values("pk"))
        return sorted_by(self.request, decisions, self.sort_fields, "seq")

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        if not args:  # the schema generator asks for the serializer alone
            return super().get_serializer(*args, **kwargs)
        rows = list(args[0])
        entries = governance_selectors.exported_entries(rows, self.may_read)
        for decision, entry in zip(rows, entries, strict=True):
            content = entry["content"]
            entry["municipality"] = decision.chain.municipality.slug
            entry["public"] = decision.public
            entry["redacted"] = content is None
            entry["kind_label"] = (
                governance_selectors.kind_label(content["kind"]) if content is not None else None
            )
        return super().get_serializer(entries, *args[1:], **kwargs)


urlpatterns: list[URLPattern] = [
    path("doelen", ObjectiveList.as_view(), name="objectives"),
    path("doelen/<int:pk>", ObjectiveDetail.as_view(), name="objective"),
    path("indicatoren", IndicatorList.as_view(), name="indicators"),
    path("indicatoren/<int:pk>", IndicatorDetail.as_view(), name="indicator"),
    path(
        "indicatoren/<int:indicator_id>/metingen",
        IndicatorMeasurements.as_view(),
        name="indicator-measurements",
    ),
    path("besluiten", DecisionList.as_view(), name="decisions"),
]
