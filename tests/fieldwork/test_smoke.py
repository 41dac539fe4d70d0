from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.fieldwork.factories import InvitationFactory
from veerkracht.fieldwork import services
from veerkracht.fieldwork.models import Response

pytestmark = pytest.mark.django_db


def test_flow(wave_world, make_wave, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    wave = make_wave()
    inv = InvitationFactory(wave=wave)
    with pytest.raises(services.FieldworkError):
        services.wave_transition(wave=wave, to="gesloten", by=wave_world.regisseur)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/v/(\S+)/", mail.outbox[0].body).group(1)
    r = client.get(f"/v/{link}/")
    assert r.status_code == 200, r.content
    r = client.post(f"/v/{link}/")
    assert r.status_code == 302
    for n in range(1, 8):
        data = {f"D{n}_{i}": "4" for i in range(1, 6)}
        r = client.post(f"/v/{link}/{n}/", data)
        assert r.status_code == 302, r.content.decode()[:3000]
    r = client.post(f"/v/{link}/8/", {"facet_a": "50", "facet_b": "20", "facet_c": "20", "facet_d": "5"})
    assert r.status_code == 400
    assert "95" in r.content.decode()
    r = client.post(f"/v/{link}/8/", {"facet_a": "50", "facet_b": "20", "facet_c": "20", "facet_d": "10"})
    assert r.status_code == 302
    r = client.get(f"/v/{link}/9/")
    assert r.status_code == 200
    r = client.post(f"/v/{link}/9/", {"bg_role": "professional", "bg_months": "lt6"})
    assert r.status_code == 302
    r = client.post(f"/v/{link}/10/", {"open_helps": "Samen", "open_change": ""})
    assert r.status_code == 302, r.content.decode()[:2000]
    r = client.get(f"/v/{link}/11/")
    assert r.status_code == 200, r.content.decode()[:2000]
    r = client.post(f"/v/{link}/11/", {"action": "submit"})
    assert r.status_code == 302
    r = client.post(f"/v/{link}/11/", {"action": "submit"})
    assert Response.objects.filter(wave=wave, status="completed").count() == 1
    r = client.get(f"/v/{link}/")
    assert "already answered" in r.content.decode() or "al " in r.content.decode()
    inv.refresh_from_db()
    assert inv.completed
    assert Response.objects.get(wave=wave).invitation is None
    client.force_login(wave_world.regisseur)
    assert client.get(reverse("fieldwork:wave", args=[wave.pk])).status_code == 200
    assert client.get(reverse("fieldwork:index")).status_code == 200
    assert client.get(reverse("fieldwork:invitations", args=[wave.pk])).status_code == 200
