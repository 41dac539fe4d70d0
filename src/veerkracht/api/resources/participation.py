"""API resources of residents' participation and of the resources ledger: ``ideeen`` (ideas),
``bijeenkomsten`` (co-creation sessions) and ``bijdragen`` (pledges, with ``realisaties``: bookings of
what was delivered).

What a caller reads is what the pages show the same person, through the apps' own selectors: a person
sees what their session sees; an API key (no person) sees the public ideas and sessions plus those of
its organisation's municipality, and the pledges on its municipality's challenges and its own
organisation's pledges. Nothing personal leaves: an idea's author is the name its page shows (nickname,
or first name and initial), a session never names who registered, and a booking never names whose hours
they are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Challenge
from veerkracht.api import selectors as api_selectors
from veerkracht.api.events import ApiEvent
from veerkracht.api.idempotency import IDEMPOTENCY_PARAMETER, audit_write, idempotent
from veerkracht.api.models import ApiKey
from veerkracht.api.pagination import KeysFirstPagination, PageNumberPagination
from veerkracht.api.problems import problem_responses
from veerkracht.api.serializers import OptionalURLField
from veerkracht.api.views import KNOWN, PUBLIC, filtered_and_sorted, sort_parameter
from veerkracht.community.models import CommunityOfPractice
from veerkracht.core.permissions import can
from veerkracht.participation import selectors as idea_selectors
from veerkracht.participation import session_selectors, states
from veerkracht.participation.models import Comment, Idea, IdeaState, IdeaStateChange
from veerkracht.participation.session_models import CoSession, SessionStatus
from veerkracht.resources import selectors as resource_selectors
from veerkracht.resources import services as resource_services
from veerkracht.resources.models import LedgerEntry, NeedKind, Pledge, PledgeState
from veerkracht.resources.rules import contact_organisations, prefetch_sharing, shares

# --- who sees what ---------------------------------------------------------------------------------


def ideas_for(request: Request) -> QuerySet[Idea]:
    """The ideas the caller may read: a person as on the idea pages; a key those on the challenges and
    agendas it may read (an idea on an agenda as a whole once linked to a challenge: that challenge's)."""
    key = api_selectors.key_of(request)
    if key is None:
        ideas = idea_selectors.visible_ideas(request.user)
    else:
        ideas = Idea.objects.filter(
            Q(challenge__in=api_selectors.challenges_for(request).values("pk"))
            | Q(challenge__isnull=True, agenda__in=api_selectors.agendas_for(request).values("pk"))
        )
    return ideas.select_related("author", "neighbourhood", "challenge", "agenda").defer("stems")


def _key_communities(key: ApiKey) -> QuerySet[CommunityOfPractice]:
    """Communities of practice a key may read: the open ones and those of its municipality (or of a
    region it belongs to), as for a person of that municipality."""
    open_ = Q(municipality__isnull=True, region__isnull=True)
    municipality = api_selectors.municipality_of(key.organisation)
    if municipality is None:
        return CommunityOfPractice.objects.filter(open_)
    return CommunityOfPractice.objects.filter(
        open_ | Q(municipality=municipality) | Q(region__municipalities=municipality)
    )


def sessions_for(request: Request) -> QuerySet[CoSession]:
    """The sessions the caller may read: of a challenge or community of practice it may read."""
    key = api_selectors.key_of(request)
    if key is None:
        visible = session_selectors.visible_sessions_q(request.user)
    else:
        visible = Q(challenge__in=api_selectors.challenges_for(request).values("pk")) | Q(
            cop__in=_key_communities(key).values("pk")
        )
    sessions = CoSession.objects.filter(pk__in=CoSession.objects.filter(visible).values("pk"))
    return session_selectors.with_counts(sessions).select_related("challenge", "cop")


def _own_challenges(key: ApiKey) -> QuerySet[Challenge]:
    municipality = api_selectors.municipality_of(key.organisation)
    if municipality is None:
        return Challenge.objects.none()
    return Challenge.objects.filter(api_selectors._own_challenges_q(municipality))


def pledges_for(request: Request) -> QuerySet[Pledge]:
    """The pledges the caller may read. A person: those on the ledger pages they may open. A key: the
    pledges on its municipality's challenges (public or not: a ledger is never public) and its own
    organisation's pledges anywhere."""
    key = api_selectors.key_of(request)
    if key is None:
        pledges = resource_selectors.pledges_visible_to(request.user)
    else:
        pledges = Pledge.objects.filter(
            Q(need__challenge__in=_own_challenges(key).values("pk")) | Q(organisation=key.organisation)
        )
    return Pledge.objects.filter(pk__in=pledges.values("pk")).select_related(
        "need", "need__challenge", "need__challenge__agenda", "organisation"
    )


def _amounts_visible(request: Request, pledges: list[Pledge]) -> dict[int, bool]:
    """Per pledge: does the caller see its amounts? As on the ledger page: everyone's for the regisseur,
    the coordinators and the board, and for every participant when the regisseur shares the amounts;
    else only one's own organisations'. A key counts as a contact of its own organisation and, when
    its organisation is a municipality of the challenge, as that municipality's coordinators."""
    challenges = {p.need.challenge_id: p.need.challenge for p in pledges}
    prefetch_sharing(list(challenges.values()))
    key = api_selectors.key_of(request)
    if key is None:
        own = contact_organisations(request.user)
        all_of = {pk for pk, c in challenges.items() if can(request.user, "resources.see_all_amounts", c)}
    else:
        own = {key.organisation_id}
        municipality = api_selectors.municipality_of(key.organisation)
        mine = set(_own_challenges(key).filter(pk__in=challenges).values_list("pk", flat=True))
        all_of = {
            pk
            for pk, c in challenges.items()
            if pk in mine and (key.organisation_id == getattr(municipality, "pk", None) or shares(c))
        }
    return {p.pk: p.organisation_id in own or p.need.challenge_id in all_of for p in pledges}


def _with_figures(request: Request, pledges: list[Pledge]) -> list[Pledge]:
    """Set ``amounts_visible``, ``delivered`` and ``behind`` on each pledge (amounts None where the
    caller does not see them), in a bounded number of queries for a whole page."""
    visible = _amounts_visible(request, pledges)
    sums = resource_selectors.pledge_sums({p.need.challenge_id for p in pledges})
    for pledge in pledges:
        delivered = sums.get(pledge.pk, resource_selectors.ZERO)
        row = resource_selectors.ContributionRow(pledge.need.challenge, pledge.need, pledge, delivered)
        shown = visible[pledge.pk]
        pledge.amounts_visible = shown  # type: ignore[attr-defined]
        pledge.shown_quantity = pledge.quantity if shown else None  # type: ignore[attr-defined]
        pledge.delivered = delivered if shown else None  # type: ignore[attr-defined]
        pledge.behind = row.behind if shown else None  # type: ignore[attr-defined]
    return pledges


# --- serializers ------------------------------------------------------------------------------------


class IdeaSerializer(serializers.ModelSerializer):
    """An idea as its public page shows it; the author only by the name shown there."""

    challenge = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The challenge's slug (null: none yet)."
    )
    agenda = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="For an idea submitted on an agenda as a whole: the agenda's slug.",
    )
    author = serializers.CharField(
        source="shown_name",
        read_only=True,
        help_text="The name the idea's page shows: the nickname, or first name and initial.",
    )
    neighbourhood = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    support_count = serializers.IntegerField(read_only=True, help_text="How many people support it.")
    outcome = serializers.SerializerMethodField()
    outcome_url = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    merged_into = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "text",
            "challenge",
            "agenda",
            "neighbourhood",
            "author",
            "state",
            "state_label",
            "support_count",
            "outcome",
            "outcome_url",
            "reason",
            "merged_into",
            "created_at",
            "first_answer_at",
            "state_changed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="The neighbourhood's name."))
    def get_neighbourhood(self, idea: Idea) -> str | None:
        return idea.neighbourhood.name if idea.neighbourhood is not None else None

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="What it became (only when adopted).")
    )
    def get_outcome(self, idea: Idea) -> str | None:
        return idea.outcome if idea.state == states.OVERGENOMEN else None

    @extend_schema_field(
        serializers.URLField(allow_null=True, help_text="A link to what it became (when adopted).")
    )
    def get_outcome_url(self, idea: Idea) -> str | None:
        return (idea.outcome_url or None) if idea.state == states.OVERGENOMEN else None

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="Why it was not adopted (only then).")
    )
    def get_reason(self, idea: Idea) -> str | None:
        return idea.reason if idea.state == states.NIET_OVERGENOMEN else None

    @extend_schema_field(
        serializers.IntegerField(allow_null=True, help_text="The idea it was merged into (only then).")
    )
    def get_merged_into(self, idea: Idea) -> int | None:
        return idea.merged_into_id if idea.state == states.SAMENGEVOEGD else None


