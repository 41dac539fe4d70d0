"""The registry of edge sources: what ties organisations together in the partner network.

A source is a function ``source(challenge_ids: set[int]) -> Iterable[Tie]`` that yields, for the
challenges in scope, ties between organisations (``veerkracht.network.graph.Tie``: two organisation
ids, a weight, the year the tie arose and a short source name). Register it once, in your app's
``AppConfig.ready``::

    from veerkracht.network.sources import register_edge_source

    def pledge_ties(challenge_ids):
        ...  # one Tie(a, b, weight=1, year=..., source="pledge") per pair pledging to a challenge

    register_edge_source("pledges", pledge_ties)

The network app registers its own two: shared teams and stakeholder roles (``selectors``). Another
app (the resources ledger, for pledges to the same challenge) registers its own, so that the
network never imports it. A source must run a bounded number of queries, whatever the scope's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from veerkracht.network.graph import Tie

EdgeSource = Callable[[set[int]], Iterable[Tie]]

_SOURCES: dict[str, EdgeSource] = {}


def register_edge_source(name: str, source: EdgeSource) -> None:
    """Add (or replace, under the same name) a source of ties."""
    _SOURCES[name] = source


def unregister_edge_source(name: str) -> None:
    _SOURCES.pop(name, None)


def edge_sources() -> dict[str, EdgeSource]:
    return dict(_SOURCES)
