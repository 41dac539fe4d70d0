from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: What a message's body becomes once it is delivered, when it held a secret (a personal link).
SCRUBBED = "[removed after delivery]"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    UNCERTAIN = "uncertain", _("delivery uncertain")


class OutgoingEmail(models.Model):
    """Every e-mail the platform sends, queued first and delivered by a background task.

    Keeping the message in the database makes delivery idempotent (a task that runs twice sends once),
    makes failures visible (status, attempts, last error) and lets the sender of an invitation see what
    happened to it.
    """

    key = models.CharField(
        _("idempotency key"), max_length=120, unique=True, help_text=_("The same key is never sent twice.")
    )
    to = models.EmailField(pgettext_lazy("recipient of an e-mail", "to"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="nl")
    reference = models.CharField(_("reference"), max_length=120, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    scrub_after_send = models.BooleanField(
        _("remove the text once sent"),
        default=True,
        help_text=_("For messages with personal links: the text is not kept after delivery."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="outgoingemail_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.status})"
