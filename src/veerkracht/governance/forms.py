"""Forms of governance's objectives pages (others use their own ``forms_*.py``). The rules an
indicator's fields follow are the services' (``services.objectives.indicator_problems``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.governance.models import IndicatorSource, Objective
from veerkracht.governance.services.objectives import INDICATOR_FIELDS, indicator_problems

ENTERED = ("code", "name", "unit", "baseline_date", "baseline_value", "target_date", "target_value")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ObjectiveForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contributes_to = forms.ModelChoiceField(
        label=_("Contributes to the municipal goal"), queryset=Objective.objects.none(), required=False
    )

    def __init__(self, *args: Any, challenge: Any, lock_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributes_to"].queryset = Objective.objects.filter(  # type: ignore[attr-defined]
            agenda_id=challenge.agenda_id
        ).exclude(state="vervangen")
        if lock_code:
            self.fields["code"].disabled = True


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    baseline_date = forms.DateField(label=_("Baseline date"), widget=DATE)
    baseline_value = forms.DecimalField(label=_("Baseline value"), max_digits=20, decimal_places=6)
    target_date = forms.DateField(label=_("Target date"), widget=DATE)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=20, decimal_places=6)
    tolerance = forms.DecimalField(
        label=_("Tolerance"),
        max_digits=6,
        decimal_places=4,
        initial=Decimal("0.10"),
        min_value=Decimal("0.0001"),
    )
    weight = forms.DecimalField(label=_("Weight"), max_digits=8, decimal_places=4, initial=Decimal(1))
    source = forms.ChoiceField(
        label=_("Source"), choices=IndicatorSource.choices, initial=IndicatorSource.EIGEN
    )
    monitor_dimension = forms.CharField(label=_("Monitor dimension (code)"), max_length=40, required=False)

    def has_changed(self) -> bool:
        """An extra block counts as filled in once any of its own fields is (tolerance, weight and
        source come pre-filled)."""
        if not self.is_bound:
            return False
        return any(str(self.data.get(self.add_prefix(f), "")).strip() for f in ENTERED)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in indicator_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class BaseIndicatorFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            if not form.has_changed():
                continue
            code = (form.cleaned_data.get("code") or "").strip().lower()
            if code in seen:
                form.add_error("code", _("This code is used by another indicator of this objective."))
            seen.add(code)
        if not seen:
            raise forms.ValidationError(_("An objective needs at least one indicator."))

    def indicators(self) -> list[dict[str, Any]]:
        return [
            {f: form.cleaned_data.get(f) for f in INDICATOR_FIELDS}
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=BaseIndicatorFormSet, extra=2)


def indicator_initial(objective: Objective) -> list[dict[str, Any]]:
    return [{f: getattr(i, f) for f in INDICATOR_FIELDS} for i in objective.indicators.all()]


class MeasurementForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6, localize=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, objective: Objective, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (i.code, f"{i.code} {i.name}") for i in objective.indicators.all()
        ]


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=_(
            "The first row names the columns: indicator code, date, value, note. A CSV file may use "
            "semicolons or commas."
        ),
    )


class GoalForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
