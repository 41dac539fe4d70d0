"""Rich text as people write it, made safe: a small set of tags, safe links, nothing else.

People type the description of a problem either as plain text with blank lines between paragraphs,
or (through the formatting the help text mentions) as HTML. Plain text keeps its paragraphs: it is
turned into ``<p>`` paragraphs (and single line breaks into ``<br>``) before it is sanitised. Exports
carry the same text back as plain text (:func:`plain_text`), never as raw tags.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_BLOCK = re.compile(r"<\s*(p|br|ul|ol|li|h3|h4|blockquote)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BLOCK_END = re.compile(r"<\s*(/p|/li|/h3|/h4|/blockquote|br\s*/?)\s*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")


def _paragraphs(text: str) -> str:
    """Plain text with blank lines between paragraphs as ``<p>`` paragraphs; text that already has
    block-level markup is left as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or _BLOCK.search(text):
        return text
    return "".join(
        "<p>" + "<br>".join(line.strip() for line in part.split("\n")) + "</p>"
        for part in _PARAGRAPH_BREAK.split(text)
        if part.strip()
    )


def clean_rich_text(text: str) -> str:
    """Sanitised HTML: safe to render with ``|safe``. Script and style content is dropped entirely;
    plain-text paragraphs become ``<p>`` paragraphs."""
    if not text:
        return ""
    return nh3.clean(
        _paragraphs(text),
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(text: str) -> str:
    """Rich text as plain text for exports: paragraphs separated by a blank line, list items on
    lines of their own starting with "- ", no tags, no character references."""
    if not text:
        return ""
    text = _LIST_ITEM.sub("- ", text.replace("\r\n", "\n"))
    text = _BLOCK_END.sub(
        lambda match: "\n" if match.group(1).lower() in ("/li", "br", "br/") else "\n\n", text
    )
    text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
