"""Dynamic governance (part d): objectives and indicators, the mandate and its experimentation space,
escalations, the decision log and the council's information letters.

Explicit rules (docs/governance/):
* An objective is *agreed* when both the board (a bestuurder of the challenge's municipality) and the
  challenge's regisseur confirmed it; the agreement is an entry in the decision log. An agreed objective
  is never edited: a change is a new version (``supersedes``) that needs its own agreement.
* A mandate is given by a bestuurder to the regisseur; a change is a new version. Both are log entries.
* The decision log (:class:`Decision`) is append-only: database triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.governance.chain import GENESIS

# ---------------------------------------------------------------------------------------------------
# The decision log


class DecisionChain(models.Model):
    """One chain per municipality: its head and length. Appending locks this row, so that concurrent
    writers get consecutive numbers (see ``services.decisions.record_decision``)."""

    municipality = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="decision_chain",
    )
    length = models.PositiveIntegerField(_("number of entries"), default=0)
    head = models.CharField(_("head hash"), max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("decision log")
        verbose_name_plural = _("decision logs")

    def __str__(self) -> str:
        return f"{self.municipality} ({self.length})"


class DecisionKind(models.TextChoices):
    MANDAAT = "mandaat", _("mandate")
    BESLUIT = "besluit", _("decision")
    GO_NO_GO = "go-no-go", _("go/no-go")
    DOELWIJZIGING = "doelwijziging", _("objective agreed or changed")
    ESCALATIE = "escalatie", _("escalation")
    CORRECTIE = "correctie", _("correction")


class Decision(models.Model):
    """One entry of a municipality's decision log. Written once, never updated or deleted (a database
    trigger refuses both). ``content`` is the canonical JSON text of the entry's content, kept as text so
    that its digest can be recomputed byte for byte."""

    chain = models.ForeignKey(DecisionChain, on_delete=models.PROTECT, related_name="entries")
    seq = models.PositiveIntegerField(_("number"))
    recorded_at = models.CharField(_("recorded at (UTC)"), max_length=20)
    prev = models.CharField(_("previous hash"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    content = models.TextField(_("content (canonical JSON)"))
    public = models.BooleanField(_("public"), default=True)
    # Denormalised from the content, for queries and links (the content stays the record).
    challenge = models.ForeignKey(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="governance_decision_seq_unique"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="governance_decision_seq_positive"),
        ]
        indexes = [models.Index(fields=["challenge", "seq"], name="governance_decision_challenge")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.title}"


# ---------------------------------------------------------------------------------------------------
# Objectives, indicators and measurements


class ObjectiveState(models.TextChoices):
    CONCEPT = "concept", _("draft")
    VOORGESTELD = "voorgesteld", _("proposed")
    OVEREENGEKOMEN = "overeengekomen", _("agreed")
    VERVANGEN = "vervangen", _("superseded")


class Objective(models.Model):
    """An objective of a challenge (or of an agenda: a municipal goal that challenges' objectives
    contribute to). Exactly one of ``challenge`` and ``agenda`` is set."""

    challenge = models.ForeignKey(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    agenda = models.ForeignKey(
        "agenda.Agenda",
        verbose_name=_("agenda"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
    )
    contributes_to = models.ForeignKey(
        "self",
        verbose_name=_("contributes to the municipal goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_objectives",
        help_text=_("Enters the measurements."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ObjectiveState.choices, default=ObjectiveState.CONCEPT
    )
    board_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by the board"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    board_confirmed_at = models.DateTimeField(_("confirmed by the board at"), null=True, blank=True)
    regisseur_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by the innovation director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regisseur_confirmed_at = models.DateTimeField(
        _("confirmed by the innovation director at"), null=True, blank=True
    )
    agreement = models.ForeignKey(
        Decision,
        verbose_name=_("agreement in the decision log"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreed_objectives",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["code", "version"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(challenge__isnull=False, agenda__isnull=True)
                    | Q(challenge__isnull=True, agenda__isnull=False)
                ),
                name="governance_objective_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ObjectiveState.values), name="governance_objective_state_valid"
            ),
            models.UniqueConstraint(
                fields=["challenge", "code", "version"],
                condition=Q(challenge__isnull=False),
                name="governance_objective_code_unique",
            ),
            models.UniqueConstraint(
                fields=["agenda", "code", "version"],
                condition=Q(agenda__isnull=False),
                name="governance_goal_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.state != ObjectiveState.VERVANGEN


class IndicatorSource(models.TextChoices):
    CBS = "cbs", _("CBS (Statistics Netherlands)")
    EIGEN = "eigen", _("own registration")
    MONITOR = "monitor", _("innovation monitor")


class Indicator(models.Model):
    """A measurable indicator of an objective (rules in docs/governance/indicators.md). With source
    ``monitor``, ``monitor_dimension`` names the monitor dimension whose headline score of each reported
    wave of the challenge is a measurement."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline_date = models.DateField(_("baseline date"))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=20, decimal_places=6)
    target_date = models.DateField(_("target date"))
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=6)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("A share of the total change, more than 0 and at most 0.5."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=8,
        decimal_places=4,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    source = models.CharField(
        _("source"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.EIGEN
    )
    monitor_dimension = models.CharField(_("monitor dimension"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "code"], name="governance_indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(target_date__gt=models.F("baseline_date")), name="governance_indicator_dates"
            ),
            models.CheckConstraint(
                condition=~Q(target_value=models.F("baseline_value")), name="governance_indicator_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MeasurementSource(models.TextChoices):
    HAND = "hand", _("entered")
    IMPORT = "import", _("imported")
    API = "api", _("pushed through the API")
    MONITOR = "monitor", _("innovation monitor")


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(
        _("source"), max_length=10, choices=MeasurementSource.choices, default=MeasurementSource.HAND
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="governance_measurement_one_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date} {self.value}"


# ---------------------------------------------------------------------------------------------------
# The mandate, its experimentation space, and what it has used


class MandateState(models.TextChoices):
    GEGEVEN = "gegeven", _("given")
    VERVANGEN = "vervangen", _("superseded")
    INGETROKKEN = "ingetrokken", _("withdrawn")


class Mandate(models.Model):
    """What the board lets the regisseur do for a challenge. Given (and changed, as a new version) by a
    bestuurder; each version is an entry in the decision log."""

    challenge = models.ForeignKey("agenda.Challenge", on_delete=models.CASCADE, related_name="mandates")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MandateState.choices, default=MandateState.GEGEVEN
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("innovation director"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mandates_held",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mandates_given",
    )
    scope = models.TextField(_("scope"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    budget = models.DecimalField(
        _("budget (€)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    hours = models.DecimalField(
        _("hours"), max_digits=10, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )
    decides_alone = models.TextField(_("what the innovation director decides alone"))
    warn_share = models.DecimalField(
        _("warn at share"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    escalate_share = models.DecimalField(
        _("escalate at share"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("5.00"))],
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="mandates"
    )
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["challenge", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "version"], name="governance_mandate_version_unique"
            ),
            models.UniqueConstraint(
                fields=["challenge"], condition=Q(state="gegeven"), name="governance_one_mandate_in_force"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="governance_mandate_period"
            ),
            models.CheckConstraint(
                condition=Q(escalate_share__gte=models.F("warn_share")), name="governance_mandate_shares"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} v{self.version}"


class ExperimentRule(models.Model):
    """Part of the experimentation space: a rule or procedure that may be set aside for the challenge,
    who allowed it and until when."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="experiment_rules")
    rule = models.CharField(_("rule or procedure set aside"), max_length=300)
    explanation = models.TextField(_("what may be done instead"), blank=True)
    allowed_by = models.CharField(_("allowed by"), max_length=200)
    until = models.DateField(_("until"))

    class Meta:
        verbose_name = _("experimentation space")
        verbose_name_plural = _("experimentation space")
        ordering = ["mandate", "until", "pk"]

    def __str__(self) -> str:
        return self.rule


class UsageKind(models.TextChoices):
    MONEY = "geld", _("money (€)")
    HOURS = "uren", _("hours")


class UsageEntry(models.Model):
    """Money spent or hours worked on a challenge, entered on the mandate page (until the resources
    ledger provides them). Append-only: a correction is a new entry with a negative amount."""

    challenge = models.ForeignKey("agenda.Challenge", on_delete=models.CASCADE, related_name="usage_entries")
    kind = models.CharField(_("kind"), max_length=5, choices=UsageKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("use of the mandate")
        verbose_name_plural = _("use of the mandate")
        ordering = ["challenge", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class EscalationKind(models.TextChoices):
    BUDGET = "budget", _("budget")
    HOURS = "uren", _("hours")
    OFF_COURSE = "uit_koers", _("indicator off course")
    MANDATE_ENDED = "mandaat_verlopen", _("mandate ended")


class EscalationLevel(models.TextChoices):
    WARNING = "waarschuwing", _("warning")
    ESCALATION = "escalatie", _("escalation")


class Escalation(models.Model):
    """A trigger that tripped: a warning (shown and mailed) or an escalation (also in the decision log,
    and open until the board answers it with a decision). ``key`` makes each trigger trip once."""

    challenge = models.ForeignKey("agenda.Challenge", on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("kind"), max_length=20, choices=EscalationKind.choices)
    level = models.CharField(_("level"), max_length=15, choices=EscalationLevel.choices)
    key = models.CharField(max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    raised_entry = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="raised_escalations"
    )
    answer = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="answered_escalations"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "key"], name="governance_escalation_once"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.level == EscalationLevel.ESCALATION and self.answer_id is None


# ---------------------------------------------------------------------------------------------------
# The council


class LetterState(models.TextChoices):
    CONCEPT = "concept", _("draft")
    GEPUBLICEERD = "gepubliceerd", _("published")


class CouncilLetter(models.Model):
    """A raadsinformatiebrief: what happened in a period with a municipality's challenges. The board adds
    its own text; publishing fixes the decision log's head hash and renders the PDF and DOCX."""

    municipality = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="council_letters"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    board_text = models.TextField(_("the board's text"), blank=True)
    state = models.CharField(
        _("state"), max_length=15, choices=LetterState.choices, default=LetterState.CONCEPT
    )
    head_hash = models.CharField(_("head hash of the decision log"), max_length=64, blank=True)
    entries = models.PositiveIntegerField(_("entries in the decision log"), default=0)
    pdf = models.FileField(upload_to="governance/letters/", blank=True)
    docx = models.FileField(upload_to="governance/letters/", blank=True)
    render_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("council information letter")
        verbose_name_plural = _("council information letters")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="governance_letter_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LetterSubscription(models.Model):
    """A council member (or anyone allowed to read the letters) who wants an e-mail per new letter."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_subscriptions"
    )
    municipality = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subscription to council letters")
        verbose_name_plural = _("subscriptions to council letters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="governance_letter_subscription_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.municipality}"
