"""Forms of the talent pool (parse only; the services write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.organisations.models import Kind, Organisation
from veerkracht.teams.models import Skill


class SkillForm(forms.Form):
    slug = forms.SlugField(label=_("Code"), max_length=60, help_text=_("Lower case, e.g. data-analyse."))
    label_nl = forms.CharField(label=_("Label (Dutch)"), max_length=100)
    label_en = forms.CharField(label=_("Label (English)"), max_length=100)
    synonyms = forms.CharField(
        label=_("Synonyms"), required=False, help_text=_("Separated by commas."), max_length=500
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Skill.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A skill with this code already exists."))
        return slug


class ResidentSignUpForm(forms.Form):
    """A resident joins the talent pool: explicit consent is required."""

    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, min_length=10, help_text=_("At least 10 characters.")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.filter(kind=Kind.GEMEENTE).order_by("name")
    )
    hours_per_week = forms.IntegerField(label=_("Hours per week you can give"), min_value=1, max_value=40)
    willing_to_lead = forms.BooleanField(label=_("I am willing to lead a team"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that coordinators and innovation directors of my municipality may see my profile and "
            "propose me for teams. I can withdraw this at any time."
        ),
        required=True,
    )

    def __init__(self, *args: Any, skills: list[Skill], user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skill_list = skills
        if user is not None and getattr(user, "is_authenticated", False):
            for name in ("full_name", "email", "password"):
                del self.fields[name]
        choices = [("0", _("none"))] + [(str(i), str(i)) for i in range(1, 6)]
        for skill in skills:
            self.fields[f"skill_{skill.slug}"] = forms.TypedChoiceField(
                label=skill.label, choices=choices, coerce=int, initial="0", required=False
            )

    def clean_email(self) -> str:
        from veerkracht.accounts.models import User

        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this address exists: please log in first."))
        return email

    def skill_levels(self) -> dict[str, int]:
        out = {}
        for skill in self.skill_list:
            level = self.cleaned_data.get(f"skill_{skill.slug}") or 0
            if level:
                out[skill.slug] = int(level)
        return out
