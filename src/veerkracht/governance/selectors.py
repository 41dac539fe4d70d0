"""Reading governance data for pages, commands and other apps' pages (no writes here).

The decision log (docs/governance/decisions.md):

* :func:`municipality_or_404` / :func:`municipality_by_slug` — whose log a slug names.
* :func:`log_document_text` — the exported log as JSON text; the ``export_decisions`` command and the
  public ``.json`` download serve this same text.
* :func:`log_page_entries` — one page of the public log, redacted where confidential.
* :func:`exported_entries` — entries as the exported log has them (the public ``.json`` download),
  redacted unless ``may_read`` says the caller may read a confidential one; :func:`confidential_reader`
  answers that for a person as the challenge pages do. The API's ``besluiten`` serve these.
* :func:`indicator_statuses` / :func:`objective_statuses` — the rules engine's status of indicators and
  objectives, computed as their pages compute it (``status.evaluate_many``), for the API.
* :func:`decision_history` — a challenge's decisions for another page to include, newest first::

      from veerkracht.governance.selectors import decision_history

      context["decision_history"] = decision_history(challenge, request.user)
      # in the template:
      {% include "governance/_decision_history.html" with history=decision_history %}

  Confidential entries come back with ``visible=False`` (no title, no text) unless the user has
  ``governance.view_confidential`` on the challenge; the template then shows "confidential decision #n".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404

from veerkracht.governance import status
from veerkracht.governance.indicators import IndicatorStatus, ObjectiveStatus
from veerkracht.governance.models import Decision, DecisionChain, DecisionKind, Indicator, Objective
from veerkracht.governance.services.decisions import export_entry, export_log
from veerkracht.organisations.models import Kind, Organisation


def municipality_by_slug(slug: str) -> Organisation | None:
    """The municipality with ``slug``; None for an unknown slug or an organisation of another kind."""
    return Organisation.objects.filter(slug=slug, kind=Kind.GEMEENTE).first()


def municipality_or_404(slug: str) -> Organisation:
    found = municipality_by_slug(slug)
    if found is None:
        raise Http404
    return found


def log_document_text(municipality: Organisation, *, public_only: bool) -> str:
    """The exported log of ``municipality`` as JSON text (UTF-8 characters as themselves). With
    ``public_only`` the content of confidential entries is null."""
    return json.dumps(export_log(municipality, public_only=public_only), ensure_ascii=False)


def chain_of(municipality: Organisation) -> DecisionChain | None:
    """The municipality's chain (its head and length), or None when nothing was recorded yet."""
    return DecisionChain.objects.filter(municipality=municipality).first()


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One entry of the public log. ``public`` False: redacted, only the header is shown."""

    seq: int
    recorded_at: str
    digest: str
    hash: str
    prev: str
    public: bool
    kind: str = ""
    kind_label: str = ""
    challenge: str = ""
    title: str = ""
    text: str = ""
    refs: list[str] = field(default_factory=list)
    corrects: int | None = None


def _kind_label(kind: str) -> str:
    return str(DecisionKind(kind).label) if kind in DecisionKind.values else kind


def log_entries(decisions: Iterable[Decision]) -> list[LogEntry]:
    """Public view of ``decisions``: the content of confidential entries is never read."""
    entries = []
    for d in decisions:
        if not d.public:
            entries.append(LogEntry(d.seq, d.recorded_at, d.digest, d.hash, d.prev, public=False))
            continue
        content = json.loads(d.content)
        entries.append(
            LogEntry(
                d.seq,
                d.recorded_at,
                d.digest,
                d.hash,
                d.prev,
                public=True,
                kind=content["kind"],
                kind_label=_kind_label(content["kind"]),
                challenge=content["challenge"],
                title=content["title"],
                text=content["text"],
                refs=list(content["refs"]),
                corrects=content["corrects"],
            )
        )
    return entries


def log_queryset(municipality: Organisation) -> Any:
    """The log's entries in order (one query per page; only the fields the public page needs)."""
    return (
        Decision.objects.filter(chain__municipality=municipality)
        .order_by("seq")
        .only("seq", "recorded_at", "digest", "hash", "prev", "public", "content")
    )


def kind_label(kind: str) -> str:
    """The decision kind as the log page names it, in the active language."""
    return _kind_label(kind)


def decisions_queryset() -> Any:
    """Every log's entries with what a reader's check needs (the chain's municipality, the challenge and
    its agenda): no query per entry."""
    return Decision.objects.select_related("chain__municipality", "challenge__agenda")


