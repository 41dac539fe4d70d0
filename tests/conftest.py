from __future__ import annotations

import os

import pytest

# Shared fixtures: smtp_server (a real SMTP server); the seeded data put back in transactional tests.
pytest_plugins = ["tests.plugins.smtp", "tests.plugins.seeded_data"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_translation_and_caches():
    from django.core.cache import cache

    cache.clear()
    yield
    from django.utils import translation

    translation.deactivate()


def require_service(name: str, available: bool, reason: str) -> None:
    """Skip when a real service is missing, except in CI (REQUIRE_SERVICES=1), where it fails."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} not available: {reason}")