class IdeaStepSerializer(serializers.ModelSerializer):
    """One step of the idea's feedback loop, as its page's history shows it."""

    state = serializers.ChoiceField(source="to_state", choices=IdeaState.choices, read_only=True)
    state_label = serializers.CharField(source="get_to_state_display", read_only=True)

    class Meta:
        model = IdeaStateChange
        fields = ["state", "state_label", "at", "note"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    """A comment as the public page shows it: a comment hidden by the moderator keeps its place, without
    its text (its author and the moderator see the text on the page, signed in)."""

    author = serializers.CharField(source="shown_name", read_only=True)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    text = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["author", "created_at", "hidden", "text"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Null when hidden."))
    def get_text(self, comment: Comment) -> str | None:
        return comment.text if getattr(comment, "shows_text", not comment.is_hidden) else None


class IdeaDetailSerializer(IdeaSerializer):
    """An idea as its public page shows it, with the steps of its feedback loop and its comments."""

    history = IdeaStepSerializer(many=True, read_only=True, source="changes")
    comments = serializers.SerializerMethodField()

    class Meta(IdeaSerializer.Meta):
        fields = [*IdeaSerializer.Meta.fields, "history", "comments"]
        read_only_fields = fields

    @extend_schema_field(CommentSerializer(many=True))
    def get_comments(self, idea: Idea) -> list[dict[str, Any]]:
        return CommentSerializer(self.context["comments"], many=True).data  # type: ignore[return-value]


class SessionSerializer(serializers.ModelSerializer):
    """A co-creation session as its page shows it: how many registered, never who."""

    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    community = serializers.SlugRelatedField(
        source="cop",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="For a session of a community of practice: its slug.",
    )
    online_url = OptionalURLField(read_only=True, allow_null=True)
    place = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    registered = serializers.IntegerField(source="registered_count", read_only=True)
    waiting = serializers.IntegerField(
        source="waiting_count", read_only=True, help_text="How many are on the waiting list."
    )
    places_left = serializers.SerializerMethodField()

    class Meta:
        model = CoSession
        fields = [
            "id",
            "title",
            "description",
            "challenge",
            "community",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "accessibility",
            "capacity",
            "registered",
            "waiting",
            "places_left",
            "status",
            "status_label",
            "cancelled_at",
            "outcomes",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Address and room."))
    def get_place(self, session: CoSession) -> str | None:
        return session.place or None

    @extend_schema_field(
        serializers.IntegerField(min_value=0, help_text="Places not yet taken (0 for a cancelled session).")
    )
    def get_places_left(self, session: CoSession) -> int:
        if session.is_cancelled:
            return 0
        return max(session.capacity - session.registered_count, 0)  # type: ignore[attr-defined]


class NeedSerializer(serializers.Serializer):
    """The need a pledge is towards."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=NeedKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    description = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True, help_text="What the quantities count: hours, euro, …")
    state = serializers.CharField(read_only=True)


AMOUNT = {"max_digits": 16, "decimal_places": 2, "read_only": True, "allow_null": True}


class PledgeSerializer(serializers.ModelSerializer):
    """A pledge as the ledger page shows it to the caller; its amounts null where the caller does not
    see them (``amounts_visible``)."""

    challenge = serializers.SlugRelatedField(source="need.challenge", slug_field="slug", read_only=True)
    need = NeedSerializer(read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    amounts_visible = serializers.BooleanField(
        read_only=True, help_text="False: the caller sees that the partner contributes, not how much."
    )
    quantity = serializers.DecimalField(source="shown_quantity", help_text="Pledged.", **AMOUNT)
    delivered = serializers.DecimalField(help_text="Delivered: the sum of the bookings.", **AMOUNT)
    behind = serializers.DecimalField(
        help_text="Pledged and not yet delivered (an accepted pledge).", **AMOUNT
    )

    class Meta:
        model = Pledge
        fields = [
            "id",
            "challenge",
            "need",
            "organisation",
            "organisation_name",
            "state",
            "state_label",
            "amounts_visible",
            "quantity",
            "delivered",
            "behind",
            "starts_on",
            "ends_on",
            "created_at",
            "decided_at",
            "ended_at",
        ]
        read_only_fields = fields


class RealisationInput(serializers.Serializer):
    """One booking of what was delivered on an accepted pledge."""

    quantity = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Hours, euro or day parts (the need's unit), with at most two decimals.",
    )
    person_email = serializers.EmailField(
        required=False,
        help_text="Hours only: the e-mail address of the person who worked them, a member of the "
        "pledging organisation. Never shown in any answer.",
    )
    week = serializers.DateField(
        required=False, allow_null=True, help_text="Hours only: the Monday of the week worked."
    )
    reference = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="An invoice or receipt."
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RealisationSerializer(serializers.ModelSerializer):
    """A booking in the ledger (whose hours they are is not shown)."""

    pledge = serializers.IntegerField(source="pledge_id", read_only=True)
    corrects = serializers.IntegerField(source="corrects_id", read_only=True, allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = ["id", "pledge", "kind", "quantity", "week", "reference", "note", "booked_at", "corrects"]
        read_only_fields = fields


# --- views ------------------------------------------------------------------------------------------

OPGAVE = OpenApiParameter("opgave", str, description="Only those of the challenge with this slug.")


class IdeaList(generics.ListAPIView):
    """Residents' ideas on the challenges (and agendas) the caller may read."""

    resource_group = "participatie"
    serializer_class = IdeaSerializer
    permission_classes = PUBLIC
    pagination_class = KeysFirstPagination
    sort_fields = {"createdAt": "created_at", "title": "title", "state": "state"}
    filters = {"opgave": "challenge__slug", "status": "state"}

    @extend_schema(
        summary="List ideas",
        description="Ideas of residents and partners, as the idea pages show them: the author only by "
        "the name shown there, what an adopted idea became and why one was not adopted.",
        parameters=[
            OPGAVE,
            OpenApiParameter("status", str, description="Only ideas in this state.", enum=states.ALL),
            sort_parameter(sort_fields, "-createdAt"),
        ],
        responses={200: IdeaSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Idea]:
        return filtered_and_sorted(
            self.request,
            ideas_for(self.request),
            filters=self.filters,
            choices={"status": states.ALL},
            sort_fields=self.sort_fields,
            default="-createdAt",
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = idea_selectors.with_support_counts(page or [])
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class IdeaDetail(generics.RetrieveAPIView):
    """One idea, with its history and comments; 404 when it does not exist or is not visible."""

    resource_group = "participatie"
    serializer_class = IdeaDetailSerializer
    permission_classes = PUBLIC

    @extend_schema(
        summary="One idea",
        description="An idea with the steps of its feedback loop and its comments. A comment hidden by "
        "the moderator shows that it was hidden, not its text.",
        responses={200: IdeaDetailSerializer, **problem_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        idea = get_object_or_404(ideas_for(request), pk=kwargs["id"])
        idea.support_count = idea_selectors.supports_of(idea)  # type: ignore[attr-defined]
        # a key is no person: it sees the comments as the public does
        reader = AnonymousUser() if api_selectors.key_of(request) is not None else request.user
        comments = idea_selectors.comments_of(idea, reader)
        return Response(IdeaDetailSerializer(idea, context={"comments": comments}).data)


class SessionList(generics.ListAPIView):
    """Co-creation sessions of the challenges and communities of practice the caller may read."""

    resource_group = "participatie"
    serializer_class = SessionSerializer
    permission_classes = PUBLIC
    pagination_class = PageNumberPagination
    sort_fields = {"startsAt": "starts_at", "title": "title"}
    filters = {"opgave": "challenge__slug", "status": "status"}

    @extend_schema(
        summary="List co-creation sessions",
        description="When and where, accessibility, places and how many are left; never who registered.",
        parameters=[
            OPGAVE,
            OpenApiParameter(
                "status", str, description="Only sessions in this state.", enum=list(SessionStatus.values)
            ),
            sort_parameter(sort_fields, "startsAt"),
        ],
        responses={200: SessionSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CoSession]:
        return filtered_and_sorted(
            self.request,
            sessions_for(self.request),
            filters=self.filters,
            choices={"status": SessionStatus.values},
            sort_fields=self.sort_fields,
            default="startsAt",
        )


class SessionDetail(generics.RetrieveAPIView):
    """One co-creation session; 404 when it does not exist or is not visible to the caller."""

    resource_group = "participatie"
    serializer_class = SessionSerializer
    permission_classes = PUBLIC
    lookup_field = "pk"
    lookup_url_kwarg = "id"

    @extend_schema(
        summary="One co-creation session",
        responses={200: SessionSerializer, **problem_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CoSession]:
        return sessions_for(self.request)


class PledgeList(generics.ListAPIView):
    """Pledges in the resources ledger that the caller may read, with what was delivered on them."""

    resource_group = "middelen"
    serializer_class = PledgeSerializer
    permission_classes = KNOWN
    pagination_class = PageNumberPagination
    sort_fields = {"createdAt": "created_at", "organisationName": "organisation__name", "state": "state"}
    filters = {"opgave": "need__challenge__slug", "organisatie": "organisation__slug", "status": "state"}

    @extend_schema(
        summary="List pledges",
        description="Partners' pledges towards challenges' needs and what was delivered on them, as the "
        "ledger page shows them to the caller (for a key or a logged-in person; a ledger is never "
        "public). Amounts are null where the page shows only that a partner contributes.",
        parameters=[
            OPGAVE,
            OpenApiParameter(
                "organisatie", str, description="Only the pledges of the organisation with this slug."
            ),
            OpenApiParameter(
                "status", str, description="Only pledges in this state.", enum=list(PledgeState.values)
            ),
            sort_parameter(sort_fields, "createdAt"),
        ],
        responses={200: PledgeSerializer(many=True), **problem_responses(400, 401, 403, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Pledge]:
        return filtered_and_sorted(
            self.request,
            pledges_for(self.request),
            filters=self.filters,
            choices={"status": PledgeState.values},
            sort_fields=self.sort_fields,
            default="createdAt",
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = _with_figures(request, self.paginate_queryset(self.get_queryset()) or [])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PledgeDetail(generics.RetrieveAPIView):
    """One pledge; 404 when it does not exist or is not visible to the caller."""

    resource_group = "middelen"
    serializer_class = PledgeSerializer
    permission_classes = KNOWN

    @extend_schema(
        summary="One pledge",
        responses={200: PledgeSerializer, **problem_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pledge = get_object_or_404(pledges_for(request), pk=kwargs["id"])
        return Response(PledgeSerializer(_with_figures(request, [pledge])[0]).data)


def _service_problems(exc: DjangoValidationError) -> dict[str, list[str]]:
    """The resources service's refusal as invalid parameters named as in the request body."""
    names = {"person": "person_email", "__all__": "body"}
    if hasattr(exc, "error_dict"):
        return {names.get(field, field): messages for field, messages in exc.message_dict.items()}
    return {"body": exc.messages}


class PledgeRealisations(generics.GenericAPIView):
    resource_group = "middelen"
    permission_classes = KNOWN
    serializer_class = RealisationInput

    @extend_schema(
        summary="Book a realisation of a pledge",
        description="Books delivered hours, money or facility use on an accepted pledge in the ledger, "
        "as the booking form does (the same checks: hours need the person, a member of the pledging "
        "organisation, and the Monday of a week that has begun, at most 80 in one booking; data is not "
        "booked). The ledger is append-only: a mistake is corrected on the page, by a correcting "
        "booking. A key needs `middelen:write` and books only on its own organisation's pledges, as "
        "only the organisation's contacts do on the page; the booking is made in the name of the "
        "person who made the key, and the audit log names the key. A person needs the page's right to "
        "book. Send an `Idempotency-Key` so that a retry never books twice.",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=RealisationInput,
        responses={
            201: OpenApiResponse(RealisationSerializer, description="The realisation was booked."),
            **problem_responses(400, 401, 403, 404, 422, 429),
        },
    )
    def post(self, request: Request, id: int) -> Response:  # noqa: A002 - the path's parameter
        pledge = get_object_or_404(pledges_for(request), pk=id)
        key = api_selectors.key_of(request)
        if key is not None and key.organisation_id != pledge.organisation_id:
            raise PermissionDenied("A key books only on its own organisation's pledges.")
        given = RealisationInput(data=request.data)
        given.is_valid(raise_exception=True)
        return idempotent(request, lambda: self._book(request, pledge, given.validated_data, key))

    def _book(self, request: Request, pledge: Pledge, data: dict[str, Any], key: ApiKey | None) -> Response:
        by = request.user if key is None else key.created_by
        if by is None:
            raise PermissionDenied("The person who made this key is no longer known; make a new key.")
        person = None
        if data.get("person_email"):
            person = User.objects.filter(
                email__iexact=data["person_email"], memberships__organisation=pledge.organisation
            ).first()
            if person is None:
                raise ValidationError(
                    {"person_email": ["This person does not work for the pledging organisation."]}
                )
        try:
            entry = resource_services.realisation_book(
                pledge=pledge,
                by=by,
                quantity=data["quantity"],
                person=person,
                week=data.get("week"),
                reference=data["reference"],
                note=data["note"],
            )
        except DjangoPermissionDenied:
            raise PermissionDenied("Not allowed to book on this pledge.") from None
        except DjangoValidationError as exc:
            raise ValidationError(_service_problems(exc)) from None
        audit_write(
            request,
            ApiEvent.WRITE,
            pledge,
            {"realisation": entry.pk, "kind": entry.kind, "quantity": str(entry.quantity)},
        )
        return Response(RealisationSerializer(entry).data, status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern] = [
    path("ideeen", IdeaList.as_view(), name="ideas"),
    path("ideeen/<int:id>", IdeaDetail.as_view(), name="idea"),
    path("bijeenkomsten", SessionList.as_view(), name="sessions"),
    path("bijeenkomsten/<int:id>", SessionDetail.as_view(), name="session"),
    path("bijdragen", PledgeList.as_view(), name="pledges"),
    path("bijdragen/<int:id>", PledgeDetail.as_view(), name="pledge"),
    path("bijdragen/<int:id>/realisaties", PledgeRealisations.as_view(), name="pledge-realisations"),
]
