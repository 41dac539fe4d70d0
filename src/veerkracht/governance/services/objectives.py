"""Objectives, their indicators and measurements: proposing, the two-party agreement, new versions,
and recording measurements (by hand, from a file, pushed by another system, or from the monitor).

Rules (docs/governance/objectives.md):
* A challenge's objective is proposed by the regisseur or a coordinator (state ``voorgesteld``) and may
  be edited until it is agreed; an edit withdraws confirmations already given.
* It is agreed when both a bestuurder and the regisseur confirmed it, in any order, and they are two
  different people. The second confirmation makes it ``overeengekomen`` and records one ``doelwijziging``
  entry in the decision log, in the same transaction.
* An agreed objective is never edited: a change is a new version (``supersedes`` the agreed one,
  measurements copied per indicator code) that needs both confirmations again; when it is agreed the
  old version becomes ``vervangen``.
* Measurements are checked as a whole: one bad row refuses them all, each problem named.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.agenda import readings
from veerkracht.audit.logger import log
from veerkracht.governance.models import (
    DecisionKind,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementSource,
    Objective,
    ObjectiveState,
)
from veerkracht.governance.services.decisions import record_decision
from veerkracht.governance.signals import send_measurements_recorded
from veerkracht.organisations.models import Membership, Role

EDITABLE = (ObjectiveState.CONCEPT, ObjectiveState.VOORGESTELD)
INDICATOR_FIELDS = (
    "code",
    "name",
    "unit",
    "baseline_date",
    "baseline_value",
    "target_date",
    "target_value",
    "tolerance",
    "weight",
    "source",
    "monitor_dimension",
)
OBJECTIVE_FIELDS = ("code", "name", "description", "contributes_to")
MAX_DIGITS, DECIMAL_PLACES = 20, 6


# ---------------------------------------------------------------------------------------------------
# The indicator rules (the same as the rules engine's: the forms and imports use these)


def indicator_problems(data: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with one indicator's fields (field → message); empty when nothing is."""
    problems: dict[str, str] = {}
    b_date, t_date = data.get("baseline_date"), data.get("target_date")
    b_value, t_value = data.get("baseline_value"), data.get("target_value")
    if isinstance(b_date, date) and isinstance(t_date, date) and t_date <= b_date:
        problems["target_date"] = _("The target date must be after the baseline date.")
    if b_value is not None and t_value is not None and Decimal(b_value) == Decimal(t_value):
        problems["target_value"] = _("The target value must differ from the baseline value.")
    tolerance = data.get("tolerance")
    if tolerance is not None and not (0 < Decimal(tolerance) <= Decimal("0.5")):
        problems["tolerance"] = _("The tolerance must be more than 0 and at most 0.5.")
    weight = data.get("weight")
    if weight is not None and not Decimal(weight) > 0:
        problems["weight"] = _("The weight must be more than 0.")
    if data.get("source") == IndicatorSource.MONITOR and not (data.get("monitor_dimension") or "").strip():
        problems["monitor_dimension"] = _("Name the monitor dimension for an indicator from the monitor.")
    return problems


def check_indicators(indicators: Sequence[Mapping[str, Any]]) -> None:
    """Raise ValidationError unless there is at least one indicator, each follows the rules and their
    codes are unique."""
    if not indicators:
        raise ValidationError(_("An objective needs at least one indicator."))
    messages: list[str] = []
    seen: set[str] = set()
    for data in indicators:
        code = str(data.get("code", "")).strip()
        for message in indicator_problems(data).values():
            messages.append(f"{code}: {message}")
        if code.lower() in seen:
            messages.append(_("The indicator code %(code)s is used twice.") % {"code": code})
        seen.add(code.lower())
    if messages:
        raise ValidationError(messages)


# ---------------------------------------------------------------------------------------------------
# Proposing and editing


def _check_goal(challenge: Any, goal: Objective | None) -> None:
    if goal is not None and (goal.agenda_id is None or goal.agenda_id != challenge.agenda_id):
        raise ValidationError({"contributes_to": _("Choose a goal of this challenge's agenda.")})


