"""Demo data of the API app: one API key of Gemeente Veerdam with a fixed, printed secret, so that
the README's ``curl`` examples work against ``make demo`` as they stand."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from veerkracht.api import selectors
from veerkracht.api.authentication import KEY_START, hash_secret
from veerkracht.api.models import ApiKey
from veerkracht.api.scopes import READ, RESOURCE_GROUPS
from veerkracht.core.demo import DemoContext
from veerkracht.governance.models import Indicator
from veerkracht.organisations.models import Organisation

PREFIX = "demo0000"
#: Printed by ``load_demo`` and in the README; a demo installation only (like the demo password).
DEMO_KEY = f"{KEY_START}{PREFIX}_veerdam-demo-key-not-secret"  # noqa: S105
#: Every read scope, and writing measurements (the README pushes one).
SCOPES = [*(f"{group}:{READ}" for group in RESOURCE_GROUPS), "indicatoren:write"]


def load(ctx: DemoContext) -> None:
    veerdam = Organisation.objects.get(slug="gemeente-veerdam")
    now = timezone.now()
    key, made = ApiKey.objects.get_or_create(
        prefix=PREFIX,
        defaults={
            "organisation": veerdam,
            "name": "Demo: data portal",
            "secret_hash": hash_secret(DEMO_KEY),
            "scopes": SCOPES,
            "created_at": now,
            "expires_at": now + timedelta(days=365),
        },
    )
    if not made and not key.is_usable(now):  # a demo database kept for a year, or the key revoked
        ApiKey.objects.filter(pk=key.pk).update(revoked_at=None, expires_at=now + timedelta(days=365))
        key.refresh_from_db()
    indicators = Indicator.objects.select_related("objective").order_by("pk")
    indicator = next((i for i in indicators if selectors.indicator_writable_by_key(key, i)), None)
    path = f"/api/v1/indicatoren/{indicator.pk}/metingen" if indicator else "/api/v1/opgaven"
    site = settings.SITE_URL.rstrip("/")
    ctx.add_note(f"API key of Gemeente Veerdam (reads; writes measurements): {DEMO_KEY}")
    ctx.add_note(f"  curl -H 'Authorization: Bearer {DEMO_KEY}' {site}{path}")
