"""The read replica (DATABASE_REPLICA_URL) against a real PostgreSQL hot standby, streaming from a
primary: both servers the test's own (tests/faults/servers.py, StreamingReplica), the installation in
subprocesses with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby.

Which server answered is seen twice over: the standby's replay is paused, so it still shows data the
primary has changed since; and each server logs every statement it ran. The standby is read-only, so a
write routed to it would fail: the writes made while it is configured (migrate, building the data, a
save inside ``reading_replica()``, storing the PDF) all succeed, on the primary.

About a minute, most of it migrating the new database; starting both servers takes a second or two.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.faults.servers import StreamingReplica, server_environment

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
VEERKRACHT = Path(sys.executable).with_name("veerkracht")

WORLD = """
from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.fieldwork.factories import WaveFactory, random_rows, store_responses
from tests.organisations.factories import OrganisationFactory

veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
agenda = AgendaFactory(municipality=veerdam, published=True)
challenge = ChallengeFactory(agenda=agenda, geagendeerd=True, published=True, title="Droge voeten")
wave = WaveFactory(challenge=challenge, gesloten=True)
store_responses(wave, random_rows(wave, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}, seed=5))
print(json.dumps({"wave": wave.pk, "challenge": challenge.pk, "municipality": veerdam.pk}))
"""

RENAME_INSIDE_THE_BLOCK = """
from veerkracht.agenda.models import Challenge
from veerkracht.core.replica import reading_replica

with reading_replica() as used:
    challenge = Challenge.objects.get(pk={challenge})
    read = (challenge._state.db, challenge.title)
    challenge.title = {title!r}
    challenge.save(update_fields=["title"])
print(json.dumps({{"used": used, "read": read, "saved": challenge._state.db}}))
"""

RENDER = """
from veerkracht.fieldwork.models import ReportFile
from veerkracht.fieldwork.pdf import report_pdf_render

ReportFile.objects.filter(wave_id={wave}).delete()  # made again, not the file kept for the same data
print(report_pdf_render(wave_id={wave}, language="nl").file.path)
"""

DOWNLOAD = """
from django.test import Client

response = Client().get("/open-data/opgaven.csv")
assert response.status_code == 200, response.status_code
print(b"".join(response.streaming_content).decode())
"""


class Installation:
    """The installation's processes on the pair: the primary as DATABASE_URL, the standby as
    DATABASE_REPLICA_URL, no Redis (tasks run in the process that asks)."""

    def __init__(self, pair: StreamingReplica, var_dir: Path) -> None:
        self.pair = pair
        self.env = server_environment(
            var_dir,
            DATABASE_URL=pair.primary.url(),
            DATABASE_REPLICA_URL=pair.standby.url(),
            DJANGO_SETTINGS_MODULE="veerkracht.conf.settings",
        )
        self.ids: dict[str, int] = {}

    def run(self, command: list[str]) -> str:
        result = subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    def python(self, code: str) -> str:
        """``code`` run in a fresh process of the installation (Django set up, json imported)."""
        return self.run(
            [sys.executable, "-c", "import json, django\ndjango.setup()\n" + textwrap.dedent(code)]
        )

    def pdf_text(self) -> str:
        path = self.python(RENDER.format(wave=self.ids["wave"])).strip()
        return " ".join("".join(page.extract_text() for page in PdfReader(path).pages).split())

    def value(self, server: str, query: str) -> str:
        return getattr(self.pair, server).sql(query)

    def challenge_title(self, server: str) -> str:
        return self.value(server, f"SELECT title FROM agenda_challenge WHERE id = {self.ids['challenge']}")


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A primary and its standby, migrated (with the replica configured, as a deployment migrates) and
    holding a municipality with a public challenge and a closed wave with 18 responses."""
    pair = StreamingReplica()
    try:
        pair.start()
        pair.primary.sql("CREATE DATABASE veerkracht", database="postgres")
        site = Installation(pair, tmp_path_factory.mktemp("streaming-replica"))
        site.run([str(VEERKRACHT), "migrate", "--no-input", "-v", "0"])
        site.ids = json.loads(site.python(WORLD))
        pair.catch_up()
        yield site
    finally:
        pair.stop()


@pytest.fixture
def site(installation):
    yield installation
    installation.pair.resume_replay()
    installation.pair.catch_up()


