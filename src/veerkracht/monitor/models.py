"""The innovatiemonitor instrument as versioned data (docs/monitor/instrument.md).

An :class:`Instrument` version holds its answer scale, dimensions and items (Dutch and English),
the short form for residents (a flag per item) and the unscored modules (facet profile, background
questions, open questions). Once a wave has answers the version is *locked* (``locked_at``): its
content can no longer change or be deleted (enforced in ``save``/``delete`` and on cascades through
``pre_delete``); a new version is a copy (``services.instrument_copy``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class InstrumentLocked(Exception):
    """An instrument version that has answers cannot change."""


class InstrumentSource(models.TextChoices):
    BUILTIN = "builtin", _("built in")
    IMPORTED = "imported", _("imported")
    COPIED = "copied", _("copied")


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    scale_min = models.IntegerField(_("lowest answer"))
    scale_max = models.IntegerField(_("highest answer"))
    facet_prompt_nl = models.TextField(_("facet profile question (Dutch)"), blank=True)
    facet_prompt_en = models.TextField(_("facet profile question (English)"), blank=True)
    open_min_comments = models.PositiveSmallIntegerField(
        _("minimum comments per group"),
        default=8,
        help_text=_("Open answers of a group are shown only when the group has at least this many comments."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=InstrumentSource.choices, default=InstrumentSource.IMPORTED
    )
    locked_at = models.DateTimeField(
        _("locked at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the first answers are stored; a locked version cannot change."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="monitor_instrument_code_version"),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")), name="monitor_instrument_scale"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="monitor_instrument_version_positive"),
        ]
        permissions = [("import_instrument", "Can import an instrument")]

    def __str__(self) -> str:
        return f"{self.name_nl} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = Instrument.objects.filter(pk=self.pk).first()
            if stored is not None and stored.locked_at is not None:
                fields = [f.attname for f in self._meta.concrete_fields if f.attname != "locked_at"]
                changed = [f for f in fields if getattr(stored, f) != getattr(self, f)]
                if changed or self.locked_at is None:
                    raise InstrumentLocked(f"{stored} is locked: it has answers")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        # Checked before Django collects related rows (pre_delete covers cascades and querysets).
        if self.pk is not None and Instrument.objects.filter(pk=self.pk, locked_at__isnull=False).exists():
            raise InstrumentLocked(f"{self} is locked: it has answers")
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class InstrumentPart(models.Model):
    """Base for everything that belongs to one instrument version: refuses changes once locked."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.check_unlocked()
        return super().delete(*args, **kwargs)

    def locking_instrument_id(self) -> int | None:
        return getattr(self, "instrument_id", None)

    def check_unlocked(self) -> None:
        instrument_id = self.locking_instrument_id()
        if instrument_id and Instrument.objects.filter(pk=instrument_id, locked_at__isnull=False).exists():
            raise InstrumentLocked(f"instrument {instrument_id} is locked: it has answers")


class ScalePoint(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="scale_points"
    )
    value = models.IntegerField(_("value"))
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    is_missing = models.BooleanField(
        _("missing code"), default=False, help_text=_("Shown apart from the scale and scored as missing.")
    )

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["instrument", "is_missing", "value"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="monitor_scalepoint_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.label_nl}"


class Dimension(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="monitor_dimension_code"),
            models.UniqueConstraint(fields=["instrument", "order"], name="monitor_dimension_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_nl}"


class Item(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="items"
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    reverse = models.BooleanField(_("reverse-keyed"), default=False)
    short_form = models.BooleanField(
        _("in the residents' short form"), default=False, help_text=_("Residents are asked this item.")
    )
    topic = models.CharField(
        _("topic"), max_length=40, blank=True, help_text=_("For example HRM, P&C or ICT.")
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["instrument", "dimension__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="monitor_item_code"),
            models.UniqueConstraint(fields=["dimension", "order"], name="monitor_item_order"),
        ]

    def __str__(self) -> str:
        return self.code


class FacetOption(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="facet_options"
    )
    code = models.CharField(_("code"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"))
    text_nl = models.CharField(_("text (Dutch)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)

    class Meta:
        verbose_name = _("facet")
        verbose_name_plural = _("facets")
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="monitor_facet_code")]

    def __str__(self) -> str:
        return f"({self.code}) {self.text_nl}"


class BackgroundQuestion(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="background_questions",
    )
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    text_nl = models.CharField(_("text (Dutch)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)

    class Meta:
        verbose_name = _("background question")
        verbose_name_plural = _("background questions")
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="monitor_background_code")]

    def __str__(self) -> str:
        return self.text_nl


class BackgroundOption(InstrumentPart):
    question = models.ForeignKey(
        BackgroundQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)

    class Meta:
        verbose_name = _("answer to a background question")
        verbose_name_plural = _("answers to a background question")
        ordering = ["question", "order"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="monitor_background_option")]

    def __str__(self) -> str:
        return self.label_nl

    def locking_instrument_id(self) -> int | None:
        return (
            BackgroundQuestion.objects.filter(pk=self.question_id)
            .values_list("instrument_id", flat=True)
            .first()
        )


class OpenQuestion(InstrumentPart):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="open_questions"
    )
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    text_nl = models.CharField(_("text (Dutch)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)

    class Meta:
        verbose_name = _("open question")
        verbose_name_plural = _("open questions")
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="monitor_open_code")]

    def __str__(self) -> str:
        return self.text_nl


def refuse_deleting_locked(sender: type, instance: models.Model, **kwargs: Any) -> None:
    """Also on cascades and queryset deletes: nothing of a locked instrument may be deleted."""
    if isinstance(instance, Instrument):
        if Instrument.objects.filter(pk=instance.pk, locked_at__isnull=False).exists():
            raise InstrumentLocked(f"{instance} is locked: it has answers")
    elif isinstance(instance, InstrumentPart):
        instance.check_unlocked()


# Connected per model (a receiver for every sender would disable Django's fast deletes project-wide).
for _model in (
    Instrument,
    ScalePoint,
    Dimension,
    Item,
    FacetOption,
    BackgroundQuestion,
    BackgroundOption,
    OpenQuestion,
):
    pre_delete.connect(
        refuse_deleting_locked, sender=_model, dispatch_uid=f"monitor_locked_{_model.__name__}"
    )
