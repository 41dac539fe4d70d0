from __future__ import annotations

from rest_framework import serializers

from veerkracht.agenda.models import Agenda, Challenge
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
