"""A picture with an idea: checked (real image of an allowed type, bounded size) and re-encoded
without its metadata (EXIF with location, camera, …). Pillow only, no Django."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class PictureError(ValueError):
    """``code`` says what is wrong: too_large, not_an_image, wrong_type."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clean(data: bytes) -> tuple[bytes, str]:
    """The picture re-encoded without metadata, and its extension; PictureError when unfit."""
    if len(data) > MAX_BYTES:
        raise PictureError("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise PictureError("wrong_type")
        if image.width * image.height > MAX_PIXELS:
            raise PictureError("too_large")
        image.load()
    except PictureError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PictureError("not_an_image") from exc
    fmt = str(image.format)
    # a fresh image holds the pixels only: no EXIF, no XMP, no ICC text chunks
    pixels = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") and fmt != "JPEG" else "RGB")
    bare = Image.new(pixels.mode, pixels.size)
    bare.paste(pixels)
    out = io.BytesIO()
    bare.save(out, format=fmt)
    return out.getvalue(), FORMATS[fmt]
