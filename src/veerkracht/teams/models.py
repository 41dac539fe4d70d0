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
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__lte=80), name="teams_profile_hours_at_most_80"
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_from__lte=models.F("available_until")),
                name="teams_profile_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(consent_given_at__isnull=False),
                name="teams_profile_resident_consented",
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
            self.consent_given_at is not None and self.consent_withdrawn_at is None
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
            models.UniqueConstraint(fields=["profile", "skill"], name="teams_profileskill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="teams_profileskill_level_1_5"
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

    class Meta:
        verbose_name = _("team proposal")
        verbose_name_plural = _("team proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.created_at:%Y-%m-%d %H:%M})"
