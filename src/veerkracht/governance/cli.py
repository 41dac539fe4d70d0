"""The offline governance commands, without Django: ``indicator_status`` and ``verify_decisions``.

They need no database and no settings, so ``veerkracht/__main__.py`` runs them without setting up
Django (a whole process then takes a fraction of a second). The management commands of the same names
(for ``call_command`` and ``veerkracht help``) call the same functions, so both give the same answer.
Only the standard library is imported here.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from typing import Any, BinaryIO

MALFORMED = 2
BROKEN = 1


class Failure(Exception):
    """The command cannot answer: ``message`` for standard error, ``code`` the exit status."""

    def __init__(self, message: str, code: int = MALFORMED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def read_input(path: str, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of ``path`` (``-`` = standard input). Raises ``Failure`` when it cannot be read."""
    try:
        if path == "-":
            return (stdin or sys.stdin.buffer).read()
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise Failure(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


def dumps(answer: Any) -> str:
    return json.dumps(answer, ensure_ascii=False, allow_nan=False)


def indicator_status(path: str, stdin: BinaryIO | None = None) -> str:
    """The ``indicator_status`` answer for the document in ``path``, as JSON text.

    Raises ``Failure`` (exit status 2) when the file cannot be read or the document is malformed."""
    from veerkracht.governance.indicators import DocumentError, evaluate, loads, parse_document

    data = read_input(path, stdin)
    # The document becomes many small objects that live until the answer is written; the cyclic
    # garbage collector would traverse them again and again (a fifth of the time for 10,000
    # indicators) and would find nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            document = parse_document(loads(data))
        except DocumentError as exc:
            raise Failure(f"{path}: malformed document:\n  " + "\n  ".join(exc.problems)) from exc
        return dumps(evaluate(document))
    finally:
        if collecting:
            gc.enable()


def verify_decisions(path: str, head: str | None = None, stdin: BinaryIO | None = None) -> tuple[str, int]:
    """The ``verify_decisions`` answer for the log in ``path`` as JSON text, and the exit status
    (0 valid, 1 broken). Raises ``Failure`` (exit status 2) when the file cannot be read or is not an
    exported decision log."""
    from veerkracht.governance.chain import ShapeError, is_hash, loads, verify

    if head is not None and not is_hash(head):
        raise Failure(f"--head {head!r}: a head is 64 hexadecimal characters")
    data = read_input(path, stdin)
    try:
        result = verify(loads(data), head=head)
    except ShapeError as exc:
        raise Failure(f"{path}: not a decision log: {exc}") from exc
    return dumps(result.to_dict()), 0 if result.valid else BROKEN


# Options every management command accepts; accepted here too (and ignored) so that the same command
# line works with and without Django.
_DJANGO_FLAGS = ("--traceback", "--no-color", "--force-color", "--skip-checks")
_DJANGO_VALUES = ("--settings", "--pythonpath")


def _parser(name: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"veerkracht {name}", description=description)
    parser.add_argument("--input", required=True, help="the JSON file, or - for standard input")
    parser.add_argument("-v", "--verbosity", type=int, choices=[0, 1, 2, 3], help=argparse.SUPPRESS)
    for flag in _DJANGO_FLAGS:
        parser.add_argument(flag, action="store_true", help=argparse.SUPPRESS)
    for option in _DJANGO_VALUES:
        parser.add_argument(option, help=argparse.SUPPRESS)
    return parser


INDICATOR_STATUS_HELP = (
    "Status, progress, trend and forecast of objectives and their indicators (JSON in, JSON out)."
)
VERIFY_DECISIONS_HELP = (
    "Verify an exported decision log (hash chain); optionally against a head published earlier."
)

HEAD_HELP = "a head hash published earlier: the log must still contain it (it may have grown since)"


def _emit(text: str) -> None:
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    if out is not None:
        sys.stdout.flush()
        out.write(text.encode("utf-8") + b"\n")
        out.flush()
    else:  # pragma: no cover - a replaced stdout without a buffer
        sys.stdout.write(text + "\n")


def _fail(name: str, failure: Failure) -> int:
    sys.stderr.write(f"{name}: {failure.message}\n")
    return failure.code


def main(name: str, argv: Sequence[str]) -> int:
    """Run ``name`` (``indicator_status`` or ``verify_decisions``) with ``argv``; the exit status."""
    if name == "indicator_status":
        args = _parser(name, INDICATOR_STATUS_HELP).parse_args(argv)
        try:
            text = indicator_status(args.input)
        except Failure as failure:
            return _fail(name, failure)
        _emit(text)
        return 0
    if name == "verify_decisions":
        parser = _parser(name, VERIFY_DECISIONS_HELP)
        parser.add_argument("--head", help=HEAD_HELP)
        args = parser.parse_args(argv)
        try:
            text, code = verify_decisions(args.input, args.head)
        except Failure as failure:
            return _fail(name, failure)
        _emit(text)
        return code
    raise ValueError(f"unknown command {name}")
