"""Writes of part e: needs, pledges, and bookings in the ledger. Every write checks a declared permission
on the object (``PermissionDenied``) and refuses bad input with a ``ValidationError`` naming the field.

Bookings lock their pledge row (``SELECT … FOR UPDATE``) so that a correction is computed from a sum that
cannot change under it; plain bookings are inserts and never lose one another. After a booking commits,
governance's escalation check runs for the challenge (the ledger is its source of use).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Challenge
from veerkracht.audit.logger import log
from veerkracht.organisations.models import Organisation
from veerkracht.resources.models import (
    BOOKING_FOR_NEED,
    NEED_TRANSITIONS,
    PLEDGE_TRANSITIONS,
    BookingKind,
    ChallengeSharing,
    ContributionStatement,
    DataAgreement,
    HoursConsent,
    LedgerEntry,
    Need,
    NeedChange,
    NeedKind,
    NeedState,
    Pledge,
    PledgeState,
)
from veerkracht.resources.rules import member_organisations
from veerkracht.resources.selectors import cents

#: Hours one person can book for one week in one entry.
MAX_WEEK_HOURS = Decimal(80)
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _after_commit_check(challenge_id: int) -> None:
    from veerkracht.governance.services.escalations import check_escalations_of

    transaction.on_commit(lambda: check_escalations_of(challenge_id))


def _period(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})


def _positive(quantity: Decimal) -> None:
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("Enter a quantity greater than zero.")})


# --- needs and pledges ---------------------------------------------------------------------------


def need_add(
    *,
    challenge: Challenge,
    by: Any,
    kind: str,
    description: str,
    quantity: Decimal,
    skill: Any = None,
    team: Any = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    budget_line: str = "",
    data_agreement: str = DataAgreement.GEEN,
) -> Need:
    _require(by, "resources.add_need", challenge)
    if kind not in NeedKind.values:
        raise ValidationError({"kind": _("Choose a kind of need.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the need.")})
    _positive(quantity)
    _period(starts_on, ends_on)
    if skill is not None and kind not in (NeedKind.UREN, NeedKind.EXPERTISE):
        raise ValidationError({"skill": _("A skill belongs to a need for hours or expertise.")})
    if team is not None and team.challenge_id != challenge.pk:
        raise ValidationError({"team": _("That team works on another challenge.")})
    return Need.objects.create(
        challenge=challenge,
        team=team,
        kind=kind,
        description=description.strip(),
        skill=skill,
        quantity=quantity,
        starts_on=starts_on,
        ends_on=ends_on,
        budget_line=budget_line.strip() if kind == NeedKind.GELD else "",
        data_agreement=data_agreement if kind == NeedKind.DATA else DataAgreement.GEEN,
        created_by=by,
    )


def pledge_make(
    *,
    need: Need,
    organisation: Organisation,
    by: Any,
    quantity: Decimal,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    note: str = "",
) -> Pledge:
    """An organisation's offer towards ``need``, made by one of its contacts (only while it is open)."""
    _require(by, "resources.view_challenge", need.challenge)
    _require(by, "resources.act_for", organisation)
    if need.state != NeedState.OPEN:
        raise ValidationError(_("This need is closed: it takes no new pledges."))
    _positive(quantity)
    _period(starts_on, ends_on)
    return Pledge.objects.create(
        need=need,
        organisation=organisation,
        offered_by=by,
        quantity=quantity,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
    )


def _decide(pledge: Pledge, by: Any, state: str) -> Pledge:
    _require(by, "resources.decide_pledge", pledge)
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if state not in PLEDGE_TRANSITIONS[PledgeState(locked.state)]:
            raise ValidationError(_("This pledge has been decided on already."))
        locked.state = state
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at"])
    return locked


def pledge_accept(*, pledge: Pledge, by: Any) -> Pledge:
    return _decide(pledge, by, PledgeState.GEACCEPTEERD)


