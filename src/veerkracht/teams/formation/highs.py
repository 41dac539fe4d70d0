"""Thin wrappers around scipy's HiGHS (LP with duals, MILP with a time limit)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .bounds import Multipliers
from .model import FloatArray, Model
from .problem import IntArray

# HiGHS stops at a relative gap of 1e-4 by default; the objective is integral, so ask for (almost) 0.
MIP_REL_GAP = 1e-9


@dataclass
class LPResult:
    status: str  # "optimal" | "infeasible" | "limit"
    value: float
    x: FloatArray | None
    multipliers: Multipliers | None


@dataclass
class MILPResult:
    status: str  # "optimal" | "infeasible" | "limit"
    value: float | None
    chosen: IntArray | None  # candidate indices with x = 1
    proven: bool


def solve_lp(model: Model, n_requirements: int, *, time_limit: float | None = None) -> LPResult:
    options: dict[str, float | bool] = {}
    if time_limit is not None:
        options["time_limit"] = max(time_limit, 1e-3)
    r = linprog(
        model.c,
        A_ub=model.a_ub if model.a_ub.shape[0] else None,
        b_ub=model.b_ub if model.a_ub.shape[0] else None,
        A_eq=model.a_eq,
        b_eq=model.b_eq,
        bounds=np.column_stack([np.zeros(model.n_vars), model.upper]),
        method="highs",
        options=options,
    )
    if r.status == 2:
        return LPResult("infeasible", -np.inf, None, None)
    if r.status != 0:
        return LPResult("limit", np.nan, None, None)
    lam = np.zeros(n_requirements)
    rho = eta = sigma = 0.0
    if model.a_ub.shape[0]:
        marg = -np.asarray(r.ineqlin.marginals)  # dF/d(need) = -marginal >= 0
        marg = np.maximum(marg, 0.0)
        lam[model.skill_rows] = marg[: len(model.skill_rows)]
        rho = float(marg[model.resident_row]) if model.resident_row >= 0 else 0.0
        eta = float(marg[model.leader_row]) if model.leader_row >= 0 else 0.0
        sigma = float(marg[model.orgs_row]) if model.orgs_row >= 0 else 0.0
    return LPResult("optimal", -float(r.fun), np.asarray(r.x), Multipliers(lam, rho, eta, sigma))


def solve_milp(model: Model, *, time_limit: float | None = None) -> MILPResult:
    constraints = [LinearConstraint(model.a_eq, model.b_eq, model.b_eq)]
    if model.a_ub.shape[0]:
        constraints.append(LinearConstraint(model.a_ub, -np.inf, model.b_ub))
    options: dict[str, float | bool] = {"mip_rel_gap": MIP_REL_GAP}
    if time_limit is not None:
        options["time_limit"] = max(time_limit, 1e-3)
    r = milp(
        model.c,
        constraints=constraints,
        integrality=np.ones(model.n_vars),
        bounds=Bounds(0, model.upper),
        options=options,
    )
    if r.status == 2:
        return MILPResult("infeasible", None, None, True)
    if r.x is None:
        return MILPResult("limit", None, None, False)
    x = np.asarray(r.x[: len(model.idx)])
    chosen = model.idx[x > 0.5]
    return MILPResult("optimal" if r.status == 0 else "limit", -float(r.fun), chosen, r.status == 0)
