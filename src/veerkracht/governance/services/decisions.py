"""Appending to a municipality's decision log, and reading it back as the exported document.

The chain's rules are in :mod:`veerkracht.governance.chain` (pure); this module only stores entries.
Appending locks the chain's row (``select_for_update``), so concurrent writers get consecutive numbers
and each entry's ``prev`` is its predecessor's hash. The database refuses UPDATE and DELETE on the
entries' table (migration 0002).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.audit.logger import log
from veerkracht.governance import chain
from veerkracht.governance.models import Decision, DecisionChain


def chain_for(municipality: Any) -> DecisionChain:
    """The municipality's chain, created (empty) the first time."""
    found, _created = DecisionChain.objects.get_or_create(municipality=municipality)
    return found


def municipality_of(challenge: Any) -> Any:
    """Whose log a challenge's decisions go to: the municipality that owns the challenge's agenda; for
    a regional agenda (owned by a region), the challenge's lead municipality."""
    return challenge.agenda.municipality or challenge.lead_municipality


def decided_by(user: Any, role: str, organisation: Any) -> dict[str, str]:
    return {
        "name": str(getattr(user, "full_name", "") or getattr(user, "email", "") or user),
        "role": str(role),
        "organisation": str(getattr(organisation, "name", organisation)),
    }


def record_decision(
    *,
    challenge: Any,
    kind: str,
    title: str,
    text: str,
    by: Any,
    role: str,
    organisation: Any,
    public: bool = True,
    refs: Iterable[str] = (),
    corrects: int | None = None,
    municipality: Any = None,
) -> Decision:
    """Append one entry to the log of ``challenge``'s municipality (or ``municipality``'s when given).

    ``role`` and ``organisation`` say in what capacity ``by`` decided. Raises ``chain.ContentError`` for
    content the log does not take (nothing is written then). Must be part of the caller's transaction
    when it records what the decision is about (the entry and the change stand or fall together)."""
    municipality = municipality if municipality is not None else municipality_of(challenge)
    content: dict[str, Any] = {
        "challenge": challenge.slug if challenge is not None else "",
        "kind": kind,
        "title": title.strip(),
        "text": text.strip(),
        "decided_by": decided_by(by, role, organisation),
        "refs": [str(r) for r in refs],
        "corrects": corrects,
    }
    if challenge is None:
        content["challenge"] = "-"
    chain.check_content(content)
    target = chain_for(municipality)
    with transaction.atomic():
        locked = DecisionChain.objects.select_for_update().get(pk=target.pk)
        if corrects is not None and not (1 <= corrects <= locked.length):
            raise chain.ContentError("a correctie names an entry of the same log")
        seq = locked.length + 1
        entry = chain.make_entry(
            seq=seq, recorded_at=chain.format_recorded_at(timezone.now()), prev=locked.head, content=content
        )
        decision = Decision.objects.create(
            chain=locked,
            seq=seq,
            recorded_at=entry["recorded_at"],
            prev=entry["prev"],
            digest=entry["digest"],
            hash=entry["hash"],
            content=chain.canonical(content).decode(),
            public=public,
            challenge=challenge,
            kind=kind,
            title=content["title"][:300],
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        DecisionChain.objects.filter(pk=locked.pk).update(length=seq, head=entry["hash"])
        log(
            "governance.decision_recorded",
            actor=by,
            target=challenge,
            details={"seq": seq, "kind": kind, "public": public, "chain": locked.pk},
        )
    return decision


def content_of(decision: Decision) -> dict[str, Any]:
    loaded = chain.loads(decision.content)
    assert isinstance(loaded, dict)
    return loaded


def export_entry(decision: Decision, *, public_only: bool) -> dict[str, Any]:
    return {
        "seq": decision.seq,
        "recorded_at": decision.recorded_at,
        "prev": decision.prev,
        "digest": decision.digest,
        "hash": decision.hash,
        "content": content_of(decision) if (decision.public or not public_only) else None,
    }


def export_log(municipality: Any, *, public_only: bool) -> dict[str, Any]:
    """The exported document of ``municipality``'s log (``{"chain", "head", "entries"}``); with
    ``public_only`` the content of confidential entries is null (redacted)."""
    entries = [
        export_entry(d, public_only=public_only)
        for d in Decision.objects.filter(chain__municipality=municipality).order_by("seq").iterator()
    ]
    return {
        "chain": municipality.slug,
        "head": entries[-1]["hash"] if entries else None,
        "entries": entries,
    }
