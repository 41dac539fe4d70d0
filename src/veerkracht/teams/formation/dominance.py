"""Dominance reduction: drop candidates that some optimal team never needs.

Order candidates by j > i ("j dominates i") when fit_j >= fit_i, j covers every required skill i
covers, j can lead if i can (only while a leader is still needed), and j differs from i in one of
these or comes earlier in the input.  This is a strict partial order.  In the residual problem
(``places`` to fill, locked-in members already placed) candidate i is dropped when, among the
candidates it is evaluated with, it has

    (a) at least min(cap_left of its organisation, places) dominators in its own organisation
        (for a resident: at least ``places`` resident dominators), or
    (b) a + b + r >= places, where a = dominators in its own class (organisation / residents),
        b = distinct other organisations, not represented by a locked-in member, holding a dominator,
        r = resident dominators, counted only for an organisation member when no more distinct
        organisations are needed (orgs_needed = 0); for a resident, b only counts when no more
        residents are needed (residents_needed = 0) and r is not used.

Why this is safe (docs/adr/0004-team-formation.md has the full proof): take, among the optimal
teams, one whose members have the largest total rank in a fixed linear extension of ">".  If it held
a dropped candidate i, the counts above leave at least one dominator j outside the team that can
replace i without breaking any requirement (same organisation with room under the cap, a new
organisation, or a resident where neither the organisation count nor the cap suffers); the swap
keeps every requirement, does not lower the fit and raises the total rank: a contradiction.
"""

from __future__ import annotations

import numpy as np

from .model import Residual
from .problem import IntArray

BLOCK = 512


def dominance_prune(res: Residual, cand: IntArray) -> IntArray:
    """Candidates of ``cand`` (candidate indices) that are not dropped; sorted."""
    p = res.problem
    cand = np.sort(np.asarray(cand, dtype=np.int64))
    m = len(cand)
    places = res.places
    if m <= places or places <= 0:
        return cand
    fit = p.fit[cand]
    cover = p.cover[cand]
    lead = p.can_lead[cand] if res.leader_needed else np.zeros(m, dtype=bool)
    org = p.organisation[cand]
    resident = org < 0
    # local organisation ids; -1 for residents and for organisations already in the team
    _, local = np.unique(np.where(resident, -1, org), return_inverse=True)
    local = local.reshape(-1)
    fresh_org = np.zeros(m, dtype=bool)
    fresh_org[~resident] = ~res.forced_orgs[org[~resident]]
    n_local = int(local.max()) + 1 if m else 0
    onehot = np.zeros((m, n_local), dtype=np.float32)
    onehot[np.arange(m)[fresh_org], local[fresh_org]] = 1.0
    a = np.zeros(m, dtype=np.int64)
    b = np.zeros(m, dtype=np.int64)
    r = np.zeros(m, dtype=np.int64)
    keys = np.concatenate([fit[:, None], cover.astype(np.int64), lead[:, None].astype(np.int64)], axis=1)
    pos = np.arange(m)
    for s in range(0, m, BLOCK):
        blk = slice(s, min(m, s + BLOCK))
        ki = keys[blk]  # dominated candidates i (rows)
        ge = (keys[None, :, :] >= ki[:, None, :]).all(axis=2)  # [i, j]: j >= i everywhere
        eq = (keys[None, :, :] == ki[:, None, :]).all(axis=2)
        dom = ge & (~eq | (pos[None, :] < pos[blk][:, None]))
        same = np.where(
            resident[blk][:, None],
            resident[None, :],
            (org[None, :] == org[blk][:, None]) & ~resident[None, :],
        )
        a[blk] = (dom & same).sum(axis=1)
        r[blk] = (dom & resident[None, :]).sum(axis=1)
        other = dom & ~same
        per_org = other.astype(np.float32) @ onehot
        b[blk] = (per_org > 0).sum(axis=1)
    cap = np.full(m, places, dtype=np.int64)
    cap[~resident] = np.minimum(res.cap_left[org[~resident]], places)
    drop = a >= cap
    member_extra = b + (r if res.orgs_needed == 0 else 0)
    resident_extra = b if res.residents_needed == 0 else np.zeros(m, dtype=np.int64)
    extra = np.where(resident, resident_extra, member_extra)
    drop |= a + extra >= places
    return cand[~drop]
