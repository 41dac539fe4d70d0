"""Demo data of the plans part (runs after the other parts' loaders)."""

from __future__ import annotations

from typing import Any


def load(ctx: Any) -> None:
    from veerkracht.plans import demo_plan, pilot_demo

    pilot_demo.load(ctx)  # pilots first: the plan's approach and planning show them
    demo_plan.load(ctx)
