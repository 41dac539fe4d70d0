"""The engine's facet profile with no rows (a wave where nobody filled in the facet page)."""

from __future__ import annotations

import numpy as np

from veerkracht.monitor.scoring import facet_profile


def test_no_rows_give_an_empty_profile():
    profile = facet_profile(groups=[], allocations=np.empty((0, 4)), k=5)
    assert (profile.n, profile.excluded, profile.means, profile.groups) == (0, 0, None, ())


def test_only_invalid_rows_give_no_groups():
    # two rows that do not add up to 100: both excluded, nothing to show
    profile = facet_profile(
        groups=["inwoners", "inwoners"], allocations=np.array([[10, 10, 10, 10], [50, 50, 50, 50]]), k=2
    )
    assert (profile.n, profile.excluded, profile.means, profile.groups) == (0, 2, None, ())
