from django.contrib import admin

from veerkracht.agenda.models import (
    Agenda,
    AgendaPartnerInvitation,
    Challenge,
    ChallengeTransition,
    Domain,
    DomainPartnerKind,
    Neighbourhood,
    Score,
    Stakeholder,
    SustainableDevelopmentGoal,
)


class DomainPartnerKindInline(admin.TabularInline):
    model = DomainPartnerKind
    extra = 0


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_en", "position"]
    search_fields = ["code", "name_nl", "name_en"]
    inlines = [DomainPartnerKindInline]


@admin.register(SustainableDevelopmentGoal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_nl", "name_en"]
    search_fields = ["name_nl", "name_en"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["municipality"]


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "region", "period_start", "period_end", "published"]
    list_filter = ["published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["coordinators", "municipality"]
    # partners join by their own consent (an invitation they accept), not by an administrator's hand
    readonly_fields = ["partners"]
    list_select_related = ["municipality", "region"]


@admin.register(AgendaPartnerInvitation)
class AgendaPartnerInvitationAdmin(admin.ModelAdmin):
    list_display = [
        "agenda",
        "organisation",
        "status",
        "invited_by",
        "created_at",
        "answered_by",
        "answered_at",
    ]
    list_filter = ["status"]
    list_select_related = ["agenda", "organisation", "invited_by", "answered_by"]
    readonly_fields = [
        "agenda",
        "organisation",
        "status",
        "invited_by",
        "answered_by",
        "created_at",
        "answered_at",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    autocomplete_fields = ["organisation", "contact_person"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    autocomplete_fields = ["scorer"]


class TransitionInline(admin.TabularInline):
    model = ChallengeTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "note", "at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # lifecycle steps go through challenge_transition


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda", "domain", "status", "published", "regisseur"]
    list_filter = ["status", "published", "domain", "agenda"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["regisseur", "lead_municipality"]
    filter_horizontal = ["sdgs", "neighbourhoods"]
    list_select_related = ["agenda", "domain", "regisseur"]
    readonly_fields = ["status"]
    inlines = [StakeholderInline, ScoreInline, TransitionInline]


@admin.register(ChallengeTransition)
class ChallengeTransitionAdmin(admin.ModelAdmin):
    list_display = ["challenge", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["challenge", "by"]
    readonly_fields = ["challenge", "from_status", "to_status", "by", "note", "at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["organisation", "challenge", "role", "interest", "influence"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "challenge__title"]
    autocomplete_fields = ["organisation", "contact_person", "challenge"]
    list_select_related = ["organisation", "challenge"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["challenge", "scorer", "urgency", "impact", "feasibility", "innovation"]
    autocomplete_fields = ["challenge", "scorer"]
    list_select_related = ["challenge", "scorer"]
