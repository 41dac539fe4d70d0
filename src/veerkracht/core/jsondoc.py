"""Reading JSON documents supplied from outside (API bodies, files given to commands) safely.

``json.loads`` alone turns some inputs into crashes rather than errors: a number with thousands of
digits (Python refuses to convert it), nesting thousands of levels deep (recursion), a lone surrogate
(``"\\ud800"``, which cannot be written out again as UTF-8) and the non-standard ``NaN``/``Infinity``.
:func:`load_document` refuses all of them with one :class:`DocumentError` that says what is wrong, so
that the API can answer a problem document and a command can exit 2 with a message.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32  # the documents read here are at most a handful of levels deep
MAX_DIGITS = 100  # digits in one number; far more than any count, level or score needs


class DocumentError(ValueError):
    """The text is not an acceptable JSON document; the message says why (one line)."""


def _number_too_long(text: str) -> bool:
    return sum(ch.isdigit() for ch in text) > MAX_DIGITS


def _parse_int(text: str) -> int:
    if _number_too_long(text):
        raise DocumentError(f"a number has {len(text.lstrip('-'))} digits; at most {MAX_DIGITS} are accepted")
    return int(text)


def _parse_float(text: str) -> float:
    if _number_too_long(text):
        raise DocumentError(f"a number has more than {MAX_DIGITS} digits; at most {MAX_DIGITS} are accepted")
    return float(text)


def _parse_constant(name: str) -> Any:
    raise DocumentError(f"{name} is not a JSON number")


def load_document(text: str | bytes) -> Any:
    """Parse ``text`` (bytes are read as UTF-8) and check the result with :func:`check_document`."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"not UTF-8 text (byte {exc.start})") from None
    try:
        value = json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
    except RecursionError:
        raise DocumentError(f"nested too deeply; at most {MAX_DEPTH} levels are accepted") from None
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not valid JSON ({exc})") from None
    check_document(value)
    return value


def check_document(value: Any) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and text that is not valid Unicode (a lone
    surrogate); the message names where in the document."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, where, depth = stack.pop()
        if isinstance(node, dict | list) and depth > MAX_DEPTH:
            raise DocumentError(f"nested too deeply; at most {MAX_DEPTH} levels are accepted")
        if isinstance(node, dict):
            for key, child in node.items():
                inner = f"{where}.{_printable(key)}" if where else _printable(key)
                _check_text(key, inner or "a key")
                stack.append((child, inner, depth + 1))
        elif isinstance(node, list):
            stack.extend((child, f"{where}[{index}]", depth + 1) for index, child in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, where or "the document")


def _check_text(text: Any, where: str) -> None:
    if not isinstance(text, str):
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DocumentError(
            f"{where}: contains a lone surrogate (\\u{ord(_first_surrogate(text)):04x}), which is not "
            "valid Unicode text"
        ) from None


def _first_surrogate(text: str) -> str:
    return next(ch for ch in text if "\ud800" <= ch <= "\udfff")


def _printable(key: Any) -> str:
    text = str(key)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return text.encode("utf-8", "backslashreplace").decode("ascii", "replace")[:80]
    return text[:80]