def _write_indicators(objective: Objective, indicators: Sequence[Mapping[str, Any]]) -> None:
    """Make ``objective``'s indicators exactly ``indicators`` (matched by code: a kept code keeps its
    measurements)."""
    existing = {i.code: i for i in objective.indicators.all()}
    wanted = [str(d["code"]).strip() for d in indicators]
    objective.indicators.exclude(code__in=wanted).delete()
    for position, data in enumerate(indicators):
        values: dict[str, Any] = {f: data.get(f) for f in INDICATOR_FIELDS if f in data}
        values["code"] = str(values["code"]).strip()
        values["monitor_dimension"] = (values.get("monitor_dimension") or "").strip()
        if values.get("source") != IndicatorSource.MONITOR:
            values["monitor_dimension"] = ""
        values["position"] = position
        found = existing.get(values["code"])
        if found is None:
            Indicator.objects.create(objective=objective, **values)
        else:
            for name, value in values.items():
                setattr(found, name, value)
            found.save()


@transaction.atomic
def propose_objective(
    *, challenge: Any, by: Any, data: Mapping[str, Any], indicators: Sequence[Mapping[str, Any]]
) -> Objective:
    """A new objective of ``challenge`` (state ``voorgesteld``) with its indicators."""
    if not by.has_perm("governance.propose_objective", challenge):
        raise PermissionDenied
    check_indicators(indicators)
    goal = data.get("contributes_to")
    _check_goal(challenge, goal)
    code = str(data["code"]).strip()
    if Objective.objects.filter(challenge=challenge, code=code).exists():
        raise ValidationError({"code": _("This challenge already has an objective with this code.")})
    objective = Objective.objects.create(
        challenge=challenge,
        code=code,
        name=data["name"],
        description=data.get("description", ""),
        contributes_to=goal,
        owner=data.get("owner") or by,
        state=ObjectiveState.VOORGESTELD,
        created_by=by,
    )
    _write_indicators(objective, indicators)
    log("governance.objective_proposed", actor=by, target=challenge, details={"objective": objective.pk})
    return objective


@transaction.atomic
def update_objective(
    *, objective: Objective, by: Any, data: Mapping[str, Any], indicators: Sequence[Mapping[str, Any]]
) -> Objective:
    """Edit an objective that is not yet agreed. Confirmations already given are withdrawn (they were
    given to what it said before)."""
    if not by.has_perm("governance.propose_objective", objective):
        raise PermissionDenied
    locked = Objective.objects.select_for_update().get(pk=objective.pk)
    if locked.state not in EDITABLE:
        raise PermissionDenied(_("An agreed objective is never edited; propose a new version."))
    check_indicators(indicators)
    goal = data.get("contributes_to")
    _check_goal(locked.challenge, goal)
    locked.name = data["name"]
    locked.description = data.get("description", "")
    locked.contributes_to = goal
    locked.board_confirmed_by = locked.regisseur_confirmed_by = None
    locked.board_confirmed_at = locked.regisseur_confirmed_at = None
    locked.save()
    _write_indicators(locked, indicators)
    log("governance.objective_edited", actor=by, target=locked.challenge, details={"objective": locked.pk})
    return locked


@transaction.atomic
def propose_new_version(
    *, objective: Objective, by: Any, data: Mapping[str, Any], indicators: Sequence[Mapping[str, Any]]
) -> Objective:
    """A change to an agreed objective: a new version (``voorgesteld``) that supersedes it once agreed.
    The measurements of each indicator whose code stays are copied to the new version."""
    if not by.has_perm("governance.propose_objective", objective):
        raise PermissionDenied
    old = Objective.objects.select_for_update().get(pk=objective.pk)
    if old.state != ObjectiveState.OVEREENGEKOMEN:
        raise ValidationError(_("Only an agreed objective gets a new version; edit this one instead."))
    if Objective.objects.filter(supersedes=old).exists():
        raise ValidationError(_("A new version of this objective is already proposed."))
    check_indicators(indicators)
    goal = data.get("contributes_to")
    _check_goal(old.challenge, goal)
    new = Objective.objects.create(
        challenge=old.challenge,
        code=old.code,
        name=data["name"],
        description=data.get("description", ""),
        contributes_to=goal,
        owner=old.owner,
        version=old.version + 1,
        supersedes=old,
        state=ObjectiveState.VOORGESTELD,
        created_by=by,
    )
    _write_indicators(new, indicators)
    targets = {i.code: i for i in new.indicators.all()}
    copies = [
        Measurement(
            indicator=targets[m.indicator.code],
            date=m.date,
            value=m.value,
            source=m.source,
            note=m.note,
            entered_by=m.entered_by,
            created_at=m.created_at,
        )
        for m in Measurement.objects.filter(indicator__objective=old).select_related("indicator")
        if m.indicator.code in targets and m.date >= targets[m.indicator.code].baseline_date
    ]
    Measurement.objects.bulk_create(copies)
    log("governance.objective_new_version", actor=by, target=old.challenge, details={"objective": new.pk})
    return new


