"""The disk for generated files is full (a 64 kB tmpfs, filled up): a plan export fails with a clear
error on the export, and no half-written file is left. Needs root to mount; skipped otherwise."""

from __future__ import annotations

import subprocess

import pytest

from tests.plans.conftest import plan_version, plan_world  # noqa: F401 - fixture reuse
from tests.plans.documents import sample_document
from veerkracht.plans import exports
from veerkracht.plans.models import ExportState, PlanExport

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def full_disk(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)], check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs (needs root)")
    try:
        (media / "filler").write_bytes(b"x" * (56 * 1024))  # 8 kB left: less than any export
        yield media
    finally:
        subprocess.run(["umount", str(media)], check=False)


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_a_full_disk_fails_the_export_cleanly(
    plan_world,  # noqa: F811 - the plans tests' fixtures
    plan_version,  # noqa: F811
    full_disk,
    settings,
    file_format,
):
    settings.MEDIA_ROOT = full_disk
    document = exports.to_data(sample_document())
    export = PlanExport.objects.create(
        challenge=plan_world.challenge,
        version=plan_version,
        document=document,
        format=file_format,
        language="nl",
        data_key=exports.data_key(document, file_format),
    )
    exports.export_render(export_id=export.pk)
    failed = PlanExport.objects.get(pk=export.pk)
    assert failed.state == ExportState.FAILED
    assert "No space left on device" in failed.error
    assert not failed.file
    left = [p.name for p in full_disk.rglob("*") if p.is_file() and p.name != "filler"]
    assert left == []  # nothing half-written
