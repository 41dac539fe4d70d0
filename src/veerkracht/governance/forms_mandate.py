"""Forms of the mandate page (parse only; ``services.mandates`` and ``services.escalations`` write)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.governance.models import UsageKind
from veerkracht.governance.services.mandates import MAX_AMOUNT, MAX_ESCALATE_SHARE, RuleInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class MandateForm(forms.Form):
    scope = forms.CharField(
        label=_("Scope"),
        widget=_text(),
        max_length=5000,
        help_text=_("What the mandate covers: the work, the area, the people involved."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    budget = forms.DecimalField(
        label=_("Budget (€)"), max_digits=14, decimal_places=2, min_value=Decimal(0), max_value=MAX_AMOUNT
    )
    hours = forms.DecimalField(label=_("Hours"), max_digits=10, decimal_places=1, min_value=Decimal(0))
    decides_alone = forms.CharField(
        label=_("What the innovation director decides alone"), widget=_text(), max_length=5000
    )
    warn_share = forms.DecimalField(
        label=_("Warn at share"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("1.00"),
        initial=Decimal("0.80"),
        help_text=_("A share of the budget or the hours, e.g. 0.80 for 80 %."),
    )
    escalate_share = forms.DecimalField(
        label=_("Escalate at share"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_ESCALATE_SHARE,
        initial=Decimal("1.00"),
        help_text=_("At least the warning share; 1.00 is the whole mandate."),
    )
    public = forms.BooleanField(
        label=_("Public entry in the decision log"),
        required=False,
        initial=True,
        help_text=_(
            "Untick to keep the content of the entry confidential (the council sees that it exists)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        warn, escalate = data.get("warn_share"), data.get("escalate_share")
        if warn is not None and escalate is not None and escalate < warn:
            self.add_error("escalate_share", _("Escalate at a share at least as high as the warning share."))
        return data


class ExperimentRuleForm(forms.Form):
    rule = forms.CharField(label=_("Rule or procedure set aside"), max_length=300, required=False)
    explanation = forms.CharField(label=_("What may be done instead"), max_length=2000, required=False)
    allowed_by = forms.CharField(label=_("Allowed by"), max_length=200, required=False)
    until = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("rule") or "").strip():
            if (data.get("explanation") or "").strip() or data.get("until"):
                self.add_error("rule", _("Name the rule, or clear the row."))
            return data
        for name in ("allowed_by", "until"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        return data


class BaseExperimentRuleFormSet(forms.BaseFormSet):
    ends_on: dt.date | None = None

    def clean(self) -> None:
        if any(self.errors):
            return
        for form in self.forms:
            until = form.cleaned_data.get("until")
            if form.cleaned_data.get("rule") and self.ends_on and until and until > self.ends_on:
                form.add_error("until", _("The experimentation space cannot outlast the mandate."))

    def rules(self) -> list[RuleInput]:
        return [
            RuleInput(
                rule=f.cleaned_data["rule"].strip(),
                explanation=(f.cleaned_data.get("explanation") or "").strip(),
                allowed_by=f.cleaned_data["allowed_by"].strip(),
                until=f.cleaned_data["until"],
            )
            for f in self.forms
            if (f.cleaned_data.get("rule") or "").strip()
        ]


ExperimentRuleFormSet = forms.formset_factory(
    ExperimentRuleForm, formset=BaseExperimentRuleFormSet, extra=3, max_num=30, validate_max=True
)


class UsageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=UsageKind.choices)
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=-MAX_AMOUNT,
        max_value=MAX_AMOUNT,
        help_text=_("Euros or hours. A negative amount only as a correction."),
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=300)
    correction = forms.BooleanField(
        label=_("Correction of an earlier entry"),
        required=False,
        help_text=_("Entries are never changed: correct one with a negative amount and say which one."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount, correction = data.get("amount"), data.get("correction")
        if amount is not None:
            if amount == 0:
                self.add_error("amount", _("Enter an amount other than zero."))
            elif amount < 0 and not correction:
                self.add_error(
                    "amount",
                    _(
                        "A negative amount is only allowed as a correction: tick 'correction' "
                        "and say what it corrects."
                    ),
                )
            elif amount > 0 and correction:
                self.add_error("amount", _("A correction is a negative amount."))
        return data


class AnswerForm(forms.Form):
    title = forms.CharField(label=_("Title of the decision"), max_length=300)
    text = forms.CharField(label=_("The decision"), widget=_text(6), max_length=10000)
    public = forms.BooleanField(
        label=_("Public entry in the decision log"),
        required=False,
        initial=True,
        help_text=_(
            "Untick to keep the content of the entry confidential (the council sees that it exists)."
        ),
    )
