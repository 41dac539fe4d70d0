"""Background work for the council: rendering a published letter and mailing its subscribers. Tasks
take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True)
def render_letter(letter_id: int) -> str:
    """Render the letter's PDF and DOCX, then queue the subscribers' e-mail (once per person: the mail
    queue's key). Run twice: the same files, no second e-mail."""
    from veerkracht.governance.letters import letter_render
    from veerkracht.governance.services.council import subscribers_notify

    letter = letter_render(letter_id)
    if letter.pdf and letter.docx:
        subscribers_notify(letter, site_url=str(settings.SITE_URL))
    return str(letter.pdf.name) if letter.pdf else ""