def pledge_reject(*, pledge: Pledge, by: Any) -> Pledge:
    return _decide(pledge, by, PledgeState.AFGEWEZEN)


def pledge_withdraw(*, pledge: Pledge, by: Any) -> Pledge:
    """The pledging organisation's contact takes back a pledge that is still waiting for a decision."""
    _require(by, "resources.withdraw_pledge", pledge)
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if PledgeState.INGETROKKEN not in PLEDGE_TRANSITIONS[PledgeState(locked.state)]:
            raise ValidationError(_("Only a pledge that waits for a decision can be withdrawn."))
        locked.state = PledgeState.INGETROKKEN
        locked.ended_by, locked.ended_at = by, timezone.now()
        locked.save(update_fields=["state", "ended_by", "ended_at"])
        log("resources.pledge_withdrawn", actor=by, target=locked.organisation, details={"pledge": locked.pk})
    return locked


def _end(locked: Pledge, by: Any) -> None:
    """End a locked accepted pledge: what was delivered is what it counts for from now on."""
    delivered = LedgerEntry.objects.filter(pledge=locked).aggregate(s=Sum("quantity"))["s"]
    locked.state = PledgeState.BEEINDIGD
    locked.quantity_at_end = max(cents(delivered), Decimal(0))
    locked.ended_by, locked.ended_at = by, timezone.now()
    locked.save(update_fields=["state", "quantity_at_end", "ended_by", "ended_at"])


def pledge_end(*, pledge: Pledge, by: Any) -> Pledge:
    """End an accepted pledge (the organisation's contact, the regisseur or a coordinator): what was
    delivered stays and counts as pledged; the undelivered rest no longer does; nothing more is booked."""
    _require(by, "resources.end_pledge", pledge)
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if PledgeState.BEEINDIGD not in PLEDGE_TRANSITIONS[PledgeState(locked.state)]:
            raise ValidationError(_("Only an accepted pledge can be ended."))
        _end(locked, by)
        log("resources.pledge_ended", actor=by, target=locked.organisation, details={"pledge": locked.pk})
        _after_commit_check(pledge.need.challenge_id)
    return locked


