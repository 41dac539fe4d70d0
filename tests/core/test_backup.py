"""``veerkracht backup`` and ``veerkracht restore`` (docs/backup.md).

A municipality with agendas, challenges and a decision log of several entries (one confidential, one
correcting another), and an uploaded file, is backed up from the test database and restored into an
empty database (SQLite: a new file; PostgreSQL: a new database). The restored database holds as many
rows per table as the models count in the original (counted here with the ORM, not by the backup
code), every table's checksum equals the manifest's, the files are back byte for byte, and the decision
log exported from the restored database (by the ``export_decisions`` command in a process of its own)
is a valid chain with the original head.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.governance.helpers import env
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.core import backup
from veerkracht.governance import chain
from veerkracht.governance.models import DecisionChain
from veerkracht.governance.services.decisions import record_decision
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _world() -> str:
    """Veerdam's decision log of four entries; returns the chain's head."""
    veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
    board = member(veerdam, Role.BESTUURDER, full_name="Wethouder Wit")
    agenda = AgendaFactory(municipality=veerdam)
    challenge = ChallengeFactory(agenda=agenda, slug="eenzaamheid")
    other = ChallengeFactory(agenda=agenda, slug="mobiliteit")
    decisions = []
    for n, (target, public) in enumerate(((challenge, True), (other, False), (challenge, True)), start=1):
        decisions.append(
            record_decision(
                challenge=target,
                kind="besluit",
                title=f"Besluit {n}",
                text=f"Tekst van besluit {n}: één € teken.",
                by=board,
                role="bestuurder",
                organisation=veerdam,
                public=public,
            )
        )
    record_decision(
        challenge=challenge,
        kind="correctie",
        title="Correctie",
        text="Besluit 1 had een verkeerde datum.",
        by=board,
        role="bestuurder",
        organisation=veerdam,
        corrects=decisions[0].seq,
    )
    head = DecisionChain.objects.get(municipality=veerdam).head
    assert head
    return str(head)


def _model_counts() -> dict[str, int]:
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def target(tmp_path: Path) -> Any:
    """An empty database to restore into: its URL, dropped afterwards (PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"
    admin = backup.Database.from_settings({**settings_dict, "NAME": "postgres"}).connect()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    user = settings_dict.get("USER") or ""
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    try:
        yield f"postgres://{user}@{host}:{port}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_backup_restores_into_an_empty_database_with_the_same_data(tmp_path, settings, target):
    head = _world()
    media = tmp_path / "media"
    (media / "letters").mkdir(parents=True)
    letter = "Brief aan de raad — één € teken.\n".encode()
    (media / "letters" / "brief.pdf").write_bytes(letter)
    settings.MEDIA_ROOT = str(media)
    counts = _model_counts()
    assert counts["governance_decision"] == 4

    out = tmp_path / "backup"
    call_command("backup", output=str(out), stdout=io.StringIO())
    manifest = json.loads((out / "manifest.json").read_text())
    assert {name: manifest["tables"][name]["rows"] for name in counts} == counts
    assert manifest["files"]["count"] == 1

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", input=str(out), database_url=target, media_root=str(restored_media), stdout=io.StringIO()
    )

    database = backup.Database.from_url(target)
    restored = database.connect()
    try:
        cursor = restored.cursor()
        found = {}
        for table in counts:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            found[table] = cursor.fetchone()[0]
        summary = backup.table_summary(restored, database.vendor)
    finally:
        restored.close()
    assert found == counts
    assert summary == manifest["tables"]
    assert (restored_media / "letters" / "brief.pdf").read_bytes() == letter

    # The decision log, exported from the restored database by another process, is a valid chain.
    environment = {**env(), "DATABASE_URL": target, "SECRET_KEY": "test-restored"}
    done = subprocess.run(
        [sys.executable, "-m", "veerkracht", "export_decisions", "--municipality", "gemeente-veerdam"],
        capture_output=True, text=True, env=environment, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    verification = chain.verify(chain.loads(done.stdout), head=head)
    assert verification.valid, verification
    assert len(json.loads(done.stdout)["entries"]) == 4

    # A second restore into the same (now not empty) target is refused without --force.
    with pytest.raises(CommandError) as refused:
        call_command("restore", input=str(out), database_url=target, media_root=str(tmp_path / "other"))
    assert refused.value.returncode == 2
    assert "not empty" in str(refused.value) and "--force" in str(refused.value)
    call_command(
        "restore",
        input=str(out),
        database_url=target,
        media_root=str(restored_media),
        force=True,
        stdout=io.StringIO(),
    )


def test_bad_input_is_refused_with_a_clear_message(tmp_path):
    missing = tmp_path / "nergens"
    with pytest.raises(CommandError) as no_backup:
        call_command("restore", input=str(missing), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert no_backup.value.returncode == 2 and "no such backup directory" in str(no_backup.value)

    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "manifest.json").write_text("{not json")
    with pytest.raises(CommandError) as bad_manifest:
        call_command("restore", input=str(fake), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert bad_manifest.value.returncode == 2 and "manifest" in str(bad_manifest.value)

    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    with pytest.raises(CommandError) as not_empty:
        call_command("backup", output=str(tmp_path / "full"))
    assert not_empty.value.returncode == 2 and "not an empty directory" in str(not_empty.value)


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    out = tmp_path / "backup"
    call_command("backup", output=str(out), stdout=io.StringIO())
    with (out / "files.tar").open("ab") as fh:
        fh.write(b"\0")
    restored = tmp_path / "restored.sqlite3"
    with pytest.raises(CommandError) as damaged:
        call_command(
            "restore", input=str(out), database_url=f"sqlite:///{restored}", media_root=str(tmp_path / "m")
        )
    assert damaged.value.returncode == 2 and "checksum" in str(damaged.value)
    assert not restored.exists()


def test_the_commands_need_no_secret_key(tmp_path):
    """Bad input through the console script, with no settings at all: exit 2, one clear line."""
    environment = {**env(), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-m", "veerkracht", "restore", "--input", str(tmp_path / "nergens")],
        capture_output=True, text=True, env=environment, timeout=300,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "no such backup directory" in done.stderr
    assert "Traceback" not in done.stderr and "SECRET_KEY" not in done.stderr
