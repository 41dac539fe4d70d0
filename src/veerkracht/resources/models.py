"""Part e, organising resources: what a challenge needs, what partners pledge, and the ledger of what
they delivered.

* :class:`Need` — hours, money, a facility, data or expertise a challenge (or its team) needs.
* :class:`Pledge` — an organisation's offer towards a need; the regisseur or a coordinator accepts or
  rejects it (``voorgesteld`` → ``geaccepteerd`` | ``afgewezen``).
* :class:`LedgerEntry` — one booking of delivered hours, money or facility use against an accepted
  pledge. The ledger is append-only (database triggers, migration 0002): a correction is a new entry,
  linked to the one it corrects, holding the difference. Every figure is a sum over entries.
* :class:`KeyResult` — a key result: an indicator (governance) that belongs to a challenge's team and
  names the partner organisations that contribute to it (docs/organising/results.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NeedKind(models.TextChoices):
    UREN = "uren", _("hours")
    GELD = "geld", _("money")
    FACILITEIT = "faciliteit", _("facility")
    DATA = "data", _("data")
    EXPERTISE = "expertise", _("expertise")


#: The unit each kind of need is counted in.
UNITS = {
    NeedKind.UREN: _("hours"),
    NeedKind.GELD: _("euro"),
    NeedKind.FACILITEIT: _("day parts"),
    NeedKind.DATA: _("data sets"),
    NeedKind.EXPERTISE: _("hours"),
}


class BookingKind(models.TextChoices):
    UREN = "uren", _("hours")
    GELD = "geld", _("money")
    FACILITEIT = "faciliteit", _("facility")


#: What is booked against a pledge for each kind of need (data is delivered by an agreement, not booked).
BOOKING_FOR_NEED = {
    NeedKind.UREN: BookingKind.UREN,
    NeedKind.EXPERTISE: BookingKind.UREN,
    NeedKind.GELD: BookingKind.GELD,
    NeedKind.FACILITEIT: BookingKind.FACILITEIT,
}


class DataAgreement(models.TextChoices):
    GEEN = "geen", _("none")
    IN_VOORBEREIDING = "in_voorbereiding", _("in preparation")
    GETEKEND = "getekend", _("signed")


class NeedState(models.TextChoices):
    OPEN = "open", _("open")
    GESLOTEN = "gesloten", _("closed")
    INGETROKKEN = "ingetrokken", _("withdrawn")


#: Who may move a need where: the regisseur or a coordinator (``resources.change_need``).
NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    NeedState.OPEN: frozenset({NeedState.GESLOTEN, NeedState.INGETROKKEN}),
    NeedState.GESLOTEN: frozenset({NeedState.OPEN, NeedState.INGETROKKEN}),
    NeedState.INGETROKKEN: frozenset(),
}


class Need(models.Model):
    challenge = models.ForeignKey(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="resource_needs",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resource_needs",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NeedKind.choices)
    description = models.CharField(_("description"), max_length=300)
    skill = models.ForeignKey(
        "teams.Skill",
        verbose_name=_("skill"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For hours: the skill the hours are needed for."),
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    budget_line = models.CharField(
        _("budget line"),
        max_length=200,
        blank=True,
        help_text=_("For money: the budget line it is paid from."),
    )
    data_agreement = models.CharField(
        _("data-sharing agreement"), max_length=20, choices=DataAgreement.choices, default=DataAgreement.GEEN
    )
    state = models.CharField(_("state"), max_length=12, choices=NeedState.choices, default=NeedState.OPEN)
    quantity_at_end = models.DecimalField(
        _("counted quantity after withdrawal"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A withdrawn need counts as needed for what was delivered on it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["challenge", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="resources_need_quantity_positive"),
            models.CheckConstraint(condition=Q(state__in=NeedState.values), name="resources_need_state"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="resources_need_period",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def unit(self) -> str:
        return str(UNITS[NeedKind(self.kind)])

    @property
    def booking_kind(self) -> str | None:
        return BOOKING_FOR_NEED.get(NeedKind(self.kind))

    @property
    def is_open(self) -> bool:
        return self.state == NeedState.OPEN


class NeedChange(models.Model):
    """One change to a need's terms: who, when, and each changed field's old and new value."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("change to a need")
        verbose_name_plural = _("changes to needs")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.need} {self.changed_at:%Y-%m-%d}"

    @property
    def lines(self) -> list[str]:
        """One "field: old → new" per changed term, with the field's own (translated) name."""
        out = []
        for name, (old, new) in self.changes.items():
            label = getattr(Need._meta.get_field(name), "verbose_name", name)
            out.append(
                f"{label}: {old if old not in (None, '') else '—'} → {new if new not in (None, '') else '—'}"
            )
        return out


