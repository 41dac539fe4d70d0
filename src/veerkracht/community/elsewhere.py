"""Learned elsewhere: for one challenge, what other municipalities learned and work on.

The agenda's challenge page can show it without importing this app: see docs/organising/community.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from veerkracht.agenda import readings
from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_visible_to
from veerkracht.community import search, text
from veerkracht.community.selectors import visible_lessons

CANDIDATES = 50  # challenges compared by text, per request


@dataclass(frozen=True)
class Elsewhere:
    kind: str  # "lesson" or "challenge"
    title: str
    url: str
    municipality: str
    domain: str
    same_domain: bool
    score: float
    profile: readings.SharedProfile | None = None  # a challenge's monitor profile, where shared


def _own_municipalities(challenge: Challenge) -> list[int]:
    ids = set(challenge.agenda.municipality_ids())
    ids.add(challenge.lead_municipality_id)
    return sorted(ids)


def similar_elsewhere(challenge: Challenge, user: Any, limit: int = 5) -> list[Elsewhere]:
    own = _own_municipalities(challenge)
    query = f"{challenge.title} {text.TAG.sub(' ', challenge.problem)}"
    lessons = visible_lessons(user).exclude(municipality_id__in=own)
    same_domain_lessons = lessons.filter(domain_id=challenge.domain_id)

    def best(candidates: QuerySet[Any], n: int) -> list[Any]:
        matched = search.matching(candidates, query, any_term=True)
        return list(matched.select_related("municipality", "domain")[:n])

    # Matching lessons of the same domain first (ranked among themselves: on the national data a
    # domain's share of the lessons, not all of them), then matching lessons of other domains, then
    # lessons of the same domain that share no word.
    found: list[Any] = best(same_domain_lessons, limit)
    if len(found) < limit:
        found += best(lessons.exclude(domain_id=challenge.domain_id), limit - len(found))
    if len(found) < limit:
        more = (
            same_domain_lessons.exclude(pk__in=[lesson.pk for lesson in found])
            .select_related("municipality", "domain")
            .order_by("-created_at")[: limit - len(found)]
        )
        found += list(more)
    items = [
        Elsewhere(
            kind="lesson",
            title=lesson.title,
            url=reverse("community:lesson", args=[lesson.pk]),
            municipality=lesson.municipality.name,
            domain=lesson.domain.name,
            same_domain=lesson.domain_id == challenge.domain_id,
            score=float(getattr(lesson, "rank", 0.0) or 0.0),
        )
        for lesson in found
    ]

    stems = set(text.query_stems(query, drop_stopwords=True))
    visible = challenges_visible_to(user).exclude(lead_municipality_id__in=own).exclude(pk=challenge.pk)
    # The newest candidates of the same domain first, then (only when there are fewer than
    # CANDIDATES of those) the newest of the others. Each is a plain query taken newest first along an
    # index, reading only what the comparison needs; the few that are shown are fetched whole after.
    # (One statement joining both halves with an OR took 20-30 ms on the national data; these take
    # about 5 ms each, and the second is rarely needed.)
    fields = ("pk", "title", "problem")
    newest = ("-created_at", "-pk")
    candidates = [
        (1, *row)
        for row in visible.filter(domain_id=challenge.domain_id)
        .order_by(*newest)
        .values_list(*fields)[:CANDIDATES]
    ]
    if len(candidates) < CANDIDATES:
        others = visible.exclude(domain_id=challenge.domain_id).order_by(*newest).values_list(*fields)
        candidates += [(0, *row) for row in others[: CANDIDATES - len(candidates)]]
    ranked = []
    for same_domain, pk, title, problem in candidates:
        theirs = set(text.query_stems(f"{title} {problem}", drop_stopwords=True))
        overlap = len(stems & theirs) / (len(stems | theirs) or 1)
        ranked.append((same_domain, overlap, pk))
    ranked.sort(key=lambda t: (t[0], t[1]), reverse=True)
    chosen = Challenge.objects.select_related("lead_municipality", "domain").in_bulk(
        [pk for _same, _overlap, pk in ranked[:limit]]
    )
    scored = [(same_domain, overlap, chosen[pk]) for same_domain, overlap, pk in ranked[:limit]]
    profiles = readings.shared_profiles([other.pk for _same, _overlap, other in scored])
    items += [
        Elsewhere(
            kind="challenge",
            title=other.title,
            url=reverse("agenda:challenge", args=[other.slug]),
            municipality=other.lead_municipality.name,
            domain=other.domain.name,
            same_domain=bool(same_domain),
            score=overlap,
            profile=profiles.get(other.pk),
        )
        for same_domain, overlap, other in scored
    ]
    return items
