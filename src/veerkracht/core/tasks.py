from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from veerkracht.core.models import SCRUBBED, EmailStatus, OutgoingEmail

MAX_ATTEMPTS = 5


UNCERTAIN = (
    "Delivery uncertain: the worker stopped while talking to the mail server, so the message may or "
    "may not have been delivered. It is not sent again automatically."
)


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS - 1)
def deliver_email(self, email_id: int) -> str:  # type: ignore[no-untyped-def]
    """Deliver one queued e-mail, at most once.

    The message is claimed (status ``sending``, committed) before the mail server is contacted and
    marked ``sent`` after. A task that runs again finds one of three states: ``sent`` (nothing to do),
    ``sending`` (an earlier worker died mid-delivery: the message may have gone out, so it is marked
    ``uncertain`` and never sent again by itself; it stays visible) or ``queued``/``failed`` (send).
    A transport error before the server accepted the message is ``failed`` and retried.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (EmailStatus.SENT, EmailStatus.UNCERTAIN):
            return "skipped"
        if email.status == EmailStatus.SENDING:
            email.status = EmailStatus.UNCERTAIN
            email.last_error = UNCERTAIN
            fields = ["status", "last_error"]
            if email.scrub_after_send:  # it may have gone out, and is never sent again: drop the secret
                email.body_text, email.body_html = SCRUBBED, ""
                fields += ["body_text", "body_html"]
            email.save(update_fields=fields)
            return "uncertain"
        email.status = EmailStatus.SENDING
        email.attempts += 1
        email.claimed_at = timezone.now()
        email.save(update_fields=["status", "attempts", "claimed_at"])
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        if (
            settings.CELERY_TASK_ALWAYS_EAGER
            or self.request.is_eager
            or self.request.retries >= MAX_ATTEMPTS - 1
        ):
            return "failed"
        raise self.retry(countdown=settings.EMAIL_RETRY_SECONDS * 2**self.request.retries) from exc
    sent: dict[str, object] = {"status": EmailStatus.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.scrub_after_send:
        sent.update(body_text=SCRUBBED, body_html="")
    OutgoingEmail.objects.filter(pk=email.pk).update(**sent)
    return "sent"
