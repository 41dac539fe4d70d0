"""API resources of insight: the monitor's waves (``metingen``) with their aggregated results, the
innovation teams, the pilots and the lessons of the learning community.

Every read goes through the owning app's selectors and rules, so that the API shows what the pages show
the same person; an API key, which is no person, sees the public data and the non-public data of its
organisation's municipality (``api.selectors.municipality_of``):

* a wave (``metingen``): a reported wave of a public challenge is public (its profile is shared beyond
  the municipality, ``fieldwork.readings``); a person sees the waves they manage and the reports shared
  with them (``fieldwork.selectors``); a key sees its municipality's waves too. The aggregated results
  (the report's figures, ``fieldwork.report.build``) appear only when the report may be read and the
  wave reached the report minimum (``fieldwork.selectors.report_minimum_met``); never an answer.
* a team, a pilot: those of the challenges the caller may read (``api.selectors.challenges_for``),
  without personal data of the people in the team.
* a lesson: what ``community.selectors.visible_lessons`` gives a person; a key sees the public lessons
  and those its municipality shares within itself or its region (never team-only ones).
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.urls import URLPattern, path
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.agenda.selectors import municipal_challenge_ids, public_q
from veerkracht.api import selectors
from veerkracht.api.pagination import KeysFirstPagination, PageNumberPagination
from veerkracht.api.problems import problem_responses
from veerkracht.api.views import PUBLIC, filtered_and_sorted, sort_parameter
from veerkracht.community import selectors as community_selectors
from veerkracht.community.models import Lesson, Visibility
from veerkracht.fieldwork import report
from veerkracht.fieldwork import selectors as fieldwork_selectors
from veerkracht.fieldwork.models import ResponseStatus, Wave
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.governance.models import Indicator
from veerkracht.plans import states as pilot_states
from veerkracht.plans.models import Pilot, PilotState
from veerkracht.teams.models import MemberStatus, Team, TeamMember

GONE = problem_responses(401, 403, 404, 429)
LISTED = problem_responses(400, 401, 403, 429)


def _visible_challenges(request: Request) -> QuerySet[Any]:
    return selectors.challenges_for(request).values("pk")


# --- metingen: the monitor's waves -----------------------------------------------------------------


def waves_for(request: Request) -> QuerySet[Wave]:
    """The waves the caller may see, with their response counts (one query for a page)."""
    visible = Q(state=WaveState.GERAPPORTEERD) & public_q("challenge__")
    key = selectors.key_of(request)
    if key is not None:
        municipality = selectors.municipality_of(key.organisation)
        if municipality is not None:
            own = selectors.challenges_for(request).filter(
                pk__in=municipal_challenge_ids(municipality, regions=True)
            )
            visible |= Q(challenge__in=own.values("pk"))
    elif request.user.is_authenticated:
        user = request.user
        visible |= Q(pk__in=fieldwork_selectors.waves_for(user).order_by().values("pk"))
        visible |= Q(pk__in=fieldwork_selectors.shared_reports_for(user).order_by().values("pk"))
    ids = Wave.objects.filter(visible).values("pk")
    return (
        Wave.objects.filter(pk__in=ids)
        .select_related("challenge__agenda", "challenge__lead_municipality", "instrument", "previous")
        .annotate(
            n_completed=Count(
                "responses", filter=Q(responses__status=ResponseStatus.COMPLETED), distinct=True
            ),
            n_organisations=Count(
                "invitations__organisation", filter=Q(invitations__completed=True), distinct=True
            ),
        )
    )


NOT_REPORTED = "not_reported"
BELOW_MINIMUM = "below_report_minimum"
WITHHELD_REASONS = {
    NOT_REPORTED: "The report is not (or no longer) available to the caller: the wave is not reported.",
    BELOW_MINIMUM: "The wave did not reach the report minimum (respondents and organisations).",
}


def results_withheld(request: Request, wave: Wave) -> str | None:
    """Why the caller gets no results of ``wave`` (a key of :data:`WITHHELD_REASONS`), or None. The
    report page's rule (``fieldwork.view_report``) for a person; a key or an anonymous caller reads
    reported waves only. Below the report minimum nobody gets results."""
    if wave.state != WaveState.GERAPPORTEERD:
        person = request.user if selectors.key_of(request) is None else None
        if person is None or not person.has_perm("fieldwork.view_report", wave):
            return NOT_REPORTED
    if not fieldwork_selectors.report_minimum_met(wave.n_completed, wave.n_organisations):  # type: ignore[attr-defined]
        return BELOW_MINIMUM
    return None


class WaveChangeSerializer(serializers.Serializer):
    diff = serializers.FloatField(help_text="Change of the headline score since the previous wave, 0–100.")
    low = serializers.FloatField(allow_null=True, help_text="Lower end of its 95% interval.")
    high = serializers.FloatField(allow_null=True, help_text="Upper end of its 95% interval.")


class WaveDimensionScoreSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The dimension's code in the instrument.")
    name = serializers.CharField(help_text="The dimension's name in the response's language.")
    score = serializers.FloatField(
        allow_null=True, help_text="Headline score on 0–100; null when suppressed (fewer than k)."
    )
    low = serializers.FloatField(allow_null=True, help_text="Lower end of the 95% interval, 0–100.")
    high = serializers.FloatField(allow_null=True, help_text="Upper end of the 95% interval, 0–100.")
    label = serializers.CharField(
        source="result.label",
        help_text="The report's verdict: `sterkte`, `aandachtspunt`, `ontwikkelpunt` or `onderdrukt`.",
    )
    label_text = serializers.CharField(source="label", help_text="The verdict in the response's language.")
    flags = serializers.ListField(
        child=serializers.CharField(), help_text="The report's remarks on the score, in words."
    )
    previous = serializers.FloatField(
        allow_null=True, help_text="The previous wave's headline score, 0–100, where there is one."
    )
    change = WaveChangeSerializer(allow_null=True, help_text="The change since the previous wave, if known.")


class WaveResultsSerializer(serializers.Serializer):
    """The aggregated results of a wave, as its report shows them (no answer of anyone)."""

    index = serializers.FloatField(allow_null=True, help_text="The overall index on 0–100.")
    respondents = serializers.IntegerField(source="total_completed", help_text="Completed responses scored.")
    k = serializers.IntegerField(help_text="Anonymity threshold: smaller groups are not shown apart.")
    dimensions = WaveDimensionScoreSerializer(source="dims", many=True, help_text="Per dimension.")


class ReportMinimumSerializer(serializers.Serializer):
    respondents = serializers.IntegerField(help_text="Completed responses a report needs at least.")
    organisations = serializers.IntegerField(help_text="Organisations these must come from at least.")


class WaveSerializer(serializers.ModelSerializer):
    """A wave of the monitor (a *meting*): its state, dates, challenge and response counts."""

    challenge = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The challenge (slug) the wave measures."
    )
    challenge_title = serializers.CharField(source="challenge.title", read_only=True)
    label = serializers.CharField(read_only=True, help_text="The wave's name, e.g. *Meting 1 (T0)*.")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    instrument = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The monitor instrument's code."
    )
    instrument_version = serializers.IntegerField(source="instrument.version", read_only=True)
    previous = serializers.IntegerField(
        source="previous_id", read_only=True, allow_null=True, help_text="The previous wave's id."
    )
    respondents = serializers.IntegerField(
        source="n_completed", read_only=True, help_text="Completed responses so far."
    )
    organisations = serializers.IntegerField(
        source="n_organisations",
        read_only=True,
        help_text="Organisations of the invited respondents who completed the survey.",
    )
    report_minimum = serializers.SerializerMethodField(help_text="What a report needs at least.")
    report_minimum_met = serializers.SerializerMethodField(
        help_text="Whether the wave reached the report minimum."
    )
    reported_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Wave
        fields = [
            "id",
            "number",
            "label",
            "challenge",
            "challenge_title",
            "state",
            "state_label",
            "starts_on",
            "ends_on",
            "reported_at",
            "instrument",
            "instrument_version",
            "previous",
            "respondents",
            "organisations",
            "report_minimum",
            "report_minimum_met",
        ]
        read_only_fields = fields

    @extend_schema_field(ReportMinimumSerializer)
    def get_report_minimum(self, wave: Wave) -> dict[str, int]:
        return {
            "respondents": fieldwork_selectors.REPORT_MIN_RESPONDENTS,
            "organisations": fieldwork_selectors.REPORT_MIN_ORGANISATIONS,
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_report_minimum_met(self, wave: Wave) -> bool:
        return fieldwork_selectors.report_minimum_met(wave.n_completed, wave.n_organisations)  # type: ignore[attr-defined]


class WaveDetailSerializer(WaveSerializer):
    """A wave with its aggregated results, or the reason they are withheld."""

    report = serializers.SerializerMethodField(
        help_text="The report's aggregated figures; null when withheld (see `report_withheld`)."
    )
    report_withheld = serializers.SerializerMethodField(
        help_text="Why `report` is null: "
        + "; ".join(f"`{code}`: {text}" for code, text in WITHHELD_REASONS.items())
        + " Null when the report is given."
    )

    class Meta(WaveSerializer.Meta):
        fields = [*WaveSerializer.Meta.fields, "report", "report_withheld"]
        read_only_fields = fields

    def _withheld(self, wave: Wave) -> str | None:
        return results_withheld(self.context["request"], wave)

    @extend_schema_field(WaveResultsSerializer(allow_null=True))
    def get_report(self, wave: Wave) -> dict[str, Any] | None:
        if self._withheld(wave) is not None:
            return None
        language = translation.get_language() or "nl"
        built = report.build(wave, language="en" if language.startswith("en") else "nl")
        return dict(WaveResultsSerializer(built).data)

    @extend_schema_field(
        serializers.ChoiceField(choices=list(WITHHELD_REASONS), allow_null=True)  # type: ignore[arg-type]
    )
    def get_report_withheld(self, wave: Wave) -> str | None:
        return self._withheld(wave)


WAVE_SORT = {"startsOn": "starts_on", "endsOn": "ends_on", "number": "number"}
WAVE_FILTERS = {"opgave": "challenge__slug", "status": "state"}


class WaveList(generics.ListAPIView):
    """The monitor's waves the caller may see: reported waves of public challenges for everyone; the
    waves a person manages and the reports shared with them; a key's municipality's waves."""

    resource_group = "metingen"
    serializer_class = WaveSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="List the monitor's waves",
        parameters=[
            OpenApiParameter("opgave", str, description="Only the waves of the challenge with this slug."),
            OpenApiParameter(
                "status", str, description="Only waves in this state.", enum=[s.value for s in WaveState]
            ),
            sort_parameter(WAVE_SORT, "startsOn"),
        ],
        responses={200: WaveSerializer(many=True), **LISTED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Wave]:
        return filtered_and_sorted(
            self.request,
            waves_for(self.request),
            filters=WAVE_FILTERS,
            choices={"status": WaveState.values},
            sort_fields=WAVE_SORT,
            default="startsOn",
        )


class WaveDetail(generics.RetrieveAPIView):
    """One wave with its aggregated results where the caller may read the report and the wave reached
    the report minimum; 404 when it does not exist or is not visible to the caller."""

    resource_group = "metingen"
    serializer_class = WaveDetailSerializer
    permission_classes = PUBLIC

    @extend_schema(
        summary="One wave of the monitor, with its aggregated results",
        responses={200: WaveDetailSerializer, **GONE},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Wave]:
        return waves_for(self.request)


# --- teams -----------------------------------------------------------------------------------------


def teams_for(request: Request) -> QuerySet[Team]:
    """The innovation teams of the challenges the caller may read, with the organisations of their
    accepted members (two queries for a page)."""
    accepted = TeamMember.objects.filter(status=MemberStatus.ACCEPTED).select_related("profile__organisation")
    return (
        Team.objects.filter(challenge__in=_visible_challenges(request))
        .select_related("challenge__regisseur")
        .prefetch_related(Prefetch("members", queryset=accepted, to_attr="accepted"))
    )


class MemberOrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The organisation's slug (see `/organisaties`).")
    name = serializers.CharField(help_text="The organisation's name.")


class TeamSerializer(serializers.ModelSerializer):
    """An innovation team as public data: no person in it is named (the regisseur is, by the name the
    challenge's page shows)."""

    challenge = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The challenge (slug) the team works on."
    )
    name = serializers.CharField(source="challenge.title", read_only=True, help_text="The team's name.")
    regisseur = serializers.SerializerMethodField(
        help_text="The innovation director's name, as the challenge's page shows it; null when none."
    )
    members = serializers.SerializerMethodField(help_text="Number of accepted members.")
    organisations = serializers.SerializerMethodField(
        help_text="The organisations the accepted members work for (residents are counted, not listed)."
    )

    class Meta:
        model = Team
        fields = ["id", "name", "challenge", "regisseur", "members", "organisations", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_regisseur(self, team: Team) -> str | None:
        regisseur = team.challenge.regisseur
        return (regisseur.full_name or None) if regisseur is not None else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_members(self, team: Team) -> int:
        return len(team.accepted)  # type: ignore[attr-defined]

    @extend_schema_field(MemberOrganisationSerializer(many=True))
    def get_organisations(self, team: Team) -> list[dict[str, str]]:
        found = {
            m.profile.organisation.slug: m.profile.organisation.name
            for m in team.accepted  # type: ignore[attr-defined]
            if m.profile.organisation is not None
        }
        return [{"slug": slug, "name": name} for slug, name in sorted(found.items(), key=lambda x: x[1])]


TEAM_SORT = {"name": "challenge__title", "createdAt": "created_at"}


class TeamList(generics.ListAPIView):
    """The innovation teams of the challenges the caller may read."""

    resource_group = "teams"
    serializer_class = TeamSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="List innovation teams",
        parameters=[
            OpenApiParameter("opgave", str, description="Only the team of the challenge with this slug."),
            sort_parameter(TEAM_SORT, "name"),
        ],
        responses={200: TeamSerializer(many=True), **LISTED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Team]:
        return filtered_and_sorted(
            self.request,
            teams_for(self.request),
            filters={"opgave": "challenge__slug"},
            sort_fields=TEAM_SORT,
            default="name",
        )


class TeamDetail(generics.RetrieveAPIView):
    """One innovation team; 404 when it does not exist or its challenge is not visible to the caller."""

    resource_group = "teams"
    serializer_class = TeamSerializer
    permission_classes = PUBLIC

    @extend_schema(summary="One innovation team", responses={200: TeamSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Team]:
        return teams_for(self.request)


# --- pilots ----------------------------------------------------------------------------------------


def pilots_for(request: Request) -> QuerySet[Pilot]:
    """The pilots of the challenges the caller may read, with their indicators in the order the pilot
    pages list them (``plans.pilot_selectors.pilots_of``; two queries for a page)."""
    return (
        Pilot.objects.filter(challenge__in=_visible_challenges(request))
        .select_related("challenge")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("objective_id", "position"))
        )
    )


class PilotIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The indicator's id (as in `/indicatoren/{id}/metingen`)."},
            "unit": {"help_text": "The unit of its values; empty when it has none."},
        }


class PilotSerializer(serializers.ModelSerializer):
    """A pilot: *if we do* (intervention), *then we expect* (expectation), measured with indicators."""

    challenge = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The challenge (slug) the pilot belongs to."
    )
    intervention = serializers.CharField(read_only=True, help_text="The hypothesis: *if we do* …")
    expectation = serializers.CharField(read_only=True, help_text="The hypothesis: *then we expect* …")
    neighbourhood = serializers.CharField(read_only=True, help_text="Scope: where (may be empty).")
    target_group = serializers.CharField(read_only=True, help_text="Scope: for whom (may be empty).")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    outcome = serializers.SerializerMethodField(
        help_text="The go/no-go: `opgeschaald` (scaled up), `aangepast` (adjusted) or `gestopt` "
        "(stopped); null while not decided."
    )
    conclusion = serializers.CharField(read_only=True, help_text="The conclusion (empty until written).")
    indicators = PilotIndicatorSerializer(many=True, read_only=True, help_text="The linked indicators.")

    class Meta:
        model = Pilot
        fields = [
            "id",
            "title",
            "challenge",
            "intervention",
            "expectation",
            "neighbourhood",
            "target_group",
            "starts_on",
            "ends_on",
            "state",
            "state_label",
            "outcome",
            "conclusion",
            "indicators",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=list(pilot_states.GO_NO_GO), allow_null=True)  # type: ignore[arg-type]
    )
    def get_outcome(self, pilot: Pilot) -> str | None:
        return pilot.state if pilot.state in pilot_states.GO_NO_GO else None


