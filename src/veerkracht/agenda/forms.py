"""Forms: they parse and validate; the views hand the cleaned data to services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda import workflow
from veerkracht.agenda.models import (
    DEFAULT_QUORUM,
    RESERVED_SLUGS,
    Agenda,
    Challenge,
    Domain,
    InvitationStatus,
    Level,
    Neighbourhood,
    Stakeholder,
    StakeholderRole,
)
from veerkracht.agenda.prioritisation import MAX_SCORE, MIN_SCORE
from veerkracht.organisations.models import Kind, Membership, Organisation, OrganisationStatus, Region, Role
from veerkracht.organisations.selectors import is_installation_admin

User = get_user_model()


def _people_of(organisation_ids: Any) -> QuerySet[Any]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            Q(organisation_id__in=organisation_ids) | Q(organisation__municipality_id__in=organisation_ids)
        ).values("user_id")
    ).order_by("full_name", "email")


class _SlugMixin(forms.Form):
    model: Any = None
    instance: Any

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if not slug:
            return slug
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        taken = self.model.objects.filter(slug=slug)
        if getattr(self, "instance", None) is not None and self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This short name is already in use."))
        return slug


_WEIGHT_HELP = _("From 0 to 10; at least one of the four weights must be more than 0.")
_SLUG_HELP = _(
    "Used in the web address; made from the title when left empty. At most 80 characters: lower-case "
    "letters, digits and hyphens."
)


class AgendaForm(_SlugMixin, forms.ModelForm):
    model = Agenda
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        required=False,
        help_text=_SLUG_HELP,
    )

    class Meta:
        model = Agenda
        fields = [
            "title",
            "municipality",
            "region",
            "period_start",
            "period_end",
            "description",
            "coordinators",
            "partners",
            "weight_urgency",
            "weight_impact",
            "weight_feasibility",
            "weight_innovation",
            "ranking_quorum",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "title": _("At most 200 characters."),
            "description": _(
                "You may use simple formatting: paragraphs (an empty line between them), bold, italics, "
                "lists and links."
            ),
            "weight_urgency": _WEIGHT_HELP,
            "weight_impact": _WEIGHT_HELP,
            "weight_feasibility": _WEIGHT_HELP,
            "weight_innovation": _WEIGHT_HELP,
        }

    field_order = ["title", "slug"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["slug"].initial = self.instance.slug
        if is_installation_admin(user):
            municipalities = Organisation.objects.filter(kind=Kind.GEMEENTE)
        else:
            own = Membership.objects.filter(
                user=user, role__in=[Role.COORDINATOR, Role.BEHEERDER], organisation__kind=Kind.GEMEENTE
            ).values("organisation_id")
            municipalities = Organisation.objects.filter(kind=Kind.GEMEENTE).filter(
                Q(pk__in=own) | Q(pk=self.instance.municipality_id or 0)
            )
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["region"].queryset = Region.objects.filter(  # type: ignore[attr-defined]
            Q(municipalities__in=municipalities) | Q(pk=self.instance.region_id or 0)
        ).distinct()
        people = _people_of(municipalities.values("pk"))
        if self.instance.pk:
            people = people | User.objects.filter(pk__in=self.instance.coordinators.values("pk"))
        self.fields["coordinators"].queryset = people.distinct()  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            status=OrganisationStatus.ACTIVE
        ).exclude(kind=Kind.GEMEENTE) | Organisation.objects.filter(kind=Kind.GEMEENTE)
        self.fields["municipality"].help_text = _("Choose a municipality, or a region for a joint agenda.")
        self.fields["ranking_quorum"].required = False
        self.fields["partners"].help_text = _(
            "Organisations you choose are invited: each becomes a partner once its own partner contact, "
            "administrator or board member accepts."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["partners"] = list(self.instance.partners.values_list("pk", flat=True)) + list(
                self.instance.partner_invitations.filter(status=InvitationStatus.PENDING).values_list(
                    "organisation_id", flat=True
                )
            )
        if self.instance.pk and not is_installation_admin(user):
            # Who owns the agenda decides who sees and leads its challenges: only an installation
            # administrator changes it, with the consent of every municipality involved.
            for name in ("municipality", "region"):
                self.fields[name].disabled = True
            self.fields["municipality"].help_text = _(
                "Only an installation administrator can change which municipality or region owns an "
                "agenda, with the consent of every municipality involved."
            )
            if self.instance.region_id:
                self.fields["coordinators"].help_text = _(
                    "You can add coordinators, and remove those of your own municipality; a coordinator "
                    "of another municipality of the region stays unless that municipality removes them."
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("municipality")) == bool(data.get("region")):
            self.add_error("municipality", _("Choose either a municipality or a region, not both."))
        total = sum(
            data.get(f, 0) or 0
            for f in ("weight_urgency", "weight_impact", "weight_feasibility", "weight_innovation")
        )
        if total == 0 and not any(
            f in self.errors
            for f in ("weight_urgency", "weight_impact", "weight_feasibility", "weight_innovation")
        ):
            self.add_error("weight_urgency", _("At least one weight must be more than 0."))
        return data

    def _post_clean(self) -> None:
        # clean() gives the owner, period and weight checks a message next to their field; the
        # database constraints that back them up would repeat it at the top of the form.
        self.instance.validate_constraints = lambda exclude=None: None  # type: ignore[method-assign]
        try:
            super()._post_clean()  # type: ignore[misc]
        finally:
            del self.instance.validate_constraints

    def clean_ranking_quorum(self) -> int:
        """Left empty: the agenda keeps its quorum (a new agenda gets the default)."""
        value = self.cleaned_data.get("ranking_quorum")
        if value is None:
            return int(self.instance.ranking_quorum or DEFAULT_QUORUM)
        return int(value)

    def clean_period_end(self) -> Any:
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return end


class ChallengeForm(_SlugMixin, forms.ModelForm):
    model = Challenge
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        required=False,
        help_text=_SLUG_HELP,
    )

    class Meta:
        model = Challenge
        fields = [
            "title",
            "problem",
            "ambition",
            "domain",
            "sdgs",
            "neighbourhoods",
            "public_money",
            "private_money",
            "lead_municipality",
            "regisseur",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "ambition": forms.Textarea(attrs={"rows": 4}),
            "sdgs": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("At most 200 characters."),
            "problem": _(
                "You may use simple formatting: paragraphs (an empty line between them), bold, italics, "
                "lists and links."
            ),
            "regisseur": _("The innovation director who leads the challenge, once appointed."),
        }

    field_order = ["title", "slug"]

    def __init__(self, *args: Any, agenda: Agenda, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        if self.instance.pk:
            self.fields["slug"].initial = self.instance.slug
        municipality_ids = agenda.municipality_ids()
        self.fields["lead_municipality"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=municipality_ids
        )
        if len(municipality_ids) == 1:
            self.fields["lead_municipality"].initial = municipality_ids[0]
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality_id__in=municipality_ids
        ).select_related("municipality")
        self.fields["domain"].queryset = Domain.objects.all()  # type: ignore[attr-defined]
        org_ids = list(municipality_ids) + list(agenda.partners.values_list("pk", flat=True))
        regisseurs = User.objects.filter(
            pk__in=Membership.objects.filter(organisation_id__in=org_ids, role=Role.REGISSEUR).values(
                "user_id"
            )
        )
        if self.instance.regisseur_id:
            regisseurs = regisseurs | User.objects.filter(pk=self.instance.regisseur_id)
        self.fields["regisseur"].queryset = regisseurs.distinct().order_by("full_name")  # type: ignore[attr-defined]

    def clean_lead_municipality(self) -> Any:
        value = self.cleaned_data.get("lead_municipality")
        if value is not None and value.pk not in self.agenda.municipality_ids():
            raise forms.ValidationError(
                _("The lead municipality must be one of the agenda's municipalities.")
            )
        return value


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["organisation", "role", "interest", "influence", "contact_person", "note"]
        widgets = {"interest": forms.RadioSelect, "influence": forms.RadioSelect}
        help_texts = {"note": _("At most 300 characters.")}

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            status=OrganisationStatus.ACTIVE
        ).order_by("name")
        org_ids = list(challenge.agenda.municipality_ids()) + list(
            challenge.agenda.partners.values_list("pk", flat=True)
        )
        people = _people_of(org_ids) | User.objects.filter(
            pk__in=Membership.objects.filter(
                organisation_id__in=challenge.stakeholders.values("organisation_id")
            ).values("user_id")
        )
        self.fields["contact_person"].queryset = people.distinct().order_by("full_name")  # type: ignore[attr-defined]
        self.fields["contact_person"].help_text = _("Must be a member of the organisation.")
        self.fields["interest"].choices = Level.choices  # type: ignore[attr-defined]
        self.fields["influence"].choices = Level.choices  # type: ignore[attr-defined]
        self.fields["role"].choices = StakeholderRole.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("organisation")
        contact = data.get("contact_person")
        if organisation is not None:
            duplicate = Stakeholder.objects.filter(challenge=self.challenge, organisation=organisation)
            if self.instance.pk:
                duplicate = duplicate.exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("organisation", _("This organisation is already a stakeholder."))
            if contact is not None and not organisation.memberships.filter(user=contact).exists():
                self.add_error(
                    "contact_person", _("The contact person must be a member of the organisation.")
                )
        return data

    def validate_unique(self) -> None:
        """Uniqueness is checked in clean() with a message per field."""


SCORE_CHOICES = [(n, str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]


def _score_field(label: Any, help_text: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect, help_text=help_text
    )


class ScoreForm(forms.Form):
    urgency = _score_field(_("Urgency"), _("How pressing is the problem? 1 = can wait, 5 = very urgent."))
    impact = _score_field(
        _("Societal impact"),
        _("How much would solving it improve life in the community? 1 = little, 5 = a lot."),
    )
    feasibility = _score_field(
        _("Feasibility"),
        _("Can the partners tackle it with the means available? 1 = hardly, 5 = certainly."),
    )
    innovation = _score_field(
        _("Innovation potential"),
        _("Does it call for a new approach rather than an old recipe? 1 = no, 5 = very much."),
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when going back, stopping or reopening."),
    )

    def __init__(self, *args: Any, transitions: list[workflow.Transition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transitions = {t.target: t for t in transitions}
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            (t.target, workflow.Status(t.target).label) for t in transitions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        step = self.transitions.get(data.get("to", ""))
        if step is not None and step.note_required and not (data.get("note") or "").strip():
            self.add_error("note", _("Give a reason for this step."))
        return data


class PublishForm(forms.Form):
    published = forms.BooleanField(label=_("Published"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, separated by commas or semicolons. Columns: title, domain, problem (required); slug, "
            "ambition, lead_municipality, neighbourhoods, sdgs, public_money, private_money (optional). "
            "Dutch column names (titel, domein, probleem, …) work too."
        ),
    )


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class ChallengeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood"), required=False)

    def __init__(self, *args: Any, agenda: Agenda, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["domain"].choices = everything + [  # type: ignore[attr-defined]
            (d.code, d.name) for d in Domain.objects.all()
        ]
        self.fields["status"].choices = everything + list(workflow.Status.choices)  # type: ignore[attr-defined]
        self.fields["partner"].choices = everything + [  # type: ignore[attr-defined]
            (o.slug, o.name)
            for o in Organisation.objects.filter(
                pk__in=Stakeholder.objects.filter(challenge__agenda=agenda).values("organisation_id")
            ).order_by("name")
        ]
        self.fields["neighbourhood"].choices = everything + [  # type: ignore[attr-defined]
            (n.slug, n.name)
            for n in Neighbourhood.objects.filter(municipality_id__in=agenda.municipality_ids()).order_by(
                "name"
            )
        ]
