"""Writes on ideas: submit, support, move through the feedback loop (with e-mail), unsubscribe."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.agenda.models import Agenda, Challenge, Neighbourhood
from veerkracht.audit.logger import log
from veerkracht.core.http import site_url
from veerkracht.core.mail import email_queue
from veerkracht.core.tokens import hash_token, looks_like_token, new_token
from veerkracht.participation import selectors, states
from veerkracht.participation.events import ParticipationEvent
from veerkracht.participation.models import (
    AgendaIdeas,
    Comment,
    CommentReport,
    Idea,
    IdeaState,
    IdeaStateChange,
    MailOptOut,
    Support,
    UnsubscribeToken,
)

PROBLEM_MESSAGES: dict[str, tuple[str, Any]] = {
    states.NOT_ALLOWED: ("state", gettext_lazy("This change of state is not possible.")),
    states.NEEDS_OUTCOME: ("outcome", gettext_lazy("Say what the idea became.")),
    states.NEEDS_REASON: ("reason", gettext_lazy("Give the reason why the idea is not adopted.")),
    states.NEEDS_TARGET: ("merged_into", gettext_lazy("Choose the idea to merge it into.")),
    states.SAME_IDEA: ("merged_into", gettext_lazy("An idea cannot be merged into itself.")),
    states.TARGET_NOT_OPEN: (
        "merged_into",
        gettext_lazy("That idea is closed; choose an open or adopted idea."),
    ),
}


@transaction.atomic
def idea_create(
    *,
    challenge: Challenge,
    by: Any,
    title: str,
    text: str,
    nickname: str = "",
    neighbourhood: Neighbourhood | None = None,
    picture: tuple[bytes, str] | None = None,
    request: Any = None,
) -> Idea:
    """Submit an idea. ``picture`` is already cleaned (see :mod:`veerkracht.participation.pictures`)."""
    if not by.has_perm("participation.add_idea", challenge):
        raise PermissionDenied
    if neighbourhood is not None and neighbourhood.municipality_id != challenge.lead_municipality_id:
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood of the challenge's municipality.")})
    return _save_new_idea(
        Idea(challenge=challenge), by, title, text, nickname, neighbourhood, picture, request
    )


@transaction.atomic
def agenda_idea_create(
    *,
    agenda: Agenda,
    by: Any,
    title: str,
    text: str,
    nickname: str = "",
    neighbourhood: Neighbourhood | None = None,
    picture: tuple[bytes, str] | None = None,
    request: Any = None,
) -> Idea:
    """Submit an idea on ``agenda`` as a whole (while its coordinator has opened that)."""
    if not by.has_perm("participation.add_agenda_idea", agenda):
        raise PermissionDenied
    if neighbourhood is not None and neighbourhood.municipality_id != agenda.municipality_id:
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood of the agenda's municipality.")})
    return _save_new_idea(Idea(agenda=agenda), by, title, text, nickname, neighbourhood, picture, request)


def _save_new_idea(
    idea: Idea,
    by: Any,
    title: str,
    text: str,
    nickname: str,
    neighbourhood: Neighbourhood | None,
    picture: tuple[bytes, str] | None,
    request: Any,
) -> Idea:
    idea.author = by
    idea.nickname = nickname.strip()
    idea.title = title.strip()
    idea.text = text.strip()
    idea.neighbourhood = neighbourhood
    idea.stems = selectors.stems_of(title, text)
    if picture is not None:
        data, extension = picture
        idea.picture.save(f"{new_token()[:16]}.{extension}", ContentFile(data), save=False)
    idea.save()
    log(ParticipationEvent.IDEA_CREATED, actor=by, target=idea, request=request)
    return idea


def idea_support(*, idea: Idea, by: Any, request: Any = None) -> bool:
    """Support ``idea`` (once per person; a second time changes nothing). True when it is new."""
    if not by.has_perm("participation.support_idea", idea):
        raise PermissionDenied
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=by)
    except IntegrityError:
        return False
    log(ParticipationEvent.IDEA_SUPPORTED, actor=by, target=idea, request=request)
    return True


def _message_problems(problems: list[str]) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        field, message = PROBLEM_MESSAGES[problem]
        errors.setdefault(field, []).append(str(message))
    return ValidationError(errors)


@transaction.atomic
def idea_transition(
    *,
    idea: Idea,
    target: str,
    by: Any,
    outcome: str = "",
    outcome_url: str = "",
    reason: str = "",
    merged_into: Idea | None = None,
    request: Any = None,
) -> IdeaStateChange:
    """Move ``idea`` to ``target`` (checked against the transition table), and tell its author and
    supporters by e-mail, each once, in their language. A merge carries the supports over."""
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("challenge", "challenge__agenda", "agenda")
        .get(pk=idea.pk)
    )
    if not by.has_perm("participation.change_idea_state", idea):
        raise PermissionDenied
    if merged_into is not None and (
        merged_into.challenge_id != idea.challenge_id
        or (idea.challenge_id is None and merged_into.agenda_id != idea.agenda_id)
    ):
        raise ValidationError({"merged_into": _("Choose an idea on the same challenge.")})
    problems = states.problems(
        states.Move(
            current=idea.state,
            target=target,
            outcome=outcome,
            reason=reason,
            merged_into_state=merged_into.state if merged_into is not None else None,
            merged_into_self=merged_into is not None and merged_into.pk == idea.pk,
        )
    )
    if problems:
        raise _message_problems(problems)
    now = timezone.now()
    previous = idea.state
    # the people to tell: author and supporters before any support moves
    recipients = _recipients(idea)
    if target == states.SAMENGEVOEGD and merged_into is not None and merged_into.author_id:
        # the author of the idea it joins is told too
        known = {u.pk for u in recipients}
        recipients += [u for u in _recipients(merged_into, author_only=True) if u.pk not in known]
    idea.state = target
    idea.state_changed_at = now
    if states.is_first_answer(previous) and idea.first_answer_at is None:
        idea.first_answer_at = now
    note = ""
    if target == states.OVERGENOMEN:
        idea.outcome, idea.outcome_url, note = outcome.strip(), outcome_url.strip(), outcome.strip()
    elif target == states.NIET_OVERGENOMEN:
        idea.reason, note = reason.strip(), reason.strip()
    elif target == states.SAMENGEVOEGD and merged_into is not None:
        idea.merged_into = merged_into
        note = merged_into.title
        _carry_supports(idea, merged_into)
    idea.save()
    change = IdeaStateChange.objects.create(
        idea=idea, from_state=previous, to_state=target, by=by, note=note, at=now
    )
    log(
        ParticipationEvent.IDEA_STATE_CHANGED,
        actor=by,
        target=idea,
        request=request,
        details={"from": previous, "to": target},
    )
    _tell(change, recipients)
    return change


def _carry_supports(idea: Idea, into: Idea) -> None:
    """Move the supports (and the author, as a supporter) of ``idea`` to ``into``, once per person;
    never the author of ``into`` itself."""
    already = set(into.supports.values_list("user_id", flat=True))
    people = set(idea.supports.values_list("user_id", flat=True))
    if idea.author_id:
        people.add(idea.author_id)
    people -= already
    people.discard(into.author_id)
    Support.objects.bulk_create([Support(idea=into, user_id=pk) for pk in sorted(people)])
    idea.supports.all().delete()


def _recipients(idea: Idea, *, author_only: bool = False) -> list[Any]:
    from django.contrib.auth import get_user_model

    ids = set() if author_only else set(idea.supports.values_list("user_id", flat=True))
    if idea.author_id:
        ids.add(idea.author_id)
    ids -= set(MailOptOut.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _tell(change: IdeaStateChange, recipients: list[Any]) -> None:
    idea = change.idea
    url = site_url() + reverse("participation:idea", args=[idea.pk])
    for user in recipients:
        token = new_token()
        UnsubscribeToken.objects.create(user=user, token_hash=hash_token(token))
        context = {
            "name": user.full_name or "",
            "idea": idea,
            "is_author": user.pk == idea.author_id,
            "is_target_author": idea.merged_into is not None and user.pk == idea.merged_into.author_id,
            "state": "",
            "url": url,
            "merged_url": site_url() + reverse("participation:idea", args=[idea.merged_into_id])
            if idea.merged_into_id
            else "",
            "unsubscribe_url": site_url() + reverse("participation:unsubscribe", args=[token]),
        }
        with translation.override(user.preferred_language or "nl"):
            context["state"] = str(IdeaState(change.to_state).label)
            email_queue(
                to=user.email,
                subject=_("Your idea “%(title)s”: %(state)s")
                % {"title": idea.title[:80], "state": context["state"]}
                if context["is_author"]
                else _("An idea was merged into yours")
                if context["is_target_author"]
                else _("An idea you support: %(state)s") % {"state": context["state"]},
                text=render_to_string("participation/email/state_changed.txt", context),
                html=render_to_string("participation/email/state_changed.html", context),
                reference=f"participation.idea:{idea.pk}",
                key=f"participation:state:{change.pk}:{user.pk}",
            )


def unsubscribe_pending(token: str) -> Any | None:
    """The person a valid unsubscribe link belongs to, or None."""
    if not looks_like_token(token):
        return None
    found = UnsubscribeToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    return found.user if found else None


@transaction.atomic
def unsubscribe(token: str) -> bool:
    user = unsubscribe_pending(token)
    if user is None:
        return False
    MailOptOut.objects.get_or_create(user=user)
    return True


# --- comments and their moderation -----------------------------------------------------------


@transaction.atomic
def comment_add(*, idea: Idea, by: Any, text: str, request: Any = None) -> Comment:
    """Place a comment on ``idea`` (stored as typed; every page escapes it)."""
    if not by.has_perm("participation.comment_idea", idea):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    comment = Comment.objects.create(idea=idea, author=by, text=text)
    log(ParticipationEvent.COMMENT_CREATED, actor=by, target=idea, request=request)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, by: Any, reason: str, request: Any = None) -> Comment:
    """Hide ``comment`` (the moderator of its idea), with a reason that its author sees."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("idea__challenge__agenda", "idea__agenda")
        .get(pk=comment.pk)
    )
    if not by.has_perm("participation.hide_comment", comment):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
    comment.hidden_at = timezone.now()
    comment.hidden_by = by
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log(ParticipationEvent.COMMENT_HIDDEN, actor=by, target=comment.idea, request=request)
    return comment


