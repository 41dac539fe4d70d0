"""The transition table, checked as a whole: every (from, to) pair is allowed or refused as the
method says, and each target state demands what it needs."""

from __future__ import annotations

import itertools

import pytest

from veerkracht.participation import states as s

ALLOWED = {
    (s.ONTVANGEN, s.IN_BEHANDELING),
    (s.ONTVANGEN, s.OVERGENOMEN),
    (s.ONTVANGEN, s.NIET_OVERGENOMEN),
    (s.ONTVANGEN, s.SAMENGEVOEGD),
    (s.IN_BEHANDELING, s.OVERGENOMEN),
    (s.IN_BEHANDELING, s.NIET_OVERGENOMEN),
    (s.IN_BEHANDELING, s.SAMENGEVOEGD),
    (s.NIET_OVERGENOMEN, s.IN_BEHANDELING),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(s.ALL, s.ALL)))
def test_each_pair_is_allowed_or_refused(current, target):
    assert s.allowed(current, target) is ((current, target) in ALLOWED)
    complete = s.Move(current, target, outcome="x", reason="x", merged_into_state=s.ONTVANGEN)
    assert (s.problems(complete) == []) is ((current, target) in ALLOWED)


def test_adopted_and_merged_are_final():
    assert s.targets(s.OVERGENOMEN) == []
    assert s.targets(s.SAMENGEVOEGD) == []


def test_what_each_target_needs():
    assert s.problems(s.Move(s.ONTVANGEN, s.OVERGENOMEN)) == [s.NEEDS_OUTCOME]
    assert s.problems(s.Move(s.ONTVANGEN, s.NIET_OVERGENOMEN, reason="  ")) == [s.NEEDS_REASON]
    assert s.problems(s.Move(s.ONTVANGEN, s.SAMENGEVOEGD)) == [s.NEEDS_TARGET]
    assert s.problems(
        s.Move(s.ONTVANGEN, s.SAMENGEVOEGD, merged_into_state=s.ONTVANGEN, merged_into_self=True)
    ) == [s.SAME_IDEA]
    assert s.problems(s.Move(s.ONTVANGEN, s.SAMENGEVOEGD, merged_into_state=s.NIET_OVERGENOMEN)) == [
        s.TARGET_NOT_OPEN
    ]
    assert s.problems(s.Move(s.OVERGENOMEN, s.IN_BEHANDELING)) == [s.NOT_ALLOWED]


@pytest.mark.parametrize(
    ("full_name", "nickname", "shown"),
    [
        ("Anna de Vries", "", "Anna V."),
        ("Mohamed El Amrani", "", "Mohamed A."),
        ("Cher", "", "Cher"),
        ("", "", ""),
        ("Anna de Vries", "  Buurvrouw ", "Buurvrouw"),
    ],
)
def test_public_name(full_name, nickname, shown):
    assert s.public_name(full_name, nickname) == shown


def test_median_days():
    day = 86400
    assert s.median_days([]) is None
    assert s.median_days([3 * day, 1 * day, 2 * day]) == 2
    assert s.median_days([1 * day, 4 * day, 2 * day, 10 * day]) == 3
