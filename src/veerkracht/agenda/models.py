"""Agendas, challenges, their stakeholders, scores and lifecycle history.

Reference data (domains, UN Sustainable Development Goals, neighbourhoods) is data, not code: the
domains and goals are seeded by a data migration and can be edited in the admin.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda.prioritisation import MAX_SCORE, MAX_WEIGHT, MIN_SCORE, Weights
from veerkracht.agenda.sanitise import clean_rich_text
from veerkracht.agenda.workflow import INITIAL, Status
from veerkracht.organisations.models import Kind, Organisation, Region

#: Slugs the URL scheme reserves (``/agenda/nieuw/``, ``/agenda/opgaven/…``, ``/agenda/openbaar/…``).
RESERVED_SLUGS = frozenset({"nieuw", "opgaven", "openbaar"})


def _in_language(nl: str, en: str) -> str:
    return en if (get_language() or "nl").startswith("en") and en else nl


class Domain(models.Model):
    """A policy domain (zorg, onderwijs, …) with the partner kinds a challenge in it usually needs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_nl, self.name_en)


class DomainPartnerKind(models.Model):
    """A kind of organisation that a challenge in this domain usually needs among its stakeholders."""

    domain = models.ForeignKey(
        Domain, verbose_name=_("domain"), on_delete=models.CASCADE, related_name="usual_partner_kinds"
    )
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("usual partner kind")
        verbose_name_plural = _("usual partner kinds")
        ordering = ["domain", "kind"]
        constraints = [models.UniqueConstraint(fields=["domain", "kind"], name="domain_partner_kind_unique")]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_kind_display()}"


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return _in_language(self.name_nl, self.name_en)


class Neighbourhood(models.Model):
    """A neighbourhood (wijk) or village (kern) of a municipality."""

    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="neighbourhoods",
        limit_choices_to={"kind": Kind.GEMEENTE},
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="neighbourhood_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


#: How many scorers a challenge needs before its ranking counts (the coordinator sets it per agenda).
DEFAULT_QUORUM = 3
MAX_QUORUM = 50
_QUORUM_MESSAGE = _("Enter a number of scorers from 1 to 50.")


class Agenda(models.Model):
    """An innovation agenda of one municipality, or the joint agenda of a region."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agendas",
        limit_choices_to={"kind": Kind.GEMEENTE},
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agendas",
        help_text=_("For a joint agenda of the municipalities of a region."),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    description = models.TextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_agendas",
        blank=True,
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        related_name="partner_agendas",
        blank=True,
        help_text=_("Organisations that co-own the agenda; their contacts and directors score challenges."),
    )
    published = models.BooleanField(_("published"), default=False)
    weight_urgency = models.PositiveSmallIntegerField(
        _("weight of urgency"), default=1, validators=[MaxValueValidator(MAX_WEIGHT)]
    )
    weight_impact = models.PositiveSmallIntegerField(
        _("weight of societal impact"), default=1, validators=[MaxValueValidator(MAX_WEIGHT)]
    )
    weight_feasibility = models.PositiveSmallIntegerField(
        _("weight of feasibility"), default=1, validators=[MaxValueValidator(MAX_WEIGHT)]
    )
    weight_innovation = models.PositiveSmallIntegerField(
        _("weight of innovation potential"), default=1, validators=[MaxValueValidator(MAX_WEIGHT)]
    )
    ranking_quorum = models.PositiveSmallIntegerField(
        _("quorum for the ranking"),
        default=DEFAULT_QUORUM,
        validators=[
            MinValueValidator(1, message=_QUORUM_MESSAGE),
            MaxValueValidator(MAX_QUORUM, message=_QUORUM_MESSAGE),
        ],
        help_text=_(
            "How many people must have scored a challenge before its place in the ranking counts. "
            "Challenges scored by fewer people are marked and listed after the others. From 1 to 50."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(region__isnull=True))
                | (Q(municipality__isnull=True) & Q(region__isnull=False)),
                name="agenda_owner_municipality_xor_region",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="agenda_period_order"
            ),
            models.CheckConstraint(
                condition=Q(weight_urgency__lte=MAX_WEIGHT)
                & Q(weight_impact__lte=MAX_WEIGHT)
                & Q(weight_feasibility__lte=MAX_WEIGHT)
                & Q(weight_innovation__lte=MAX_WEIGHT),
                name="agenda_weights_at_most_max",
            ),
            models.CheckConstraint(
                condition=Q(weight_urgency__gt=0)
                | Q(weight_impact__gt=0)
                | Q(weight_feasibility__gt=0)
                | Q(weight_innovation__gt=0),
                name="agenda_some_weight_positive",
            ),
            models.CheckConstraint(
                condition=Q(ranking_quorum__gte=1) & Q(ranking_quorum__lte=MAX_QUORUM),
                name="agenda_ranking_quorum_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.description = clean_rich_text(self.description)
        super().save(*args, **kwargs)

    @property
    def is_joint(self) -> bool:
        return self.region_id is not None

    @property
    def owner_name(self) -> str:
        owner = self.region if self.region_id else self.municipality
        return str(owner) if owner else ""

    def municipality_ids(self) -> list[int]:
        """The municipalities whose agenda this is (one, or the region's)."""
        if self.municipality_id:
            return [self.municipality_id]
        if self.region_id:
            return list(self.region.municipalities.values_list("pk", flat=True))  # type: ignore[union-attr]
        return []

    @property
    def weights(self) -> Weights:
        return Weights(
            urgency=self.weight_urgency,
            impact=self.weight_impact,
            feasibility=self.weight_feasibility,
            innovation=self.weight_innovation,
        )


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class AgendaPartnerInvitation(models.Model):
    """An organisation asked to co-own an agenda. It becomes one of ``Agenda.partners`` only when one
    of its own contacts accepts (ADR 0002, point 10)."""

    agenda = models.ForeignKey(
        Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="partner_invitations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="agenda_invitations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "organisation"], name="agenda_partner_invitation_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="agenda_partner_invitation_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.agenda}"


