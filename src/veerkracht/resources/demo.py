# ruff: noqa: E501 - demo content reads best one record a line
"""Demo: part e on Transitie sociaal domein (in uitvoering) and Nieuwe aanpak jeugdcriminaliteit De Vaart.

- Needs of every kind: hours of neighbourhood work, research expertise, a facility, linked data (no
  partner has pledged it: an unmet need) and co-funding (a pledge that waits for the regisseur).
- Accepted pledges from Stichting Welzijn Veerdam, Buurtcoöperatie De Vaart, Hogeschool Lindenland and
  Woonstichting Veerdam; the Buurtcoöperatie is behind on its pledge (its period has ended, a fifth
  delivered). One booking has a correction.
- Buurtcoöperatie De Vaart withdrew its offer towards the co-funding before the regisseur decided.
- D. Bulut (Welzijn) lets the contacts of Stichting Welzijn Veerdam see their hours statement.
- No money is booked on Transitie sociaal domein: the ledger adds to the use of the mandate
  (governance's demo keeps that mandate at 85 % of its budget); the hours booked (136) keep the
  mandate's hours under its warning share.

Runs after the governance loader (INSTALLED_APPS order). Idempotent: needs and pledges by natural key;
ledger entries (append-only) by a demo key in their note, so a reload adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Challenge
from veerkracht.core.demo import DemoContext
from veerkracht.organisations.models import Organisation
from veerkracht.resources.models import (
    BookingKind,
    DataAgreement,
    HoursConsent,
    LedgerEntry,
    Need,
    NeedKind,
    Pledge,
    PledgeState,
)
from veerkracht.teams.models import Skill

DOMAIN = "veerdam.example"
SOCIAL = "transitie-sociaal-domein"
YOUTH = "jeugdcriminaliteit-de-vaart"

# key, challenge, kind, description, quantity, skill, start, end (days from today), budget line, data agreement
NEEDS = (
    (
        "opbouwwerk",
        SOCIAL,
        NeedKind.UREN,
        "Opbouwwerk in De Vaart en Rivierwijk",
        "400",
        "wijkkennis",
        -120,
        240,
        "",
        "",
    ),
    (
        "onderzoek",
        SOCIAL,
        NeedKind.EXPERTISE,
        "Methodologie effectonderzoek",
        "80",
        "data-analyse",
        -90,
        180,
        "",
        "",
    ),
    (
        "wijkpost",
        SOCIAL,
        NeedKind.FACILITEIT,
        "Ruimte voor de wijkpost Oosterpark",
        "40",
        "",
        -60,
        300,
        "",
        "",
    ),
    (
        "data",
        SOCIAL,
        NeedKind.DATA,
        "Gekoppelde, geanonimiseerde gegevens schuldhulp en jeugdhulp",
        "1",
        "",
        -30,
        200,
        "",
        DataAgreement.IN_VOORBEREIDING,
    ),
    (
        "buurtbudget",
        SOCIAL,
        NeedKind.GELD,
        "Cofinanciering buurtbudget Oosterpark",
        "20000",
        "",
        0,
        365,
        "Buurtbudgetten 2026",
        "",
    ),
    (
        "jongerenwerk",
        YOUTH,
        NeedKind.UREN,
        "Ambulant jongerenwerk in de avonden",
        "200",
        "wijkkennis",
        30,
        300,
        "",
        "",
    ),
)

# need key, organisation, offered by, quantity, state, start, end, note
PLEDGES = (
    (
        "opbouwwerk",
        "welzijn-veerdam",
        "s.kok",
        "240",
        PledgeState.GEACCEPTEERD,
        -120,
        240,
        "Twee opbouwwerkers, samen 8 uur per week.",
    ),
    (
        "opbouwwerk",
        "buurtcooperatie-de-vaart",
        "r.vermeulen",
        "120",
        PledgeState.GEACCEPTEERD,
        -120,
        -30,
        "Ervaringsdeskundigen van de coöperatie.",
    ),
    (
        "onderzoek",
        "hogeschool-lindenland",
        "y.brouwer",
        "80",
        PledgeState.GEACCEPTEERD,
        -90,
        180,
        "Onderzoeker van het lectoraat Sociale Innovatie.",
    ),
    (
        "wijkpost",
        "woonstichting-veerdam",
        "partnercontact",
        "40",
        PledgeState.GEACCEPTEERD,
        -60,
        300,
        "Bedrijfsruimte Oosterparkplein 4, twee dagdelen per week.",
    ),
    (
        "buurtbudget",
        "woonstichting-veerdam",
        "partnercontact",
        "10000",
        PledgeState.VOORGESTELD,
        0,
        365,
        "Onder voorbehoud van het jaarplan.",
    ),
    ("jongerenwerk", "welzijn-veerdam", "s.kok", "100", PledgeState.VOORGESTELD, 30, 300, ""),
    (
        "buurtbudget",
        "buurtcooperatie-de-vaart",
        "r.vermeulen",
        "2500",
        PledgeState.INGETROKKEN,
        0,
        365,
        "Ingetrokken: de coöperatie krijgt de verwachte fondsbijdrage niet.",
    ),
)
#: people who let their organisation's contacts see their hours statement
CONSENTS = (("d.bulut", "welzijn-veerdam"),)

# key, need key, organisation, kind, person (hours), weeks ago, quantity, reference, booked by
BOOKINGS: list[tuple[str, str, str, str, str, int, str, str, str]] = [
    *[
        (f"welzijn-{w}", "opbouwwerk", "welzijn-veerdam", BookingKind.UREN, "d.bulut", w, "8", "", "d.bulut")
        for w in range(1, 13)
    ],
    *[
        (
            f"coop-{w}",
            "opbouwwerk",
            "buurtcooperatie-de-vaart",
            BookingKind.UREN,
            "m.sahin",
            w,
            "4",
            "",
            "r.vermeulen",
        )
        for w in range(10, 16)
    ],
    *[
        (f"hs-{w}", "onderzoek", "hogeschool-lindenland", BookingKind.UREN, "f.dewit", w, "6", "", "f.dewit")
        for w in (2, 5, 8)
    ],
    (
        "wijkpost-1",
        "wijkpost",
        "woonstichting-veerdam",
        BookingKind.FACILITEIT,
        "",
        6,
        "8",
        "Huurcontract WP-2026-03",
        "partnercontact",
    ),
    (
        "wijkpost-2",
        "wijkpost",
        "woonstichting-veerdam",
        BookingKind.FACILITEIT,
        "",
        2,
        "4",
        "Huurcontract WP-2026-03",
        "partnercontact",
    ),
]
#: demo key of the booking corrected, the right quantity, why
CORRECTION = ("welzijn-3", "6", "Twee uur dubbel geschreven (overleg telde al mee in week 2).")


def _monday(today: dt.date, weeks_ago: int) -> dt.date:
    this_monday = today - dt.timedelta(days=today.weekday())
    return this_monday - dt.timedelta(weeks=weeks_ago)


def load(ctx: DemoContext, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    challenges = {c.slug: c for c in Challenge.objects.filter(slug__in=[SOCIAL, YOUTH])}
    if len(challenges) < 2:
        return
    orgs = {o.slug: o for o in Organisation.objects.all()}
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DOMAIN}")}
    skills = {s.slug: s for s in Skill.objects.all()}
    day = lambda offset: today + dt.timedelta(days=offset)  # noqa: E731
    needs: dict[str, Need] = {}
    for key, slug, kind, description, quantity, skill, start, end, budget_line, agreement in NEEDS:
        challenge = challenges[slug]
        need, _ = Need.objects.get_or_create(
            challenge=challenge,
            description=description,
            defaults={
                "kind": kind,
                "quantity": Decimal(quantity),
                "skill": skills.get(skill),
                "starts_on": day(start),
                "ends_on": day(end),
                "budget_line": budget_line,
                "data_agreement": agreement or DataAgreement.GEEN,
                "created_by": challenge.regisseur,
            },
        )
        needs[key] = need
    pledges: dict[tuple[str, str], Pledge] = {}
    for need_key, org, by, quantity, state, start, end, note in PLEDGES:
        need = needs[need_key]
        decided = state in (PledgeState.GEACCEPTEERD, PledgeState.AFGEWEZEN)
        withdrawn = state == PledgeState.INGETROKKEN
        pledge, _ = Pledge.objects.get_or_create(
            need=need,
            organisation=orgs[org],
            defaults={
                "offered_by": users.get(by),
                "quantity": Decimal(quantity),
                "starts_on": day(start),
                "ends_on": day(end),
                "note": note,
                "state": state,
                "decided_by": need.challenge.regisseur if decided else None,
                "decided_at": timezone.now() if decided else None,
                "ended_by": users.get(by) if withdrawn else None,
                "ended_at": timezone.now() if withdrawn else None,
            },
        )
        pledges[(need_key, org)] = pledge
    known = set(LedgerEntry.objects.filter(note__startswith="demo:").values_list("note", flat=True))
    entries: dict[str, LedgerEntry] = {}
    for key, need_key, org, booking_kind, person, weeks_ago, quantity, reference, by in BOOKINGS:
        note = f"demo:{key}"
        if note in known:
            entries[key] = LedgerEntry.objects.get(note=note)
            continue
        entries[key] = LedgerEntry.objects.create(
            pledge=pledges[(need_key, org)],
            kind=booking_kind,
            quantity=Decimal(quantity),
            person=users.get(person) if person else None,
            week=_monday(today, weeks_ago) if booking_kind == BookingKind.UREN else None,
            reference=reference,
            note=note,
            booked_by=users[by],
        )
    key, right, why = CORRECTION
    note = f"demo:{key}:correctie"
    if note not in known:
        original = entries[key]
        LedgerEntry.objects.create(
            pledge=original.pledge,
            kind=original.kind,
            quantity=Decimal(right) - original.quantity,
            person=original.person,
            week=original.week,
            note=note,
            reference=why[:200],
            booked_by=users["s.kok"],
            corrects=original,
        )
    for person, org in CONSENTS:
        if person in users:
            HoursConsent.objects.get_or_create(person=users[person], organisation=orgs[org])
    ctx.add_link("Organiseren: middelen van Transitie sociaal domein", f"/organiseren/opgaven/{SOCIAL}/")
    ctx.add_link(
        "Organiseren: bijdrage van Stichting Welzijn Veerdam",
        "/organiseren/partners/welzijn-veerdam/bijdrage/",
    )
    from veerkracht.resources import demo_results

    demo_results.load(ctx)
    ctx.add_link(
        "Organiseren: urenoverzichten van Stichting Welzijn Veerdam (met toestemming)",
        "/organiseren/partners/welzijn-veerdam/uren/",
    )
    ctx.add_link("Organiseren: mijn uren", "/organiseren/mijn-uren/")
