from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from veerkracht.core.jsondoc import DocumentError, load_document


class StrictJSONParser(JSONParser):
    """JSON bodies read with :func:`veerkracht.core.jsondoc.load_document`: numbers of more than 100
    digits, nesting deeper than 32 levels, lone surrogates and NaN are a 400 problem, not a crash. A
    body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is parsed."""

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        data = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(data) > limit:
            raise ParseError(f"The body is larger than {limit} bytes.")
        try:
            return load_document(data)
        except DocumentError as exc:
            raise ParseError(f"The body is not acceptable JSON: {exc}") from None
