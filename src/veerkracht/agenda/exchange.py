"""Export an agenda (CSV, JSON) and import challenges from CSV.

An import is all or nothing: the whole file is checked first, every problem is reported with its
row (as a spreadsheet numbers it: the header is row 1) and column, and nothing is stored unless the
file has no problem at all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Field, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda import services
from veerkracht.agenda.events import AgendaEvent
from veerkracht.agenda.models import (
    RESERVED_SLUGS,
    Agenda,
    Challenge,
    Domain,
    Neighbourhood,
    SustainableDevelopmentGoal,
)
from veerkracht.agenda.sanitise import plain_text
from veerkracht.agenda.selectors import Ranked
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.core.spreadsheets import safe_cell as _cell
from veerkracht.organisations.models import Organisation

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

#: canonical column -> accepted header names (English and Dutch)
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel"),
    "slug": ("slug", "korte_naam"),
    "domain": ("domain", "domein"),
    "problem": ("problem", "probleem", "probleemomschrijving"),
    "ambition": ("ambition", "ambitie"),
    "lead_municipality": ("lead_municipality", "trekkende_gemeente"),
    "neighbourhoods": ("neighbourhoods", "wijken"),
    "sdgs": ("sdgs", "sdg"),
    "public_money": ("public_money", "publiek_geld"),
    "private_money": ("private_money", "privaat_geld"),
}
REQUIRED = ("title", "domain", "problem")
#: columns an export writes that an import ignores (so that an export can be re-imported)
EXPORT_ONLY = ("status", "published", "regisseur", "weighted_score", "spread", "scorers")
EXPORT_COLUMNS = (
    "slug",
    "title",
    "domain",
    "status",
    "published",
    "problem",
    "ambition",
    "lead_municipality",
    "neighbourhoods",
    "sdgs",
    "public_money",
    "private_money",
    "regisseur",
    "weighted_score",
    "spread",
    "scorers",
)
_LIST_SPLIT = re.compile(r"[|;,]")
_MONEY = re.compile(r"^[0-9]{1,3}([. ]?[0-9]{3})*$")
_GOAL = re.compile(r"[0-9]{1,2}")


@dataclass(frozen=True)
class Problem:
    """One problem in an import file. The message is translated when shown (str())."""

    row: int | None  # None: the file as a whole
    column: str | None
    template: Any  # a lazy translatable string with %(name)s placeholders
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)

    def __str__(self) -> str:
        if self.row is None and self.column is None:
            return self.message
        if self.row is None:
            return str(_("Column “%(column)s”: %(message)s")) % {
                "column": self.column,
                "message": self.message,
            }
        if self.column is None:
            return str(_("Row %(row)s: %(message)s")) % {"row": self.row, "message": self.message}
        return str(_("Row %(row)s, column “%(column)s”: %(message)s")) % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedRow:
    row: int
    fields: dict[str, Any]
    sdgs: list[SustainableDevelopmentGoal] = field(default_factory=list)
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)


@dataclass
class ImportOutcome:
    created: list[Challenge] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig")


def parse_challenges_csv(agenda: Agenda, data: bytes) -> tuple[list[ParsedRow], list[Problem]]:
    """Check a CSV file against ``agenda``; returns the parsed rows and every problem found."""
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        return [], [Problem(None, None, _("The file is larger than 2 MB."))]
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return [], [Problem(None, None, _("The file is not UTF-8 text. Save it as “CSV UTF-8”."))]
    if not text.strip():
        return [], [Problem(None, None, _("The file is empty."))]
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [Problem(None, None, _("The file has no header row."))]
    alias = {name: key for key, names in COLUMNS.items() for name in names}
    columns: list[str | None] = []
    seen: set[str] = set()
    for raw in header:
        name = raw.strip().lower()
        key = alias.get(name)
        if key is None and name in EXPORT_ONLY:
            columns.append(None)
            continue
        if key is None:
            problems.append(Problem(None, raw.strip() or "?", _("unknown column.")))
            columns.append(None)
            continue
        if key in seen:
            problems.append(Problem(None, raw.strip(), _("this column appears more than once.")))
        seen.add(key)
        columns.append(key)
    for key in REQUIRED:
        if key not in seen:
            problems.append(Problem(None, key, _("this required column is missing.")))
    if problems:
        return [], problems

    context = _Context(agenda)
    rows: list[ParsedRow] = []
    slugs_in_file: dict[str, int] = {}
    try:
        records = list(reader)
    except csv.Error as exc:
        return [], [Problem(None, None, _("The file is not valid CSV: %(error)s"), {"error": exc})]
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        return [], [Problem(None, None, _("The file has no challenges (only a header row)."))]
    if len(records) > MAX_ROWS:
        return [], [Problem(None, None, _("The file has more than %(max)s rows."), {"max": MAX_ROWS})]
    for number, record in enumerate(records, start=2):
        if len(record) != len(columns):
            problems.append(
                Problem(
                    number,
                    None,
                    _("this row has %(found)s fields, the header has %(expected)s."),
                    {"found": len(record), "expected": len(columns)},
                )
            )
            continue
        values = {key: cell.strip() for key, cell in zip(columns, record, strict=True) if key}
        parsed, row_problems = context.parse_row(number, values)
        problems.extend(row_problems)
        slug = parsed.fields.get("slug")
        if slug:
            if slug in slugs_in_file:
                problems.append(
                    Problem(
                        number,
                        "slug",
                        _("“%(slug)s” is also used in row %(other)s."),
                        {"slug": slug, "other": slugs_in_file[slug]},
                    )
                )
            slugs_in_file.setdefault(slug, number)
        rows.append(parsed)
    return rows, problems


class _Context:
    """Reference data for checking rows, read once per file."""

    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.domains: dict[str, Domain] = {}
        for domain in Domain.objects.all():
            for name in (domain.code, domain.name_nl, domain.name_en):
                self.domains[name.lower()] = domain
        municipality_ids = agenda.municipality_ids()
        self.municipalities: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(pk__in=municipality_ids):
            self.municipalities[org.slug.lower()] = org
            self.municipalities[org.name.lower()] = org
        self.neighbourhoods: dict[str, Neighbourhood] = {}
        for hood in Neighbourhood.objects.filter(municipality_id__in=municipality_ids):
            self.neighbourhoods[hood.slug.lower()] = hood
            self.neighbourhoods[hood.name.lower()] = hood
        self.goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}
        self.default_municipality = (
            Organisation.objects.get(pk=municipality_ids[0]) if municipality_ids else None
        )

    def parse_row(self, number: int, values: dict[str, str]) -> tuple[ParsedRow, list[Problem]]:
        problems: list[Problem] = []
        fields: dict[str, Any] = {}

        def bad(column: str, message: Any, params: dict[str, Any] | None = None) -> None:
            problems.append(Problem(number, column, message, params or {}))

        def checked(column: str, raw: str) -> Any:
            """``raw`` cleaned as the challenge form cleans that field (length, NUL characters,
            number ranges); None with a problem for each message when it does not pass."""
            model_field = Challenge._meta.get_field(column)
            assert isinstance(model_field, Field)
            try:
                value = model_field.formfield().clean(raw)  # type: ignore[union-attr]
                if value not in (None, ""):
                    model_field.run_validators(value)
            except ValidationError as error:
                for message in error.messages:
                    bad(column, message)
                return None
            return value

        title = values.get("title", "")
        if not title:
            bad("title", _("a title is required."))
        elif len(title) > 200:
            bad("title", _("the title is longer than 200 characters."))
        else:
            checked("title", title)
        fields["title"] = title

        slug = values.get("slug", "")
        if slug:
            try:
                validate_slug(slug)
            except ValidationError:
                bad(
                    "slug",
                    _("“%(slug)s” is not a valid short name (letters, digits, hyphens)."),
                    {"slug": slug},
                )
            else:
                if slug in RESERVED_SLUGS or len(slug) > 80:
                    bad("slug", _("“%(slug)s” cannot be used as a short name."), {"slug": slug})
                elif Challenge.objects.filter(slug=slug).exists():
                    bad("slug", _("a challenge with short name “%(slug)s” already exists."), {"slug": slug})
            fields["slug"] = slug

        domain_name = values.get("domain", "")
        if not domain_name:
            bad("domain", _("a domain is required."))
        elif domain_name.lower() not in self.domains:
            bad("domain", _("unknown domain “%(value)s”."), {"value": domain_name})
        else:
            fields["domain"] = self.domains[domain_name.lower()]

        if not values.get("problem"):
            bad("problem", _("a problem description is required."))
        else:
            checked("problem", values["problem"])
        fields["problem"] = values.get("problem", "")
        if values.get("ambition"):
            checked("ambition", values["ambition"])
        fields["ambition"] = values.get("ambition", "")

        municipality = values.get("lead_municipality", "")
        if municipality:
            if municipality.lower() not in self.municipalities:
                bad(
                    "lead_municipality",
                    _("“%(value)s” is not a municipality of this agenda."),
                    {"value": municipality},
                )
            else:
                fields["lead_municipality"] = self.municipalities[municipality.lower()]
        else:
            fields["lead_municipality"] = self.default_municipality

        parsed = ParsedRow(row=number, fields=fields)
        for item in _items(values.get("neighbourhoods", "")):
            hood = self.neighbourhoods.get(item.lower())
            if hood is None:
                bad(
                    "neighbourhoods",
                    _("“%(value)s” is not a neighbourhood of this agenda's municipalities."),
                    {"value": item},
                )
            else:
                parsed.neighbourhoods.append(hood)
        for item in _items(values.get("sdgs", "")):
            goal = self.goals.get(int(item)) if _GOAL.fullmatch(item) else None
            if goal is None:
                bad("sdgs", _("“%(value)s” is not a goal number from 1 to 17."), {"value": item})
            else:
                parsed.sdgs.append(goal)
        for column in ("public_money", "private_money"):
            raw = values.get(column, "")
            if not raw:
                fields[column] = None
            elif len(raw) > 30 or not _MONEY.match(raw):
                bad(column, _("“%(value)s” is not a whole number of euros."), {"value": raw[:30]})
            else:
                fields[column] = checked(column, raw.replace(".", "").replace(" ", ""))
        return parsed, problems


def _items(value: str) -> list[str]:
    return [item.strip() for item in _LIST_SPLIT.split(value) if item.strip()]


def challenges_import(
    *, agenda: Agenda, by: Any, data: bytes, filename: str = "", request: HttpRequest | None = None
) -> ImportOutcome:
    """Import challenges from CSV onto ``agenda``: all of them, or (with any problem) none."""
    rows, problems = parse_challenges_csv(agenda, data)
    if problems:
        log(
            AgendaEvent.CHALLENGES_IMPORT_REFUSED,
            actor=by,
            target=agenda,
            request=request,
            result=Result.FAILURE,
            details={"file": filename[:100], "problems": len(problems)},
        )
        return ImportOutcome(problems=problems)
    created = []
    problems = []
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    created.append(
                        services.challenge_create(
                            agenda=agenda,
                            by=by,
                            sdgs=row.sdgs,
                            neighbourhoods=row.neighbourhoods,
                            request=request,
                            **row.fields,
                        )
                    )
                except ValidationError as error:
                    for column, messages in error.message_dict.items():
                        for message in messages:
                            problems.append(
                                Problem(row.row, None if column == "__all__" else column, message)
                            )
            if problems:
                raise _Refused
            log(
                AgendaEvent.CHALLENGES_IMPORTED,
                actor=by,
                target=agenda,
                request=request,
                details={"file": filename[:100], "count": len(created)},
            )
    except _Refused:
        log(
            AgendaEvent.CHALLENGES_IMPORT_REFUSED,
            actor=by,
            target=agenda,
            request=request,
            result=Result.FAILURE,
            details={"file": filename[:100], "problems": len(problems)},
        )
        return ImportOutcome(problems=problems)
    return ImportOutcome(created=created)


class _Refused(Exception):
    """Rolls back an import that a row's save refused."""


