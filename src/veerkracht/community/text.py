"""Pure text handling for the Dutch search: words, Snowball stems, and highlighted fragments.

No Django here. Stemming makes "jongeren" and "jongere" (both "jonger"), or "wijken" and "wijk",
the same word for the SQLite index; PostgreSQL stems with its own ``dutch`` configuration.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[^>]+>")
#: Words too common to tell lessons apart (used when a challenge's own text is the query).
STOPWORDS = frozenset(
    {
        "de",
        "het",
        "een",
        "en",
        "of",
        "in",
        "op",
        "te",
        "van",
        "voor",
        "met",
        "aan",
        "bij",
        "door",
        "dat",
        "die",
        "dit",
        "deze",
        "er",
        "is",
        "zijn",
        "was",
        "worden",
        "wordt",
        "niet",
        "ook",
        "als",
        "om",
        "naar",
        "uit",
        "over",
        "tot",
        "nog",
        "maar",
        "dan",
        "wat",
        "wie",
        "hoe",
        "we",
        "wij",
        "ze",
        "zij",
        "hij",
        "je",
        "u",
        "ons",
        "onze",
        "hun",
        "meer",
        "veel",
        "al",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "heeft",
        "hebben",
    }
)
FRAGMENT_WORDS = 30


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:  # type: ignore[valid-type]
    return snowballstemmer.stemmer("dutch")


def words(text: str) -> list[str]:
    return WORD.findall(TAG.sub(" ", text or ""))


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def stemmed(text: str) -> str:
    """The text as space-separated stems (what the SQLite full-text table holds)."""
    return " ".join(stem(w) for w in words(text))


def query_stems(query: str, *, drop_stopwords: bool = False) -> list[str]:
    """The distinct stems of a query, in order."""
    seen: list[str] = []
    for w in words(query):
        if drop_stopwords and (w.lower() in STOPWORDS or len(w) < 3):
            continue
        s = stem(w)
        if s and s not in seen:
            seen.append(s)
    return seen


def fts5_match(stems: list[str], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression: every stem quoted (no operators from the user get through)."""
    quoted = ['"' + s.replace('"', "") + '"' for s in stems if s.replace('"', "")]
    return (" OR " if any_term else " ").join(quoted)


def highlight(text: str, stems: list[str], *, size: int = FRAGMENT_WORDS) -> str:
    """An HTML-escaped fragment of ``text`` around the first matching word, with every word whose stem
    is among ``stems`` in ``<mark>``. Without a match: the start of the text."""
    plain = TAG.sub(" ", text or "")
    tokens = list(WORD.finditer(plain))
    if not tokens:
        return ""
    wanted = set(stems)
    hits = [i for i, m in enumerate(tokens) if stem(m.group()) in wanted]
    first = hits[0] if hits else 0
    start = max(0, first - size // 3)
    end = min(len(tokens), start + size)
    begin_at = tokens[start].start()
    end_at = tokens[end - 1].end()
    out: list[str] = ["… " if start > 0 else ""]
    pos = begin_at
    for m in tokens[start:end]:
        out.append(html.escape(plain[pos : m.start()]))
        word = html.escape(m.group())
        out.append(f"<mark>{word}</mark>" if stem(m.group()) in wanted else word)
        pos = m.end()
    out.append(html.escape(plain[pos:end_at]))
    if end < len(tokens):
        out.append(" …")
    return " ".join("".join(out).split())


START_SEL = "\x02"
STOP_SEL = "\x03"


def marked_to_html(fragment: str) -> str:
    """A PostgreSQL headline (sentinels around matches) as escaped HTML with ``<mark>``."""
    escaped = html.escape(TAG.sub(" ", fragment or ""))
    return " ".join(escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>").split())
