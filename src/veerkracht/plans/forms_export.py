"""The form that starts an export of a plan version (in the version's own language)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.plans.models import ExportFormat


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ExportFormat.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose Word (DOCX) or PDF."),
            "invalid_choice": _("Choose Word (DOCX) or PDF."),
        },
    )
