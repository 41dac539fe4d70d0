"""A computation of the partner network's measures, run in the background with progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.organisations.models import Organisation, Region


class Scope(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    NATIONAL = "national", _("national")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class NetworkJob(models.Model):
    """One computation of the network of a municipality, a region or the whole installation (all
    years, or one year). ``result`` is the engine's measures as JSON text."""

    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: all years.")
    )
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.TextField(_("result (JSON)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("network computation")
        verbose_name_plural = _("network computations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="municipality", municipality__isnull=False, region__isnull=True)
                    | Q(scope="region", region__isnull=False, municipality__isnull=True)
                    | Q(scope="national", region__isnull=True, municipality__isnull=True)
                ),
                name="network_job_scope_matches",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="network_job_progress_max"),
        ]
        indexes = [
            models.Index(fields=["scope", "municipality", "region", "-created_at"], name="network_job_scope")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.municipality or self.region or ''} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