# ---------------------------------------------------------------------------------------------------
# The two-party agreement


BOARD, REGISSEUR = "board", "regisseur"
ROLE_IN_LOG = {BOARD: "bestuurder", REGISSEUR: "innovatieregisseur"}


def _organisation_of(user: Any, challenge: Any, as_party: str) -> Any:
    municipalities = {challenge.agenda.municipality_id, challenge.lead_municipality_id}
    role = Role.BESTUURDER if as_party == BOARD else None
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    if role is not None:
        found = memberships.filter(role=role, organisation_id__in=municipalities).first()
        if found is not None:
            return found.organisation
    first = memberships.order_by("pk").first()
    return first.organisation if first is not None else challenge.agenda.municipality


def _amount(value: Decimal) -> str:
    with translation.override("nl"):
        text = format(value.normalize(), "f")
        return formats.number_format(Decimal(text), max(0, -Decimal(text).as_tuple().exponent))  # type: ignore[operator]


def agreement_text(objective: Objective) -> str:
    """The decision's text: the objective and, per indicator, from what to what by when."""
    lines = [f"{objective.code} {objective.name} (versie {objective.version})."]
    if objective.supersedes_id:
        lines.append(f"Vervangt versie {objective.version - 1}.")
    for i in objective.indicators.all():
        unit = f" {i.unit}" if i.unit else ""
        lines.append(
            f"{i.code} {i.name}: van {_amount(i.baseline_value)}{unit} op {i.baseline_date.isoformat()} "
            f"naar {_amount(i.target_value)}{unit} op {i.target_date.isoformat()} "
            f"(tolerantie {_amount(i.tolerance)}, gewicht {_amount(i.weight)})."
        )
    return "\n".join(lines)


def _name(user: Any) -> str:
    return str(getattr(user, "full_name", "") or getattr(user, "email", "") or user)


@transaction.atomic
def confirm_objective(*, objective: Objective, by: Any, as_party: str) -> Objective:
    """``by`` confirms ``objective`` for the board or as the regisseur. The second party's confirmation
    agrees it: state ``overeengekomen``, one ``doelwijziging`` entry in the decision log, the version it
    supersedes becomes ``vervangen``."""
    perm = {BOARD: "governance.confirm_as_board", REGISSEUR: "governance.confirm_as_regisseur"}[as_party]
    if not by.has_perm(perm, objective):
        raise PermissionDenied
    locked = (
        Objective.objects.select_for_update(of=("self",))
        .select_related("challenge__agenda")
        .get(pk=objective.pk)
    )
    if locked.state not in EDITABLE:
        raise ValidationError(_("Only a proposed objective can be confirmed."))
    if not locked.indicators.exists():
        raise ValidationError(_("An objective needs at least one indicator."))
    other = locked.regisseur_confirmed_by if as_party == BOARD else locked.board_confirmed_by
    if other is not None and other.pk == by.pk:
        raise ValidationError(_("The board and the innovation director are two different people."))
    now = timezone.now()
    if as_party == BOARD:
        if locked.board_confirmed_by_id:
            raise ValidationError(_("The board has already confirmed this objective."))
        locked.board_confirmed_by, locked.board_confirmed_at = by, now
    else:
        if locked.regisseur_confirmed_by_id:
            raise ValidationError(_("The innovation director has already confirmed this objective."))
        locked.regisseur_confirmed_by, locked.regisseur_confirmed_at = by, now
    if other is not None:
        other_party = REGISSEUR if as_party == BOARD else BOARD
        challenge = locked.challenge
        decision = record_decision(
            challenge=challenge,
            kind=DecisionKind.DOELWIJZIGING,
            title=f"Doel overeengekomen: {locked.code} {locked.name} (versie {locked.version})",
            text=agreement_text(locked),
            by=by,
            role=ROLE_IN_LOG[as_party],
            organisation=_organisation_of(by, challenge, as_party),
            refs=[f"bevestigd door {_name(other)} ({ROLE_IN_LOG[other_party]})"],
        )
        locked.state = ObjectiveState.OVEREENGEKOMEN
        locked.agreement = decision
        if locked.supersedes_id:
            Objective.objects.filter(pk=locked.supersedes_id).update(state=ObjectiveState.VERVANGEN)
    locked.save()
    log(
        "governance.objective_confirmed",
        actor=by,
        target=locked.challenge,
        details={
            "objective": locked.pk,
            "as": as_party,
            "agreed": locked.state == ObjectiveState.OVEREENGEKOMEN,
        },
    )
    return locked