def exported_entries(
    decisions: Iterable[Decision], may_read: Callable[[Decision], bool]
) -> list[dict[str, Any]]:
    """``decisions`` as the exported log has them (:func:`export_entry`): the content of a public entry,
    and of a confidential one only where ``may_read`` allows it; otherwise null, as the public log page
    and its ``.json`` download redact it."""
    return [export_entry(d, public_only=not (d.public or may_read(d))) for d in decisions]


def confidential_reader(user: Any) -> Callable[[Decision], bool]:
    """Whether ``user`` may read a confidential entry, as the challenge pages decide:
    ``governance.view_confidential`` on the entry's challenge; an entry about no challenge, the
    board of the log's municipality (``governance.view_board``). Answers are remembered per challenge
    and municipality, so a page of entries costs a query per distinct one at most."""
    if not getattr(user, "is_authenticated", False):
        return lambda decision: False
    known: dict[tuple[str, int | None], bool] = {}

    def may_read(decision: Decision) -> bool:
        challenge = decision.challenge if decision.challenge_id is not None else None
        if challenge is not None:
            key = ("challenge", challenge.pk)
            if key not in known:
                known[key] = bool(user.has_perm("governance.view_confidential", challenge))
        else:
            key = ("municipality", decision.chain.municipality_id)
            if key not in known:
                known[key] = bool(user.has_perm("governance.view_board", decision.chain.municipality))
        return known[key]

    return may_read


# --- the rules engine's status, for the API -------------------------------------------------------


def objective_statuses(
    objectives: Iterable[Objective], as_of: date | None = None
) -> dict[int, ObjectiveStatus]:
    """Each objective's status by primary key (none without indicators), as the challenge page computes
    it. ``objectives`` need their indicators prefetched (``status.with_measurements``)."""
    return status.evaluate_many(objectives, as_of)


def indicator_statuses(
    indicators: Iterable[Indicator], as_of: date | None = None
) -> dict[int, IndicatorStatus]:
    """Each indicator's status by primary key, as the indicator's page computes it (its objective is
    evaluated whole). Three queries whatever the number of indicators."""
    objective_ids = {indicator.objective_id for indicator in indicators}
    if not objective_ids:
        return {}
    objectives = list(status.with_indicators(Objective.objects.filter(pk__in=objective_ids)))
    results = status.evaluate_many(objectives, as_of)
    answer: dict[int, IndicatorStatus] = {}
    for objective in objectives:
        found = results.get(objective.pk)
        by_code = {i.code: i for i in found.indicators} if found is not None else {}
        for indicator in objective.indicators.all():
            if indicator.code in by_code:
                answer[indicator.pk] = by_code[indicator.code]
    return answer


def latest_recorded_at() -> str:
    """When the last entry of any log was recorded (UTC, ISO 8601); "" when none was."""
    last = Decision.objects.order_by("-recorded_at").values_list("recorded_at", flat=True).first()
    return last or ""


# --- a challenge's decision history ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One decision about a challenge. ``visible`` False: confidential and the user may not read it
    (then ``kind``, ``title``, ``text`` and ``refs`` are empty; show it as "confidential decision #seq")."""

    seq: int
    recorded_at: str
    kind: str
    kind_label: str
    public: bool
    visible: bool
    title: str = ""
    text: str = ""
    decided_by: str = ""
    refs: list[str] = field(default_factory=list)
    corrects: int | None = None


def decision_history(challenge: Any, user: Any, *, limit: int | None = None) -> list[HistoryEntry]:
    """The decisions recorded about ``challenge``, newest first (at most ``limit``). One query, plus
    the permission check. Confidential entries are readable only with ``governance.view_confidential``
    on the challenge; otherwise they come back with ``visible=False`` and no content."""
    may_read_confidential = bool(user.has_perm("governance.view_confidential", challenge))
    decisions = Decision.objects.filter(challenge=challenge).order_by("-seq")
    if limit is not None:
        decisions = decisions[:limit]
    history = []
    for d in decisions:
        visible = d.public or may_read_confidential
        if not visible:
            history.append(HistoryEntry(d.seq, d.recorded_at, "", "", public=False, visible=False))
            continue
        content = json.loads(d.content)
        by = content["decided_by"]
        history.append(
            HistoryEntry(
                d.seq,
                d.recorded_at,
                d.kind,
                _kind_label(d.kind),
                public=d.public,
                visible=True,
                title=content["title"],
                text=content["text"],
                decided_by=", ".join(part for part in (by["name"], by["role"], by["organisation"]) if part),
                refs=list(content["refs"]),
                corrects=content["corrects"],
            )
        )
    return history
