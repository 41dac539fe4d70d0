"""Waves (metingen) of a challenge, their invitations, the respondents' answers and the report.

Privacy (docs/adr/0005-fieldwork.md): personal link tokens are stored only as SHA-256 hashes
(:class:`InvitationToken`); in anonymous mode a submitted :class:`Response` keeps no reference to its
invitation (the invitation only knows "completed"), and its submission time is kept to the day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from veerkracht.fieldwork.workflow import INITIAL, WaveState

MAX_REMINDERS = 2
MIN_REMINDER_DAYS = 5


def in_language(nl: str, en: str, language: str | None = None) -> str:
    language = language or get_language() or "nl"
    return en if language.startswith("en") and en else nl


class PrivacyMode(models.TextChoices):
    ANONYMOUS = "anonymous", _("anonymous")
    CONFIDENTIAL = "confidential", _("confidential")


class Languages(models.TextChoices):
    NL_EN = "nl,en", _("Dutch and English")
    NL = "nl", _("Dutch only")
    EN = "en", _("English only")


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class Wave(models.Model):
    """One measurement (meting) of a challenge with one instrument version."""

    challenge = models.ForeignKey(
        "agenda.Challenge", verbose_name=_("challenge"), on_delete=models.PROTECT, related_name="waves"
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("1 for the first measurement (T0)."))
    instrument = models.ForeignKey(
        "monitor.Instrument", verbose_name=_("instrument version"), on_delete=models.PROTECT, related_name="+"
    )
    privacy_mode = models.CharField(
        _("privacy mode"),
        max_length=12,
        choices=PrivacyMode.choices,
        default=PrivacyMode.ANONYMOUS,
        help_text=_(
            "Anonymous: answers cannot be traced to an invitation. Confidential: a keyed pseudonym links "
            "the answers of the same person across waves, for change scores."
        ),
    )
    starts_on = models.DateField(_("fieldwork from"))
    ends_on = models.DateField(_("fieldwork until"))
    k = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=5,
        help_text=_("Groups with fewer respondents than this are not shown separately."),
    )
    languages = models.CharField(
        _("languages"), max_length=5, choices=Languages.choices, default=Languages.NL_EN
    )
    report_language = models.CharField(
        _("language of the report"), max_length=2, choices=Language.choices, default=Language.NL
    )
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous wave"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text=_("For a follow-up measurement (T1): the wave to compare with."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=7, help_text=_("At least 5 days.")
    )
    open_link = models.BooleanField(
        _("open link for a resident panel"),
        default=False,
        help_text=_("A link without a personal token, with the short form for residents."),
    )
    open_link_key = models.CharField(_("open link key"), max_length=40, unique=True, null=True, blank=True)
    state = models.CharField(_("state"), max_length=14, choices=WaveState.choices, default=INITIAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["challenge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "number"], name="fieldwork_wave_number"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="fieldwork_wave_period"),
            models.CheckConstraint(condition=Q(k__gte=2), name="fieldwork_wave_k_min"),
            models.CheckConstraint(condition=Q(number__gte=1), name="fieldwork_wave_number_positive"),
            models.CheckConstraint(condition=Q(reminder_days__gte=5), name="fieldwork_wave_reminder_days"),
            models.CheckConstraint(
                condition=Q(state__in=WaveState.values), name="fieldwork_wave_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(privacy_mode__in=PrivacyMode.values), name="fieldwork_wave_privacy_valid"
            ),
            models.CheckConstraint(
                condition=Q(previous__isnull=True) | ~Q(previous=F("pk")),
                name="fieldwork_wave_previous_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} — {self.label}"

    @property
    def label(self) -> str:
        return str(_("Wave %(number)s (T%(t)s)") % {"number": self.number, "t": self.number - 1})

    @property
    def intro(self) -> str:
        return in_language(self.intro_nl, self.intro_en)

    def intro_for(self, language: str) -> tuple[str, str]:
        """(introduction, the language it is written in) for a respondent answering in ``language``:
        their own when written, else the other one (the survey then says so), else ("", "")."""
        own, other = (
            (self.intro_en, self.intro_nl) if language.startswith("en") else (self.intro_nl, self.intro_en)
        )
        if own.strip():
            return own, language[:2]
        if other.strip():
            return other, "nl" if language.startswith("en") else "en"
        return "", ""

    @property
    def offered_languages(self) -> list[str]:
        return self.languages.split(",")

    @property
    def is_anonymous(self) -> bool:
        return self.privacy_mode == PrivacyMode.ANONYMOUS


class Invitation(models.Model):
    """A person invited to answer a wave. The personal link tokens are in :class:`InvitationToken`."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="invitations"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200)
    group = models.CharField(
        _("stakeholder group"),
        max_length=40,
        blank=True,
        help_text=_("When set, the respondent is not asked for it again."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.NL)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    first_sent_at = models.DateTimeField(_("invited"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last e-mail"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    started = models.BooleanField(_("started"), default=False)
    completed = models.BooleanField(pgettext_lazy("survey response", "completed"), default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["wave", "organisation", "email"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"], name="fieldwork_invitation_unique_email"),
            models.CheckConstraint(
                condition=Q(reminders_sent__lte=MAX_REMINDERS), name="fieldwork_invitation_max_reminders"
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(started=True), name="fieldwork_invitation_completed_started"
            ),
        ]
        indexes = [models.Index(fields=["wave", "completed", "reminders_sent"])]

    def __str__(self) -> str:
        return self.email


class InvitationToken(models.Model):
    """One personal link of an invitation: only the SHA-256 of the token is stored. Each e-mail
    (invitation, reminder) carries a fresh token, because a stored hash cannot be turned back into a
    link; all tokens of an invitation open the same survey."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("link token")
        verbose_name_plural = _("link tokens")

    def __str__(self) -> str:
        return f"token of {self.invitation_id}"


class MessageKind(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    REMINDER_1 = "reminder_1", _("first reminder")
    REMINDER_2 = "reminder_2", _("second reminder")


class InvitationMessage(models.Model):
    """An e-mail sent for an invitation; one of each kind at most (a reminder is never sent twice)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=12, choices=MessageKind.choices)
    email = models.ForeignKey(
        "core.OutgoingEmail", verbose_name=_("e-mail"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation e-mail")
        verbose_name_plural = _("invitation e-mails")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "kind"], name="fieldwork_message_once"),
            models.CheckConstraint(condition=Q(kind__in=MessageKind.values), name="fieldwork_message_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.invitation_id}"


class ResponseSource(models.TextChoices):
    INVITATION = "invitation", _("personal link")
    OPEN_LINK = "open_link", _("open link")
    IMPORT = "import", _("imported")


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", pgettext_lazy("survey response", "completed")


class Response(models.Model):
    """The answers of one respondent to one wave."""

    wave = models.ForeignKey(Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="responses")
    invitation = models.ForeignKey(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
        help_text=_("Only while answering, and in confidential mode."),
    )
    draft_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    source = models.CharField(_("source"), max_length=12, choices=ResponseSource.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.NL)
    short_form = models.BooleanField(_("short form"), default=False)
    group = models.CharField(_("stakeholder group"), max_length=80, blank=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=64, blank=True)
    respondent_ref = models.CharField(_("respondent id (import)"), max_length=80, blank=True)
    page = models.PositiveSmallIntegerField(_("furthest page"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["wave", "pk"]
        constraints = [
            # one response per invitation: submitting twice cannot store a second one
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(invitation__isnull=False),
                name="fieldwork_response_one_per_invitation",
            ),
            models.UniqueConstraint(
                fields=["wave", "respondent_ref"],
                condition=~Q(respondent_ref=""),
                name="fieldwork_response_unique_ref",
            ),
            models.CheckConstraint(
                condition=Q(status=ResponseStatus.COMPLETED, submitted_at__isnull=False)
                | Q(status=ResponseStatus.IN_PROGRESS, submitted_at__isnull=True),
                name="fieldwork_response_submitted_when_completed",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ResponseSource.values), name="fieldwork_response_source"
            ),
        ]
        indexes = [models.Index(fields=["wave", "status"])]

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.status == ResponseStatus.COMPLETED


class Answer(models.Model):
    """One answer to one scored item (missing codes such as 9 are stored as given)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("monitor.Item", on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="fieldwork_answer_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"


class FacetAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="facet_answers")
    option = models.ForeignKey("monitor.FacetOption", on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "option"], name="fieldwork_facet_unique"),
            models.CheckConstraint(condition=Q(points__lte=100), name="fieldwork_facet_points_max"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}={self.points}"


class BackgroundAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="background_answers")
    question = models.ForeignKey("monitor.BackgroundQuestion", on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey("monitor.BackgroundOption", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="fieldwork_background_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.option_id}"


class OpenAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="open_answers")
    question = models.ForeignKey("monitor.OpenQuestion", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"), max_length=2000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="fieldwork_open_unique")]

    def __str__(self) -> str:
        return f"{self.question_id}"


class ReportPriority(models.Model):
    """One of at most three interventions the regisseur picked from the report (becomes an action)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="priorities")
    dimension_code = models.CharField(_("dimension"), max_length=40)
    intervention = models.CharField(_("intervention"), max_length=40)
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["wave", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "intervention"], name="fieldwork_priority_unique"),
        ]

    def __str__(self) -> str:
        return self.intervention


class ReportFile(models.Model):
    """The rendered PDF of a wave's report in one language; ``data_key`` identifies the data it shows
    (rendering again with the same data is skipped)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="report_files")
    language = models.CharField(max_length=2, choices=Language.choices)
    data_key = models.CharField(max_length=64)
    file = models.FileField(upload_to="fieldwork/reports/")
    seconds = models.FloatField(default=0)
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "language"], name="fieldwork_report_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.language}"


class WaveHeadline(models.Model):
    """A reported wave's headline score per dimension (the engine's, without benchmark), stored when the
    wave is reported: other waves' benchmarks read these instead of scoring every reported wave again.
    ``headline`` is empty when the engine gave none (too few answers)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="headlines")
    dimension_code = models.CharField(max_length=40)
    headline = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("headline score of a reported wave")
        verbose_name_plural = _("headline scores of reported waves")
        constraints = [
            models.UniqueConstraint(fields=["wave", "dimension_code"], name="fieldwork_wave_headline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.wave_id} {self.dimension_code}"


class BenchmarkSource(models.TextChoices):
    HISTORIC = "historic", _("historic data")
    GENERATED = "generated", _("generated (demo)")


class BenchmarkHeadline(models.Model):
    """A headline score of an earlier challenge (outside this installation's waves), for benchmarks."""

    instrument_code = models.CharField(max_length=60)
    dimension_code = models.CharField(max_length=40)
    challenge_label = models.CharField(_("earlier challenge"), max_length=200)
    domain_code = models.CharField(_("domain"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    headline = models.FloatField(_("headline score"))
    source = models.CharField(_("source"), max_length=10, choices=BenchmarkSource.choices)

    class Meta:
        verbose_name = _("benchmark score")
        verbose_name_plural = _("benchmark scores")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_code", "dimension_code", "challenge_label"],
                name="fieldwork_benchmark_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.challenge_label} {self.dimension_code}"
