from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.plans.services import MAX_OWN_TEXT


class SectionTextForm(forms.Form):
    text = forms.CharField(
        label=_("Your own text for this section"),
        required=False,
        max_length=MAX_OWN_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text with blank lines between paragraphs, or simple formatting: <strong>, <em>, lists "
            "and links."
        ),
    )


class GenerateForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the plan"), choices=[("nl", _("Dutch")), ("en", _("English"))], initial="nl"
    )
