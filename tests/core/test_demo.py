from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from veerkracht.accounts.models import User
from veerkracht.organisations.models import Kind, Organisation, Region

pytestmark = pytest.mark.django_db(transaction=False)

VOLATILE = {"audit.auditevent", "sessions.session", "axes.accessattempt", "axes.accesslog"}


def snapshot() -> dict[str, list[str]]:
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or not model._meta.managed:
            continue
        rows = model._default_manager.order_by("pk")
        state[label] = [serializers.serialize("json", [row]) for row in rows]
    return state


def test_demo_loader_is_idempotent_and_complete():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first

    municipalities = Organisation.objects.filter(kind=Kind.GEMEENTE)
    assert set(municipalities.values_list("name", flat=True)) >= {"Gemeente Veerdam", "Gemeente Lindenwaard"}
    region = Region.objects.get(slug="regio-lindenland")
    assert set(region.municipalities.all()) == set(municipalities.filter(regions=region))
    partners = Organisation.objects.exclude(kind=Kind.GEMEENTE)
    assert 8 <= partners.count() <= 12 + 2
    assert set(partners.values_list("kind", flat=True)) == set(Kind.values) - {Kind.GEMEENTE}
    assert User.objects.count() >= 40
    printed = out.getvalue()
    for role in [
        "beheerder",
        "coördinator agenda",
        "innovatieregisseur",
        "teamlid",
        "bestuurder",
        "partnercontact",
    ]:
        assert role in printed
    assert "veerkracht-demo" in printed
    # a respondent's personal link is printed, and it opens the survey
    import re

    from django.test import Client

    link = re.search(r"respondent[^:]*: https?://[^/]+(/v/[A-Za-z0-9_-]+/)", printed)
    assert link, printed
    assert "innovatiemonitor" in Client().get(link.group(1), follow=True).content.decode()


def test_demo_prints_accounts_and_links_for_the_served_address_and_keeps_its_mail(settings, capsys):
    """`make demo PORT=8100` passes SITE_URL; the demo's links use it, and its e-mail stays unsent in
    the outbox instead of being printed."""
    import re

    from veerkracht.core.models import EmailStatus, OutgoingEmail

    settings.SITE_URL = "http://127.0.0.1:8100"
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    console = capsys.readouterr().out
    assert "Subject:" not in console and "Subject:" not in printed
    assert len(printed.splitlines()) < 40, printed
    links = re.findall(r"https?://[^\s]+", printed)
    assert links, printed
    assert all(link.startswith("http://127.0.0.1:8100/") for link in links), links
    # Mail the demo queues (team invitations and the like) is kept, unsent; the fieldwork demo's
    # history of earlier deliveries is stored as such and never goes through delivery.
    held = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED)
    assert held.exists()
    with_links = [m for m in held if "://" in m.body_text]
    assert with_links
    assert all("http://127.0.0.1:8100/" in m.body_text for m in with_links)
    assert ":8000" not in "".join(m.body_text for m in with_links)
    assert f"{held.count()} demo e-mails are kept in the outbox" in printed


def test_make_demo_passes_the_served_address_on():
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    plan = subprocess.run(
        ["make", "-n", "demo", "PORT=8100"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    commands = [line for line in plan.splitlines() if "veerkracht load_demo" in line or "runserver" in line]
    assert len(commands) == 2, plan
    assert all('SITE_URL="http://127.0.0.1:8100"' in line for line in commands), commands
    assert "runserver --noreload 127.0.0.1:8100" in plan
