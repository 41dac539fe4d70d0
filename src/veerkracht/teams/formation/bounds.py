"""Lagrangian bounds: a valid upper bound on every team, and on every team containing candidate i.

Dualise the skill, resident, leader and distinct-organisation rows of the model with multipliers
lam >= 0, rho >= 0, eta >= 0, sigma >= 0.  What is left (choose ``places`` members, at most
``cap_left_o`` per organisation, +sigma for each new organisation) is solved exactly by a greedy:
per organisation the gains of taking its 1st, 2nd, ... member are w_(1) + sigma >= w_(2) >= ...
(non-increasing, so the organisation's value is concave in its number of members) and the best
choice is the ``places`` largest gains overall.  For *any* non-negative multipliers

    L = base + sum(top gains) - lam.need - rho.residents_needed - eta.leader_needed - sigma.orgs_needed

bounds the fit of every team (weak duality).  The bound is computed here, in exact float arithmetic
on small integers, not read from the LP solver: the multipliers only steer its quality, never its
validity.  With the LP's optimal duals it equals the LP relaxation (the greedy subproblem's polytope
is integral).  A team containing candidate i (not in the greedy choice) gets at most

    L_i = L - (smallest chosen gain) + w_i + sigma

because the rest of that team is a choice of places-1 members, worth at most the top places-1 gains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import FloatArray, Residual
from .problem import IntArray


@dataclass
class Multipliers:
    lam: FloatArray  # per requirement
    rho: float = 0.0
    eta: float = 0.0
    sigma: float = 0.0

    @classmethod
    def zero(cls, k: int) -> Multipliers:
        return cls(np.zeros(k))


@dataclass
class Bound:
    value: float  # L: bound on every team (-inf: the greedy subproblem has no solution)
    chosen: IntArray  # positions (in the evaluated index array) of the greedy choice
    per_candidate: FloatArray  # L_i for every evaluated candidate


class Evaluator:
    """Evaluates bounds over a fixed set of candidates (usually the whole pool) quickly."""

    def __init__(self, res: Residual, idx: IntArray | None = None) -> None:
        p = res.problem
        self.res = res
        self.idx = res.pool if idx is None else idx
        self.cover = p.cover[self.idx].astype(np.float64)
        self.fit = p.fit[self.idx].astype(np.float64)
        self.org = p.organisation[self.idx]
        self.resident = self.org < 0
        self.lead = p.can_lead[self.idx].astype(np.float64)
        # sigma goes to the first member of an organisation not yet in the team
        self.new_org = np.zeros(len(self.idx), dtype=bool)
        m = ~self.resident
        self.new_org[m] = ~res.forced_orgs[self.org[m]]
        self.cap = np.zeros(len(self.idx), dtype=np.int64)
        self.cap[m] = res.cap_left[self.org[m]]
        self.cap[~m] = res.places
        # members grouped by organisation for per-organisation maxima
        self.by_org = np.argsort(np.where(m, self.org, -1), kind="stable")
        sorted_org = np.where(m, self.org, -1)[self.by_org]
        first = np.flatnonzero(np.r_[True, sorted_org[1:] != sorted_org[:-1]])
        self.group_start = first
        self.group_is_org = sorted_org[first] >= 0

    def weights(self, mu: Multipliers) -> FloatArray:
        w = self.fit + self.cover @ mu.lam if len(mu.lam) else self.fit.copy()
        if mu.rho:
            w = w + mu.rho * self.resident
        if mu.eta:
            w = w + mu.eta * self.lead
        return w

    def bound(self, mu: Multipliers) -> Bound:
        res = self.res
        places = res.places
        w = self.weights(mu)
        sigma = mu.sigma
        n = len(w)
        const = (
            res.base
            - float(mu.lam @ res.need if len(mu.lam) else 0.0)
            - mu.rho * res.residents_needed
            - mu.eta * float(res.leader_needed)
            - sigma * res.orgs_needed
        )
        empty = np.zeros(0, dtype=np.int64)
        if places <= 0:
            return Bound(const, empty, np.full(n, -np.inf))
        # threshold: the places-th largest of {best of each organisation} u {residents} is a lower
        # bound on the places-th largest gain, so lower gains can be skipped.
        theta = -np.inf
        if n:
            ws = w[self.by_org]
            gmax = np.maximum.reduceat(ws, self.group_start)
            cands = [gmax[self.group_is_org]]
            if not self.group_is_org[0]:  # residents are the first group (key -1)
                end = self.group_start[1] if len(self.group_start) > 1 else n
                cands.append(ws[:end])
            top = np.concatenate(cands)
            if len(top) >= places:
                theta = np.partition(top, len(top) - places)[len(top) - places]
        upper = w + sigma * self.new_org
        u = np.flatnonzero(upper >= theta)
        # rank within organisation among u (higher weight first, then input order)
        order = np.lexsort((u, -w[u], np.where(self.resident[u], -1, self.org[u])))
        uo = u[order]
        key = np.where(self.resident[uo], -1, self.org[uo])
        starts = np.r_[True, key[1:] != key[:-1]]
        start_pos = np.maximum.accumulate(np.where(starts, np.arange(len(uo)), 0))
        rank = np.arange(len(uo)) - start_pos
        keep = rank < self.cap[uo]
        gains = w[uo] + sigma * (self.new_org[uo] & (rank == 0))
        kept = uo[keep]
        kg = gains[keep]
        if len(kept) < places:
            return Bound(-np.inf, empty, np.full(n, -np.inf))
        sel = np.argpartition(-kg, places - 1)[:places]
        chosen = kept[sel]
        value = float(kg[sel].sum()) + const
        smallest = float(kg[sel].min())
        per = value - smallest + upper
        per[chosen] = value
        return Bound(value, chosen, per)
