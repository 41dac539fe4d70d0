"""Score an answers file offline with the rules of docs/monitor/scoring.md (one JSON document on stdout).

    veerkracht score_responses --instrument instrument.json --responses answers.csv [--k 5]
                               [--benchmark BENCHMARK.json] [--invalid error|missing]

Exit status 2 for a bad file, with every problem on standard error (up to 20, then a count) and
nothing on standard output. The command needs no database.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from veerkracht.core.jsondoc import DocumentError, load_document
from veerkracht.monitor.scoring import (
    AnswersError,
    InstrumentDocumentError,
    Problem,
    instrument_from_document,
    read_answers_csv,
    score_wave,
)

LIMIT = 20
MAX_K = 1_000_000


def _read_json(path: str, what: str) -> Any:
    try:
        return load_document(Path(path).read_bytes())
    except (OSError, DocumentError) as exc:
        raise AnswersError([Problem(f"{what} {path}: cannot read the JSON: {exc}")]) from exc


def _benchmark(doc: Any, dimension_codes: tuple[str, ...]) -> dict[str, list[float]]:
    problems = []
    if not isinstance(doc, dict):
        raise AnswersError([Problem("benchmark: must be an object {dimension code: [scores]}")])
    for code, scores in doc.items():
        if code not in dimension_codes:
            problems.append(Problem(f"benchmark: unknown dimension code {code!r}"))
        elif not isinstance(scores, list) or not all(
            isinstance(s, int | float) and not isinstance(s, bool) and math.isfinite(s) for s in scores
        ):
            problems.append(Problem(f"benchmark {code}: must be a list of numbers"))
    if problems:
        raise AnswersError(problems)
    return {code: [float(s) for s in scores] for code, scores in doc.items()}


def _k(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()) or len(text) > 7 or not 1 <= int(text) <= MAX_K:
        return None
    return int(text)


class Command(BaseCommand):
    help = "Score an answers CSV with an instrument JSON; writes the results as JSON to standard output."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--instrument", required=True, help="instrument.json (see export_instrument).")
        parser.add_argument("--responses", required=True, help="answers.csv: respondent,group,<item codes>.")
        parser.add_argument("--k", default="5", help="Anonymity threshold (default 5).")
        parser.add_argument(
            "--benchmark", help="BENCHMARK.json: {dimension code: [earlier headline scores]}."
        )
        parser.add_argument("--invalid", choices=["error", "missing"], default="error")

    def fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        k = _k(str(options["k"]))
        if k is None:
            self.fail([f"--k must be a whole number from 1 to {MAX_K}"])
            return
        try:
            doc = _read_json(options["instrument"], "instrument")
            try:
                instrument = instrument_from_document(doc)
            except InstrumentDocumentError as exc:
                raise AnswersError([Problem(f"instrument: {p}") for p in exc.problems]) from exc
            benchmark = None
            if options["benchmark"]:
                benchmark = _benchmark(
                    _read_json(options["benchmark"], "benchmark"), instrument.dimension_codes
                )
            try:
                data = Path(options["responses"]).read_bytes()
            except OSError as exc:
                raise AnswersError([Problem(f"responses {options['responses']}: {exc}")]) from exc
            cleaned = read_answers_csv(data, instrument=instrument, invalid=options["invalid"])
        except AnswersError as exc:
            self.fail(exc.summary(LIMIT).splitlines())
            return
        if cleaned.invalid_as_missing:
            self.stderr.write(f"{cleaned.invalid_as_missing} invalid values were treated as missing")
        result = score_wave(instrument=instrument, responses=cleaned.responses, k=k, benchmark=benchmark)
        self.stdout.write(json.dumps(result.to_document(), ensure_ascii=False, allow_nan=False, indent=2))
