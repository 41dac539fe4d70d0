"""The decision log's hash chain (see docs/governance/decisions.md). Pure: standard library only.

Every entry's ``digest`` is the SHA-256 of its canonical content; its ``hash`` is the SHA-256 of the
canonical header ``{"seq", "recorded_at", "prev", "digest"}``; ``prev`` is the previous entry's hash (64
zeros for the first). Because the hash covers the digest and not the content, an entry can be published
without its content (redacted) and the chain still verifies.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
KINDS = ("mandaat", "besluit", "go-no-go", "doelwijziging", "escalatie", "correctie")
CORRECTION = "correctie"
_HASH = re.compile(r"[0-9a-f]{64}\Z", re.ASCII)
_ENTRY_FIELDS = ("seq", "recorded_at", "prev", "digest", "hash", "content")


class ShapeError(ValueError):
    """A document that is not an exported decision log (not JSON, missing fields, wrong types)."""


class ContentError(ValueError):
    """Content that may not be written to the log (see ``check_content``)."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(text: str | bytes) -> Any:
    """JSON text to Python objects (``NaN``/``Infinity`` refused). Raises ``ShapeError``."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ShapeError(f"not valid JSON ({exc})") from exc


def canonical(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys, no spaces, non-ASCII characters as themselves."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_of(content: Any) -> str:
    return sha256(canonical(content))


def hash_of(*, seq: int, recorded_at: str, prev: str, digest: str) -> str:
    return sha256(canonical({"seq": seq, "recorded_at": recorded_at, "prev": prev, "digest": digest}))


def format_recorded_at(moment: datetime) -> str:
    """A moment as UTC ``YYYY-MM-DDTHH:MM:SSZ`` (an aware datetime; naive ones are refused)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("recorded_at needs an aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _only_json_scalars(value: Any, where: str) -> None:
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return
    if isinstance(value, list):
        for k, item in enumerate(value):
            _only_json_scalars(item, f"{where}[{k}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ContentError(f"{where}: keys must be strings")
            _only_json_scalars(item, f"{where}.{key}")
        return
    raise ContentError(f"{where}: only strings, integers, null, lists and objects are allowed")


def check_content(content: Mapping[str, Any]) -> None:
    """Refuse content that does not have the log's shape. Raises ``ContentError``."""
    if not isinstance(content, Mapping):
        raise ContentError("content must be an object")
    expected = {"challenge", "kind", "title", "text", "decided_by", "refs", "corrects"}
    if set(content) != expected:
        missing, extra = sorted(expected - set(content)), sorted(set(content) - expected)
        raise ContentError(f"content fields: missing {missing}, unexpected {extra}")
    _only_json_scalars(dict(content), "content")
    for key in ("challenge", "title", "text"):
        if not isinstance(content[key], str) or not content[key]:
            raise ContentError(f"content.{key} must be a non-empty string")
    if content["kind"] not in KINDS:
        raise ContentError(f"content.kind must be one of {', '.join(KINDS)}")
    decided_by = content["decided_by"]
    if not isinstance(decided_by, dict) or set(decided_by) != {"name", "role", "organisation"}:
        raise ContentError("content.decided_by must be {name, role, organisation}")
    if not all(isinstance(v, str) for v in decided_by.values()):
        raise ContentError("content.decided_by: name, role and organisation must be strings")
    if not isinstance(content["refs"], list) or not all(isinstance(r, str) for r in content["refs"]):
        raise ContentError("content.refs must be a list of strings")
    corrects = content["corrects"]
    if content["kind"] == CORRECTION:
        if not isinstance(corrects, int) or isinstance(corrects, bool) or corrects < 1:
            raise ContentError("a correctie names the number (seq) of the entry it corrects")
    elif corrects is not None:
        raise ContentError("only a correctie names an entry it corrects")


def make_entry(*, seq: int, recorded_at: str, prev: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """A new entry (as exported): header, digest and hash computed from the content."""
    digest = digest_of(dict(content))
    return {
        "seq": seq,
        "recorded_at": recorded_at,
        "prev": prev,
        "digest": digest,
        "hash": hash_of(seq=seq, recorded_at=recorded_at, prev=prev, digest=digest),
        "content": dict(content),
    }


@dataclass(frozen=True, slots=True)
class Verification:
    valid: bool
    entries: int
    redacted: int
    head: str | None
    first_broken: int | None
    problem: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "entries": self.entries,
            "redacted": self.redacted,
            "head": self.head,
            "first_broken": self.first_broken,
            "problem": self.problem,
        }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_shape(document: Any) -> list[Mapping[str, Any]]:
    """The entries of an exported log, after checking its shape. Raises ``ShapeError``."""
    if not isinstance(document, dict):
        raise ShapeError("the document must be a JSON object")
    missing = [key for key in ("chain", "head", "entries") if key not in document]
    if missing:
        raise ShapeError(f"the document lacks {', '.join(repr(m) for m in missing)}")
    if not isinstance(document["chain"], str):
        raise ShapeError("'chain' must be a string")
    if document["head"] is not None and not isinstance(document["head"], str):
        raise ShapeError("'head' must be a string or null")
    entries = document["entries"]
    if not isinstance(entries, list):
        raise ShapeError("'entries' must be a list")
    for position, entry in enumerate(entries, start=1):
        where = f"entry {position}"
        if not isinstance(entry, dict):
            raise ShapeError(f"{where}: must be an object")
        missing = [key for key in _ENTRY_FIELDS if key not in entry]
        if missing:
            raise ShapeError(f"{where}: lacks {', '.join(repr(m) for m in missing)}")
        if not _is_int(entry["seq"]):
            raise ShapeError(f"{where}: 'seq' must be an integer")
        for key in ("recorded_at", "prev", "digest", "hash"):
            if not isinstance(entry[key], str):
                raise ShapeError(f"{where}: {key!r} must be a string")
        if entry["content"] is not None and not isinstance(entry["content"], dict):
            raise ShapeError(f"{where}: 'content' must be an object or null")
    return entries


def verify(document: Any, *, head: str | None = None) -> Verification:
    """Verify an exported decision log; with ``head``, also that the log still contains that head.

    Raises ``ShapeError`` when the document is not an exported log."""
    entries = check_shape(document)
    if head is not None and not is_hash(head):
        raise ShapeError("--head must be 64 hexadecimal characters")
    expected_head = head.lower() if head is not None else None
    redacted = sum(1 for entry in entries if entry["content"] is None)
    count = len(entries)

    def broken(position: int, problem: str) -> Verification:
        return Verification(False, count, redacted, None, position, f"entry {position}: {problem}")

    prev = GENESIS
    for position, entry in enumerate(entries, start=1):
        if entry["seq"] != position:
            return broken(
                position, f"seq is {entry['seq']}, expected {position} (an entry was removed, added or moved)"
            )
        if entry["prev"] != prev:
            return broken(position, "prev is not the hash of the entry before it")
        content = entry["content"]
        if content is not None and digest_of(content) != entry["digest"]:
            return broken(position, "the content does not give its digest (the content was changed)")
        computed = hash_of(
            seq=entry["seq"], recorded_at=entry["recorded_at"], prev=entry["prev"], digest=entry["digest"]
        )
        if computed != entry["hash"]:
            return broken(position, "the header does not give its hash")
        prev = entry["hash"]
    last = entries[-1]["hash"] if entries else None
    if expected_head is not None and all(entry["hash"] != expected_head for entry in entries):
        return Verification(
            False,
            count,
            redacted,
            None,
            None,
            f"no entry has the head {expected_head}: "
            "the log was rewritten (or shortened) since that head was published",
        )
    return Verification(True, count, redacted, last, None, None)


def is_hash(value: str) -> bool:
    return bool(_HASH.match(value.lower()))