PILOT_SORT = {"startsOn": "starts_on", "endsOn": "ends_on", "title": "title"}
PILOT_FILTERS = {"opgave": "challenge__slug", "status": "state"}


class PilotList(generics.ListAPIView):
    """The pilots of the challenges the caller may read."""

    resource_group = "pilots"
    serializer_class = PilotSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="List pilots",
        parameters=[
            OpenApiParameter("opgave", str, description="Only the pilots of the challenge with this slug."),
            OpenApiParameter(
                "status", str, description="Only pilots in this state.", enum=[s.value for s in PilotState]
            ),
            sort_parameter(PILOT_SORT, "startsOn"),
        ],
        responses={200: PilotSerializer(many=True), **LISTED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Pilot]:
        return filtered_and_sorted(
            self.request,
            pilots_for(self.request),
            filters=PILOT_FILTERS,
            choices={"status": PilotState.values},
            sort_fields=PILOT_SORT,
            default="startsOn",
        )


class PilotDetail(generics.RetrieveAPIView):
    """One pilot; 404 when it does not exist or its challenge is not visible to the caller."""

    resource_group = "pilots"
    serializer_class = PilotSerializer
    permission_classes = PUBLIC

    @extend_schema(summary="One pilot", responses={200: PilotSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Pilot]:
        return pilots_for(self.request)


# --- lessen: lessons of the learning community -----------------------------------------------------


def lessons_for(request: Request) -> QuerySet[Lesson]:
    """The lessons the caller may read; each says whether its challenge is visible to the caller too
    (one query for a page)."""
    key = selectors.key_of(request)
    if key is None:
        lessons = community_selectors.visible_lessons(request.user)
    else:
        visible = Q(visibility=Visibility.IEDEREEN)
        municipality = selectors.municipality_of(key.organisation)
        if municipality is not None:
            shared = [Visibility.GEMEENTE, Visibility.REGIO]
            visible |= Q(visibility__in=shared, municipality=municipality)
        lessons = Lesson.objects.filter(visible)
    challenge_shown = Q(challenge__in=_visible_challenges(request))
    return lessons.select_related("domain", "municipality", "challenge").annotate(
        challenge_shown=ExpressionWrapper(challenge_shown, output_field=BooleanField())
    )


class LessonSerializer(serializers.ModelSerializer):
    """A lesson: what was tried where, and what came of it."""

    tried = serializers.CharField(read_only=True, help_text="What was tried.")
    outcome = serializers.CharField(read_only=True, help_text="What came of it.")
    domain = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The domain's code (as `domain` on `/opgaven`)."
    )
    municipality = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The municipality (slug) where it was tried."
    )
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    challenge = serializers.SerializerMethodField(
        help_text="The challenge (slug) it comes from; null when none, or when the caller may not read it."
    )
    visibility_label = serializers.CharField(source="get_visibility_display", read_only=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "title",
            "tried",
            "outcome",
            "domain",
            "municipality",
            "municipality_name",
            "size_band",
            "neighbourhood_type",
            "challenge",
            "visibility",
            "visibility_label",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_challenge(self, lesson: Lesson) -> str | None:
        if lesson.challenge is None or not getattr(lesson, "challenge_shown", False):
            return None
        return lesson.challenge.slug


LESSON_SORT = {"createdAt": "created_at", "title": "title"}
LESSON_FILTERS = {
    "opgave": "challenge__slug",
    "domain": "domain__code",
    "gemeente": "municipality__slug",
    "visibility": "visibility",
}


class LessonList(generics.ListAPIView):
    """The lessons the caller may read: public ones for everyone; a person's as the site shows them; a
    key's municipality's shared ones."""

    resource_group = "lessen"
    serializer_class = LessonSerializer
    permission_classes = PUBLIC
    pagination_class = KeysFirstPagination

    @extend_schema(
        summary="List lessons of the learning community",
        parameters=[
            OpenApiParameter("opgave", str, description="Only the lessons of the challenge with this slug."),
            OpenApiParameter("domain", str, description="Only lessons of the domain with this code."),
            OpenApiParameter("gemeente", str, description="Only lessons of the municipality with this slug."),
            OpenApiParameter(
                "visibility",
                str,
                description="Only lessons shared this far.",
                enum=[v.value for v in Visibility],
            ),
            sort_parameter(LESSON_SORT, "-createdAt"),
        ],
        responses={200: LessonSerializer(many=True), **LISTED},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Lesson]:
        return filtered_and_sorted(
            self.request,
            lessons_for(self.request),
            filters=LESSON_FILTERS,
            choices={"visibility": Visibility.values},
            sort_fields=LESSON_SORT,
            default="-createdAt",
        )


class LessonDetail(generics.RetrieveAPIView):
    """One lesson; 404 when it does not exist or is not visible to the caller."""

    resource_group = "lessen"
    serializer_class = LessonSerializer
    permission_classes = PUBLIC

    @extend_schema(summary="One lesson of the learning community", responses={200: LessonSerializer, **GONE})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Lesson]:
        return lessons_for(self.request)


urlpatterns: list[URLPattern] = [
    path("metingen", WaveList.as_view(), name="waves"),
    path("metingen/<int:pk>", WaveDetail.as_view(), name="wave"),
    path("teams", TeamList.as_view(), name="teams"),
    path("teams/<int:pk>", TeamDetail.as_view(), name="team"),
    path("pilots", PilotList.as_view(), name="pilots"),
    path("pilots/<int:pk>", PilotDetail.as_view(), name="pilot"),
    path("lessen", LessonList.as_view(), name="lessons"),
    path("lessen/<int:pk>", LessonDetail.as_view(), name="lesson"),
]
