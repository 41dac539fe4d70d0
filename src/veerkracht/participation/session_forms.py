from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.participation import states
from veerkracht.participation.models import Idea, IdeaState
from veerkracht.participation.session_models import CoSession

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):
    class Meta:
        model = CoSession
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "accessibility",
            "capacity",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CallOffForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, call the session off and e-mail everyone registered or waiting."), required=True
    )


class RegisterForm(forms.Form):
    talent_consent = forms.BooleanField(
        label=_("After the session, you may invite me by e-mail to join the talent pool."),
        required=False,
    )


class MinutesForm(forms.Form):
    outcomes = forms.CharField(
        label=_("Outcomes"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=120)
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    link = forms.URLField(
        label=_("Link"), required=False, help_text=_("Optional: the team need or lesson this action became.")
    )
    idea = forms.ModelChoiceField(label=_("Idea"), queryset=Idea.objects.none(), required=False)
    idea_state = forms.ChoiceField(label=_("New state of the idea"), required=False)

    def __init__(self, *args: Any, session: CoSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if session.challenge_id is None:
            # a community's session: no ideas to answer and no team needs; its actions become lessons
            del self.fields["idea"]
            del self.fields["idea_state"]
            self.fields["link"].help_text = _("Optional: the lesson this action became.")
            return
        idea = self.fields["idea"]
        assert isinstance(idea, forms.ModelChoiceField)
        idea.queryset = (
            Idea.objects.filter(challenge_id=session.challenge_id)
            .exclude(state__in=[states.OVERGENOMEN, states.SAMENGEVOEGD])
            .only("pk", "title")
        )
        state = self.fields["idea_state"]
        assert isinstance(state, forms.ChoiceField)
        state.choices = [("", "—")] + [
            (s, IdeaState(s).label)
            for s in (states.IN_BEHANDELING, states.OVERGENOMEN, states.NIET_OVERGENOMEN)
        ]
