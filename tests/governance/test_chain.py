"""The decision log's hash chain (docs/governance/decisions.md): known answers and tampering."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veerkracht.governance import chain

ZEROS = "0" * 64


def content(n: int, **change: Any) -> dict[str, Any]:
    c = {
        "challenge": "jeugd-veerdam",
        "kind": "besluit",
        "title": f"Besluit {n}",
        "text": f"De wethouder besluit tot stap {n} — één keer.",
        "decided_by": {"name": "Anouk de Vries", "role": "bestuurder", "organisation": "Gemeente Veerdam"},
        "refs": [f"doc-{n}"],
        "corrects": None,
    }
    c.update(change)
    return c


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def by_hand(entries: list[tuple[str, dict[str, Any] | None, dict[str, Any]]]) -> dict[str, Any]:
    """A log built with hashlib and json only, straight from the documented formulas."""
    out, prev = [], ZEROS
    for seq, (recorded_at, shown, c) in enumerate(entries, start=1):
        digest = sha(json.dumps(c, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        header = {"seq": seq, "recorded_at": recorded_at, "prev": prev, "digest": digest}
        h = sha(json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        out.append(
            {
                "seq": seq,
                "recorded_at": recorded_at,
                "prev": prev,
                "digest": digest,
                "hash": h,
                "content": shown,
            }
        )
        prev = h
    return {"chain": "gemeente-veerdam", "head": prev if out else None, "entries": out}


def log(n: int = 6, redacted: tuple[int, ...] = ()) -> dict[str, Any]:
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    rows = []
    for seq in range(1, n + 1):
        c = content(seq)
        when = (start + timedelta(hours=seq)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append((when, None if seq in redacted else c, c))
    return by_hand(rows)


def rehash(doc: dict[str, Any], position: int) -> None:
    """Recompute digest and hash of the entry at ``position`` (1-based) as a forger would."""
    e = doc["entries"][position - 1]
    if e["content"] is not None:
        e["digest"] = chain.digest_of(e["content"])
    e["hash"] = chain.hash_of(seq=e["seq"], recorded_at=e["recorded_at"], prev=e["prev"], digest=e["digest"])


def rehash_tail(doc: dict[str, Any], position: int) -> None:
    """Rewrite the chain from ``position`` on so that it is valid in itself again."""
    for k in range(position, len(doc["entries"]) + 1):
        if k > 1:
            doc["entries"][k - 1]["prev"] = doc["entries"][k - 2]["hash"]
        rehash(doc, k)
    doc["head"] = doc["entries"][-1]["hash"]


# --- canonical form, digest, hash, entries -----------------------------------------------------------


def test_canonical_form() -> None:
    assert chain.canonical({"b": 1, "a": ["é", None, {"d": 2, "c": "x y"}]}) == (
        '{"a":["é",null,{"c":"x y","d":2}],"b":1}'.encode()
    )
    assert chain.canonical({"t": "€"}) == b'{"t":"\xe2\x82\xac"}'  # UTF-8, not \u20ac


def test_digest_and_hash_known_answers() -> None:
    c = {
        "challenge": "a",
        "kind": "mandaat",
        "title": "t",
        "text": "x",
        "decided_by": {},
        "refs": [],
        "corrects": None,
    }
    expected = sha(
        b'{"challenge":"a","corrects":null,"decided_by":{},"kind":"mandaat","refs":[],"text":"x","title":"t"}'
    )
    assert chain.digest_of(c) == expected
    header = (
        b'{"digest":"'
        + expected.encode()
        + b'","prev":"'
        + ZEROS.encode()
        + b'","recorded_at":"2026-11-30T09:00:00Z","seq":1}'
    )
    assert chain.hash_of(seq=1, recorded_at="2026-11-30T09:00:00Z", prev=ZEROS, digest=expected) == sha(
        header
    )


def test_make_entry_builds_the_same_chain_as_the_formulas() -> None:
    expected = log(4)
    prev, built = chain.GENESIS, []
    for e in expected["entries"]:
        entry = chain.make_entry(
            seq=e["seq"], recorded_at=e["recorded_at"], prev=prev, content=content(e["seq"])
        )
        built.append(entry)
        prev = entry["hash"]
    assert built == expected["entries"]


def test_format_recorded_at() -> None:
    cet = timezone(timedelta(hours=1))
    assert (
        chain.format_recorded_at(datetime(2026, 11, 30, 10, 5, 7, 999, tzinfo=cet)) == "2026-11-30T09:05:07Z"
    )
    with pytest.raises(ValueError, match="aware"):
        chain.format_recorded_at(datetime(2026, 11, 30))


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "besluitje"},
        {"corrects": 3},  # only a correctie corrects
        {"kind": "correctie"},  # a correctie names what it corrects
        {"kind": "correctie", "corrects": 0},
        {"kind": "correctie", "corrects": True},
        {"title": ""},
        {"refs": "doc-1"},
        {"refs": [1]},
        {"decided_by": {"name": "x"}},
        {"text": 1.5},
        {"extra": "field"},
        {"refs": [["ok"], 1.5]},
    ],
)
def test_check_content_refuses(change: dict[str, Any]) -> None:
    with pytest.raises(chain.ContentError):
        chain.check_content(content(1, **change))


def test_check_content_accepts() -> None:
    chain.check_content(content(1))
    chain.check_content(content(2, kind="correctie", corrects=1))
    for kind in chain.KINDS:
        if kind != "correctie":
            chain.check_content(content(3, kind=kind))


# --- verification -------------------------------------------------------------------------------------


def verify(doc: dict[str, Any], head: str | None = None) -> dict[str, Any]:
    return chain.verify(doc, head=head).to_dict()


def test_valid_log() -> None:
    doc = log(6)
    assert verify(doc) == {
        "valid": True, "entries": 6, "redacted": 0, "head": doc["entries"][-1]["hash"],
        "first_broken": None, "problem": None,
    }  # fmt: skip


def test_empty_log_is_valid() -> None:
    assert verify({"chain": "x", "head": None, "entries": []}) == {
        "valid": True, "entries": 0, "redacted": 0, "head": None, "first_broken": None, "problem": None,
    }  # fmt: skip


def test_redacted_entries_verify() -> None:
    doc = log(6, redacted=(2, 5))
    got = verify(doc)
    assert got["valid"] is True and got["redacted"] == 2 and got["head"] == doc["entries"][-1]["hash"]
    assert got["head"] == log(6)["entries"][-1]["hash"]  # the same chain as the full export


@pytest.mark.parametrize("position", [1, 3, 6])
def test_changed_content(position: int) -> None:
    doc = log(6)
    doc["entries"][position - 1]["content"]["text"] += "."
    got = verify(doc)
    assert (got["valid"], got["first_broken"], got["head"]) == (False, position, None)
    assert "digest" in got["problem"]
    assert got["entries"] == 6


@pytest.mark.parametrize("field", ["recorded_at", "digest"])
def test_changed_header(field: str) -> None:
    doc = log(5, redacted=(3,))
    doc["entries"][2][field] = doc["entries"][2][field].replace("1", "2").replace("a", "b")
    assert verify(doc)["first_broken"] == 3


def test_changed_hash_breaks_that_entry() -> None:
    doc = log(5)
    doc["entries"][1]["hash"] = "f" * 64
    got = verify(doc)
    assert got["first_broken"] == 2 and "hash" in got["problem"]


@pytest.mark.parametrize("position", [1, 3, 6])
def test_removed_entry(position: int) -> None:
    doc = log(6)
    del doc["entries"][position - 1]
    got = verify(doc)
    if position == 6:  # the last one: a shorter log that is valid in itself ...
        assert got["valid"] is True
        # ... but not against the head published before
        got = verify(doc, head=log(6)["head"])
        assert (got["valid"], got["first_broken"]) == (False, None)
    else:
        assert (got["valid"], got["first_broken"]) == (False, position)
        assert "seq" in got["problem"]


def test_removed_entry_renumbered_is_still_caught() -> None:
    doc = log(6)
    del doc["entries"][2]
    for k, e in enumerate(doc["entries"], start=1):
        e["seq"] = k
    assert verify(doc)["first_broken"] == 3  # prev no longer matches (and the hash not either)


def test_reordered_entries() -> None:
    doc = log(6)
    doc["entries"][2], doc["entries"][4] = doc["entries"][4], doc["entries"][2]
    assert verify(doc)["first_broken"] == 3
    doc = log(6)
    doc["entries"].reverse()
    assert verify(doc)["first_broken"] == 1


def test_rehashed_entry_breaks_the_next() -> None:
    doc = log(6)
    doc["entries"][2]["content"]["title"] = "Een ander besluit"
    rehash(doc, 3)
    got = verify(doc)
    assert (got["valid"], got["first_broken"]) == (False, 4)
    assert "prev" in got["problem"]


def test_rehashed_last_entry_is_caught_by_the_head() -> None:
    old_head = log(6)["head"]
    doc = log(6)
    doc["entries"][5]["content"]["text"] = "Iets anders"
    rehash_tail(doc, 6)
    assert verify(doc)["valid"] is True  # valid in itself
    got = verify(doc, head=old_head)
    assert got == {
        "valid": False, "entries": 6, "redacted": 0, "head": None, "first_broken": None,
        "problem": got["problem"],
    }  # fmt: skip
    assert "rewritten" in got["problem"]


def test_rewritten_tail_is_caught_by_an_older_head() -> None:
    published = log(6)
    heads = [e["hash"] for e in published["entries"]]
    doc = copy.deepcopy(published)
    doc["entries"][3]["content"]["text"] = "herschreven"
    rehash_tail(doc, 4)
    assert verify(doc)["valid"] is True
    for k, head in enumerate(heads, start=1):
        got = verify(doc, head=head)
        assert got["valid"] is (k < 4), k  # heads before the rewrite are still in the log
        if k >= 4:
            assert got["first_broken"] is None and got["head"] is None


def test_grown_log_verifies_with_an_old_head() -> None:
    old = log(4)
    grown = log(9, redacted=(2, 7))
    assert grown["entries"][:4][0] == old["entries"][0]
    got = verify(grown, head=old["head"])
    assert got["valid"] is True and got["head"] == grown["entries"][-1]["hash"]
    assert verify(grown, head=old["head"].upper())["valid"] is True


def test_first_entry_must_start_from_zeros() -> None:
    doc = log(3)
    doc["entries"][0]["prev"] = "1" * 64
    rehash_tail(doc, 1)
    assert verify(doc)["first_broken"] == 1


def test_documents_own_head_is_not_trusted() -> None:
    doc = log(3)
    doc["head"] = "e" * 64
    assert verify(doc)["head"] == doc["entries"][-1]["hash"]


@pytest.mark.parametrize(
    "doc",
    [
        [],
        "log",
        {"head": None, "entries": []},
        {"chain": "x", "entries": []},
        {"chain": "x", "head": None},
        {"chain": 1, "head": None, "entries": []},
        {"chain": "x", "head": 5, "entries": []},
        {"chain": "x", "head": None, "entries": {}},
    ],
)
def test_shape_errors(doc: Any) -> None:
    with pytest.raises(chain.ShapeError):
        chain.verify(doc)


@pytest.mark.parametrize("field", ["seq", "recorded_at", "prev", "digest", "hash", "content"])
def test_entry_field_missing(field: str) -> None:
    doc = log(3)
    del doc["entries"][1][field]
    with pytest.raises(chain.ShapeError, match=field):
        chain.verify(doc)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", "2"),
        ("seq", True),
        ("seq", 2.0),
        ("recorded_at", 5),
        ("prev", None),
        ("hash", ["x"]),
        ("content", [1]),
    ],
)
def test_entry_field_mistyped(field: str, value: Any) -> None:
    doc = log(3)
    doc["entries"][1][field] = value
    with pytest.raises(chain.ShapeError):
        chain.verify(doc)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 8),
    redacted=st.sets(st.integers(1, 8)),
    position=st.integers(1, 8),
    what=st.sampled_from(["content", "seq", "prev", "recorded_at", "drop", "swap"]),
)
def test_any_single_change_is_detected(n: int, redacted: set[int], position: int, what: str) -> None:
    doc = log(n, redacted=tuple(redacted))
    assert verify(doc)["valid"] is True
    position = min(position, n)
    e = doc["entries"][position - 1]
    if what == "content":
        if e["content"] is None:
            e["content"] = content(position, text="ingevuld")
        else:
            e["content"]["refs"].append("extra")
    elif what == "seq":
        e["seq"] += 1
    elif what == "prev":
        e["prev"] = "a" * 64
    elif what == "recorded_at":
        e["recorded_at"] = "2030-01-01T00:00:00Z"
    elif what == "drop":
        if position == n:
            return  # dropping the last entry is caught only with --head (tested above)
        del doc["entries"][position - 1]
    elif what == "swap":
        if position == n:
            return
        doc["entries"][position - 1], doc["entries"][position] = doc["entries"][position], e
    got = verify(doc)
    assert got["valid"] is False and got["first_broken"] == position and got["head"] is None