@transaction.atomic
def create_goal(*, agenda: Any, by: Any, data: Mapping[str, Any]) -> Objective:
    """A municipal goal on ``agenda`` that challenges' objectives can contribute to (no indicators of
    its own needed)."""
    if not by.has_perm("governance.create_goal", agenda):
        raise PermissionDenied
    code = str(data["code"]).strip()
    if Objective.objects.filter(agenda=agenda, code=code).exists():
        raise ValidationError({"code": _("This agenda already has a goal with this code.")})
    goal = Objective.objects.create(
        agenda=agenda,
        code=code,
        name=data["name"],
        description=data.get("description", ""),
        owner=by,
        state=ObjectiveState.VOORGESTELD,
        created_by=by,
    )
    log("governance.goal_created", actor=by, target=agenda, details={"goal": goal.pk})
    return goal


# ---------------------------------------------------------------------------------------------------
# Measurements


COLUMNS = ("indicator", "date", "value", "note")
COLUMN_LABELS = {
    "indicator": gettext_lazy("indicator code"),
    "date": gettext_lazy("date"),
    "value": gettext_lazy("value"),
    "note": gettext_lazy("note"),
}
HEADER_NAMES = {
    "indicator": {"indicator", "indicatorcode", "indicator code", "code", "indicator_code"},
    "date": {"date", "datum"},
    "value": {"value", "waarde"},
    "note": {"note", "toelichting", "opmerking", "notitie"},
}


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based, as the person sees it (a file's header is row 1)
    column: str  # one of COLUMNS, or "" for the whole row
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": COLUMN_LABELS.get(self.column, self.column),
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class MeasurementError(ValidationError):
    """Measurements refused as a whole; ``problems`` names each row's problem."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__([str(p) for p in self.problems])


def parse_date_value(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_number(value: Any) -> Decimal:
    """A decimal from a number or text ("3.5", "3,5", "1.234,5"); ValueError when not a finite number
    that fits the store."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = str(value or "").strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES and number != round(number, DECIMAL_PLACES):
        raise ValueError(value)
    if abs(number) >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES):
        raise ValueError(value)
    return number


def _indicators_of(target: Indicator | Objective) -> tuple[Objective, dict[str, Indicator]]:
    if isinstance(target, Indicator):
        return target.objective, {target.code.lower(): target}
    return target, {i.code.lower(): i for i in target.indicators.all()}


