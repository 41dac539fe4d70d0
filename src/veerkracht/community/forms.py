from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda.models import Challenge, Domain
from veerkracht.community import selectors
from veerkracht.community.models import EvidenceKind, Lesson
from veerkracht.organisations.models import Organisation


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = [
            "title",
            "tried",
            "outcome",
            "domain",
            "municipality",
            "size_band",
            "neighbourhood_type",
            "challenge",
            "visibility",
        ]
        widgets = {"tried": forms.Textarea(attrs={"rows": 6}), "outcome": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = Domain.objects.all()  # type: ignore[attr-defined]
        challenges = selectors.challenges_to_learn_from(user)
        # their own municipalities, and those of the challenges they work on (a team member may have
        # no role in any organisation)
        munis = selectors.home_municipality_ids(user) | set(
            challenges.values_list("lead_municipality_id", flat=True)
        )
        if self.instance.pk:
            munis = munis | {self.instance.municipality_id}
            if self.instance.challenge_id:
                challenges = challenges | Challenge.objects.filter(pk=self.instance.challenge_id)
        self.fields["municipality"].queryset = Organisation.objects.filter(pk__in=munis)  # type: ignore[attr-defined]
        self.fields["challenge"].queryset = challenges.order_by("title")  # type: ignore[attr-defined]
        self.fields["challenge"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("visibility") == "team" and not data.get("challenge"):
            self.add_error("challenge", _("A lesson shared only with the team needs a challenge."))
        return data


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), max_length=500)
    url = forms.URLField(label=_("Web address"), required=False)
    reference = forms.CharField(label=_("Reference"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("reference"):
            raise forms.ValidationError(_("Give a web address or a reference."))
        return data
