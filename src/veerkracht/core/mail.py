"""Queue e-mail for background delivery. The one way the platform sends e-mail.

    email_queue(to=..., subject=..., text=..., html=..., key="invitation:42:first")

The message is stored, and after the surrounding transaction commits a Celery task delivers it (in
process when no REDIS_URL is configured). The key makes queueing and delivery idempotent.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import translation

from veerkracht.core.models import SCRUBBED, EmailStatus, OutgoingEmail
from veerkracht.core.tasks import deliver_email

__all__ = ["SCRUBBED", "email_queue"]


def email_queue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    reference: str = "",
    key: str | None = None,
    scrub_after_send: bool = False,
) -> OutgoingEmail:
    """Queue one e-mail. With ``scrub_after_send`` (messages carrying personal links or tokens) the
    stored text and HTML are replaced once the message has been delivered; subject, recipient, status
    and times stay for the record."""
    email, created = OutgoingEmail.objects.get_or_create(
        key=key or f"adhoc:{uuid.uuid4()}",
        defaults={
            "to": to,
            "subject": subject.replace("\n", " ").strip()[:255],
            "body_text": text,
            "body_html": html,
            "reference": reference,
            "scrub_after_send": scrub_after_send,
            "language": translation.get_language() or "nl",
        },
    )
    if created or email.status == EmailStatus.FAILED:
        email_id = email.pk
        transaction.on_commit(lambda: deliver_email.delay(email_id))
    return email