def reads_of(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.upper().startswith("SELECT") and f'"{table}"' in s]


def test_the_report_pdf_is_read_from_the_standby_and_every_write_goes_to_the_primary(site):
    pair = site.pair
    assert site.value("standby", "SELECT pg_is_in_recovery()") == "t"
    old = site.challenge_title("primary")
    assert site.challenge_title("standby") == old
    pair.pause_replay()

    # the standby has everything the PDF shows (its data key is the primary's): the report is read there
    primary_mark, standby_mark = pair.primary.log_mark(), pair.standby.log_mark()
    text = site.pdf_text()
    on_primary = pair.primary.statements_since(primary_mark)
    on_standby = pair.standby.statements_since(standby_mark)
    assert old in text and "Gemeente Veerdam" in text
    assert reads_of(on_standby, "fieldwork_answer"), on_standby
    assert not reads_of(on_primary, "fieldwork_answer"), on_primary
    # the PDF's record was stored on the primary; nothing was written to the standby
    assert any(s.upper().startswith(("INSERT", "UPDATE")) and "fieldwork_reportfile" in s for s in on_primary)
    assert not any(s.upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in on_standby), on_standby
    stored = site.value(
        "primary", f"SELECT count(*) FROM fieldwork_reportfile WHERE wave_id = {site.ids['wave']}"
    )
    assert stored == "1"

    # read inside the block from the (paused, read-only) standby, saved to the primary
    renamed = json.loads(
        site.python(RENAME_INSIDE_THE_BLOCK.format(challenge=site.ids["challenge"], title="Natte kelders"))
    )
    assert renamed == {"used": True, "read": ["replica", old], "saved": "default"}
    assert site.challenge_title("primary") == "Natte kelders"
    assert site.challenge_title("standby") == old  # not replayed yet

    # the title is part of what the PDF shows (its data key): the standby, which has not replayed it,
    # is not used for the PDF, which shows the new title at once
    primary_mark, standby_mark = pair.primary.log_mark(), pair.standby.log_mark()
    text = site.pdf_text()
    assert "Natte kelders" in text and old not in text
    assert reads_of(pair.primary.statements_since(primary_mark), "fieldwork_answer")
    assert not reads_of(pair.standby.statements_since(standby_mark), "fieldwork_answer")

    pair.resume_replay()
    pair.catch_up()
    assert site.challenge_title("standby") == "Natte kelders"


def test_a_standby_without_a_change_the_pdf_depends_on_is_not_used_for_it(site):
    """The municipality's name is part of the PDF's data key: the standby, which has not replayed the
    new name, gives another key, so the PDF is rendered from the primary and shows the new name."""
    pair = site.pair
    pair.pause_replay()
    municipality = site.ids["municipality"]
    pair.primary.sql(
        f"UPDATE organisations_organisation SET name = 'Gemeente Veerhaven' WHERE id = {municipality}"
    )
    primary_mark, standby_mark = pair.primary.log_mark(), pair.standby.log_mark()
    text = site.pdf_text()
    on_primary = pair.primary.statements_since(primary_mark)
    on_standby = pair.standby.statements_since(standby_mark)

    assert "Gemeente Veerhaven" in text and "Gemeente Veerdam" not in text
    assert reads_of(on_standby, "fieldwork_response"), on_standby  # the standby's key was asked for
    assert not reads_of(on_standby, "fieldwork_answer"), on_standby  # but not the report
    assert reads_of(on_primary, "fieldwork_answer"), on_primary


def test_an_open_data_download_is_read_from_the_standby(site):
    pair = site.pair
    old = site.challenge_title("primary")
    pair.pause_replay()
    pair.primary.sql(
        f"UPDATE agenda_challenge SET title = 'Samen tegen eenzaamheid' WHERE id = {site.ids['challenge']}"
    )

    standby_mark = pair.standby.log_mark()
    csv = site.python(DOWNLOAD)
    assert old in csv and "Samen tegen eenzaamheid" not in csv
    assert reads_of(pair.standby.statements_since(standby_mark), "agenda_challenge")

    pair.resume_replay()
    pair.catch_up()
    csv = site.python(DOWNLOAD)
    assert "Samen tegen eenzaamheid" in csv and old not in csv
