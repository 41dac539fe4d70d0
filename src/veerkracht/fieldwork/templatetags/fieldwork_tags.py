from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def num(value: Any, digits: int = 0) -> str:
    """A number for display (locale-aware), or an em dash for None."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return number_format(round(float(value), int(digits)), decimal_pos=int(digits))


@register.filter
def signed(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = num(value, digits)
    return f"+{text}" if float(value) > 0 else text
