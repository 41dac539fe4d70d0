"""The ledger's ties in the partner network: organisations whose pledges to the same challenge were
accepted work together on it. Registered with the network's edge-source registry, so the network does
not import the ledger. One query, whatever the scope's size."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from veerkracht.network.graph import Tie
from veerkracht.resources.models import COUNTING, Pledge


def pledge_ties(challenge_ids: set[int]) -> list[Tie]:
    """One tie per pair of organisations with accepted (or since ended) pledges to the same challenge,
    in the year of the first of those pledges."""
    rows = Pledge.objects.filter(need__challenge_id__in=challenge_ids, state__in=COUNTING).values_list(
        "need__challenge_id", "organisation_id", "created_at"
    )
    groups: dict[int, set[int]] = defaultdict(set)
    first: dict[int, int] = {}
    for challenge_id, organisation_id, created in rows:
        groups[challenge_id].add(organisation_id)
        if created is not None:
            first[challenge_id] = min(first.get(challenge_id, created.year), created.year)
    return [
        Tie(a, b, 1.0, first.get(challenge_id), "pledge")
        for challenge_id in sorted(groups)
        for a, b in combinations(sorted(groups[challenge_id]), 2)
    ]