@transaction.atomic
def record_measurements(
    target: Indicator | Objective,
    rows: Iterable[Mapping[str, Any]],
    *,
    by: Any,
    source: str = MeasurementSource.HAND,
    first_row: int = 1,
) -> list[Measurement]:
    """Store measurements of ``target`` (one indicator, or an objective's indicators named by the rows'
    ``indicator`` code). Each row: ``indicator`` (code; may be left out for an indicator), ``date``,
    ``value`` and optional ``note``. All rows are checked first; any problem refuses them all
    (:class:`MeasurementError`, each row's problem named, row numbers counted from ``first_row``) and
    nothing is written. Afterwards ``measurements_recorded`` is sent."""
    objective, indicators = _indicators_of(target)
    if by is not None and not by.has_perm("governance.enter_measurement", objective):
        raise PermissionDenied
    if objective.state == ObjectiveState.VERVANGEN:
        raise ValidationError(
            _("This objective has been superseded; enter measurements on its current version.")
        )
    rows = list(rows)
    problems: list[RowProblem] = []
    taken = set(
        Measurement.objects.filter(indicator__in=list(indicators.values())).values_list(
            "indicator_id", "date"
        )
    )
    seen: dict[tuple[int, date], int] = {}
    valid: list[Measurement] = []
    if not rows:
        problems.append(RowProblem(first_row, "", _("There are no measurements.")))
    for number, row in enumerate(rows, start=first_row):
        indicator: Indicator | None = None
        if isinstance(target, Indicator) and not str(row.get("indicator") or "").strip():
            indicator = target
        else:
            code = str(row.get("indicator") or "").strip()
            if not code:
                problems.append(RowProblem(number, "indicator", _("missing")))
            else:
                indicator = indicators.get(code.lower())
                if indicator is None:
                    problems.append(
                        RowProblem(
                            number, "indicator", _("no indicator %(code)s in this objective") % {"code": code}
                        )
                    )
        on: date | None = None
        try:
            on = parse_date_value(row.get("date"))
        except ValueError:
            problems.append(
                RowProblem(number, "date", _("not a date (write it as 2027-03-31 or 31-03-2027)"))
            )
        value: Decimal | None = None
        try:
            value = parse_number(row.get("value"))
        except ValueError:
            problems.append(RowProblem(number, "value", _("not a number (at most six decimals)")))
        note = str(row.get("note") or "").strip()
        if len(note) > 300:
            problems.append(RowProblem(number, "note", _("longer than 300 characters")))
        if indicator is None or on is None:
            continue
        if on < indicator.baseline_date:
            problems.append(
                RowProblem(
                    number,
                    "date",
                    _("before the baseline date (%(date)s)")
                    % {"date": formats.date_format(indicator.baseline_date)},
                )
            )
            continue
        if (indicator.pk, on) in taken:
            problems.append(RowProblem(number, "date", _("there is already a measurement on this date")))
            continue
        if (indicator.pk, on) in seen:
            problems.append(
                RowProblem(
                    number, "date", _("the same date as row %(row)s") % {"row": seen[(indicator.pk, on)]}
                )
            )
            continue
        seen[(indicator.pk, on)] = number
        if value is not None:
            valid.append(
                Measurement(
                    indicator=indicator,
                    date=on,
                    value=value,
                    note=note,
                    source=source,
                    entered_by=by if getattr(by, "is_authenticated", False) else None,
                )
            )
    if problems:
        raise MeasurementError(problems)
    created = Measurement.objects.bulk_create(valid)
    log(
        "governance.measurements_recorded",
        actor=by,
        target=objective.challenge,
        details={"objective": objective.pk, "count": len(created), "source": source},
    )
    send_measurements_recorded(objective.challenge_id, [m.indicator_id for m in created])
    return created


# --- files --------------------------------------------------------------------------------------


class FileError(ValidationError):
    pass


def _header_map(header: Sequence[Any]) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    found: dict[str, int] = {}
    for column, aliases in HEADER_NAMES.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[column] = index
                break
    missing = [c for c in ("indicator", "date", "value") if c not in found]
    if missing:
        raise FileError(
            _(
                "The first row must name the columns: indicator code, date, value and (optional) "
                "note; missing: %(missing)s."
            )
            % {"missing": ", ".join(str(COLUMN_LABELS[c]) for c in missing)}
        )
    return found


