"""Answers imported from another survey tool (all or nothing)."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.core import response_cache
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import (
    Answer,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
)
from veerkracht.fieldwork.services.common import MAX_PROBLEMS_SHOWN, FieldworkError
from veerkracht.fieldwork.services.survey import _lock_instrument
from veerkracht.fieldwork.structure import (
    spec_of,
    structure_of,
)
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.scoring import UNKNOWN_GROUP
from veerkracht.monitor.scoring.clean import parse_value

# --- import from another survey tool -----------------------------------------------------------

MAX_VALUE_CHARS = 12  # an answer cell longer than this is no answer (and never reaches int())
UNKNOWN_GROUPS = ("", UNKNOWN_GROUP)  # a blank group, or the export's own word for it


@dataclass(frozen=True)
class ImportedRow:
    """One respondent of an answers file, parsed once and stored as it is: ``values`` holds the raw
    codes per item (scale values and missing codes such as 9; a blank cell is absent)."""

    line: int
    respondent: str
    group: str
    values: dict[str, int]


def _problem(line: int, column: str | None, message: str) -> str:
    if column is None:
        return _("Row %(row)s: %(problem)s") % {"row": line, "problem": message}
    return _("Row %(row)s, column %(column)s: %(problem)s") % {
        "row": line,
        "column": column,
        "problem": message,
    }


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


def parse_answers_file(*, wave: Wave, data: bytes) -> list[ImportedRow]:
    """Every row of an answers file (``respondent,group,<item codes>``; spaces around names and cells
    are ignored), or :class:`FieldworkError` naming every problem. The same checks as the survey's
    forms: respondent ids fit their field, groups are the wave's stakeholder groups, answers are on
    the instrument's scale or a missing code."""
    spec = spec_of(wave.instrument)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FieldworkError(_("The file is not UTF-8 text (byte %(n)s).") % {"n": exc.start}) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FieldworkError(_("The file is empty; a header row is needed.")) from None
    except csv.Error as exc:
        raise FieldworkError(_("Row 1: not a CSV file (%(error)s).") % {"error": exc}) from None
    problems: list[str] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in positions and (name in spec.item_codes or name in ("respondent", "group")):
            problems.append(_problem(1, name, _("the column appears twice in the header")))
        positions.setdefault(name, index)
    for name in ("respondent", "group", *spec.item_codes):
        if name not in positions:
            problems.append(_problem(1, name, _("this column is missing from the header")))
    if problems:
        raise FieldworkError(problems, code="bad_file")
    ref_max = Response._meta.get_field("respondent_ref").max_length or 80
    groups = {c.value for c in structure_of(wave.instrument).group_choices()}
    scale = spec.scale
    parsed: list[ImportedRow] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    _problem(
                        line,
                        None,
                        _("has %(n)s fields, the header has %(h)s") % {"n": len(cells), "h": len(header)},
                    )
                )
                continue
            row_problems: list[str] = []
            respondent = cells[positions["respondent"]].strip()
            if not respondent:
                row_problems.append(_problem(line, "respondent", _("the respondent id is blank")))
            elif len(respondent) > ref_max or _has_control(respondent):
                row_problems.append(
                    _problem(
                        line,
                        "respondent",
                        _("the respondent id has at most %(n)s characters and no control characters")
                        % {"n": ref_max},
                    )
                )
            elif respondent in seen:
                row_problems.append(
                    _problem(
                        line,
                        "respondent",
                        _("respondent “%(ref)s” also appears in row %(row)s")
                        % {"ref": respondent, "row": seen[respondent]},
                    )
                )
            else:
                seen[respondent] = line
            group = cells[positions["group"]].strip()
            if group in UNKNOWN_GROUPS:
                group = ""
            elif group not in groups:
                row_problems.append(
                    _problem(
                        line,
                        "group",
                        _("“%(value)s” is not a stakeholder group of this wave (use one of: %(codes)s)")
                        % {"value": group[:40], "codes": ", ".join(sorted(groups))},
                    )
                )
            values: dict[str, int] = {}
            for code in spec.item_codes:
                cell = cells[positions[code]].strip()
                if cell == "":
                    continue
                ok = len(cell) <= MAX_VALUE_CHARS and parse_value(cell, instrument=spec)[1]
                if not ok:
                    row_problems.append(
                        _problem(
                            line,
                            code,
                            _("“%(value)s” is not an integer from %(min)s to %(max)s nor a missing code")
                            % {
                                "value": cell
                                if len(cell) <= MAX_VALUE_CHARS
                                else cell[:MAX_VALUE_CHARS] + "…",
                                "min": scale.min,
                                "max": scale.max,
                            },
                        )
                    )
                    continue
                values[code] = int(cell.split(".")[0])
            if row_problems:
                problems.extend(row_problems)
                continue
            parsed.append(ImportedRow(line=line, respondent=respondent, group=group, values=values))
    except csv.Error as exc:
        problems.append(_problem(reader.line_num, None, _("not a CSV file (%(error)s)") % {"error": exc}))
    if problems:
        raise FieldworkError(problems, code="bad_file")
    return parsed


