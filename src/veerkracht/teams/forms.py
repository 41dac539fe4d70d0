"""Forms of the talent pool (parse only; the services write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from veerkracht.organisations.models import Kind, Organisation
from veerkracht.teams.models import MemberRole, Skill


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
        label=_("Password"),
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters; not only digits, not a common password, not like your name."),
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
        # never says whether the address has an account: the service answers by mail
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            from veerkracht.accounts.models import User

            candidate = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(password, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def skill_levels(self) -> dict[str, int]:
        out = {}
        for skill in self.skill_list:
            level = self.cleaned_data.get(f"skill_{skill.slug}") or 0
            if level:
                out[skill.slug] = int(level)
        return out


# --- team needs ---------------------------------------------------------------------------------


class TeamNeedsForm(forms.Form):
    team_size = forms.IntegerField(label=_("Team size"), min_value=1, max_value=50)
    max_share_percent = forms.IntegerField(
        label=_("Maximum share per organisation (%)"),
        min_value=1,
        max_value=100,
        help_text=_(
            "E.g. 40: at most 40% of the team (rounded down) from one organisation. Residents are exempt."
        ),
    )
    min_organisations = forms.IntegerField(
        label=_("Minimum number of organisations"), min_value=0, max_value=50
    )
    min_residents = forms.IntegerField(label=_("Minimum number of residents"), min_value=0, max_value=50)
    min_hours_per_week = forms.IntegerField(
        label=_("Minimum hours per week per member"), min_value=0, max_value=40
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        size = data.get("team_size")
        if size:
            for name in ("min_organisations", "min_residents"):
                if data.get(name) is not None and data[name] > size:
                    self.add_error(name, _("Cannot be more than the team size (%(size)s).") % {"size": size})
        return data


class NeedSkillForm(forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.all(), to_field_name="slug", required=False
    )
    min_level = forms.IntegerField(label=_("Minimum level (1–5)"), min_value=1, max_value=5, required=False)
    count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=50, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("skill") is None:
            if data.get("min_level") or data.get("count"):
                self.add_error("skill", _("Choose a skill, or clear the row."))
            return data
        for name in ("min_level", "count"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("This field is required."))
        return data


class BaseNeedSkillFormSet(forms.BaseFormSet):
    team_size: int | None = None

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            skill = form.cleaned_data.get("skill")
            if skill is None:
                continue
            if skill.slug in seen:
                form.add_error("skill", _("This skill is already listed."))
            seen.add(skill.slug)
            count = form.cleaned_data.get("count")
            if self.team_size and count and count > self.team_size:
                form.add_error(
                    "count", _("Cannot be more than the team size (%(size)s).") % {"size": self.team_size}
                )

    def rows(self) -> list[tuple[str, int, int]]:
        return [
            (f.cleaned_data["skill"].slug, f.cleaned_data["min_level"], f.cleaned_data["count"])
            for f in self.forms
            if f.cleaned_data.get("skill") is not None
        ]


NeedSkillFormSet = forms.formset_factory(NeedSkillForm, formset=BaseNeedSkillFormSet, extra=3, max_num=30)


# --- the innovation team ------------------------------------------------------------------------


class ResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Yes, I join the team")), ("decline", _("No, I decline"))],
        widget=forms.RadioSelect,
    )
    hours_committed = forms.IntegerField(
        label=_("Hours per week you commit"), min_value=0, max_value=40, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline; it helps the innovation director find someone else."),
    )
    confirm_over = forms.BooleanField(
        label=_("I know this is more than the hours I said I can give, and I still commit them"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason for declining."))
        if data.get("decision") == "accept" and data.get("hours_committed") is None:
            self.add_error("hours_committed", _("This field is required."))
        return data


class CharterForm(forms.Form):
    meeting_rhythm = forms.CharField(
        label=_("Meeting rhythm"),
        max_length=200,
        required=False,
        help_text=_("E.g. every other Tuesday, 15:00–16:30."),
    )
    working_agreements = forms.CharField(
        label=_("Working agreements"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    hours_committed = forms.IntegerField(label=_("Hours per week committed"), min_value=0, max_value=40)


# --- a person's own profile ---------------------------------------------------------------------


class ProfileForm(forms.Form):
    """A person edits their own talent profile (staff choose the organisation they take part for)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=None
    )
    hours_per_week = forms.IntegerField(label=_("Hours per week you can give"), min_value=1, max_value=40)
    available_from = forms.DateField(
        label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    willing_to_lead = forms.BooleanField(label=_("I am willing to lead a team"), required=False)

    def __init__(
        self,
        *args: Any,
        skills: list[Skill],
        organisations: Any = None,
        resident: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.skill_list = skills
        if resident or organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
            self.fields["organisation"].required = True
        choices = [("0", _("none"))] + [(str(i), str(i)) for i in range(1, 6)]
        for skill in skills:
            self.fields[f"skill_{skill.slug}"] = forms.TypedChoiceField(
                label=skill.label, choices=choices, coerce=int, initial="0", required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and start > end:
            self.add_error("available_until", _("Must be on or after the start date."))
        return data

    def skill_levels(self) -> dict[str, int]:
        out = {}
        for skill in self.skill_list:
            level = self.cleaned_data.get(f"skill_{skill.slug}") or 0
            if level:
                out[skill.slug] = int(level)
        return out
