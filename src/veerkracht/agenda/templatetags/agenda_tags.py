from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from veerkracht.agenda.sanitise import clean_rich_text

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


@register.filter
def rich(text: Any) -> SafeString:
    """Rich text for a page: sanitised again, and text stored as plain paragraphs shown as
    paragraphs."""
    return mark_safe(clean_rich_text(str(text or "")))  # noqa: S308 - sanitised just now
