from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda.models import Challenge, Neighbourhood
from veerkracht.participation import pictures
from veerkracht.participation.models import Idea, IdeaState

PICTURE_MESSAGES = {
    "too_large": _("The picture is too large (at most 5 MB and 40 megapixels)."),
    "not_an_image": _("This file is not a picture we can read."),
    "wrong_type": _("Choose a JPEG, PNG or WebP picture."),
}


class IdeaForm(forms.ModelForm):
    picture = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Idea
        fields = ["title", "text", "neighbourhood", "nickname"]

    def __init__(
        self,
        *args: Any,
        challenge: Challenge | None = None,
        municipality_id: int | None = None,
        similar_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if similar_url:
            # with JavaScript: similar ideas while typing (without: the "check" button)
            for name in ("title", "text"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": similar_url,
                        "hx-trigger": "input changed delay:600ms",
                        "hx-target": "#similar",
                        "hx-include": "[name=title],[name=text]",
                        "hx-sync": "closest form:replace",
                    }
                )
        self.cleaned_picture: tuple[bytes, str] | None = None
        field = self.fields["neighbourhood"]
        assert isinstance(field, forms.ModelChoiceField)
        if challenge is not None:
            municipality_id = challenge.lead_municipality_id
        field.queryset = Neighbourhood.objects.filter(municipality_id=municipality_id)
        field.required = False
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean_picture(self) -> Any:
        upload = self.cleaned_data.get("picture")
        if not upload:
            return None
        if upload.size > pictures.MAX_BYTES:
            raise forms.ValidationError(PICTURE_MESSAGES["too_large"], code="too_large")
        try:
            self.cleaned_picture = pictures.clean(upload.read())
        except pictures.PictureError as exc:
            raise forms.ValidationError(PICTURE_MESSAGES[exc.code], code=exc.code) from exc
        return upload


class TransitionForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"))
    outcome = forms.CharField(
        label=_("What it became"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an adopted idea: a team need, a pilot, an objective, a lesson …"),
    )
    outcome_url = forms.URLField(label=_("Link to what it became"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the idea is not adopted."),
    )
    merged_into = forms.ModelChoiceField(label=_("Merge into"), queryset=Idea.objects.none(), required=False)

    def __init__(self, *args: Any, idea: Idea, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)
        state.choices = [(s, IdeaState(s).label) for s in targets]
        merged = self.fields["merged_into"]
        assert isinstance(merged, forms.ModelChoiceField)
        scope = (
            {"challenge_id": idea.challenge_id}
            if idea.challenge_id is not None
            else {"challenge__isnull": True, "agenda_id": idea.agenda_id}
        )
        merged.queryset = (
            Idea.objects.filter(**scope)
            .exclude(pk=idea.pk)
            .exclude(state__in=["samengevoegd", "niet_overgenomen"])
            .only("pk", "title")
        )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most 2,000 characters. Your first name and initial are shown with it."),
    )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The author of the comment sees this reason."),
    )


class ReportCommentForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with it (optional)"), max_length=300, required=False)


class LinkForm(forms.Form):
    challenge = forms.ModelChoiceField(label=_("Challenge"), queryset=Challenge.objects.none())

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["challenge"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Challenge.objects.filter(agenda=idea.agenda).only("pk", "title").order_by("title")
            if idea.agenda_id is not None
            else Challenge.objects.none()
        )
