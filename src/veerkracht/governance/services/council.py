"""The council's information letters (raadsinformatiebrieven) and their subscribers.

A letter is written by the board as a draft (``concept``) and then published: publishing fixes the
municipality's decision log as it stands (its head hash and number of entries), and queues the
rendering of the PDF and the DOCX (a Celery task, never inside the request). Once rendered, every
subscriber gets one e-mail with a link (the mail queue's key makes it once per letter and person).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.core.mail import email_queue
from veerkracht.governance.chain import GENESIS
from veerkracht.governance.models import CouncilLetter, DecisionChain, LetterState, LetterSubscription

TITLE_MAX = 200


class LetterError(ValueError):
    """A letter that cannot be written or changed as asked; the message says why."""


def _check(title: str, period_start: date, period_end: date) -> str:
    title = title.strip()
    if not title:
        raise LetterError(_("Give the letter a title."))
    if len(title) > TITLE_MAX:
        raise LetterError(_("The title is longer than %(n)s characters.") % {"n": TITLE_MAX})
    if period_end < period_start:
        raise LetterError(_("The period ends before it starts."))
    return title


def letter_create(
    *, municipality: Any, by: Any, title: str, period_start: date, period_end: date, board_text: str = ""
) -> CouncilLetter:
    """A new draft letter of ``municipality``'s board for the period."""
    title = _check(title, period_start, period_end)
    letter = CouncilLetter.objects.create(
        municipality=municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        board_text=board_text.strip(),
        created_by=by,
    )
    log("governance.letter_created", actor=by, target=municipality, details={"letter": letter.pk})
    return letter


def letter_update(
    letter: CouncilLetter, *, by: Any, title: str, period_start: date, period_end: date, board_text: str
) -> CouncilLetter:
    """Change a draft. A published letter is never changed (write a new one)."""
    title = _check(title, period_start, period_end)
    with transaction.atomic():
        locked = CouncilLetter.objects.select_for_update().get(pk=letter.pk)
        if locked.state != LetterState.CONCEPT:
            raise LetterError(_("A published letter is not changed; write a new one."))
        locked.title, locked.period_start, locked.period_end = title, period_start, period_end
        locked.board_text = board_text.strip()
        locked.save(update_fields=["title", "period_start", "period_end", "board_text"])
    log("governance.letter_changed", actor=by, target=letter.municipality, details={"letter": letter.pk})
    return locked


def letter_publish(letter: CouncilLetter, *, by: Any) -> CouncilLetter:
    """Publish a draft: fix the decision log's head hash and length as they stand now, and queue the
    rendering (and after it the subscribers' e-mail) once the transaction commits."""
    with transaction.atomic():
        locked = CouncilLetter.objects.select_for_update().get(pk=letter.pk)
        if locked.state != LetterState.CONCEPT:
            raise LetterError(_("This letter has been published already."))
        chain = DecisionChain.objects.filter(municipality_id=locked.municipality_id).first()
        locked.head_hash = chain.head if chain is not None else GENESIS
        locked.entries = chain.length if chain is not None else 0
        locked.state = LetterState.GEPUBLICEERD
        locked.published_at = timezone.now()
        locked.published_by = by
        locked.render_error = ""
        locked.save(
            update_fields=["head_hash", "entries", "state", "published_at", "published_by", "render_error"]
        )
        log(
            "governance.letter_published",
            actor=by,
            target=locked.municipality,
            details={"letter": locked.pk, "head": locked.head_hash, "entries": locked.entries},
        )
        letter_pk = locked.pk
        transaction.on_commit(lambda: _queue_render(letter_pk))
    return locked


def letter_render_again(letter: CouncilLetter, *, by: Any) -> None:
    """Queue the rendering again (after it failed). Nothing changes in the letter's content."""
    if letter.state != LetterState.GEPUBLICEERD:
        raise LetterError(_("Only a published letter is rendered."))
    CouncilLetter.objects.filter(pk=letter.pk).update(render_error="")
    log(
        "governance.letter_render_requested",
        actor=by,
        target=letter.municipality,
        details={"letter": letter.pk},
    )
    letter_pk = letter.pk
    transaction.on_commit(lambda: _queue_render(letter_pk))


def _queue_render(letter_pk: int) -> None:
    from veerkracht.governance.tasks_council import render_letter

    render_letter.delay(letter_pk)


def rendering_state(letter: CouncilLetter) -> str:
    """ "draft", "rendering", "failed" or "ready"."""
    if letter.state != LetterState.GEPUBLICEERD:
        return "draft"
    if letter.render_error:
        return "failed"
    if letter.pdf and letter.docx:
        return "ready"
    return "rendering"


# --- subscriptions ---------------------------------------------------------------------------------


def subscribe(*, user: Any, municipality: Any) -> LetterSubscription:
    found, _created = LetterSubscription.objects.get_or_create(user=user, municipality=municipality)
    return found


def unsubscribe(*, user: Any, municipality: Any) -> None:
    LetterSubscription.objects.filter(user=user, municipality=municipality).delete()


def is_subscribed(user: Any, municipality: Any) -> bool:
    return LetterSubscription.objects.filter(user=user, municipality=municipality).exists()


def letter_url(letter: CouncilLetter) -> str:
    return reverse("governance:letter", args=[letter.municipality.slug, letter.pk])


def subscribers_notify(letter: CouncilLetter, *, site_url: str) -> int:
    """Queue one e-mail per subscriber who may still read the letters (key: letter and person, so a
    second run sends nothing new). Returns how many subscribers were addressed."""
    queued = 0
    link = site_url.rstrip("/") + letter_url(letter)
    subscriptions = LetterSubscription.objects.filter(municipality=letter.municipality).select_related("user")
    for subscription in subscriptions:
        user = subscription.user
        if (
            not user.is_active
            or not user.email
            or not user.has_perm("governance.view_council", letter.municipality)
        ):
            continue
        with translation.override(getattr(user, "preferred_language", "") or "nl"):
            context = {"letter": letter, "link": link, "user": user}
            subject = _("New council information letter: %(title)s") % {"title": letter.title}
            text = render_to_string("governance/email/letter_published.txt", context)
        email_queue(
            to=user.email,
            subject=subject,
            text=text,
            reference=f"governance.letter:{letter.pk}",
            key=f"governance.letter:{letter.pk}:{user.pk}",
            scrub_after_send=False,
        )
        queued += 1
    return queued
