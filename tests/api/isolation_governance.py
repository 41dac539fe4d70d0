"""Isolation cases of this part's API resources, for tests/api/test_isolation.py.

``addresses(b)`` creates municipality B's non-public objects of this part (on ``b.hidden_challenge``),
appends the words that must never reach A to ``b.secret_words``, and returns the GET address of each
path template filled in with them. ``POST_ONLY`` names the paths that have no GET.
"""

from __future__ import annotations

from typing import Any

POST_ONLY: set[str] = set()


def addresses(b: Any) -> dict[str, str]:
    return {}
