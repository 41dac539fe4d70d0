"""The product's font for the PDF renderer, unpacked once.

The static font files are WOFF2 (served to browsers). WeasyPrint unpacks every WOFF2 face it is given
on every rendering, which for Noto Sans' eight faces costs more than the rest of a plan's layout. So
the faces are unpacked to TrueType once, into a cache directory keyed by the files' content, with a
stylesheet naming the TrueType files; each rendering then only reads them. The same glyphs, the same
font embedded (subset) in the PDF.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders

STYLESHEET = "vendor/fonts/noto-sans/noto-sans.css"
_WOFF2 = re.compile(r'url\("([^"]+)\.woff2"\)\s*format\("woff2"\)')


def _cache_dir(key: str) -> Path:
    return Path(tempfile.gettempdir()) / f"veerkracht-fonts-{key}"


def _write_atomically(path: Path, data: bytes) -> None:
    """Several workers may unpack at once: each writes its own file and renames it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


@lru_cache(maxsize=1)
def font_css_uri() -> str:
    """A ``file:`` URI of the stylesheet with the TrueType faces ("" when the font is missing)."""
    found = finders.find(STYLESHEET)
    if not found:
        return ""
    source = Path(found)
    css = source.read_text(encoding="utf-8")
    names = _WOFF2.findall(css)
    digest = hashlib.sha256(css.encode())
    for name in names:
        digest.update((source.parent / f"{name}.woff2").read_bytes())
    target = _cache_dir(digest.hexdigest()[:16])
    stylesheet = target / "noto-sans.css"
    if stylesheet.exists():
        return stylesheet.as_uri()
    try:
        from fontTools.ttLib import TTFont

        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            font = TTFont(str(source.parent / f"{name}.woff2"))
            font.flavor = None
            data = io.BytesIO()
            font.save(data)
            _write_atomically(target / f"{name}.ttf", data.getvalue())
        text = _WOFF2.sub(
            lambda m: f'url("{(target / (m.group(1) + ".ttf")).as_uri()}") format("truetype")', css
        )
        _write_atomically(stylesheet, text.encode("utf-8"))
    except (OSError, ImportError):  # no writable temporary directory: the WOFF2 faces as they are
        return source.as_uri()
    return stylesheet.as_uri()
