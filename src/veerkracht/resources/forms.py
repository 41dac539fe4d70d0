from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.accounts.models import User
from veerkracht.organisations.models import Membership, Organisation
from veerkracht.resources.models import DataAgreement, NeedKind
from veerkracht.resources.rules import CONTACT_ROLES
from veerkracht.teams.models import Skill, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _team_label(team: Any) -> str:
    return str(_("The innovation team"))


class _TeamField(forms.Form):
    """The team field offers only the challenge's own innovation team (empty: the whole challenge)."""

    def __init__(self, *args: Any, challenge: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrowing for mypy
        field.queryset = Team.objects.filter(challenge=challenge)
        field.label_from_instance = _team_label  # type: ignore[method-assign,assignment]


class NeedForm(_TeamField):
    kind = forms.ChoiceField(label=_("Kind"), choices=NeedKind.choices)
    team = forms.ModelChoiceField(
        label=_("For"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("The challenge as a whole"),
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=14,
        decimal_places=2,
        min_value=0.01,
        help_text=_(
            "Hours for hours and expertise, euro for money, day parts for a facility, data sets for data."
        ),
    )
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("slug"), required=False)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    budget_line = forms.CharField(label=_("Budget line (money)"), max_length=200, required=False)
    data_agreement = forms.ChoiceField(
        label=_("Data-sharing agreement (data)"), choices=DataAgreement.choices, initial=DataAgreement.GEEN
    )


class NeedEditForm(_TeamField):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=2, min_value=0.01)
    team = forms.ModelChoiceField(
        label=_("For"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("The challenge as a whole"),
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    budget_line = forms.CharField(label=_("Budget line (money)"), max_length=200, required=False)
    data_agreement = forms.ChoiceField(
        label=_("Data-sharing agreement (data)"), choices=DataAgreement.choices
    )

    def __init__(self, *args: Any, need: Any, **kwargs: Any) -> None:
        super().__init__(*args, challenge=need.challenge, **kwargs)
        if need.kind != "geld":
            del self.fields["budget_line"]
        if need.kind != "data":
            del self.fields["data_agreement"]


class PledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=2, min_value=0.01)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Membership.objects.filter(user=user, role__in=CONTACT_ROLES).values("organisation_id")
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrowing for mypy
        field.queryset = Organisation.objects.filter(pk__in=orgs).order_by("name")


class BookingForm(forms.Form):
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=2, min_value=0.01)
    person = forms.ModelChoiceField(label=_("Person (hours)"), queryset=User.objects.none(), required=False)
    week = forms.DateField(label=_("Week (its Monday, hours)"), required=False, widget=DATE)
    reference = forms.CharField(label=_("Reference (invoice or receipt)"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrowing for mypy
        field.queryset = (
            User.objects.filter(memberships__organisation=organisation).distinct().order_by("full_name")
        )


class CorrectionForm(forms.Form):
    quantity = forms.DecimalField(
        label=_("The right quantity"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_("Zero takes the booking back."),
    )
    note = forms.CharField(label=_("Why"), max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=_("Columns: toezegging (or behoefte), e-mail, week, uren, referentie."),
    )