#: The largest money estimate a challenge accepts (one trillion euros).
MAX_MONEY = 10**12
_MONEY_MESSAGE = _("Enter an amount of at most 1,000,000,000,000 euros.")
_MONEY_HELP = _("Whole euros, from 0 to 1,000,000,000,000.")


class Challenge(models.Model):
    """A societal challenge (opgave) on an agenda."""

    agenda = models.ForeignKey(
        Agenda, verbose_name=_("agenda"), on_delete=models.PROTECT, related_name="challenges"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    problem = models.TextField(_("problem description"))
    ambition = models.TextField(_("ambition"), blank=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="challenges"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("sustainable development goals"),
        related_name="challenges",
        blank=True,
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, verbose_name=_("neighbourhoods"), related_name="challenges", blank=True
    )
    public_money = models.PositiveBigIntegerField(
        _("public money (estimate, euro)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONEY, message=_MONEY_MESSAGE)],
        help_text=_MONEY_HELP,
    )
    private_money = models.PositiveBigIntegerField(
        _("private money (estimate, euro)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONEY, message=_MONEY_MESSAGE)],
        help_text=_MONEY_HELP,
    )
    lead_municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("lead municipality"),
        on_delete=models.PROTECT,
        related_name="led_challenges",
        limit_choices_to={"kind": Kind.GEMEENTE},
    )
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("innovation director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directed_challenges",
    )
    published = models.BooleanField(_("published"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=INITIAL)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["agenda", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="challenge_status_valid"),
        ]
        indexes = [
            models.Index(fields=["agenda", "status"]),
            # the newest challenges elsewhere, of one domain or of all (community.elsewhere)
            models.Index(fields=["domain", "-created_at"], name="agenda_chal_domain_newest"),
            models.Index(fields=["-created_at"], name="agenda_chal_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.problem = clean_rich_text(self.problem)
        self.ambition = clean_rich_text(self.ambition)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        """Public when the challenge and its agenda are both published."""
        return bool(self.published and self.agenda.published)


class StakeholderRole(models.TextChoices):
    INITIATOR = "initiator", _("initiator")
    PARTNER = "partner", _("partner")
    FINANCIER = "financier", _("financier")
    KNOWLEDGE = "knowledge", _("knowledge partner")
    TARGET_GROUP = "target_group", _("target group / represents residents")
    OTHER = "other", _("other")


class Level(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class Stakeholder(models.Model):
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="stakeholders"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="stakes"
    )
    role = models.CharField(_("role in the challenge"), max_length=20, choices=StakeholderRole.choices)
    interest = models.CharField(_("interest"), max_length=6, choices=Level.choices, default=Level.MEDIUM)
    influence = models.CharField(_("influence"), max_length=6, choices=Level.choices, default=Level.MEDIUM)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_contacts",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["challenge", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "organisation"], name="stakeholder_unique_org"),
            models.CheckConstraint(
                condition=Q(role__in=StakeholderRole.values), name="stakeholder_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(interest__in=Level.values) & Q(influence__in=Level.values),
                name="stakeholder_levels_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.challenge}"


def _score_field(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]
    )


class Score(models.Model):
    """One person's prioritisation scores for one challenge (1–5 on each criterion)."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="scores"
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scorer"), on_delete=models.CASCADE, related_name="+"
    )
    urgency = _score_field(_("urgency"))
    impact = _score_field(_("societal impact"))
    feasibility = _score_field(_("feasibility"))
    innovation = _score_field(_("innovation potential"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["challenge", "scorer"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "scorer"], name="score_one_per_scorer"),
            models.CheckConstraint(
                condition=Q(urgency__gte=MIN_SCORE, urgency__lte=MAX_SCORE)
                & Q(impact__gte=MIN_SCORE, impact__lte=MAX_SCORE)
                & Q(feasibility__gte=MIN_SCORE, feasibility__lte=MAX_SCORE)
                & Q(innovation__gte=MIN_SCORE, innovation__lte=MAX_SCORE),
                name="score_values_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorer} — {self.challenge}"

    def as_dict(self) -> dict[str, int]:
        return {
            "urgency": self.urgency,
            "impact": self.impact,
            "feasibility": self.feasibility,
            "innovation": self.innovation,
        }


class ChallengeTransition(models.Model):
    """One step in a challenge's lifecycle. Append-only: the history is never rewritten."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.challenge}: {self.from_status or '—'} → {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("lifecycle steps are append-only")
        super().save(*args, **kwargs)
