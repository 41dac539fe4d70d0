"""Ideas of residents and partners on a challenge, their support, and the feedback loop."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from veerkracht.agenda.models import Agenda, Challenge, Neighbourhood
from veerkracht.organisations.models import Kind, Organisation
from veerkracht.participation import states

DEFAULT_TERM_DAYS = 28


class IdeaState(models.TextChoices):
    ONTVANGEN = states.ONTVANGEN, _("received")
    IN_BEHANDELING = states.IN_BEHANDELING, _("under consideration")
    OVERGENOMEN = states.OVERGENOMEN, _("adopted")
    NIET_OVERGENOMEN = states.NIET_OVERGENOMEN, _("not adopted")
    SAMENGEVOEGD = states.SAMENGEVOEGD, _("merged")


class ResponseTerm(models.Model):
    """How many days a municipality takes at most to give an idea its first answer."""

    municipality = models.OneToOneField(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="idea_response_term",
        limit_choices_to={"kind": Kind.GEMEENTE},
    )
    days = models.PositiveSmallIntegerField(
        _("days for a first answer"),
        default=DEFAULT_TERM_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("response term for ideas")
        verbose_name_plural = _("response terms for ideas")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.days}"


def _picture_path(instance: Idea, filename: str) -> str:
    return f"ideeen/{timezone.now():%Y/%m}/{filename}"


class Idea(models.Model):
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ideas",
    )
    #: set for an idea submitted on the agenda as a whole (kept when it is later linked to a challenge)
    agenda = models.ForeignKey(
        Agenda,
        verbose_name=_("agenda"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ideas",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("of an idea or comment", "author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    nickname = models.CharField(
        _("name shown"),
        max_length=40,
        blank=True,
        help_text=_("Optional. Without it, your first name and the initial of your last name are shown."),
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("your idea"), max_length=4000)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    picture = models.FileField(_("picture"), upload_to=_picture_path, blank=True, max_length=200)
    state = models.CharField(
        _("state"), max_length=20, choices=IdeaState.choices, default=IdeaState.ONTVANGEN
    )
    outcome = models.TextField(_("what it became"), blank=True, max_length=2000)
    outcome_url = models.URLField(_("link to what it became"), blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
    )
    #: the Dutch stems of title and text, between spaces (for similar ideas on every database)
    stems = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=states.ALL), name="idea_state_valid"),
            models.CheckConstraint(
                condition=~models.Q(state=states.NIET_OVERGENOMEN) | ~models.Q(reason=""),
                name="idea_not_adopted_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=states.SAMENGEVOEGD) | models.Q(merged_into__isnull=False),
                name="idea_merged_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(challenge__isnull=False) | models.Q(agenda__isnull=False),
                name="idea_on_challenge_or_agenda",
            ),
        ]
        indexes = [
            models.Index(fields=["challenge", "state"]),
            models.Index(fields=["challenge", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_name(self) -> str:
        return states.public_name(self.author.full_name if self.author else "", self.nickname) or str(
            _("a resident")
        )


class Support(models.Model):
    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="idea_supports",
    )
    created_at = models.DateTimeField(_("supported"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "user"],
                name="support_once_per_person",
                violation_error_message=_("You already support this idea."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class IdeaStateChange(models.Model):
    """One step of an idea's feedback loop (the history shown on the idea's page)."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(_("from"), max_length=20, choices=IdeaState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=IdeaState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("state change of an idea")
        verbose_name_plural = _("state changes of ideas")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_state} → {self.to_state}"


class MailOptOut(models.Model):
    """A person who no longer wants e-mail about ideas (through the link in every such e-mail)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("opt-out of idea e-mail")
        verbose_name_plural = _("opt-outs of idea e-mail")

    def __str__(self) -> str:
        return str(self.user_id)


class UnsubscribeToken(models.Model):
    """The link in an idea e-mail that stops them: only the SHA-256 of the token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("unsubscribe link")
        verbose_name_plural = _("unsubscribe links")

    def __str__(self) -> str:
        return str(self.user_id)


class Comment(models.Model):
    """A reaction on an idea. The moderator (who answers the idea) can hide it, with a reason that
    its author sees; everyone else then sees that it was hidden."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("of an idea or comment", "author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="idea_comments",
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("placed"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("comment on an idea")
        verbose_name_plural = _("comments on ideas")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="comment_hidden_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["idea", "created_at"])]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.text[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def shown_name(self) -> str:
        return states.public_name(self.author.full_name if self.author else "", "") or str(_("a resident"))


class CommentReport(models.Model):
    """Someone reports a comment as abusive (once per person per comment)."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("what is wrong"), max_length=300, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("abuse report", "reported"), default=timezone.now)

    class Meta:
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                name="comment_report_once_per_person",
                violation_error_message=_("You have already reported this comment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"


class AgendaIdeas(models.Model):
    """The switch of an agenda's coordinator: residents may submit ideas on the agenda as a whole
    (not bound to a challenge)."""

    agenda = models.OneToOneField(
        Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="idea_settings"
    )
    open = models.BooleanField(_("open for ideas on the agenda as a whole"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("ideas on an agenda")
        verbose_name_plural = _("ideas on agendas")

    def __str__(self) -> str:
        return f"{self.agenda_id}: {self.open}"


from veerkracht.participation.session_models import *  # noqa: E402,F401,F403 - co-creation sessions
