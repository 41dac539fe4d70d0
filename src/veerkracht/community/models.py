"""The learning community (issue 13, point 3): lessons learned, shared at a chosen reach, with the
evidence behind them; and communities of practice that people join themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.organisations.models import Kind


class SizeBand(models.TextChoices):
    UNDER_20K = "lt20k", _("fewer than 20,000 inhabitants")
    FROM_20K = "20-50k", _("20,000 to 50,000 inhabitants")
    FROM_50K = "50-100k", _("50,000 to 100,000 inhabitants")
    OVER_100K = "gt100k", _("more than 100,000 inhabitants")


class NeighbourhoodType(models.TextChoices):
    STEDELIJK = "stedelijk", _("urban")
    DORPS = "dorps", _("village")
    GEMENGD = "gemengd", _("mixed")


class Visibility(models.TextChoices):
    """How far a lesson is shared, from narrow to wide."""

    TEAM = "team", _("the team of the challenge")
    GEMEENTE = "gemeente", _("the municipality")
    REGIO = "regio", _("the region")
    IEDEREEN = "iedereen", _("everyone (public, open data)")


class EvidenceKind(models.TextChoices):
    MONITOR_VERANDERING = "monitor_verandering", _("change measured by the monitor")
    INDICATOR_VERLOOP = "indicator_verloop", _("course of an indicator")
    PILOT_UITKOMST = "pilot_uitkomst", _("outcome of a pilot")
    DOCUMENT = "document", _("document")


class Lesson(models.Model):
    """What was tried somewhere, in what context, and what came of it."""

    title = models.CharField(_("title"), max_length=200)
    tried = models.TextField(_("what was tried"))
    outcome = models.TextField(_("what came of it"))
    domain = models.ForeignKey(
        "agenda.Domain", verbose_name=_("domain"), on_delete=models.PROTECT, related_name="lessons"
    )
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="lessons",
        limit_choices_to={"kind": Kind.GEMEENTE},
    )
    size_band = models.CharField(_("size of the municipality"), max_length=10, choices=SizeBand.choices)
    neighbourhood_type = models.CharField(
        _("kind of neighbourhood"), max_length=10, choices=NeighbourhoodType.choices
    )
    challenge = models.ForeignKey(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="lessons",
    )
    visibility = models.CharField(
        _("shared with"), max_length=10, choices=Visibility.choices, default=Visibility.GEMEENTE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="lesson_visibility"),
            models.CheckConstraint(
                condition=~Q(visibility="team") | Q(challenge__isnull=False),
                name="lesson_team_visibility_needs_challenge",
            ),
        ]
        indexes = [models.Index(fields=["visibility", "municipality"])]

    def __str__(self) -> str:
        return self.title

    def full_text(self) -> str:
        return f"{self.title}\n{self.tried}\n{self.outcome}"


class EvidenceLink(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    url = models.URLField(_("web address"), blank=True)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["lesson", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EvidenceKind.values), name="evidence_kind"),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(reference=""), name="evidence_has_url_or_reference"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class CommunityOfPractice(models.Model):
    """People from several municipalities and organisations who learn together on one theme."""

    theme = models.CharField(_("theme"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities_of_practice",
        limit_choices_to={"kind": Kind.GEMEENTE},
        help_text=_("Empty: open to everyone on the installation."),
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities_of_practice",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["theme"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(region__isnull=True),
                name="cop_scope_municipality_or_region",
            ),
        ]

    def __str__(self) -> str:
        return self.theme


class MemberRole(models.TextChoices):
    """What a member may do beyond taking part: moderators and owners run the community's sessions."""

    LID = "lid", _("member")
    MODERATOR = "moderator", _("moderator")
    EIGENAAR = "eigenaar", _("owner")


class Membership(models.Model):
    """A person who opted in to a community of practice (with their talent profile, if they have one)."""

    cop = models.ForeignKey(CommunityOfPractice, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_memberships"
    )
    profile = models.ForeignKey(
        "teams.Profile", on_delete=models.SET_NULL, null=True, blank=True, related_name="practice_memberships"
    )
    opted_in_at = models.DateTimeField(_("joined"), default=timezone.now)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.LID)

    class Meta:
        verbose_name = _("member of a community of practice")
        verbose_name_plural = _("members of communities of practice")
        ordering = ["cop", "opted_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["cop", "user"], name="cop_member_once"),
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="cop_member_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.cop}"
