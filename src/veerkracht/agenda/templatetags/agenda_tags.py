from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def scorer_total(result: Any, scorer_id: Any) -> Any:
    for scorer, total in getattr(result, "per_scorer", ()):
        if scorer == scorer_id:
            return total
    return ""
