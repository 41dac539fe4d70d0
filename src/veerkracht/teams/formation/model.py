"""The integer model of team formation, shared by the exact solver and the baselines.

``reduce_problem`` takes the locked-in members (``include`` and the appointed leader) out of the
problem, leaving a *residual problem*: choose ``places`` more members from ``pool``.  ``build_model``
writes the residual problem (or its restriction to a subset of the pool) as a MILP for
``scipy.optimize.milp`` / ``linprog`` (HiGHS):

    max  sum_i fit_i x_i
    s.t. sum_i x_i                    = places
         sum_i cover_ik x_i          >= need_k           (each required skill k)
         sum_{i in o} x_i            <= cap_left_o       (each organisation o)
         sum_{i resident} x_i        >= residents_needed
         sum_{i can lead} x_i        >= 1                (when no leader is fixed yet)
         y_o - sum_{i in o} x_i      <= 0,  sum_o y_o >= orgs_needed   (distinct organisations)
         x, y binary (or in [0, 1] for the LP relaxation)

The leader variable of the definition ("exactly one leader, a member with can_lead") is folded into
the ``can lead`` row: a team has a valid leader iff it has a member who can lead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from .problem import BoolArray, IntArray, Problem

FloatArray = npt.NDArray[np.float64]


@dataclass
class Residual:
    problem: Problem
    forced: list[int]
    pool: IntArray  # candidate indices that may fill the remaining places
    places: int
    need: IntArray  # per requirement: members still needed
    cap_left: IntArray  # per organisation index: places left under the cap (may be < 0)
    residents_needed: int
    orgs_needed: int  # distinct organisations still needed, from organisations not yet in the team
    leader_needed: bool
    forced_orgs: BoolArray  # per organisation index: already represented by a locked-in member
    base: int  # fit of the locked-in members

    @property
    def n_orgs(self) -> int:
        return len(self.problem.organisation_names)


def reduce_problem(problem: Problem) -> Residual:
    p = problem
    forced = p.forced()
    f = np.array(forced, dtype=np.int64)
    n_orgs = len(p.organisation_names)
    forced_org_idx = p.organisation[f][p.organisation[f] >= 0]
    in_forced = np.bincount(forced_org_idx, minlength=n_orgs) if n_orgs else np.zeros(0, np.int64)
    cap_left = p.cap - in_forced
    forced_orgs = in_forced > 0
    eligible = p.eligible()
    eligible[f] = False
    org = p.organisation
    usable_org = np.ones(p.n, dtype=bool)
    member = org >= 0
    usable_org[member] = cap_left[org[member]] > 0
    pool = np.flatnonzero(eligible & usable_org)
    need = np.maximum(0, p.counts - p.cover[f].sum(axis=0)) if p.requirements else np.zeros(0, np.int64)
    leader_needed = p.leader is None and not bool(p.can_lead[f].any())
    return Residual(
        problem=p,
        forced=forced,
        pool=pool,
        places=p.team_size - len(forced),
        need=need.astype(np.int64),
        cap_left=cap_left.astype(np.int64),
        residents_needed=max(0, p.min_residents - int((org[f] < 0).sum())),
        orgs_needed=max(0, p.min_organisations - int(forced_orgs.sum())),
        leader_needed=leader_needed,
        forced_orgs=forced_orgs,
        base=int(p.fit[f].sum()),
    )


@dataclass
class Model:
    """Arrays for HiGHS.  Variables: x for ``idx`` (candidate indices), then y for ``y_orgs``."""

    idx: IntArray
    y_orgs: IntArray
    c: FloatArray  # minimise -fit
    a_ub: sparse.csr_array
    b_ub: FloatArray
    a_eq: sparse.csr_array
    b_eq: FloatArray
    skill_rows: IntArray  # requirement index per "need" row, rows 0..len-1 of a_ub
    resident_row: int  # row in a_ub, -1 when absent
    leader_row: int
    orgs_row: int
    upper: FloatArray  # variable upper bounds (lower bounds are 0)
    n_slack: int = 0

    @property
    def n_vars(self) -> int:
        return len(self.idx) + len(self.y_orgs) + self.n_slack


def build_model(res: Residual, idx: IntArray | None = None, *, elastic: float | None = None) -> Model:
    """The residual problem as a MILP over candidates ``idx`` (default: the whole pool).

    ``elastic``: give every ">=" row a slack variable costing ``elastic`` per unit (for the
    column-generation LP, which must stay feasible on a small core).
    """
    p = res.problem
    idx = res.pool if idx is None else np.asarray(idx, dtype=np.int64)
    m = len(idx)
    org = p.organisation[idx]
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[FloatArray] = []
    rhs: list[float] = []
    r = 0
    skill_rows = np.flatnonzero(res.need > 0)
    if len(skill_rows):
        sub = p.cover[idx][:, skill_rows]
        ii, kk = np.nonzero(sub)
        rows.append(kk.astype(np.int64))
        cols.append(ii.astype(np.int64))
        vals.append(-np.ones(len(ii)))
        rhs.extend(-res.need[skill_rows].astype(float))
        r += len(skill_rows)
    # organisation caps (only where they can bind)
    members = org >= 0
    counts = np.bincount(org[members], minlength=res.n_orgs)
    binding = np.flatnonzero(counts > res.cap_left)
    if len(binding):
        row_of = np.full(res.n_orgs, -1, dtype=np.int64)
        row_of[binding] = r + np.arange(len(binding))
        ii = np.flatnonzero(members)
        rr = row_of[org[ii]]
        keep = rr >= 0
        rows.append(rr[keep])
        cols.append(ii[keep])
        vals.append(np.ones(int(keep.sum())))
        rhs.extend(res.cap_left[binding].astype(float))
        r += len(binding)
    resident_row = leader_row = orgs_row = -1
    if res.residents_needed > 0:
        ii = np.flatnonzero(~members)
        rows.append(np.full(len(ii), r, dtype=np.int64))
        cols.append(ii)
        vals.append(-np.ones(len(ii)))
        rhs.append(-float(res.residents_needed))
        resident_row = r
        r += 1
    if res.leader_needed:
        ii = np.flatnonzero(p.can_lead[idx])
        rows.append(np.full(len(ii), r, dtype=np.int64))
        cols.append(ii)
        vals.append(-np.ones(len(ii)))
        rhs.append(-1.0)
        leader_row = r
        r += 1
    y_orgs = np.zeros(0, dtype=np.int64)
    if res.orgs_needed > 0:
        present = np.flatnonzero((counts > 0) & ~res.forced_orgs)
        y_orgs = present
        ycol = np.full(res.n_orgs, -1, dtype=np.int64)
        ycol[present] = m + np.arange(len(present))
        link_row = np.full(res.n_orgs, -1, dtype=np.int64)
        link_row[present] = r + np.arange(len(present))
        ii = np.flatnonzero(members)
        lr = link_row[org[ii]]
        keep = lr >= 0
        rows += [lr[keep], link_row[present]]
        cols += [ii[keep], ycol[present]]
        vals += [-np.ones(int(keep.sum())), np.ones(len(present))]
        rhs.extend([0.0] * len(present))
        r += len(present)
        rows.append(np.full(len(present), r, dtype=np.int64))
        cols.append(ycol[present])
        vals.append(-np.ones(len(present)))
        rhs.append(-float(res.orgs_needed))
        orgs_row = r
        r += 1
    n_vars = m + len(y_orgs)
    upper = np.ones(n_vars)
    c = np.concatenate([-p.fit[idx].astype(float), np.zeros(len(y_orgs))])
    n_slack = 0
    if elastic is not None:
        ge_rows = [int(k) for k in range(len(skill_rows))]
        ge_rows += [row for row in (resident_row, leader_row, orgs_row) if row >= 0]
        n_slack = len(ge_rows)
        rows.append(np.array(ge_rows, dtype=np.int64))
        cols.append(n_vars + np.arange(n_slack, dtype=np.int64))
        vals.append(-np.ones(n_slack))
        upper = np.concatenate([upper, -np.array(rhs)[ge_rows]])
        c = np.concatenate([c, np.full(n_slack, float(elastic))])
        n_vars += n_slack
    if rows:
        a_ub = sparse.csr_array(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, n_vars)
        )
    else:
        a_ub = sparse.csr_array((0, n_vars))
    a_eq = sparse.csr_array((np.ones(m), (np.zeros(m, dtype=np.int64), np.arange(m))), shape=(1, n_vars))
    return Model(
        idx=idx,
        y_orgs=y_orgs,
        c=c,
        a_ub=a_ub,
        b_ub=np.array(rhs, dtype=float),
        a_eq=a_eq,
        b_eq=np.array([float(res.places)]),
        skill_rows=skill_rows,
        resident_row=resident_row,
        leader_row=leader_row,
        orgs_row=orgs_row,
        upper=upper,
        n_slack=n_slack,
    )
