from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from veerkracht.conf import env
from veerkracht.conf.email_url import parse_email_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(env, "REGISTRY", {})
    return env.REGISTRY


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("ja", True), ("0", False), ("off", False)])
def test_booleans(registry, monkeypatch, raw, value):
    monkeypatch.setenv("VK_TEST_FLAG", raw)
    assert env.setting("VK_TEST_FLAG", type=bool, default=False, help="x") is value


def test_bad_value_names_the_variable(registry, monkeypatch):
    monkeypatch.setenv("VK_TEST_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="VK_TEST_FLAG"):
        env.setting("VK_TEST_FLAG", type=bool, default=False, help="x")


def test_lists_defaults_and_double_declaration(registry, monkeypatch):
    monkeypatch.setenv("VK_TEST_HOSTS", "a.nl, b.nl,,")
    assert env.setting("VK_TEST_HOSTS", type=list, default=[], help="x") == ["a.nl", "b.nl"]
    assert env.setting("VK_TEST_MISSING", type=int, default=7, help="y") == 7
    with pytest.raises(ImproperlyConfigured):
        env.setting("VK_TEST_MISSING", type=int, default=7, help="y")
    assert "| `VK_TEST_MISSING` | int | `7` | y |" in env.render_reference()


def test_email_url():
    config = parse_email_url("smtp://user%40x:p%2Fw@mail.example.org:587?tls=true")
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "user@x"
    assert config["EMAIL_HOST_PASSWORD"] == "p/w"
    assert config["EMAIL_USE_TLS"] is True
    assert parse_email_url("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        parse_email_url("pigeon://coop")


def test_secret_key_is_required_outside_debug():
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.SECRET_KEY"],
        env={"DJANGO_SETTINGS_MODULE": "veerkracht.conf.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_configuration_reference_is_current():
    from veerkracht.conf.env import REGISTRY, render_reference

    assert {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SECRET_KEY", "ALLOWED_HOSTS", "LANGUAGE_CODE"} <= set(
        REGISTRY
    )
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == render_reference()


def test_without_redis_tasks_run_in_process(settings):
    from veerkracht.conf.celery import app

    assert settings.REDIS_URL == "" or settings.CELERY_TASK_ALWAYS_EAGER is False
    if not settings.REDIS_URL:
        assert app.conf.task_always_eager is True
