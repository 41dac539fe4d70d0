"""Co-creation sessions on a challenge or a community of practice: registration with a waiting list,
attendance and minutes.

Imported at the end of :mod:`veerkracht.participation.models`, so the models belong to the app."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda.models import Challenge
from veerkracht.community.models import CommunityOfPractice
from veerkracht.participation import session_workflow

__all__ = ["CoSession", "RegistrationStatus", "SessionAction", "SessionRegistration", "SessionStatus"]


class SessionStatus(models.TextChoices):
    GEPLAND = session_workflow.GEPLAND, _("planned")
    GEANNULEERD = session_workflow.GEANNULEERD, _("cancelled")


class CoSession(models.Model):
    """A session on exactly one of a challenge or a community of practice (a database constraint)."""

    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="co_sessions",
        null=True,
        blank=True,
    )
    cop = models.ForeignKey(
        CommunityOfPractice,
        verbose_name=_("community of practice"),
        on_delete=models.CASCADE,
        related_name="co_sessions",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.GEPLAND
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    #: raised whenever the date, time or place changes (iCalendar SEQUENCE: calendars take the update)
    sequence = models.PositiveIntegerField(_("version"), default=0)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what we will do"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Address and room."))
    online_url = models.URLField(_("online link"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        max_length=2000,
        blank=True,
        help_text=_("Wheelchair access, hearing loop, interpreter, childcare, how to get there …"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    outcomes = models.TextField(_("outcomes"), max_length=8000, blank=True)
    minutes_at = models.DateTimeField(_("minutes written"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-creation session")
        verbose_name_plural = _("co-creation sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="cosession_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""), name="cosession_has_place_or_link"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="cosession_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(challenge__isnull=False, cop__isnull=True)
                | models.Q(challenge__isnull=True, cop__isnull=False),
                name="cosession_challenge_or_cop",
                violation_error_message=_("A session is on a challenge or on a community of practice."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=session_workflow.ALL), name="cosession_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["challenge", "starts_at"]), models.Index(fields=["cop", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def host(self) -> Challenge | CommunityOfPractice:
        """The challenge or the community of practice the session is on."""
        host = self.challenge if self.challenge_id is not None else self.cop
        assert host is not None
        return host

    @property
    def host_title(self) -> str:
        return self.challenge.title if self.challenge is not None else str(self.cop)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.GEANNULEERD


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class SessionRegistration(models.Model):
    """One person for one session (one row per person: cancelling and registering again reuse it)."""

    session = models.ForeignKey(
        CoSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    #: the waiting list is in order of this moment (registration, or registering again)
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    talent_consent = models.BooleanField(
        _("invite me to the talent pool afterwards"),
        default=False,
    )
    attended = models.BooleanField(_("came"), default=False)
    moved_up_at = models.DateTimeField(_("moved up"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited to the talent pool"), null=True, blank=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                name="session_registration_once",
                violation_error_message=_("You are already registered for this session."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["registered", "waiting", "cancelled"]),
                name="session_registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.user_id} ({self.status})"


class SessionAction(models.Model):
    """An action from a session's minutes: who does what by when; optionally an answer to an idea."""

    session = models.ForeignKey(
        CoSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=120)
    due = models.DateField(_("due"))
    link = models.URLField(
        _("link"), blank=True, help_text=_("Optional: the team need or lesson this action became.")
    )
    idea = models.ForeignKey(
        "participation.Idea",
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_actions",
    )
    idea_state = models.CharField(_("new state of the idea"), max_length=20, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("session action")
        verbose_name_plural = _("session actions")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.text
