from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from veerkracht.fieldwork import reminders
from veerkracht.fieldwork.models import Invitation, Language, Wave
from veerkracht.fieldwork.services.common import WAVE_FIELDS
from veerkracht.monitor.models import Instrument

MAX_UPLOAD = 5 * 1024 * 1024
K_MIN = 2  # the check constraint fieldwork_wave_k_min


class DateInput(forms.DateInput):
    input_type = "date"


class WaveForm(forms.ModelForm):
    class Meta:
        model = Wave
        fields = list(WAVE_FIELDS)  # what wave_create and wave_update accept
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "intro_nl": forms.Textarea(attrs={"rows": 4}),
            "intro_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, challenge: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.order_by("code", "-version")  # type: ignore[attr-defined]
        previous = Wave.objects.filter(challenge=challenge)
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = previous  # type: ignore[attr-defined]
        # the database's check constraints, as field validators with plain messages (a failing field
        # is left out of the model's constraint validation, so its raw message never shows)
        limits = {
            "k": (
                K_MIN,
                _(
                    "The report minimum is at least 2: with one respondent, answers could be traced to "
                    "a person."
                ),
                _(
                    "At least 2. Groups with fewer respondents than this are not shown separately, in the "
                    "report, on the dashboard and in exports."
                ),
            ),
            "reminder_days": (
                reminders.MIN_DAYS,
                _("Reminders are at least 5 days apart."),
                _("At least 5 days."),
            ),
        }
        for name, (minimum, message, help_text) in limits.items():
            field = self.fields[name]
            field.min_value = minimum  # type: ignore[attr-defined]
            field.validators.append(MinValueValidator(minimum, message=message))
            field.widget.attrs["min"] = minimum
            field.help_text = help_text
        for name in ("intro_nl", "intro_en"):
            self.fields[name].widget.attrs["class"] = "utrecht-textarea"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The fieldwork cannot end before it starts."))
        if data.get("previous") is not None and self.instance.pk and data["previous"].pk == self.instance.pk:
            self.add_error("previous", _("A wave cannot follow itself."))
        return data


class DatalistInput(forms.TextInput):
    """A text input that offers ``options`` (the browser's list) and still takes any other text."""

    template_name = "fieldwork/widgets/datalist.html"

    def __init__(self, options: list[str], list_id: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**(attrs or {}), "list": list_id, "autocomplete": "off"})
        self.options = options

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = self.options
        return context


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["name", "email", "organisation", "group", "language"]

    def __init__(
        self,
        *args: Any,
        group_choices: list[tuple[str, str]],
        languages: list[str],
        organisations: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations:
            field = self.fields["organisation"]
            field.widget = DatalistInput(organisations, "organisation-options")
            field.help_text = _(
                "Choose one of the challenge's stakeholders from the list, or type another organisation."
            )
        self.fields["group"] = forms.ChoiceField(
            label=_("Stakeholder group"),
            choices=[("", str(_("— let the respondent choose —"))), *group_choices],
            required=False,
            help_text=_("When set, the respondent is not asked for it again."),
        )
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in Language.choices if code in languages
        ]


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma or semicolon separated, with the columns name, email, organisation, group, "
            "language."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Answers file (CSV)"),
        help_text=_(
            "The form of score_responses: UTF-8, comma separated, header respondent,group,<item codes>."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ends_on = forms.DateField(label=_("New end of the fieldwork"), required=False, widget=DateInput())

    def __init__(self, *args: Any, new_end: bool = False, **kwargs: Any) -> None:
        """``new_end``: the step reopens the fieldwork, so a new end date may be given (no other step
        asks for one)."""
        super().__init__(*args, **kwargs)
        if not new_end:
            del self.fields["ends_on"]


class PriorityForm(forms.Form):
    intervention = forms.ChoiceField(label=_("Intervention"))
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = options  # type: ignore[attr-defined]
