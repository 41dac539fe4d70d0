"""Files in S3-compatible object storage, against a real S3 server on loopback (moto's server mode,
which speaks the S3 HTTP protocol), with the options the settings build from STORAGE_S3_*: a saved
file lands in the bucket under the installation's prefix, is never overwritten, is private and is
handed out as a signed address; a report PDF made by the rendering task is stored in the bucket and
downloaded through the report's own download page, byte for byte."""

from __future__ import annotations

import importlib.util
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from tests.conftest import require_service
from veerkracht.conf.storage import s3_options

pytestmark = pytest.mark.django_db

REGION = "eu-central-1"
ACCESS_KEY_ID = "AKIAVEERKRACHTTEST01"
SECRET_ACCESS_KEY = "geheim-alleen-voor-de-test"
PREFIX = "veerdam"


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: Any  # boto3's S3 client, straight to the server (not through the storage)

    def read(self, name: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=f"{PREFIX}/{name}")["Body"].read()

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=f"{PREFIX}/")
        return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    moto = importlib.util.find_spec("moto") is not None
    require_service("moto", moto, "pip install 'moto[s3]' flask flask-cors (requirements/test.txt)")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # port 0: a free one
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        yield endpoint
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).close()
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, tmp_path) -> Iterator[Bucket]:
    """A new bucket, and the default storage switched to it with the options the settings build."""
    import boto3

    name = f"veerkracht-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    options = s3_options(
        bucket=name,
        endpoint_url=s3_endpoint,
        region=REGION,
        access_key_id=ACCESS_KEY_ID,
        secret_access_key=SECRET_ACCESS_KEY,
        prefix=PREFIX,
    )
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    # MEDIA_ROOT in a directory of the test's own: nothing may be written there
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path / "media")):
        from storages.backends.s3 import S3Storage

        # the lazy default storage was dropped by override_settings' signal and is S3 now
        assert isinstance(default_storage, S3Storage) and default_storage.bucket_name == name
        yield Bucket(name=name, endpoint=s3_endpoint, client=client)
        assert not (tmp_path / "media").exists()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def test_a_saved_file_is_in_the_bucket_private_never_overwritten_and_handed_out_signed(bucket):
    first, second = b"Verslag van de werksessie.\n", b"Een tweede versie."
    name = default_storage.save("uploads/verslag.txt", ContentFile(first))
    assert name == "uploads/verslag.txt"
    assert bucket.read(name) == first  # read straight from the server, under the prefix

    again = default_storage.save("uploads/verslag.txt", ContentFile(second))
    assert again != name and again.startswith("uploads/verslag") and again.endswith(".txt")
    assert bucket.read(name) == first and bucket.read(again) == second
    assert bucket.keys() == sorted([f"{PREFIX}/{name}", f"{PREFIX}/{again}"])

    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=f"{PREFIX}/{name}")["Grants"]
    assert {grant["Grantee"].get("URI") for grant in grants} == {None}  # no AllUsers, no AuthenticatedUsers
    unsigned = f"{bucket.endpoint}/{bucket.name}/{PREFIX}/{name}"
    status, _body = _get(unsigned)
    assert status == 403  # the object's own address, without a signature: refused

    signed = default_storage.url(name)
    assert signed.startswith(unsigned + "?")
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]
    assert query["X-Amz-Credential"][0].startswith(f"{ACCESS_KEY_ID}/")
    assert _get(signed) == (200, first)


def test_a_report_pdf_is_rendered_into_the_bucket_and_downloaded_through_its_page(bucket, client):
    from tests.agenda.conftest import World
    from tests.fieldwork.factories import WaveFactory, random_rows, store_responses
    from veerkracht.fieldwork.models import ReportFile
    from veerkracht.fieldwork.tasks import render_report_pdf

    world = World()
    wave = WaveFactory(
        challenge=world.challenge(geagendeerd=True, title="Droge voeten in Veerdam"), gesloten=True
    )
    store_responses(wave, random_rows(wave, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=3))

    name = render_report_pdf(wave.pk, wave.report_language)  # the worker's task, run here
    stored = ReportFile.objects.get(wave=wave, language=wave.report_language)
    assert stored.file.name == name and name.startswith("fieldwork/reports/rapport-")
    assert bucket.keys() == [f"{PREFIX}/{name}"]
    in_bucket = bucket.read(name)
    assert in_bucket.startswith(b"%PDF")

    client.force_login(world.regisseur)
    response = client.get(reverse("fieldwork:report_pdf", args=[wave.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert Path(name).name in response["Content-Disposition"]
    downloaded = b"".join(response.streaming_content)  # read to the end: the test client closes it
    assert downloaded == in_bucket
    assert ReportFile.objects.get(pk=stored.pk).rendered_at == stored.rendered_at  # not rendered again
