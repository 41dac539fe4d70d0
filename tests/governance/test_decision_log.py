"""The stored decision log: the database refuses UPDATE and DELETE (both databases), appending under
concurrent writers (PostgreSQL), ``export_decisions`` and verifying what the application exports
(including tampered copies of it)."""

from __future__ import annotations

import copy
import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.governance import chain, cli
from veerkracht.governance.models import Decision, DecisionChain
from veerkracht.governance.services.decisions import export_log, record_decision
from veerkracht.organisations.models import Role

from .helpers import write
from .test_chain import rehash, rehash_tail

SECRET = "GEHEIM-MARKER-7f3a91"


class World:
    """Veerdam with an agenda and two challenges, a bestuurder; Elders with its own agenda."""

    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
        self.elders = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
        self.company = OrganisationFactory(name="Bouwbedrijf", slug="bouwbedrijf", municipality=self.veerdam)
        self.board = member(self.veerdam, Role.BESTUURDER, full_name="Wethouder Wit")
        self.regisseur = member(self.veerdam, Role.REGISSEUR)
        self.teamlid = member(self.veerdam, Role.TEAMLID)
        self.other_board = member(self.elders, Role.BESTUURDER)
        self.agenda = AgendaFactory(municipality=self.veerdam)
        self.other_agenda = AgendaFactory(municipality=self.elders)
        self.challenge = ChallengeFactory(agenda=self.agenda, regisseur=self.regisseur, slug="eenzaamheid")
        self.second = ChallengeFactory(agenda=self.agenda, regisseur=self.regisseur, slug="mobiliteit")
        self.other_challenge = ChallengeFactory(agenda=self.other_agenda, slug="elders-opgave")

    def decide(self, challenge: Any = None, *, public: bool = True, text: str = "", **kw: Any) -> Decision:
        challenge = challenge or self.challenge
        n = Decision.objects.count() + 1
        return record_decision(
            challenge=challenge,
            kind=kw.pop("kind", "besluit"),
            title=kw.pop("title", f"Besluit {n}"),
            text=text or f"Tekst van besluit {n} — één € teken.",
            by=self.board,
            role="bestuurder",
            organisation=challenge.agenda.municipality,
            public=public,
            **kw,
        )


@pytest.fixture
def world(db: Any) -> World:
    return World()