# --- export -------------------------------------------------------------------------------------


def _decimal(value: Any) -> str:
    return "" if value is None else f"{float(value):.3f}"


def export_rows(challenges: QuerySet[Challenge], ranked: Iterable[Ranked]) -> list[dict[str, Any]]:
    by_pk = {row.challenge.pk: row for row in ranked}
    rows = []
    for challenge in challenges.prefetch_related("neighbourhoods", "sdgs").order_by("title"):
        row = by_pk.get(challenge.pk)
        rows.append(
            {
                "slug": challenge.slug,
                "title": challenge.title,
                "domain": challenge.domain.code,
                "status": challenge.status,
                "published": challenge.published,
                "problem": plain_text(challenge.problem),
                "ambition": plain_text(challenge.ambition),
                "lead_municipality": challenge.lead_municipality.slug,
                "neighbourhoods": [n.slug for n in challenge.neighbourhoods.all()],
                "sdgs": [g.number for g in challenge.sdgs.all()],
                "public_money": challenge.public_money,
                "private_money": challenge.private_money,
                "regisseur": challenge.regisseur.get_full_name() if challenge.regisseur else "",
                "weighted_score": row.result.weighted if row else None,
                "spread": row.result.spread if row else None,
                "scorers": row.result.scorer_count if row else 0,
            }
        )
    return rows


