"""Answers imported from another survey tool (all or nothing)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
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
from veerkracht.monitor.scoring import AnswersError, read_answers_csv

# --- import from another survey tool -----------------------------------------------------------


def responses_import(*, wave: Wave, data: bytes, by: Any, request: HttpRequest | None = None) -> int:
    """Store the answers of an answers file in the form of ``score_responses`` (``respondent,group,
    <item codes>``). The whole file is refused with every problem named (AnswersError rules of the
    engine, plus respondent ids already in the wave); nothing is stored then."""
    spec = spec_of(wave.instrument)
    try:
        cleaned = read_answers_csv(data, instrument=spec, invalid="error")
    except AnswersError as exc:
        problems = [str(p) for p in exc.problems]
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
        raise FieldworkError(shown, code="bad_file") from exc
    responses = cleaned.responses
    if not responses.respondents:
        raise FieldworkError(_("The file has no rows with answers."), code="bad_file")
    # raw values (including missing codes) come from the file again, by item code
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    raw_by_ref = {(r.get("respondent") or "").strip(): r for r in rows}
    items = {i.code: i.pk for d in structure_of(wave.instrument).dimensions for i in d.items}
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state == WaveState.GERAPPORTEERD:
            raise FieldworkError(_("A reported wave accepts no more answers."), code="reported")
        taken = set(
            Response.objects.filter(wave=locked, respondent_ref__in=responses.respondents).values_list(
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
                respondent_ref=ref,
                group=group,
                language=locked.report_language,
                submitted_at=now,
                page=0,
            )
            for ref, group in zip(responses.respondents, responses.groups, strict=True)
        )
        if not all(r.pk for r in created):  # backends without RETURNING
            by_ref = dict(
                Response.objects.filter(wave=locked, respondent_ref__in=responses.respondents).values_list(
                    "respondent_ref", "pk"
                )
            )
            for r in created:
                r.pk = by_ref[r.respondent_ref]
        answers = []
        for response in created:
            raw = raw_by_ref[response.respondent_ref]
            for code, item_pk in items.items():
                cell = (raw.get(code) or "").strip()
                if cell == "":
                    continue
                answers.append(Answer(response_id=response.pk, item_id=item_pk, value=int(float(cell))))
        Answer.objects.bulk_create(answers, batch_size=2000)
        _lock_instrument(locked)
        log(
            FieldworkEvent.RESPONSES_IMPORTED,
            actor=by,
            target=locked,
            request=request,
            details={"responses": len(created)},
        )
    return len(created)
