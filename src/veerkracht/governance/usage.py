"""What a challenge has used of its mandate: money (€) and hours.

Until the resources ledger exists, the use comes from the entries on the mandate page
(:class:`~veerkracht.governance.models.UsageEntry`). The ledger will plug in here without governance
importing it::

    from veerkracht.governance.usage import register_usage_source

    def ledger_usage(challenge) -> tuple[Decimal, Decimal]:
        return money_spent, hours_worked          # sums for the whole challenge

    register_usage_source(ledger_usage)            # from the ledger app's AppConfig.ready

A source is ``fn(challenge) -> (money, hours)``, two ``Decimal`` sums for the whole challenge. The
*latest* registered source is the one used (registering the ledger replaces the entries on the
mandate page as the source; registering the same function twice is harmless). The default source
sums the challenge's usage entries (corrections are negative entries, so the sums are right).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from veerkracht.governance.models import UsageEntry, UsageKind

UsageSource = Callable[[Any], tuple[Decimal, Decimal]]


def entries_usage(challenge: Any) -> tuple[Decimal, Decimal]:
    """The default source: the sums of the challenge's usage entries (one query)."""
    sums = UsageEntry.objects.filter(challenge_id=challenge.pk).aggregate(
        money=Sum("amount", filter=Q(kind=UsageKind.MONEY)),
        hours=Sum("amount", filter=Q(kind=UsageKind.HOURS)),
    )
    return (sums["money"] or Decimal(0), sums["hours"] or Decimal(0))


_SOURCES: list[UsageSource] = [entries_usage]


def register_usage_source(fn: UsageSource) -> UsageSource:
    """Make ``fn`` the source of use (usable as a decorator)."""
    if fn in _SOURCES:
        _SOURCES.remove(fn)
    _SOURCES.append(fn)
    return fn


def unregister_usage_source(fn: UsageSource) -> None:
    """Remove ``fn`` (the default source cannot be removed)."""
    if fn is not entries_usage and fn in _SOURCES:
        _SOURCES.remove(fn)


@dataclass(frozen=True)
class Usage:
    money: Decimal
    hours: Decimal


def usage_of(challenge: Any) -> Usage:
    """What ``challenge`` has used, from the current source."""
    money, hours = _SOURCES[-1](challenge)
    return Usage(money=Decimal(money), hours=Decimal(hours))
