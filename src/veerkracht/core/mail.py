"""Queue e-mail for background delivery. The one way the platform sends e-mail.

    email_queue(to=..., subject=..., text=..., html=..., key="invitation:42:first")

The message is stored, and after the surrounding transaction commits a Celery task delivers it (in
process when no REDIS_URL is configured). The key makes queueing and delivery idempotent.

Messages carry secrets (password-reset links, personal survey links, team invitations): by default
the stored text and HTML are removed once the message has been delivered, so that neither the
outgoing-mail table nor the admin keeps a usable link. Only a caller that knows its message holds no
secret passes ``scrub_after_send=False``. The stored copy then holds the language-neutral marker
:data:`SCRUBBED`; pages show it as :data:`SCRUBBED_SHOWN`, in the reader's language.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from veerkracht.core.models import SCRUBBED, EmailStatus, OutgoingEmail
from veerkracht.core.tasks import deliver_email

SCRUBBED_SHOWN = _("[removed after delivery]")


def scrubbed_or(text: str) -> str:
    """The stored text as a reader sees it: the marker in the reader's language once scrubbed."""
    return str(SCRUBBED_SHOWN) if text == SCRUBBED else text


_held: ContextVar[bool] = ContextVar("veerkracht_mail_held", default=False)


@contextmanager
def delivery_held() -> Iterator[None]:
    """Queue e-mail without delivering it: messages stay in the outbox with status "queued" (the demo
    loader uses this so that loading demo data sends and prints no mail)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


__all__ = ["SCRUBBED", "SCRUBBED_SHOWN", "delivery_held", "email_queue", "scrubbed_or"]


def email_queue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    reference: str = "",
    key: str | None = None,
    scrub_after_send: bool = True,
) -> OutgoingEmail:
    """Queue one e-mail. With ``scrub_after_send`` (the default: messages carrying personal links or
    tokens) the stored text and HTML are replaced once the message has been delivered (or may have
    been); subject, recipient, status and times stay for the record."""
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
    if (created or email.status == EmailStatus.FAILED) and not _held.get():
        email_id = email.pk
        transaction.on_commit(lambda: deliver_email.delay(email_id))
    return email
