"""Pilots: the first experiments of a challenge's team, each with a hypothesis and a go/no-go."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from veerkracht.plans import states


class PilotState(models.TextChoices):
    VOORBEREIDING = states.VOORBEREIDING, pgettext_lazy("pilot state", "in preparation")
    LOPEND = states.LOPEND, pgettext_lazy("pilot state", "running")
    GEEVALUEERD = states.GEEVALUEERD, pgettext_lazy("pilot state", "evaluated")
    OPGESCHAALD = states.OPGESCHAALD, pgettext_lazy("pilot state", "scaled up")
    AANGEPAST = states.AANGEPAST, pgettext_lazy("pilot state", "adjusted")
    GESTOPT = states.GESTOPT, pgettext_lazy("pilot state", "stopped")


class Pilot(models.Model):
    """ "If we do X, we expect Y, measured with indicator Z": an experiment run by a challenge's team."""

    challenge = models.ForeignKey(
        "agenda.Challenge", verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="pilots"
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pilots",
    )
    title = models.CharField(_("title"), max_length=200)
    intervention = models.TextField(_("if we do"))
    expectation = models.TextField(_("then we expect"))
    indicators = models.ManyToManyField(
        "governance.Indicator", verbose_name=_("measured with"), related_name="pilots", blank=True
    )
    neighbourhood = models.CharField(_("neighbourhood"), max_length=200, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    needs = models.ManyToManyField(
        "resources.Need", verbose_name=_("budget and hours"), related_name="pilots", blank=True
    )
    experiment_rules = models.ManyToManyField(
        "governance.ExperimentRule",
        verbose_name=_("experimentation space used"),
        related_name="pilots",
        blank=True,
    )
    state = models.CharField(
        _("state"), max_length=16, choices=PilotState.choices, default=PilotState.VOORBEREIDING
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    lessons = models.ManyToManyField(
        "community.Lesson",
        verbose_name=_("lessons for the learning community"),
        related_name="pilots",
        blank=True,
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("go/no-go decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["challenge", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="plans_pilot_dates"),
            models.CheckConstraint(condition=Q(state__in=states.ALL), name="plans_pilot_state_known"),
        ]

    def __str__(self) -> str:
        return self.title


class PilotChange(models.Model):
    """One transition of a pilot: who moved it from which state to which, when, and why."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(_("from"), max_length=16, choices=PilotState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=PilotState.choices)
    note = models.TextField(_("note"), blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("go/no-go decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("pilot change")
        verbose_name_plural = _("pilot changes")
        ordering = ["pilot", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.from_state} → {self.to_state}"


class ExportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class PlanExport(models.Model):
    """One rendering of a plan version (its :class:`~veerkracht.plans.document.Document` with the team's
    own texts, stored as JSON when asked for) to DOCX or PDF, made in the background with its progress;
    the file once it is done. Who may see it follows the version (``plans.view_version``).

    ``data_key`` is a hash of what the file shows (the document, the format); the file's name is
    derived from it, so that a rendering run twice (a worker killed half-way) replaces its own file."""

    challenge = models.ForeignKey(
        "agenda.Challenge", verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="plan_exports"
    )
    version = models.ForeignKey(
        "plans.PlanVersion", verbose_name=_("plan version"), on_delete=models.CASCADE, related_name="exports"
    )
    document = models.JSONField(_("document"))
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("nl", "Nederlands"), ("en", "English")]
    )
    data_key = models.CharField(max_length=64, editable=False)
    state = models.CharField(
        _("state"), max_length=8, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="plans/exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    seconds = models.FloatField(_("seconds to render"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan export")
        verbose_name_plural = _("plan exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="plans_export_progress_max"),
            models.CheckConstraint(
                condition=Q(format__in=ExportFormat.values), name="plans_export_format_known"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ExportState.values), name="plans_export_state_known"
            ),
            models.CheckConstraint(
                condition=Q(language__in=("nl", "en")), name="plans_export_language_known"
            ),
        ]
        indexes = [models.Index(fields=["challenge", "data_key"], name="plans_export_key")]

    def __str__(self) -> str:
        return f"{self.challenge} ({self.format}, {self.language}, {self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.RUNNING)


from veerkracht.plans.version_models import PlanVersion, SectionText  # noqa: E402,F401 - plan versions
