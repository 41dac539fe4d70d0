"""Where uploaded and generated files go: the local filesystem by default, S3-compatible object storage
(django-storages) when STORAGE_S3_BUCKET is set. These tests read the settings' wiring from a fresh
process; the options it builds (``veerkracht.conf.storage.s3_options``) are used against a real S3
server on loopback in tests/core/test_s3_storage.py."""

from __future__ import annotations

from pathlib import Path

from tests.settings_probe import settings_value
from veerkracht.conf.storage import s3_options

SRC = Path(__file__).resolve().parents[2] / "src"


def default_storage_of(**env: str) -> dict:
    return settings_value("settings.STORAGES['default']", **env)


def test_files_are_on_the_local_filesystem_by_default():
    assert default_storage_of() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_switches_to_object_storage_with_private_signed_addresses():
    storage = default_storage_of(
        STORAGE_S3_BUCKET="veerkracht-bestanden",
        STORAGE_S3_ENDPOINT_URL="https://s3.example.nl",
        STORAGE_S3_REGION="nl-ams",
        STORAGE_S3_ACCESS_KEY_ID="AKIDEXAMPLE",
        STORAGE_S3_SECRET_ACCESS_KEY="geheim",
        STORAGE_S3_PREFIX="veerdam",
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "veerkracht-bestanden"
    assert options["endpoint_url"] == "https://s3.example.nl"
    assert options["region_name"] == "nl-ams"
    assert (options["access_key"], options["secret_key"]) == ("AKIDEXAMPLE", "geheim")
    assert options["location"] == "veerdam"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options == s3_options(  # the options tests/core/test_s3_storage.py gives to a real S3 server
        bucket="veerkracht-bestanden",
        endpoint_url="https://s3.example.nl",
        region="nl-ams",
        access_key_id="AKIDEXAMPLE",
        secret_access_key="geheim",
        prefix="veerdam",
    )


def test_without_keys_the_machine_credentials_are_used():
    options = default_storage_of(STORAGE_S3_BUCKET="b")["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None and options["endpoint_url"] is None