class PledgeState(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("proposed")
    GEACCEPTEERD = "geaccepteerd", _("accepted")
    AFGEWEZEN = "afgewezen", _("rejected")
    INGETROKKEN = "ingetrokken", _("withdrawn")
    BEEINDIGD = "beeindigd", _("ended")


#: A pledge's states and who moves it (declared in rules.py):
#: voorgesteld → geaccepteerd | afgewezen (``resources.decide_pledge``: regisseur, coordinators);
#: voorgesteld → ingetrokken (``resources.withdraw_pledge``: the organisation's contacts);
#: geaccepteerd → beeindigd (``resources.end_pledge``: the organisation's contacts, regisseur,
#: coordinators). Ended: what was delivered stays and counts as pledged; the undelivered rest does not.
PLEDGE_TRANSITIONS: dict[str, frozenset[str]] = {
    PledgeState.VOORGESTELD: frozenset(
        {PledgeState.GEACCEPTEERD, PledgeState.AFGEWEZEN, PledgeState.INGETROKKEN}
    ),
    PledgeState.GEACCEPTEERD: frozenset({PledgeState.BEEINDIGD}),
    PledgeState.AFGEWEZEN: frozenset(),
    PledgeState.INGETROKKEN: frozenset(),
    PledgeState.BEEINDIGD: frozenset(),
}
#: The states whose pledge counts as pledged (an ended one for what was delivered on it).
COUNTING = (PledgeState.GEACCEPTEERD, PledgeState.BEEINDIGD)


class Pledge(models.Model):
    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="resource_pledges",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=PledgeState.choices, default=PledgeState.VOORGESTELD
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("withdrawn or ended at"), null=True, blank=True)
    quantity_at_end = models.DecimalField(
        _("counted quantity after ending"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("An ended pledge counts as pledged for what was delivered on it."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["need", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="resources_pledge_quantity_positive"),
            models.CheckConstraint(condition=Q(state__in=PledgeState.values), name="resources_pledge_state"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.need}"

    @property
    def counted(self) -> Any:
        """What the pledge counts for as pledged: its quantity while accepted, what was delivered once
        ended, nothing otherwise."""
        if self.state == PledgeState.GEACCEPTEERD:
            return self.quantity
        if self.state == PledgeState.BEEINDIGD:
            return self.quantity_at_end or 0
        return 0


class LedgerEntry(models.Model):
    """One booking. Never changed, never deleted (the database refuses it)."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=BookingKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resource_hours",
    )
    week = models.DateField(_("week"), null=True, blank=True, help_text=_("The Monday of the week worked."))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["booked_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BookingKind.values), name="resources_entry_kind"),
            models.CheckConstraint(
                condition=~Q(kind="uren") | Q(week__isnull=False), name="resources_entry_hours_have_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"


class KeyResult(models.Model):
    """A key result of a team: one of its challenge's indicators, with the organisations that contribute
    to it. Its status is the indicator's (governance's rules engine); nothing is measured here."""

    indicator = models.OneToOneField(
        "governance.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="key_result",
    )
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="key_results"
    )
    contributors = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("contributing partners"), related_name="key_results"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        ordering = ["team", "indicator__objective__code", "indicator__position", "indicator__code"]

    def __str__(self) -> str:
        return str(self.indicator)


class ContributionStatement(models.Model):
    """A partner's contribution statement as a PDF, one per organisation and language. Requesting it
    (again) empties the file and queues the rendering (a Celery task); the page shows the progress."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contribution_statements",
    )
    language = models.CharField(_("language"), max_length=8)
    pdf = models.FileField(upload_to="resources/statements/", blank=True)
    render_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contribution statement")
        verbose_name_plural = _("contribution statements")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "language"], name="resources_statement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.language})"

    @property
    def state(self) -> str:
        """ "rendering", "failed" or "ready"."""
        if self.render_error:
            return "failed"
        return "ready" if self.pdf else "rendering"


class HoursConsent(models.Model):
    """A person's consent that the contacts (partnercontacts, beheerders) of one of their organisations
    see their hours statement: their booked hours per week and per challenge, across teams. Given and
    withdrawn by the person only; without standing consent the contacts do not see the person's hours
    by name (the regisseur still sees the hours on their own challenge)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="hours_consents",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="hours_consents",
    )
    given_at = models.DateTimeField(_("consent given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to share hours")
        verbose_name_plural = _("consents to share hours")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="resources_hours_consent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation}"

    @property
    def standing(self) -> bool:
        return self.withdrawn_at is None


class ChallengeSharing(models.Model):
    """The regisseur's choice to share every partner's amounts with the challenge's partners. Without
    it, a partner sees only its own amounts and, for a need or a kind, a coarse state (open, partly
    covered, covered) instead of totals from which another partner's amount could be derived."""

    challenge = models.OneToOneField(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="resource_sharing",
    )
    share_amounts = models.BooleanField(_("share amounts with partners"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sharing of amounts")
        verbose_name_plural = _("sharing of amounts")

    def __str__(self) -> str:
        return f"{self.challenge}: {self.share_amounts}"
