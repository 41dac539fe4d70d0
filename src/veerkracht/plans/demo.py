"""Demo data of the plans part (runs after the other parts' loaders)."""

from __future__ import annotations

from typing import Any


def load(ctx: Any) -> None:
    from veerkracht.plans import demo_plan

    demo_plan.load(ctx)
