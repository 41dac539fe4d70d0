"""Team formation (docs/teams/formation.md): a pure module, no Django.

Public API::

    problem = parse_problem(document)          # raises ProblemError on malformed input
    result = solve(problem, time_limit=None)   # Result(status, members, leader, objective, reasons)
    result.to_dict(problem)                    # the form_team output document
    form_team(document, time_limit=None)       # both steps: document in, document out
"""

from __future__ import annotations

from typing import Any

from .problem import Problem, ProblemError, Requirement, parse_problem
from .solver import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Result, solve

__all__ = [
    "FEASIBLE",
    "INFEASIBLE",
    "OPTIMAL",
    "UNKNOWN",
    "Problem",
    "ProblemError",
    "Requirement",
    "Result",
    "form_team",
    "parse_problem",
    "solve",
]


def form_team(document: Any, *, time_limit: float | None = None) -> dict[str, Any]:
    """Solve a problem document and answer the output document (raises ``ProblemError``)."""
    problem = parse_problem(document)
    return solve(problem, time_limit=time_limit).to_dict(problem)
