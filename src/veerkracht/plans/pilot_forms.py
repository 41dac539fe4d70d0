"""Input for pilots. Parsing only: the services check and write (a service's ValidationError is shown on
the form with ``core.forms.apply_validation_error``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from veerkracht.community.models import NeighbourhoodType, SizeBand, Visibility
from veerkracht.plans import pilot_selectors as selectors
from veerkracht.resources.models import NeedKind

TEXT = {"class": "utrecht-textbox"}
AREA = {"class": "utrecht-textarea", "rows": 4}
SELECT = {"class": "utrecht-select"}


class IndicatorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.objective.code} {obj.objective.name} — {obj.code} {obj.name}"


class NeedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.description} ({obj.quantity.normalize():f})"


class RuleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.rule} ({obj.allowed_by}, {obj.until:%d-%m-%Y})"


class PilotForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": _("Give the pilot a title.")},
    )
    intervention = forms.CharField(
        label=_("If we do …"),
        max_length=5000,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("What the team will do in the pilot."),
        error_messages={"required": _("Say what you will do (“if we do …”).")},
    )
    expectation = forms.CharField(
        label=_("… then we expect …"),
        max_length=5000,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("What you expect to change, measured with the indicators below."),
        error_messages={"required": _("Say what you expect (“then we expect …”).")},
    )
    indicators = IndicatorChoice(
        label=_("… measured with the indicators"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more indicators of the challenge's objectives."),
        error_messages={"required": _("Choose at least one indicator to measure it with.")},
    )
    neighbourhood = forms.CharField(
        label=_("Neighbourhood"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    target_group = forms.CharField(
        label=_("Target group"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    starts_on = forms.DateField(
        label=pgettext_lazy("period of a pilot", "Start"),
        widget=forms.DateInput(attrs={"type": "date", **TEXT}, format="%Y-%m-%d"),
        error_messages={"required": _("Give a start date."), "invalid": _("Enter a valid date.")},
    )
    ends_on = forms.DateField(
        label=_("End"),
        widget=forms.DateInput(attrs={"type": "date", **TEXT}, format="%Y-%m-%d"),
        error_messages={"required": _("Give an end date."), "invalid": _("Enter a valid date.")},
    )
    needs = NeedChoice(
        label=_("Budget and hours (needs in the ledger)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The challenge's needs this pilot uses. A new need can be added on the pilot's page."),
    )
    experiment_rules = RuleChoice(
        label=_("Experimentation space used"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rules of the mandate in force that the pilot sets aside."),
    )

    def __init__(self, *args: Any, challenge: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = selectors.indicator_choices(challenge)  # type: ignore[attr-defined]
        self.fields["needs"].queryset = selectors.need_choices(challenge)  # type: ignore[attr-defined]
        self.fields["experiment_rules"].queryset = selectors.rule_choices(challenge)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end <= start:
            self.add_error("ends_on", _("The end date must be after the start date."))
        return data


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label=_("The team's conclusion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 6}),
        help_text=_("Was the hypothesis confirmed? What does the team advise: scale up, adjust or stop?"),
        error_messages={"required": _("Write the team's conclusion.")},
    )


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)


class GoNoGoForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose scale up, adjust or stop.")},
    )
    note = forms.CharField(
        label=_("What was decided, and why"),
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 6}),
        error_messages={"required": _("Say what was decided, and why.")},
    )
    public = forms.ChoiceField(
        label=_("Visibility"),
        choices=[("ja", _("Public")), ("nee", _("Confidential"))],
        initial="ja",
        widget=forms.Select(attrs=SELECT),
        help_text=_(
            "A confidential entry is published without its content; its number, time and digest stay public."
        ),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices  # type: ignore[attr-defined]


class LessonForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": _("Give the lesson a title.")},
    )
    tried = forms.CharField(
        label=_("What was tried"),
        max_length=5000,
        widget=forms.Textarea(attrs=AREA),
        error_messages={"required": _("Say what was tried.")},
    )
    outcome = forms.CharField(
        label=_("What came of it"),
        max_length=5000,
        widget=forms.Textarea(attrs=AREA),
        error_messages={"required": _("Say what came of it.")},
    )
    size_band = forms.ChoiceField(
        label=_("Size of the municipality"), choices=SizeBand.choices, widget=forms.Select(attrs=SELECT)
    )
    neighbourhood_type = forms.ChoiceField(
        label=_("Kind of neighbourhood"), choices=NeighbourhoodType.choices, widget=forms.Select(attrs=SELECT)
    )
    visibility = forms.ChoiceField(
        label=_("Shared with"),
        choices=Visibility.choices,
        initial=Visibility.GEMEENTE,
        widget=forms.Select(attrs=SELECT),
    )


class LinkLessonForm(forms.Form):
    lesson: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("A lesson of this challenge"),
        queryset=None,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Choose a lesson."),
            "invalid_choice": _("Choose a lesson of this challenge."),
        },
    )

    def __init__(self, *args: Any, lessons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = lessons  # type: ignore[attr-defined]


class NeedForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(NeedKind.UREN.value, NeedKind.UREN.label), (NeedKind.GELD.value, NeedKind.GELD.label)],
        widget=forms.Select(attrs=SELECT),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": _("Describe the need.")},
    )
    quantity = forms.DecimalField(
        label=_("Quantity (hours or euros)"),
        max_digits=14,
        decimal_places=2,
        min_value=0.01,
        widget=forms.NumberInput(attrs={"step": "0.01", **TEXT}),
        error_messages={"required": _("Enter a quantity greater than zero.")},
    )
