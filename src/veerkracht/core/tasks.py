from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from veerkracht.core.mail import SCRUBBED
from veerkracht.core.models import EmailStatus, OutgoingEmail

MAX_ATTEMPTS = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS - 1)
def deliver_email(self, email_id: int) -> str:  # type: ignore[no-untyped-def]
    """Deliver one queued e-mail. Safe to run twice: a sent message is never sent again."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == EmailStatus.SENT:
            return "skipped"
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
            email.status = EmailStatus.FAILED
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.save(update_fields=["status", "attempts", "last_error"])
            failed = True
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            if email.scrub_after_send:
                email.body_text = SCRUBBED
                email.body_html = ""
            email.save(
                update_fields=["status", "attempts", "last_error", "sent_at", "body_text", "body_html"]
            )
            failed = False
    if failed:
        if settings.CELERY_TASK_ALWAYS_EAGER or self.request.retries >= MAX_ATTEMPTS - 1:
            return "failed"
        raise self.retry(countdown=60 * 2**self.request.retries)
    return "sent"
