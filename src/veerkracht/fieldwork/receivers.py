"""Background work started by the fieldwork's signals (connected from ``FieldworkConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from veerkracht.fieldwork.signals import invitations_due, wave_reported
from veerkracht.fieldwork.tasks import render_report_pdf, send_invitations


@receiver(wave_reported, dispatch_uid="fieldwork.render_report_pdf")
def render_report_pdf_when_reported(sender: Any, *, wave_id: int, language: str, **kwargs: Any) -> None:
    render_report_pdf.delay(wave_id, language)


@receiver(invitations_due, dispatch_uid="fieldwork.send_invitations")
def send_invitations_when_due(sender: Any, *, wave_id: int, **kwargs: Any) -> None:
    send_invitations.delay(wave_id)
