"""The API's data: team-formation jobs, API keys and the answers to idempotent writes."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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


# ---------------------------------------------------------------------------------------------------
# API keys and idempotent writes (docs/api/keys.md, ADR 0011)


class ApiKey(models.Model):
    """A key an organisation's beheerder made for one integration. The secret is shown once and only
    its SHA-256 is kept; ``prefix`` (shown in lists and in the audit log) finds the key. A key reads
    public data and the non-public data of its organisation's municipality, within its scopes."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. the data portal.")
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(_("hash of the secret"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_key_expires_after_made"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, at: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (at or timezone.now())

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentRequest(models.Model):
    """A write sent with an ``Idempotency-Key`` and its answer, so that the same key with the same
    request gets the same answer and the write happens once. ``caller`` is ``key:<id>`` or
    ``user:<id>``; keys of different callers never meet."""

    caller = models.CharField(_("caller"), max_length=40)
    key = models.CharField(_("idempotency key"), max_length=200)
    fingerprint = models.CharField(_("fingerprint of the request"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"))
    body = models.TextField(_("answer (JSON)"), blank=True)
    location = models.CharField(_("location"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="api_idempotency_caller_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.key}"
