"""The report PDF across machines: asked for on one gunicorn instance, made by a Celery worker (a
process of its own on the same Redis, database and VAR_DIR), downloaded from the other instance.

Nothing of it may live in one process' memory: the log-in (with its second factor) is in the shared
session store, the task goes through Redis, the file is on the storage all processes share and its
row in the shared database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from tests.agenda.conftest import World
from tests.faults.servers import Browser, Gunicorn, RedisServer, require_postgresql
from tests.fieldwork.factories import WaveFactory, random_rows, store_responses
from tests.workers import Workers
from veerkracht.fieldwork.models import ReportFile

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
TASK = "veerkracht.fieldwork.tasks.render_report_pdf"


@pytest.fixture
def machines(tmp_path, django_db_setup):
    """Two web instances and one worker; one Redis; one VAR_DIR (so one media directory)."""
    require_postgresql()
    redis = RedisServer(tmp_path)
    redis.start()
    started: list[Gunicorn] = []
    # the worker's tasks may take longer than the short visibility timeout tests/workers.py sets
    workers = Workers(
        tmp_path, redis_url=redis.url, queues="celery", env={"CELERY_VISIBILITY_TIMEOUT": "600"}
    )
    try:
        for _ in range(2):
            started.append(Gunicorn(tmp_path, workers=1, threads=4, REDIS_URL=redis.url))
        workers.start()
        yield started, workers
    finally:
        workers.stop_all()
        for server in started:
            server.stop()
        redis.stop()


def log_in_with_second_factor(browser: Browser, user) -> None:  # noqa: ANN001
    """Password, then the authenticator's current code: as a regisseur logs in."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    status, _h, _b = browser.request("GET", "/account/login/")
    assert status == 200
    status, _h, body = browser.request(
        "POST", "/account/login/", {"username": user.email, "password": PASSWORD}
    )
    assert status == 302, body[:500]
    status, _h, body = browser.request(
        "POST", reverse("accounts:two_factor_verify"), {"token": f"{totp(device.bin_key):06d}"}
    )
    assert status == 302, body[:500]


def test_a_report_asked_for_on_one_instance_is_made_by_a_worker_and_served_by_the_other(machines, tmp_path):
    (one, two), workers = machines
    world = World()
    wave = WaveFactory(
        challenge=world.challenge(geagendeerd=True, title="Droge voeten in Veerdam"), gesloten=True
    )
    store_responses(wave, random_rows(wave, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=3))
    other = WaveFactory(challenge=world.challenge(geagendeerd=True, title="Eenzaamheid"), gesloten=True)
    store_responses(other, random_rows(other, {"wonen": 6, "onderwijs": 6}, seed=4))
    user = world.regisseur
    # hashed as the servers hash (the tests' own settings use a fast hasher the servers do not know)
    type(user).objects.filter(pk=user.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "zout1234"))
    pdf_path = reverse("fieldwork:report_pdf", args=[wave.pk])

    browser = Browser(one.port)
    log_in_with_second_factor(browser, user)
    status, headers, _b = browser.request("GET", pdf_path)  # instance ONE: not made yet, so queued
    assert status == 302 and headers["Location"].endswith(reverse("fieldwork:report", args=[wave.pk]))
    assert not ReportFile.objects.filter(wave=wave).exclude(data_key="").exists()

    workers.wait(lambda: ReportFile.objects.filter(wave=wave).exclude(data_key="").exists(), timeout=180)
    status, headers, content = browser.fetch("GET", pdf_path, port=two.port)  # instance TWO serves it
    assert status == 200, content[:500]
    assert headers["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")
    stored = ReportFile.objects.get(wave=wave)
    assert Path(stored.file.name).name in headers["Content-Disposition"]
    assert content == (tmp_path / "media" / stored.file.name).read_bytes()  # the shared storage's file
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert "Droge voeten in Veerdam" in text and "Gemeente Veerdam" in text
    assert "Eenzaamheid" not in text
    assert not ReportFile.objects.filter(wave=other).exists()  # only the wave asked for was made

    # made by the worker, not in a web process (which would happen only with the broker away)
    assert f"Task {TASK}[" in workers.log_tail() and "succeeded" in workers.log_tail()
    for server in (one, two):
        assert "Broker unavailable" not in server.log_text()