def _refuse(*, wave: Wave, by: Any, request: HttpRequest | None, problems: list[str]) -> FieldworkError:
    log(
        FieldworkEvent.RESPONSES_IMPORT_REFUSED,
        actor=by,
        target=wave,
        request=request,
        result=Result.FAILURE,
        details={"problems": problems[:MAX_PROBLEMS_SHOWN]},
    )
    shown = problems[:MAX_PROBLEMS_SHOWN]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(_("… and %(n)s more problems.") % {"n": len(problems) - MAX_PROBLEMS_SHOWN})
    return FieldworkError(shown, code="bad_file")


def responses_import(*, wave: Wave, data: bytes, by: Any, request: HttpRequest | None = None) -> int:
    """Store the answers of an answers file in the form of ``score_responses`` (``respondent,group,
    <item codes>``), exactly as parsed by :func:`parse_answers_file`. The whole file is refused with
    every problem named (plus respondent ids already in the wave); nothing is stored then."""
    try:
        rows = parse_answers_file(wave=wave, data=data)
    except FieldworkError as error:
        raise _refuse(wave=wave, by=by, request=request, problems=error.problems) from None
    if not rows:
        raise FieldworkError(_("The file has no rows with answers."), code="bad_file")
    refs = [r.respondent for r in rows]
    items = {i.code: i.pk for d in structure_of(wave.instrument).dimensions for i in d.items}
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state == WaveState.GERAPPORTEERD:
            raise FieldworkError(_("A reported wave accepts no more answers."), code="reported")
        taken = set(
            Response.objects.filter(wave=locked, respondent_ref__in=refs).values_list(
                "respondent_ref", flat=True
            )
        )
        if taken:
            raise FieldworkError(
                [_("Respondent “%(ref)s” is already in this wave.") % {"ref": ref} for ref in sorted(taken)][
                    :MAX_PROBLEMS_SHOWN
                ],
                code="bad_file",
            )
        now = timezone.now()
        created = Response.objects.bulk_create(
            Response(
                wave=locked,
                source=ResponseSource.IMPORT,
                status=ResponseStatus.COMPLETED,
                respondent_ref=row.respondent,
                group=row.group,
                language=locked.report_language,
                submitted_at=now,
                page=0,
            )
            for row in rows
        )
        if not all(r.pk for r in created):  # backends without RETURNING
            by_ref = dict(
                Response.objects.filter(wave=locked, respondent_ref__in=refs).values_list(
                    "respondent_ref", "pk"
                )
            )
            for r in created:
                r.pk = by_ref[r.respondent_ref]
        answers = [
            Answer(response_id=response.pk, item_id=items[code], value=value)
            for response, row in zip(created, rows, strict=True)
            for code, value in row.values.items()
        ]
        Answer.objects.bulk_create(answers, batch_size=2000)
        # responses of a wave that is not open are read as settled by the pages that count them
        transaction.on_commit(response_cache.invalidate)
        _lock_instrument(locked)
        log(
            FieldworkEvent.RESPONSES_IMPORTED,
            actor=by,
            target=locked,
            request=request,
            details={"responses": len(created)},
        )
    return len(created)