def comment_report(*, comment: Comment, by: Any, reason: str = "", request: Any = None) -> bool:
    """Report ``comment`` as abusive (once per person; a second time changes nothing). True when new."""
    if not by.has_perm("participation.report_comment", comment):
        raise PermissionDenied
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, user=by, reason=reason.strip()[:300])
    except IntegrityError:
        return False
    log(ParticipationEvent.COMMENT_REPORTED, actor=by, target=comment.idea, request=request)
    return True


# --- ideas on the agenda as a whole ----------------------------------------------------------------


@transaction.atomic
def agenda_ideas_set_open(*, agenda: Agenda, by: Any, open: bool, request: Any = None) -> AgendaIdeas:
    """The coordinator opens (or closes) ``agenda`` for ideas on the agenda as a whole."""
    if not by.has_perm("participation.open_agenda_ideas", agenda):
        raise PermissionDenied
    settings_row, _created = AgendaIdeas.objects.select_for_update().get_or_create(agenda=agenda)
    settings_row.open = open
    settings_row.changed_by = by
    settings_row.changed_at = timezone.now()
    settings_row.save()
    log(
        ParticipationEvent.AGENDA_IDEAS_SWITCHED,
        actor=by,
        target=agenda,
        request=request,
        details={"open": open},
    )
    return settings_row


@transaction.atomic
def idea_link(*, idea: Idea, challenge: Challenge, by: Any, request: Any = None) -> Idea:
    """Link an idea on the agenda as a whole to one of the agenda's challenges: from then on it is
    an idea on that challenge (its regisseur answers it too); the agenda it came in on is kept."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("agenda").get(pk=idea.pk)
    if not by.has_perm("participation.link_idea", idea):
        raise PermissionDenied
    if challenge.agenda_id != idea.agenda_id:
        raise ValidationError({"challenge": _("Choose a challenge of this agenda.")})
    idea.challenge = challenge
    idea.save(update_fields=["challenge"])
    log(
        ParticipationEvent.IDEA_LINKED,
        actor=by,
        target=idea,
        request=request,
        details={"challenge": challenge.pk},
    )
    return idea
