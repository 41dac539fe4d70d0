"""The talent pool: a skills taxonomy (data), a profile per person, their skills, and stored
team proposals (inputs and result, so that a proposal can be explained later)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from veerkracht.organisations.models import Kind, Organisation
from veerkracht.teams.workflow import MemberStatus


class Skill(models.Model):
    """A skill in the shared taxonomy; coordinators can add skills."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    domains = models.ManyToManyField(
        "agenda.Domain", verbose_name=_("domain hints"), blank=True, related_name="skills"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "nl").startswith("en") else self.label_nl


class SkillSynonym(models.Model):
    """Another word for a skill (for search and import): "data analysis", "statistiek", …"""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="synonyms")
    text = models.CharField(_("synonym"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text


class Profile(models.Model):
    """A person in the talent pool: staff of an organisation, or a resident (organisation empty)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="talent"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_profiles",
        help_text=_("Empty for a resident."),
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="talent_residents",
        limit_choices_to={"kind": Kind.GEMEENTE},
        help_text=_("The municipality whose pool the person is in (for staff: of their organisation)."),
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), default=4)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    interest_domains = models.ManyToManyField(
        "agenda.Domain", verbose_name=_("interests (domains)"), blank=True, related_name="+"
    )
    interest_neighbourhoods = models.ManyToManyField(
        "agenda.Neighbourhood", verbose_name=_("interests (neighbourhoods)"), blank=True, related_name="+"
    )
    willing_to_lead = models.BooleanField(_("willing to lead a team"), default=False)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(
        _("e-mail address confirmed at"),
        null=True,
        blank=True,
        help_text=_("A resident who signed up counts in the pool only once their address is confirmed."),
    )
    confirm_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__lte=80),
                name="teams_profile_hours_at_most_80",
                violation_error_message=_("Give at most 80 hours per week."),
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_from__lte=models.F("available_until")),
                name="teams_profile_period_ordered",
                violation_error_message=_("The end of the availability must be on or after its start."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(consent_given_at__isnull=False),
                name="teams_profile_resident_consented",
                violation_error_message=_("A resident joins the talent pool only with their consent."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_resident(self) -> bool:
        return self.organisation_id is None

    @property
    def is_matchable(self) -> bool:
        """May be proposed for a team: staff always; residents while their consent stands."""
        return not self.is_resident or (
            self.consent_given_at is not None
            and self.consent_withdrawn_at is None
            and self.email_confirmed_at is not None
        )


class ProfileSkill(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level (1–5)"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("skill of a person")
        verbose_name_plural = _("skills of people")
        ordering = ["-level", "skill__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "skill"],
                name="teams_profileskill_unique",
                violation_error_message=_("This skill is already in the profile."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="teams_profileskill_level_1_5",
                violation_error_message=_("A level is 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill.slug} {self.level}"


class ProposalStatus(models.TextChoices):
    OPTIMAL = "optimal", _("optimal")
    FEASIBLE = "feasible", _("feasible (not proven optimal)")
    INFEASIBLE = "infeasible", _("no team possible")
    UNKNOWN = "unknown", _("no team found in time")


class TeamProposal(models.Model):
    """One run of team formation: the exact problem given to the solver and its answer."""

    challenge = models.ForeignKey(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    problem = models.JSONField(_("problem (solver input)"))
    result = models.JSONField(_("result (solver output)"))
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices)
    objective = models.IntegerField(_("fit"), null=True, blank=True)
    seconds = models.FloatField(_("solve time (s)"), default=0.0)
    explanation = models.JSONField(
        _("explanation"),
        default=dict,
        blank=True,
        help_text=_("Swaps, the best team without each member, and reasons with codes (for the page)."),
    )

    class Meta:
        verbose_name = _("team proposal")
        verbose_name_plural = _("team proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def problem_include(self) -> list[str]:
        return list(self.problem.get("include") or [])

    @property
    def problem_exclude(self) -> list[str]:
        return list(self.problem.get("exclude") or [])


# --- team needs per challenge -------------------------------------------------------------------


class DomainSkill(models.Model):
    """Reference data: a skill a challenge in this domain usually needs (suggested as a team need)."""

    domain = models.ForeignKey(
        "agenda.Domain", verbose_name=_("domain"), on_delete=models.CASCADE, related_name="suggested_skills"
    )
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+")
    min_level = models.PositiveSmallIntegerField(_("minimum level"), default=3)
    count = models.PositiveSmallIntegerField(_("number of people"), default=1)

    class Meta:
        verbose_name = _("suggested skill of a domain")
        verbose_name_plural = _("suggested skills of domains")
        ordering = ["domain", "skill__slug"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "skill"], name="teams_domainskill_unique"),
            models.CheckConstraint(
                condition=Q(min_level__gte=1, min_level__lte=5, count__gte=1), name="teams_domainskill_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.skill}"


class TeamNeeds(models.Model):
    """What a challenge needs from its innovation team (the formation problem's fields without candidates)."""

    challenge = models.OneToOneField(
        "agenda.Challenge", verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="team_needs"
    )
    team_size = models.PositiveSmallIntegerField(_("team size"), default=7)
    max_share_per_organisation = models.DecimalField(
        _("maximum share per organisation"),
        max_digits=3,
        decimal_places=2,
        default=0.4,
        help_text=_("Between 0 and 1, e.g. 0.4: at most 40% of the team from one organisation."),
    )
    min_organisations = models.PositiveSmallIntegerField(_("minimum number of organisations"), default=3)
    min_residents = models.PositiveSmallIntegerField(_("minimum number of residents"), default=0)
    min_hours_per_week = models.PositiveSmallIntegerField(_("minimum hours per week"), default=4)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("team needs")
        verbose_name_plural = _("team needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(team_size__gte=1, team_size__lte=50),
                name="teams_needs_size_1_50",
                violation_error_message=_("A team has 1 to 50 members."),
            ),
            models.CheckConstraint(
                condition=Q(max_share_per_organisation__gt=0, max_share_per_organisation__lte=1),
                name="teams_needs_share_0_1",
                violation_error_message=_(
                    "The maximum share per organisation is more than 0% and at most 100%."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_organisations__lte=models.F("team_size"))
                & Q(min_residents__lte=models.F("team_size")),
                name="teams_needs_minimums_within_size",
                violation_error_message=_(
                    "The minimum numbers of organisations and residents cannot be more than the team size."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge}"

    @property
    def max_share_percent(self) -> int:
        """The share as the percentage the form takes (0.40 -> 40)."""
        return int(round(float(self.max_share_per_organisation) * 100))

    def as_problem(self) -> dict[str, object]:
        """The formation problem's fields (without candidates, include, exclude and leader)."""
        return {
            "team_size": self.team_size,
            "required_skills": [
                {"skill": s.skill.slug, "min_level": s.min_level, "count": s.count} for s in self.skills.all()
            ],
            "max_share_per_organisation": float(self.max_share_per_organisation),
            "min_organisations": self.min_organisations,
            "min_residents": self.min_residents,
            "min_hours_per_week": self.min_hours_per_week,
        }


class NeedSkill(models.Model):
    needs = models.ForeignKey(TeamNeeds, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    min_level = models.PositiveSmallIntegerField(_("minimum level"))
    count = models.PositiveSmallIntegerField(_("number of people"))

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        ordering = ["skill__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["needs", "skill"],
                name="teams_needskill_unique",
                violation_error_message=_("This skill is already listed."),
            ),
            models.CheckConstraint(
                condition=Q(min_level__gte=1, min_level__lte=5, count__gte=1),
                name="teams_needskill_valid",
                violation_error_message=_("A required skill has a level of 1 to 5 and at least 1 person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill.slug} ≥ {self.min_level} × {self.count}"


# --- the innovation team ------------------------------------------------------------------------


class Team(models.Model):
    """The innovation team of a challenge, led by the challenge's innovatieregisseur."""

    challenge = models.OneToOneField(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="innovation_team",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
    )
    working_agreements = models.TextField(_("working agreements"), blank=True)
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("innovation team")
        verbose_name_plural = _("innovation teams")
        ordering = ["challenge__title"]

    def __str__(self) -> str:
        return f"{self.challenge}"


class MemberRole(models.TextChoices):
    MEMBER = "member", _("team member")
    CO_LEAD = "co_lead", _("co-lead")
    EXPERT = "expert", _("expert")
    SECRETARY = "secretary", _("secretary")
    RESIDENT_VOICE = "resident_voice", _("residents' voice")


class TeamMember(models.Model):
    """A person invited to (and perhaps in) an innovation team; the invitation is this row."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    profile = models.ForeignKey(
        Profile, verbose_name=_("person"), on_delete=models.CASCADE, related_name="team_memberships"
    )
    proposal = models.ForeignKey(
        TeamProposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.INVITED
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    hours_committed = models.PositiveSmallIntegerField(_("hours per week committed"), default=0)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "profile__user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "profile"],
                name="teams_member_once_per_team",
                violation_error_message=_("This person is already in (or invited to) the team."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=MemberStatus.values),
                name="teams_member_status",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values),
                name="teams_member_role",
                violation_error_message=_("Unknown role."),
            ),
            models.CheckConstraint(
                condition=Q(hours_committed__lte=80),
                name="teams_member_hours_80",
                violation_error_message=_("Give 0 to 80 hours per week."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MemberStatus.DECLINED) | ~Q(reason=""),
                name="teams_member_decline_has_reason",
                violation_error_message=_("Please give a reason for declining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.team}"