def _rows_from_table(table: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    if not table:
        raise FileError(_("The file is empty."))
    columns = _header_map(table[0])
    rows: list[dict[str, Any]] = []
    for line in table[1:]:
        if all(str(c if c is not None else "").strip() == "" for c in line):
            rows.append({"_empty": True})
            continue
        rows.append({c: (line[i] if i < len(line) else None) for c, i in columns.items()})
    while rows and rows[-1].get("_empty"):
        rows.pop()
    return [{} if r.get("_empty") else r for r in rows]


def read_measurement_file(name: str, content: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV (semicolon or comma) or XLSX file; row 1 names the columns. Raises
    ``FileError`` for a file that cannot be read."""
    if name.lower().endswith(".xlsx"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same problem for the user
            raise FileError(_("This is not a readable Excel (.xlsx) file.")) from exc
        return _rows_from_table(table)
    if not name.lower().endswith((".csv", ".txt")):
        raise FileError(_("Upload a .csv or .xlsx file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _rows_from_table(table)


def import_measurements(*, objective: Objective, by: Any, name: str, content: bytes) -> list[Measurement]:
    """Measurements of ``objective``'s indicators from a file, all or nothing (rows numbered as in the
    file: the header is row 1)."""
    rows = read_measurement_file(name, content)
    return record_measurements(objective, rows, by=by, source=MeasurementSource.IMPORT, first_row=2)


# --- the monitor ----------------------------------------------------------------------------------


@transaction.atomic
def sync_monitor_measurements(challenge: Any) -> int:
    """Store, for every current indicator of ``challenge`` whose source is the monitor, each reported
    wave's headline score of its dimension as a measurement (source ``monitor``). Idempotent: a date
    that already has a measurement is left alone. Returns how many were stored."""
    indicators = Indicator.objects.filter(
        objective__challenge=challenge,
        source=IndicatorSource.MONITOR,
        objective__state__in=(*EDITABLE, ObjectiveState.OVEREENGEKOMEN),
    ).exclude(monitor_dimension="")
    new: list[Measurement] = []
    for indicator in indicators:
        taken = set(indicator.measurements.values_list("date", flat=True))
        for on, value in readings.dimension_series(challenge, indicator.monitor_dimension):
            if on < indicator.baseline_date or on in taken:
                continue
            taken.add(on)
            new.append(
                Measurement(
                    indicator=indicator,
                    date=on,
                    value=parse_number(round(value, DECIMAL_PLACES)),
                    source=MeasurementSource.MONITOR,
                )
            )
    Measurement.objects.bulk_create(new)
    if new:
        log("governance.monitor_measurements", target=challenge, details={"count": len(new)})
        send_measurements_recorded(challenge.pk, [m.indicator_id for m in new])
    return len(new)


# ---------------------------------------------------------------------------------------------------
# Reading (for the pages): current objectives with their status, every number from the engine


@dataclass
class IndicatorRow:
    indicator: Indicator
    result: Any  # the engine's IndicatorStatus, or None when the objective has no status
    sentence: str


@dataclass
class ObjectiveRow:
    objective: Objective
    result: Any  # the engine's ObjectiveStatus, or None
    indicators: list[IndicatorRow]
    can_measure: bool = False

    @property
    def label(self) -> str:
        from veerkracht.governance.wording import status_label

        return status_label(self.result.status) if self.result is not None else ""


def current_objectives(challenge: Any, as_of: date | None = None) -> list[ObjectiveRow]:
    """The challenge's objectives that are not superseded (a proposed new version beside the agreed
    one it would replace), each with the engine's status; a fixed number of queries."""
    from veerkracht.governance import status
    from veerkracht.governance.wording import status_sentence

    objectives = list(
        status.with_measurements(
            challenge.objectives.exclude(state=ObjectiveState.VERVANGEN).select_related(
                "board_confirmed_by", "regisseur_confirmed_by", "owner", "contributes_to", "agreement"
            )
        ).order_by("code", "version")
    )
    results = status.evaluate(objectives, as_of)
    rows = []
    for objective in objectives:
        result = results.get(objective.pk)
        by_code = {i.code: i for i in result.indicators} if result is not None else {}
        rows.append(
            ObjectiveRow(
                objective,
                result,
                [
                    IndicatorRow(
                        i,
                        by_code.get(i.code),
                        status_sentence(by_code[i.code], i) if i.code in by_code else "",
                    )
                    for i in objective.indicators.all()
                ],
            )
        )
    return rows