def agenda_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        values = dict(row)
        values["neighbourhoods"] = "|".join(row["neighbourhoods"])
        values["sdgs"] = "|".join(str(n) for n in row["sdgs"])
        values["published"] = "ja" if row["published"] else "nee"
        values["weighted_score"] = _decimal(row["weighted_score"])
        values["spread"] = _decimal(row["spread"])
        writer.writerow([_cell(values[column]) for column in EXPORT_COLUMNS])
    return out.getvalue()


def agenda_json(agenda: Agenda, rows: list[dict[str, Any]]) -> str:
    document = {
        "agenda": {
            "slug": agenda.slug,
            "title": agenda.title,
            "owner": agenda.owner_name,
            "periodStart": agenda.period_start.isoformat(),
            "periodEnd": agenda.period_end.isoformat(),
            "published": agenda.published,
            "weights": {
                "urgency": agenda.weight_urgency,
                "impact": agenda.weight_impact,
                "feasibility": agenda.weight_feasibility,
                "innovation": agenda.weight_innovation,
            },
        },
        "challenges": [
            {
                "slug": row["slug"],
                "title": row["title"],
                "domain": row["domain"],
                "status": row["status"],
                "published": row["published"],
                "problem": row["problem"],
                "ambition": row["ambition"],
                "leadMunicipality": row["lead_municipality"],
                "neighbourhoods": row["neighbourhoods"],
                "sdgs": row["sdgs"],
                "publicMoney": row["public_money"],
                "privateMoney": row["private_money"],
                "regisseur": row["regisseur"],
                "weightedScore": None
                if row["weighted_score"] is None
                else round(float(row["weighted_score"]), 3),
                "spread": None if row["spread"] is None else round(float(row["spread"]), 3),
                "scorers": row["scorers"],
            }
            for row in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