def export(slug: str, *public: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("export_decisions", "--municipality", slug, *public, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), str(exc), exc.returncode
    return out.getvalue(), err.getvalue(), 0


def verify_file(tmp_path: Path, doc: Any, head: str | None = None) -> tuple[dict[str, Any], int]:
    text, code = cli.verify_decisions(write(tmp_path, doc), head)
    return json.loads(text), code


def a_log(world: World) -> None:
    """Seven entries in Veerdam's log: 3 and 5 confidential (5 holds the secret); Elders has its own."""
    world.decide(title="Mandaat gegeven", kind="mandaat")
    world.decide(world.second)
    world.decide(public=False, text="Vertrouwelijke afweging")
    world.decide(kind="go-no-go")
    world.decide(world.second, public=False, text=f"Onderhandelingsruimte {SECRET}")
    world.decide(kind="correctie", corrects=2, title="Correctie op 2")
    world.decide(refs=["raadsbrief 2026-12", "notulen 4 dec"])
    world.decide(world.other_challenge)


# --- export_decisions -------------------------------------------------------------------------------


def test_export_round_trip_full_and_public(world: World, tmp_path: Path) -> None:
    a_log(world)
    head = DecisionChain.objects.get(municipality=world.veerdam).head
    for flag, redacted in (("", 0), ("--public", 2)):
        out, err, code = export("gemeente-veerdam", *([flag] if flag else []))
        assert code == 0 and err == ""
        doc = json.loads(out)
        assert set(doc) == {"chain", "head", "entries"}
        assert doc["chain"] == "gemeente-veerdam" and doc["head"] == head
        assert [e["seq"] for e in doc["entries"]] == list(range(1, 8))
        assert all(
            set(e) == {"seq", "recorded_at", "prev", "digest", "hash", "content"} for e in doc["entries"]
        )
        answer, status = verify_file(tmp_path, doc)
        assert status == 0
        assert answer == {
            "valid": True, "entries": 7, "redacted": redacted, "head": head,
            "first_broken": None, "problem": None,
        }  # fmt: skip
        assert (SECRET in out) is (flag == "")
        confidential = Decision.objects.filter(chain__municipality=world.veerdam, public=False).count()
        if flag:
            assert sum(e["content"] is None for e in doc["entries"]) == confidential == 2
            assert [e["seq"] for e in doc["entries"] if e["content"] is None] == [3, 5]
    # Each entry's content is the stored content, and its digest the SHA-256 of its canonical form.
    full = json.loads(export("gemeente-veerdam")[0])
    fifth = full["entries"][4]
    assert fifth["content"]["text"] == f"Onderhandelingsruimte {SECRET}"
    assert fifth["content"]["challenge"] == "mobiliteit"
    assert fifth["digest"] == chain.sha256(
        json.dumps(fifth["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    assert full["entries"][5]["content"]["corrects"] == 2
    # Elders' log is separate: one entry, its own chain starting from zeros.
    elders = json.loads(export("gemeente-elders")[0])
    assert len(elders["entries"]) == 1 and elders["entries"][0]["prev"] == "0" * 64


def test_export_of_an_empty_log(world: World, tmp_path: Path) -> None:
    out, _err, code = export("gemeente-elders", "--public")
    assert code == 0
    assert json.loads(out) == {"chain": "gemeente-elders", "head": None, "entries": []}
    answer, status = verify_file(tmp_path, json.loads(out))
    assert status == 0 and answer["valid"] and answer["head"] is None


@pytest.mark.parametrize(
    ("slug", "says"),
    [("bestaat-niet", "no organisation"), ("bouwbedrijf", "not a municipality")],
)
def test_export_refuses_unknown_or_other_organisations(world: World, slug: str, says: str) -> None:
    world.decide()
    out, message, code = export(slug)
    assert code == 2
    assert out == ""
    assert slug in message and says in message


def test_export_command_line_writes_the_message_to_standard_error(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import load_command_class

    command = load_command_class("veerkracht.governance", "export_decisions")
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["veerkracht", "export_decisions", "--municipality", "bouwbedrijf"])
    captured = capsys.readouterr()
    assert exit_info.value.code == 2
    assert captured.out == ""
    assert "not a municipality" in captured.err


# --- the database refuses UPDATE and DELETE ----------------------------------------------------------


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Decision.objects.order_by("pk").values_list(
            "pk", "seq", "recorded_at", "prev", "digest", "hash", "content", "public", "title", "kind"
        )
    )


def refused(action: Any) -> None:
    """``action`` must fail in the database (in its own savepoint, so the test goes on)."""
    with pytest.raises(DatabaseError) as info, transaction.atomic():
        action()
    assert "append-only" in str(info.value)


def table() -> str:
    return connection.ops.quote_name(Decision._meta.db_table)


def raw(sql: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


ATTEMPTS = {
    "orm update": lambda d: Decision.objects.filter(pk=d.pk).update(title="Herschreven"),
    "orm update of all": lambda d: Decision.objects.update(public=True),
    "save()": lambda d: (setattr(d, "content", d.content.replace("Tekst", "Andere")), d.save()),
    "orm delete": lambda d: Decision.objects.filter(pk=d.pk).delete(),
    "instance delete": lambda d: d.delete(),
    "orm delete of all": lambda d: Decision.objects.all().delete(),
    "raw update": lambda d: raw(f"UPDATE {table()} SET title = %s WHERE id = %s", "Herschreven", d.pk),  # noqa: S608
    "raw update of a hash": lambda d: raw(f"UPDATE {table()} SET hash = %s WHERE id = %s", "f" * 64, d.pk),  # noqa: S608
    "raw delete": lambda d: raw(f"DELETE FROM {table()} WHERE id = %s", d.pk),  # noqa: S608
    "raw delete of all": lambda d: raw(f"DELETE FROM {table()}"),  # noqa: S608
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_database_refuses_update_and_delete(world: World, attempt: str) -> None:
    world.decide()
    target = world.decide(public=False, text=SECRET)
    world.decide()
    before = snapshot()
    refused(lambda: ATTEMPTS[attempt](Decision.objects.get(pk=target.pk)))
    assert snapshot() == before
    assert Decision.objects.count() == 3
    result = chain.verify(export_log(world.veerdam, public_only=False))
    assert result.valid and result.entries == 3


def test_triggers_are_in_the_database(db: Any) -> None:
    names = {"governance_decision_no_update", "governance_decision_no_delete"}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["governance_decision"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'governance_decision'::regclass AND NOT tgisinternal"
            )
        found = {row[0] for row in cursor.fetchall()}
    assert names <= found


@pytest.mark.django_db(transaction=True)
def test_transactional_test_that_writes_decisions_is_flushed() -> None:
    """A transactional test writes decisions; the database is flushed afterwards (on SQLite the test
    harness lifts the triggers for the flush, tests/conftest.py) — and the triggers hold meanwhile."""
    world = World()
    world.decide()
    world.decide(public=False)
    refused(lambda: Decision.objects.all().delete())
    assert Decision.objects.count() == 2


def test_triggers_hold_again_after_a_transactional_test(world: World) -> None:
    """Runs after the test above (file order): the flush left no entries, and the triggers are back."""
    assert Decision.objects.count() == 0
    world.decide()
    refused(lambda: Decision.objects.all().delete())
    refused(lambda: Decision.objects.update(title="x"))
    assert Decision.objects.count() == 1


# --- concurrent writers (PostgreSQL) -----------------------------------------------------------------

WRITERS = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_consecutive_numbers() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks (CI runs this on PostgreSQL)")
    world = World()
    board_id = world.board.pk
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        from django.db import connection as own  # each thread has its own connection

        try:
            from veerkracht.accounts.models import User

            by = User.objects.get(pk=board_id)
            barrier.wait(timeout=30)
            record_decision(
                challenge=world.challenge if k % 2 else world.second,
                kind="besluit",
                title=f"Gelijktijdig besluit {k}",
                text=f"Schrijver {k}",
                by=by,
                role="bestuurder",
                organisation=world.veerdam,
                public=k % 3 != 0,
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    document = export_log(world.veerdam, public_only=False)
    assert [e["seq"] for e in document["entries"]] == list(range(1, WRITERS + 1))
    assert sorted(e["content"]["text"] for e in document["entries"]) == sorted(
        f"Schrijver {k}" for k in range(WRITERS)
    )
    result = chain.verify(document)
    assert result.valid, result.problem
    stored = DecisionChain.objects.get(municipality=world.veerdam)
    assert (stored.length, stored.head) == (WRITERS, result.head)
    public = export_log(world.veerdam, public_only=True)
    assert chain.verify(public).valid
    assert chain.verify(public).redacted == len([k for k in range(WRITERS) if k % 3 == 0])


# --- tampering with what the application exported ---------------------------------------------------


@pytest.fixture
def exported(world: World) -> dict[str, Any]:
    a_log(world)
    return json.loads(export("gemeente-veerdam", "--public")[0])


def assert_broken(tmp_path: Path, doc: Any, position: int | None, head: str | None = None) -> dict[str, Any]:
    answer, code = verify_file(tmp_path, doc, head)
    assert code == 1
    assert answer["valid"] is False and answer["head"] is None
    assert answer["first_broken"] == position
    assert answer["problem"]
    return answer


def test_exported_log_verifies_as_is(exported: dict[str, Any], tmp_path: Path) -> None:
    answer, code = verify_file(tmp_path, exported, exported["head"])
    assert code == 0 and answer["valid"] and answer["redacted"] == 2


def test_changed_content_of_an_exported_entry(exported: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(exported)
    doc["entries"][3]["content"]["text"] = "Geen go maar no-go"
    assert_broken(tmp_path, doc, 4)
    doc = copy.deepcopy(exported)
    doc["entries"][6]["content"]["refs"].append("een extra bron")
    assert_broken(tmp_path, doc, 7)


def test_revealed_confidential_content_that_is_not_the_original(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    doc = copy.deepcopy(exported)
    public_one = copy.deepcopy(doc["entries"][3]["content"])
    doc["entries"][4]["content"] = public_one  # a made-up content for redacted entry 5
    assert_broken(tmp_path, doc, 5)


def test_removed_entry_of_an_exported_log(exported: dict[str, Any], tmp_path: Path) -> None:
    for position in (1, 3, 6):
        doc = copy.deepcopy(exported)
        del doc["entries"][position - 1]
        assert_broken(tmp_path, doc, position)
    # The last one gone: valid in itself, but caught by the head published before.
    doc = copy.deepcopy(exported)
    del doc["entries"][-1]
    answer, code = verify_file(tmp_path, doc)
    assert code == 0 and answer["entries"] == 6
    assert_broken(tmp_path, doc, None, head=exported["head"])


def test_reordered_entries_of_an_exported_log(exported: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(exported)
    doc["entries"][1], doc["entries"][2] = doc["entries"][2], doc["entries"][1]
    assert_broken(tmp_path, doc, 2)


def test_rehashed_entry_of_an_exported_log(exported: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(exported)
    doc["entries"][1]["content"]["title"] = "Een ander besluit"
    rehash(doc, 2)  # digest and hash recomputed: entry 2 is consistent, entry 3 no longer follows it
    assert_broken(tmp_path, doc, 3)


def test_rewritten_tail_of_an_exported_log(world: World, exported: dict[str, Any], tmp_path: Path) -> None:
    published = exported["head"]  # e.g. printed in a council letter
    doc = copy.deepcopy(exported)
    doc["entries"][5]["content"]["title"] = "Iets anders gecorrigeerd"
    rehash_tail(doc, 6)
    answer, code = verify_file(tmp_path, doc)
    assert code == 0 and answer["valid"]  # valid in itself …
    answer = assert_broken(tmp_path, doc, None, head=published)  # … but not against the published head
    assert published in answer["problem"]
    # The live log grew since: it still verifies against the head published earlier.
    world.decide(title="Later besluit")
    grown = json.loads(export("gemeente-veerdam", "--public")[0])
    answer, code = verify_file(tmp_path, grown, published)
    assert code == 0 and answer["entries"] == 8 and answer["head"] != published