#: The terms of a need that can be changed after it is made.
CHANGEABLE = ("description", "quantity", "starts_on", "ends_on", "budget_line", "data_agreement", "team")


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, Decimal):
        return str(cents(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def need_change(*, need: Need, by: Any, **terms: Any) -> Need:
    """Change a need's terms (the regisseur or a coordinator), keeping the old values in a
    :class:`NeedChange`. A withdrawn need is not changed."""
    _require(by, "resources.change_need", need)
    unknown = set(terms) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    if "description" in terms:
        terms["description"] = str(terms["description"]).strip()
        if not terms["description"]:
            raise ValidationError({"description": _("Describe the need.")})
    if "quantity" in terms:
        _positive(terms["quantity"])
    team = terms.get("team")
    if team is not None and team.challenge_id != need.challenge_id:
        raise ValidationError({"team": _("That team works on another challenge.")})
    if need.kind != NeedKind.GELD:
        terms.pop("budget_line", None)
    if need.kind != NeedKind.DATA:
        terms.pop("data_agreement", None)
    if "data_agreement" in terms and terms["data_agreement"] not in DataAgreement.values:
        raise ValidationError({"data_agreement": _("Choose a state of the agreement.")})
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if locked.state == NeedState.INGETROKKEN:
            raise ValidationError(_("A withdrawn need is not changed."))
        _period(terms.get("starts_on", locked.starts_on), terms.get("ends_on", locked.ends_on))
        changes = {}
        for name, value in terms.items():
            old = getattr(locked, name)
            if isinstance(value, str):
                value = value.strip()
            if _plain(old) != _plain(value):
                changes[name] = [_plain(old), _plain(value)]
                setattr(locked, name, value)
        if changes:
            locked.save()
            NeedChange.objects.create(need=locked, changed_by=by, changes=changes)
            log("resources.need_changed", actor=by, target=locked.challenge, details={"need": locked.pk})
    return locked


def _move_need(need: Need, by: Any, state: str) -> Need:
    _require(by, "resources.change_need", need)
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if state not in NEED_TRANSITIONS[NeedState(locked.state)]:
            raise ValidationError(_("This need cannot be moved to that state."))
        fields = ["state"]
        if state == NeedState.INGETROKKEN:
            # what was delivered stays: accepted pledges end, pledges waiting for a decision are withdrawn
            for pledge in Pledge.objects.select_for_update().filter(need=locked):
                if pledge.state == PledgeState.GEACCEPTEERD:
                    _end(pledge, by)
                elif pledge.state == PledgeState.VOORGESTELD:
                    pledge.state = PledgeState.INGETROKKEN
                    pledge.ended_by, pledge.ended_at = by, timezone.now()
                    pledge.save(update_fields=["state", "ended_by", "ended_at"])
            delivered = LedgerEntry.objects.filter(pledge__need=locked).aggregate(s=Sum("quantity"))["s"]
            locked.quantity_at_end = max(cents(delivered), Decimal(0))
            fields.append("quantity_at_end")
        locked.state = state
        locked.save(update_fields=fields)
        NeedChange.objects.create(need=locked, changed_by=by, changes={"state": [need.state, state]})
        log("resources.need_" + state, actor=by, target=locked.challenge, details={"need": locked.pk})
        _after_commit_check(locked.challenge_id)
    return locked


def need_close(*, need: Need, by: Any) -> Need:
    """Close a need: it takes no new pledges; what was pledged and delivered keeps counting."""
    return _move_need(need, by, NeedState.GESLOTEN)


def need_reopen(*, need: Need, by: Any) -> Need:
    return _move_need(need, by, NeedState.OPEN)


def need_withdraw(*, need: Need, by: Any) -> Need:
    """Withdraw a need that is no longer needed: its accepted pledges end, waiting ones are withdrawn;
    from now on it counts as needed (and pledged) for what was delivered on it."""
    return _move_need(need, by, NeedState.INGETROKKEN)


def sharing_set(*, challenge: Challenge, by: Any, share: bool) -> ChallengeSharing:
    """The regisseur chooses whether the challenge's partners see every partner's amounts."""
    _require(by, "resources.set_sharing", challenge)
    row, _created = ChallengeSharing.objects.update_or_create(
        challenge=challenge, defaults={"share_amounts": share, "changed_by": by, "changed_at": timezone.now()}
    )
    challenge._resources_shares = share  # type: ignore[attr-defined]
    log("resources.sharing_set", actor=by, target=challenge, details={"share_amounts": share})
    return row


# --- the ledger ------------------------------------------------------------------------------------


def may_book(user: Any, pledge: Pledge, person: Any = None) -> bool:
    """Hours: the person themself (a member of the pledging organisation) or its contacts; money and
    facility use: the organisation's contacts."""
    if user.has_perm("resources.act_for", pledge.organisation):
        return True
    return (
        pledge.need.booking_kind == BookingKind.UREN
        and person is not None
        and person.pk == user.pk
        and pledge.organisation_id in member_organisations(user)
    )


def _check_booking(pledge: Pledge, quantity: Decimal, person: Any, week: dt.date | None) -> str:
    kind = BOOKING_FOR_NEED.get(NeedKind(pledge.need.kind))
    if kind is None:
        raise ValidationError(_("Data is delivered by a data-sharing agreement, not booked."))
    if pledge.state != PledgeState.GEACCEPTEERD:
        raise ValidationError(_("Only an accepted pledge can be booked on."))
    _positive(quantity)
    if kind == BookingKind.UREN:
        if person is None:
            raise ValidationError({"person": _("Say whose hours these are.")})
        if pledge.organisation_id not in member_organisations(person):
            raise ValidationError({"person": _("This person does not work for the pledging organisation.")})
        if week is None:
            raise ValidationError({"week": _("Enter the Monday of the week worked.")})
        if week.weekday() != 0:
            raise ValidationError({"week": _("A week is given by its Monday.")})
        if week > timezone.localdate():
            raise ValidationError({"week": _("Hours can only be booked for a week that has begun.")})
        if quantity > MAX_WEEK_HOURS:
            raise ValidationError({"quantity": _("No more than 80 hours per person per week.")})
    return kind


def realisation_book(
    *,
    pledge: Pledge,
    by: Any,
    quantity: Decimal,
    person: Any = None,
    week: dt.date | None = None,
    reference: str = "",
    note: str = "",
) -> LedgerEntry:
    """Book delivered hours, money or facility use on an accepted pledge."""
    if not may_book(by, pledge, person):
        raise PermissionDenied("resources.book")
    kind = _check_booking(pledge, quantity, person, week)
    with transaction.atomic():
        Pledge.objects.select_for_update().filter(pk=pledge.pk).first()
        entry = LedgerEntry.objects.create(
            pledge=pledge,
            kind=kind,
            quantity=quantity,
            person=person if kind == BookingKind.UREN else None,
            week=week if kind == BookingKind.UREN else None,
            reference=reference.strip(),
            note=note.strip(),
            booked_by=by,
        )
        _after_commit_check(pledge.need.challenge_id)
    return entry


def effective_quantity(entry: LedgerEntry) -> Decimal:
    """What ``entry`` counts for now: its quantity plus the corrections made to it (a database sum)."""
    corrected = LedgerEntry.objects.filter(corrects=entry).aggregate(s=Sum("quantity"))["s"]
    return cents(entry.quantity) + cents(corrected)


def realisation_correct(*, entry: LedgerEntry, by: Any, quantity: Decimal, note: str) -> LedgerEntry:
    """Correct ``entry`` to ``quantity`` (zero takes it back): a new entry holding the difference,
    linked to the entry it corrects. ``entry`` must be an original booking."""
    if entry.corrects_id is not None:
        raise ValidationError(_("Correct the original booking, not a correction."))
    pledge = entry.pledge
    if pledge.state != PledgeState.GEACCEPTEERD:
        raise ValidationError(_("The pledge has ended: its bookings are no longer corrected."))
    if not may_book(by, pledge, entry.person):
        raise PermissionDenied("resources.book")
    if quantity is None or quantity < 0:
        raise ValidationError({"quantity": _("Enter the right quantity (zero or more).")})
    if entry.kind == BookingKind.UREN and quantity > MAX_WEEK_HOURS:
        raise ValidationError({"quantity": _("No more than 80 hours per person per week.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the booking is corrected.")})
    with transaction.atomic():
        Pledge.objects.select_for_update().filter(pk=pledge.pk).first()
        difference = quantity - effective_quantity(entry)
        if difference == 0:
            raise ValidationError({"quantity": _("That is what the booking already counts for.")})
        correction = LedgerEntry.objects.create(
            pledge=pledge,
            kind=entry.kind,
            quantity=difference,
            person=entry.person,
            week=entry.week,
            reference=entry.reference,
            note=note.strip(),
            booked_by=by,
            corrects=entry,
        )
        _after_commit_check(pledge.need.challenge_id)
    return correction


# --- the import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRefused(ValidationError):
    """The whole file is refused; ``problems`` names every row's problem."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems])


COLUMNS = {
    "pledge": ("toezegging", "pledge"),
    "need": ("behoefte", "need"),
    "email": ("e-mail", "email", "e-mailadres"),
    "week": ("week",),
    "quantity": ("uren", "hours", "hoeveelheid", "quantity", "bedrag", "amount"),
    "reference": ("referentie", "reference"),
}


def _table(name: str, content: bytes) -> list[list[Any]]:
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportRefused([RowProblem(0, _("The file is larger than 2 MB."))])
    if name.lower().endswith(".xlsx"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same problem
            raise ImportRefused([RowProblem(0, _("This is not a readable Excel (.xlsx) file."))]) from exc
    if not name.lower().endswith((".csv", ".txt")):
        raise ImportRefused([RowProblem(0, _("Upload a .csv or .xlsx file."))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if ";" in first and first.count(";") >= first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _week(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        if "W" in text.upper():
            year, week = text.upper().split("-W")
            return dt.date.fromisocalendar(int(year), int(week), 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        try:
            return dt.datetime.strptime(text, "%d-%m-%Y").date()
        except ValueError:
            raise ValidationError(
                _("“%(v)s” is not a week (YYYY-MM-DD of a Monday, or YYYY-Www).") % {"v": text}
            ) from None


def _quantity(value: Any) -> Decimal:
    text = _text(value).replace(",", ".")
    try:
        quantity = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text}) from None
    if not quantity.is_finite():
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text})
    return quantity


def _messages(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def realisation_import(
    *, organisation: Organisation, by: Any, name: str, content: bytes
) -> list[LedgerEntry]:
    """Book the rows of a CSV or XLSX file for ``organisation``, all or nothing. Row 1 names the columns:
    toezegging (pledge number) or behoefte (need number), e-mail (for hours), week, uren/hoeveelheid,
    referentie. Raises :class:`ImportRefused` naming every row's problem; then nothing is written."""
    _require(by, "resources.act_for", organisation)
    table = _table(name, content)
    if not table:
        raise ImportRefused([RowProblem(1, _("The file is empty."))])
    header = [_text(h).lower() for h in table[0]]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
                break
    missing = [k for k in ("quantity",) if k not in index]
    if "pledge" not in index and "need" not in index:
        missing.insert(0, "pledge")
    if missing:
        raise ImportRefused(
            [
                RowProblem(
                    1,
                    _(
                        "The first row must name the columns toezegging (or behoefte), e-mail, week, "
                        "uren and referentie."
                    ),
                )
            ]
        )
    pledges = {
        p.pk: p
        for p in Pledge.objects.filter(organisation=organisation).select_related(
            "need__challenge__agenda", "organisation"
        )
    }
    emails = {
        _text(line[index["email"]]).lower()
        for line in table[1:]
        if "email" in index and index["email"] < len(line) and _text(line[index["email"]])
    }
    people = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}

    def cell(line: list[Any], key: str) -> Any:
        i = index.get(key)
        return line[i] if i is not None and i < len(line) else None

    planned: list[tuple[Pledge, Decimal, Any, dt.date | None, str]] = []
    problems: list[RowProblem] = []
    for number, line in enumerate(table[1:], start=2):
        if all(_text(c) == "" for c in line):
            continue
        row_problems: list[str] = []
        pledge: Pledge | None = None
        pledge_text, need_text = _text(cell(line, "pledge")), _text(cell(line, "need"))
        if pledge_text:
            pledge = pledges.get(int(pledge_text)) if pledge_text.isdigit() else None
            if pledge is None:
                row_problems.append(
                    _("pledge “%(v)s” is not one of this organisation's.") % {"v": pledge_text}
                )
        elif need_text:
            found = [
                p
                for p in pledges.values()
                if str(p.need_id) == need_text and p.state == PledgeState.GEACCEPTEERD
            ]
            if len(found) == 1:
                pledge = found[0]
            else:
                row_problems.append(
                    _("need “%(v)s” has no single accepted pledge of this organisation.") % {"v": need_text}
                )
        else:
            row_problems.append(_("name the pledge (or the need)."))
        person = None
        email = _text(cell(line, "email")).lower()
        if email:
            person = people.get(email)
            if person is None:
                row_problems.append(_("nobody has the e-mail address %(v)s.") % {"v": email})
        week = None
        try:
            week = _week(cell(line, "week"))
        except ValidationError as error:
            row_problems.append(_messages(error))
        quantity = None
        try:
            quantity = _quantity(cell(line, "quantity"))
        except ValidationError as error:
            row_problems.append(_messages(error))
        if pledge is not None and quantity is not None and not (email and person is None):
            if not may_book(by, pledge, person):
                row_problems.append(_("you may not book on this pledge."))
            else:
                try:
                    _check_booking(pledge, quantity, person, week)
                except ValidationError as error:
                    row_problems.append(_messages(error))
        if row_problems:
            problems.append(RowProblem(number, " ".join(row_problems)))
        else:
            assert pledge is not None and quantity is not None  # noqa: S101 - narrowed above
            planned.append((pledge, quantity, person, week, _text(cell(line, "reference"))))
    if problems:
        raise ImportRefused(problems)
    if not planned:
        raise ImportRefused([RowProblem(2, _("The file has no rows to book."))])
    entries = []
    with transaction.atomic():
        for pledge, quantity, person, week, reference in planned:
            entries.append(
                realisation_book(
                    pledge=pledge, by=by, quantity=quantity, person=person, week=week, reference=reference
                )
            )
    return entries


# --- the contribution statement (PDF) --------------------------------------------------------------


def statement_request(*, organisation: Organisation, by: Any, language: str) -> ContributionStatement:
    """Ask for the organisation's contribution statement as a PDF in ``language``: the stored file is
    emptied and the rendering is queued once the request's transaction commits (never rendered here)."""
    _require(by, "resources.view_contribution", organisation)
    language = language if language in ("nl", "en") else "nl"
    with transaction.atomic():
        statement, _created = ContributionStatement.objects.select_for_update().get_or_create(
            organisation=organisation, language=language
        )
        old = statement.pdf.name if statement.pdf else ""
        statement.pdf.name = ""
        statement.render_error = ""
        statement.requested_by = by
        statement.requested_at = timezone.now()
        statement.rendered_at = None
        statement.save()
        if old:
            storage = statement.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
        log(
            "resources.statement_requested",
            actor=by,
            target=organisation,
            details={"statement": statement.pk, "language": language},
        )
        pk = statement.pk
        transaction.on_commit(lambda: _queue_statement(pk))
    return statement


def _queue_statement(statement_pk: int) -> None:
    from veerkracht.resources.tasks import render_statement

    render_statement.delay(statement_pk)


# --- consent to share one's hours statement --------------------------------------------------------


def hours_consent_give(*, person: Any, organisation: Organisation) -> HoursConsent:
    """``person`` lets the contacts of ``organisation`` (one of their own) see their hours statement.
    Given again after a withdrawal: a new date, the withdrawal cleared."""
    _require(person, "resources.consent_hours", organisation)
    with transaction.atomic():
        consent, created = HoursConsent.objects.select_for_update().get_or_create(
            person=person, organisation=organisation
        )
        if not created and consent.withdrawn_at is not None:
            consent.given_at = timezone.now()
            consent.withdrawn_at = None
            consent.save(update_fields=["given_at", "withdrawn_at"])
        log("resources.hours_consent_given", actor=person, target=organisation)
    return consent


def hours_consent_withdraw(*, person: Any, organisation: Organisation) -> HoursConsent | None:
    """``person`` withdraws the consent: from now on the contacts no longer see their hours by name.
    Always allowed for one's own consent (also after leaving the organisation)."""
    if not getattr(person, "is_authenticated", False):
        raise PermissionDenied("resources.consent_hours")
    with transaction.atomic():
        consent = (
            HoursConsent.objects.select_for_update().filter(person=person, organisation=organisation).first()
        )
        if consent is not None and consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
            log("resources.hours_consent_withdrawn", actor=person, target=organisation)
    return consent
