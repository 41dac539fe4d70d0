"""Versions of a challenge's plan van aanpak, and the team's own text per section and version."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.plans.document import PLAN_SECTIONS, Document, from_data


class PlanVersion(models.Model):
    """One generated plan of a challenge: the document as data and the figures it was made from.

    A version never changes after it is generated, except that it can be sent to the board (a decision
    in the municipality's decision chain) and that the team's own text is kept beside it."""

    challenge = models.ForeignKey(
        "agenda.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="plan_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    document = models.JSONField(_("document"))
    inputs = models.JSONField(_("inputs"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("generated at"), default=timezone.now)
    sent_to_board = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("sent to the board"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["challenge", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "number"], name="plans_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plans_version_number_positive"),
            models.CheckConstraint(
                condition=Q(sent_to_board__isnull=True, sent_at__isnull=True)
                | Q(sent_to_board__isnull=False, sent_at__isnull=False),
                name="plans_version_sent_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} v{self.number}"

    @property
    def is_sent(self) -> bool:
        return self.sent_to_board_id is not None

    def as_document(self, own_texts: dict[str, str] | None = None) -> Document:
        """The stored document, with the team's own text put into its sections."""
        data: dict[str, Any] = dict(self.document)
        if own_texts:
            data["sections"] = [
                {**section, "own_text": own_texts.get(section["key"], section.get("own_text", ""))}
                for section in data["sections"]
            ]
        return from_data(data)


class SectionText(models.Model):
    """The team's own text for one section of one version (sanitised rich text)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="section_texts")
    section = models.CharField(_("section"), max_length=20, choices=[(key, key) for key in PLAN_SECTIONS])
    text = models.TextField(_("own text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("own text of a section")
        verbose_name_plural = _("own texts of sections")
        ordering = ["version", "section"]
        constraints = [
            models.UniqueConstraint(fields=["version", "section"], name="plans_section_text_unique"),
            models.CheckConstraint(condition=Q(section__in=PLAN_SECTIONS), name="plans_section_text_known"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.section}"
