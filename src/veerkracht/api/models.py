"""Team-formation solves requested through the API, run as background jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TeamFormationJob(models.Model):
    """One solve. The problem and the answer are kept as JSON text (any text the caller sent, NUL
    characters included, survives every database) and removed a day after the solve finished."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    time_limit = models.FloatField(_("time limit (seconds)"))
    problem = models.TextField(_("problem (JSON)"))
    result = models.TextField(_("answer (JSON)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("team-formation job")
        verbose_name_plural = _("team-formation jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "status"], name="api_job_owner_status")]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"
