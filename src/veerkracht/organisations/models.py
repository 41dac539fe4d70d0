from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    GEMEENTE = "gemeente", _("municipality")
    BEDRIJF = "bedrijf", _("company")
    KENNISINSTELLING = "kennisinstelling", _("knowledge institution")
    MAATSCHAPPELIJK = "maatschappelijk", _("civil-society organisation")
    INWONERSINITIATIEF = "inwonersinitiatief", _("residents' initiative")
    ANDERE_OVERHEID = "andere_overheid", _("other government")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ARCHIVED = "archived", _("archived")


class Role(models.TextChoices):
    """Roles a person holds in an organisation (docs/method.md, "Who uses it")."""

    BEHEERDER = "beheerder", _("administrator")
    COORDINATOR = "coordinator", _("agenda coordinator")
    REGISSEUR = "regisseur", _("innovation director")
    TEAMLID = "teamlid", _("team member")
    BESTUURDER = "bestuurder", _("board member")
    PARTNERCONTACT = "partnercontact", _("partner contact")
    MEDEWERKER = "medewerker", _("staff member")
    RAADSLID = "raadslid", _("council member")

    @property
    def sees_personal_data(self) -> bool:
        """Whether the role opens personal data (respondent lists, exports, talent profiles, members'
        accounts). Such a role needs a second factor to log in. A new role opts in by being listed
        in :data:`ROLES_SEEING_PERSONAL_DATA`."""
        return self in ROLES_SEEING_PERSONAL_DATA

    @classmethod
    def seeing_personal_data(cls) -> list[str]:
        return [role.value for role in cls if role.sees_personal_data]


# Roles whose holders see personal data, and so log in with two factors.
ROLES_SEEING_PERSONAL_DATA = frozenset({Role.BEHEERDER, Role.COORDINATOR, Role.REGISSEUR})


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    municipality = models.ForeignKey(
        "self",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_organisations",
        limit_choices_to={"kind": Kind.GEMEENTE},
        help_text=_("The municipality where the organisation is based (empty for a municipality itself)."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    theme_colour = models.CharField(
        _("theme colour"),
        max_length=7,
        blank=True,
        validators=[hex_colour],
        help_text=_("For a municipality: #rrggbb"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="gemeente") | Q(municipality__isnull=True),
                name="organisation_municipality_has_no_municipality",
            ),
        ]
        # the list of organisations, by name and filtered by kind: a page read along the index
        indexes = [
            models.Index(fields=["name"], name="organisation_name"),
            models.Index(fields=["kind", "name"], name="organisation_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == Kind.GEMEENTE

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE


class Region(models.Model):
    """A group of municipalities that can keep a joint agenda."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("municipalities"),
        related_name="regions",
        limit_choices_to={"kind": Kind.GEMEENTE},
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in an organisation. A person can hold several roles in several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEDEWERKER)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"
