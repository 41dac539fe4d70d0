from __future__ import annotations

from rest_framework import serializers

from veerkracht.agenda.models import Agenda, Challenge, Stakeholder
from veerkracht.governance.models import Measurement
from veerkracht.organisations.models import Organisation


class OptionalURLField(serializers.URLField):
    """A web address, or null when there is none (never an empty string)."""

    def to_representation(self, value: str) -> str | None:
        return value or None


class OrganisationSerializer(serializers.ModelSerializer):
    # Null for a municipality itself (and for an organisation not tied to one).
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    website = OptionalURLField(read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "status", "municipality", "website"]


class AgendaSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_name", read_only=True)
    joint = serializers.BooleanField(source="is_joint", read_only=True)

    class Meta:
        model = Agenda
        fields = ["slug", "title", "owner", "joint", "period_start", "period_end", "published"]


class ChallengeSerializer(serializers.ModelSerializer):
    """What a challenge's public page shows; nothing more, whoever asks."""

    agenda = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    domain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Challenge
        fields = ["slug", "title", "agenda", "domain", "status", "status_label", "published"]


class StakeholderSerializer(serializers.ModelSerializer):
    """A stakeholder as the challenge's page names it: the organisation and its role."""

    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Stakeholder
        fields = ["challenge", "organisation", "organisation_name", "role", "role_label"]


class MeasurementInput(serializers.Serializer):
    """One measurement of an indicator."""

    date = serializers.DateField(help_text="The day measured (YYYY-MM-DD), on or after the baseline date.")
    value = serializers.DecimalField(
        max_digits=20, decimal_places=6, help_text="The value, with at most six decimals."
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id", read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "indicator", "date", "value", "note", "source"]
        read_only_fields = fields
