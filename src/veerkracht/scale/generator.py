"""National-scale data, written in bulk (``veerkracht generate_scale``; docs/scale.md).

The proportions follow the Netherlands with its 342 municipalities: per municipality about 44 partner
organisations, 58 challenges, 585 people in the talent pool and 9 reported waves of the monitor. At
342 that is ~15,000 organisations, ~20,000 challenges, 200,000 people, 3,000 reported waves with
~1,000,000 answers, and the teams, objectives, indicators, needs, pledges, ledger entries, ideas and
lessons that go with them. Fewer municipalities scale everything down in the same proportions.

Rows are made in memory and stored with ``bulk_create`` in large batches; the per-object services of
the demo (history, audit events, e-mail) are not called, so the data is what those services would
have left behind, not a replay of them. Everything is drawn from one ``random.Random(seed)``: the
same seed and size give the same rows (the dates are counted back from the day of the run).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import connection, models, transaction
from django.utils import timezone

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Agenda, Challenge, Domain, Neighbourhood, Stakeholder
from veerkracht.community.models import Lesson
from veerkracht.fieldwork.models import Answer, Invitation, Response, Wave
from veerkracht.fieldwork.selectors import REPORT_MIN_ORGANISATIONS, REPORT_MIN_RESPONDENTS
from veerkracht.fieldwork.services import default_instrument
from veerkracht.governance.models import Indicator, Measurement, Objective
from veerkracht.monitor.models import Item
from veerkracht.monitor.services import instrument_lock
from veerkracht.organisations.models import Membership, Organisation
from veerkracht.participation.models import Idea, Support
from veerkracht.resources.models import LedgerEntry, Need, Pledge
from veerkracht.teams.models import Profile, ProfileSkill, Skill, Team, TeamMember

NATIONAL = 342
BATCH = 5000
M = TypeVar("M", bound=models.Model)

# per municipality (342 x these = the national figures in the module's docstring)
PARTNERS = 43
CHALLENGES = 58
TALENT = 585
REPORTED_WAVES = 9
RESPONDENTS = REPORT_MIN_RESPONDENTS  # completed responses per reported wave: the report minimum
RESPONDENT_ORGANISATIONS = max(REPORT_MIN_ORGANISATIONS, 4)
SKIP_ITEM = 0.05  # share of items a respondent leaves open ("don't know")
IDEAS = 30
LESSONS = 15
SKILLS_PER_PERSON = 2
TEAM_SIZE = 5
LEDGER_PER_PLEDGE = 6

# share of the challenges per status (sums to 1), in the order of the method
STATUS_SHARES = [
    ("gesignaleerd", 0.15),
    ("geagendeerd", 0.20),
    ("in_meting", 0.15),
    ("team_in_vorming", 0.10),
    ("in_uitvoering", 0.20),
    ("in_evaluatie", 0.10),
    ("afgerond", 0.07),
    ("gestopt", 0.03),
]
WITH_TEAM = {"team_in_vorming", "in_uitvoering", "in_evaluatie", "afgerond"}
WITH_WAVES = {"in_meting", "team_in_vorming", "in_uitvoering", "in_evaluatie", "afgerond"}
PARTNER_KINDS = ["bedrijf", "kennisinstelling", "maatschappelijk", "inwonersinitiatief", "andere_overheid"]
GROUPS = ["wonen", "onderwijs", "zorg_welzijn", "ondernemers", "inwoners", "gemeente"]
PROBLEMS = [
    "Te weinig betaalbare woningen voor starters",
    "Eenzaamheid onder ouderen in de wijk",
    "Jongeren vallen uit tussen school en werk",
    "Hittestress in versteende straten",
    "Energiearmoede in oudere huurwoningen",
    "Wachtlijsten in de jeugdzorg",
    "Leegstand in het centrum",
    "Laaggeletterdheid onder volwassenen",
    "Te weinig groen en ontmoetingsplekken",
    "Mobiliteit op het platteland",
]
# Only the unusable-password marker: the generated people log in by no password.
NO_PASSWORD = "!scale"


class DatabaseNotEmpty(Exception):
    """The database already holds organisations or people (pass ``force`` to add to them)."""


@dataclass
class Counts:
    """What was stored, per kind of row."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n


def _store(model: type[M], objs: Iterable[M], counts: Counts, name: str) -> list[M]:
    """``bulk_create`` in batches; the stored objects come back with their primary keys."""
    stored = model._default_manager.bulk_create(list(objs), batch_size=BATCH)
    counts.add(name, len(stored))
    return stored


def _copy(model: type[M], objs: Iterable[M], counts: Counts, name: str) -> None:
    """Rows whose primary keys are not needed afterwards: PostgreSQL's ``COPY`` (several times faster
    than ``INSERT`` for a million rows), elsewhere ``bulk_create`` in chunks. Defaults and
    ``auto_now_add`` are applied as ``save()`` would."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    n = 0
    if connection.vendor != "postgresql":
        chunk: list[M] = []
        for obj in objs:
            chunk.append(obj)
            if len(chunk) == BATCH * 10:  # a million rows are not held at once
                n += len(model._default_manager.bulk_create(chunk, batch_size=BATCH))
                chunk = []
        n += len(model._default_manager.bulk_create(chunk, batch_size=BATCH))
        counts.add(name, n)
        return
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
            n += 1
    counts.add(name, n)


def _shares(n: int, shares: Sequence[tuple[str, float]]) -> list[str]:
    """``n`` labels in the given proportions (largest remainder, so they sum to ``n``)."""
    exact = [(label, share * n) for label, share in shares]
    whole = {label: int(x) for label, x in exact}
    rest = n - sum(whole.values())
    for label, _x in sorted(exact, key=lambda e: e[1] - int(e[1]), reverse=True)[:rest]:
        whole[label] += 1
    return [label for label, _s in shares for _ in range(whole[label])]


def is_empty() -> bool:
    return not (Organisation.objects.exists() or User.objects.exists())


def generate(
    *, municipalities: int, seed: int, force: bool = False, progress: Callable[[str], None] | None = None
) -> Counts:
    """Store the national-scale data for ``municipalities`` municipalities. Raises
    :class:`DatabaseNotEmpty` when there are organisations or people already and not ``force``."""
    if municipalities < 1:
        raise ValueError(municipalities)
    if not force and not is_empty():
        raise DatabaseNotEmpty
    say = progress or (lambda _text: None)
    rng = random.Random(seed)
    tag = f"s{seed}"
    counts = Counts()
    now = timezone.now()
    today = timezone.localdate()
    instrument = default_instrument()
    if instrument is None:  # pragma: no cover - the monitor's migration stores it
        raise RuntimeError("the built-in instrument is missing (run migrate)")
    if instrument.locked_at is None:
        instrument_lock(instrument=instrument)
    items = list(Item.objects.filter(instrument=instrument).values_list("pk", flat=True))
    domains = list(Domain.objects.order_by("position").values_list("pk", flat=True))
    skills = list(Skill.objects.order_by("slug").values_list("pk", flat=True))

    with transaction.atomic():
        say("organisations")
        towns = _store(
            Organisation,
            (
                Organisation(
                    name=f"Gemeente {n:03d} ({tag})", slug=f"{tag}-gemeente-{n:03d}", kind="gemeente"
                )
                for n in range(municipalities)
            ),
            counts,
            "municipalities",
        )
        partners = _store(
            Organisation,
            (
                Organisation(
                    name=f"Partner {t:03d}-{p:02d} ({tag})",
                    slug=f"{tag}-partner-{t:03d}-{p:02d}",
                    kind=PARTNER_KINDS[rng.randrange(len(PARTNER_KINDS))],
                    municipality=town,
                )
                for t, town in enumerate(towns)
                for p in range(PARTNERS)
            ),
            counts,
            "partner organisations",
        )
        partners_of = {town.pk: partners[t * PARTNERS : (t + 1) * PARTNERS] for t, town in enumerate(towns)}
        _store(
            Neighbourhood,
            (
                Neighbourhood(municipality=town, name=f"Wijk {w}", slug=f"wijk-{w}")
                for town in towns
                for w in range(1, 6)
            ),
            counts,
            "neighbourhoods",
        )
        neighbourhoods: dict[int, list[int]] = {}
        for pk, town_id in Neighbourhood.objects.filter(municipality__in=towns).values_list(
            "pk", "municipality"
        ):
            neighbourhoods.setdefault(cast(int, town_id), []).append(pk)

        say("people")
        staff_roles = ["coordinator", "regisseur", "regisseur", "regisseur", "bestuurder", "bestuurder"]
        staff = _store(
            User,
            (
                User(
                    email=f"{role}{r}.{t:03d}@{tag}.example.org",
                    full_name=f"{role.capitalize()} {r} van gemeente {t:03d}",
                    password=NO_PASSWORD,
                )
                for t in range(municipalities)
                for r, role in enumerate(staff_roles)
            ),
            counts,
            "staff",
        )
        _copy(
            Membership,
            (
                Membership(user=staff[t * len(staff_roles) + r], organisation=town, role=role)
                for t, town in enumerate(towns)
                for r, role in enumerate(staff_roles)
            ),
            counts,
            "memberships",
        )
        regisseurs = {
            town.pk: [staff[t * len(staff_roles) + r] for r in (1, 2, 3)] for t, town in enumerate(towns)
        }
        _copy(
            User,
            (
                User(
                    email=f"talent{t:03d}-{n:04d}@{tag}.example.org",
                    full_name=f"Talent {n} uit gemeente {t:03d}",
                    password=NO_PASSWORD,
                )
                for t in range(municipalities)
                for n in range(TALENT)
            ),
            counts,
            "people in the talent pool",
        )
        # COPY stores in order: the primary keys ascend with the town and the number
        talent_users = list(
            User.objects.filter(email__startswith="talent", email__endswith=f"@{tag}.example.org")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        profiles = []
        for t, town in enumerate(towns):
            for n in range(TALENT):
                with_org = rng.random() < 0.6
                profiles.append(
                    Profile(
                        user_id=talent_users[t * TALENT + n],
                        municipality_id=town.pk,
                        organisation_id=partners_of[town.pk][rng.randrange(PARTNERS)].pk
                        if with_org
                        else None,
                        consent_given_at=None if with_org else now,
                        email_confirmed_at=now,
                        hours_per_week=rng.choice([2, 4, 4, 8, 8, 16]),
                        willing_to_lead=rng.random() < 0.1,
                    )
                )
        _copy(Profile, profiles, counts, "profiles")
        del profiles
        profile_rows = list(
            Profile.objects.filter(municipality__in=towns).order_by("pk").values_list("pk", "municipality_id")
        )
        _copy(
            ProfileSkill,
            (
                ProfileSkill(profile_id=profile, skill_id=skill, level=rng.randint(1, 5))
                for profile, _town in profile_rows
                for skill in rng.sample(skills, SKILLS_PER_PERSON)
            ),
            counts,
            "profile skills",
        )

        say("agendas and challenges")
        agendas = _store(
            Agenda,
            (
                Agenda(
                    title=f"Maatschappelijke agenda gemeente {t:03d}",
                    slug=f"{tag}-agenda-{t:03d}",
                    municipality=town,
                    period_start=dt.date(today.year, 1, 1),
                    period_end=dt.date(today.year + 3, 12, 31),
                    published=True,
                    description="De opgaven waar gemeente en partners samen aan werken.",
                )
                for t, town in enumerate(towns)
            ),
            counts,
            "agendas",
        )
        _copy(
            Agenda.coordinators.through,
            (
                Agenda.coordinators.through(agenda_id=agenda.pk, user_id=staff[t * len(staff_roles)].pk)
                for t, agenda in enumerate(agendas)
            ),
            counts,
            "agenda coordinators",
        )
        _copy(
            Agenda.partners.through,
            (
                Agenda.partners.through(agenda_id=agenda.pk, organisation_id=org.pk)
                for t, agenda in enumerate(agendas)
                for org in partners_of[towns[t].pk][:5]
            ),
            counts,
            "agenda partners",
        )
        statuses = _shares(CHALLENGES, STATUS_SHARES)
        challenges = _store(
            Challenge,
            (
                Challenge(
                    agenda=agenda,
                    title=f"{PROBLEMS[(t + c) % len(PROBLEMS)]} ({t:03d}-{c:02d})",
                    slug=f"{tag}-opgave-{t:03d}-{c:02d}",
                    problem=f"{PROBLEMS[(t + c) % len(PROBLEMS)]}: wat we zien, bij wie en waarom het telt.",
                    ambition="Over drie jaar merkbaar beter, gemeten met de monitor.",
                    domain_id=domains[rng.randrange(len(domains))],
                    lead_municipality=towns[t],
                    regisseur=regisseurs[towns[t].pk][c % 3],
                    status=statuses[c],
                    published=statuses[c] != "gesignaleerd",
                    public_money=rng.randrange(0, 500) * 1000,
                    private_money=rng.randrange(0, 200) * 1000,
                )
                for t, agenda in enumerate(agendas)
                for c in range(CHALLENGES)
            ),
            counts,
            "challenges",
        )
        _copy(
            Stakeholder,
            (
                Stakeholder(challenge=ch, organisation=org, role=role, interest="high", influence="medium")
                for ch in challenges
                for org, role in zip(
                    rng.sample(partners_of[ch.lead_municipality_id], 2), ["partner", "financier"], strict=True
                )
            ),
            counts,
            "stakeholders",
        )

        say("monitor: waves, responses and answers")
        _waves(rng, challenges, partners_of, instrument, items, today, now, counts)

        say("teams, objectives and the ledger")
        by_town: dict[int, list[int]] = {}
        for profile, town_id in profile_rows:
            by_town.setdefault(town_id, []).append(profile)
        teamed = [ch for ch in challenges if ch.status in WITH_TEAM]
        teams = _store(
            Team,
            (
                Team(
                    challenge=ch, leader=ch.regisseur, meeting_rhythm="Elke twee weken", working_agreements=""
                )
                for ch in teamed
            ),
            counts,
            "teams",
        )
        _copy(
            TeamMember,
            (
                TeamMember(team=team, profile_id=profile, status="accepted", hours_committed=4)
                for team in teams
                for profile in rng.sample(by_town[team.challenge.lead_municipality_id], TEAM_SIZE)
            ),
            counts,
            "team members",
        )
        objectives = _store(
            Objective,
            (
                Objective(
                    challenge=ch,
                    code=f"D{n}",
                    name=f"Doel {n}: minder mensen met {PROBLEMS[n % len(PROBLEMS)].lower()}",
                    owner=ch.regisseur,
                    state="voorgesteld",
                    created_by=ch.regisseur,
                )
                for ch in teamed
                for n in (1, 2)
            ),
            counts,
            "objectives",
        )
        indicators = _store(
            Indicator,
            (
                Indicator(
                    objective=obj,
                    code=f"{obj.code}.{n}",
                    name=f"Indicator {n} van {obj.code}",
                    unit="%",
                    baseline_date=today - dt.timedelta(days=365),
                    baseline_value=Decimal(40 + rng.randrange(20)),
                    target_date=today + dt.timedelta(days=730),
                    target_value=Decimal(20 + rng.randrange(15)),
                    tolerance=Decimal(5),
                    weight=Decimal(1),
                    source="eigen",
                    position=n,
                )
                for obj in objectives
                for n in (1, 2)
            ),
            counts,
            "indicators",
        )
        _copy(
            Measurement,
            (
                Measurement(
                    indicator=ind,
                    date=today - dt.timedelta(days=91 * q),
                    value=ind.baseline_value - Decimal(rng.randrange(0, 6)) - Decimal(3 - q),
                    source="hand",
                )
                for ind in indicators
                for q in range(4)
            ),
            counts,
            "measurements",
        )
        _ledger(rng, teams, partners_of, today, counts)

        say("ideas and lessons")
        _ideas_and_lessons(rng, challenges, towns, agendas, talent_users, neighbourhoods, domains, counts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _waves(
    rng: random.Random,
    challenges: list[Challenge],
    partners_of: dict[int, list[Organisation]],
    instrument: Any,
    items: list[int],
    today: dt.date,
    now: dt.datetime,
    counts: Counts,
) -> None:
    """Per municipality :data:`REPORTED_WAVES` reported waves (each at the report minimum, with
    respondents from :data:`RESPONDENT_ORGANISATIONS` organisations) and one open wave."""
    measured: dict[int, list[Challenge]] = {}
    for ch in challenges:
        if ch.status in WITH_WAVES:
            measured.setdefault(ch.lead_municipality_id, []).append(ch)
    waves: list[Wave] = []
    for chs in measured.values():
        numbers: dict[int, int] = {}
        for w in range(REPORTED_WAVES + 1):
            ch = chs[w % len(chs)]
            numbers[ch.pk] = numbers.get(ch.pk, 0) + 1
            is_reported = w < REPORTED_WAVES
            starts = today - dt.timedelta(days=400 - 40 * w) if is_reported else today - dt.timedelta(days=3)
            waves.append(
                Wave(
                    challenge=ch,
                    number=numbers[ch.pk],
                    instrument=instrument,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=21),
                    state="gerapporteerd" if is_reported else "open",
                    opened_at=now,
                    closed_at=now if is_reported else None,
                    reported_at=now if is_reported else None,
                    created_by=ch.regisseur,
                )
            )
    waves = _store(Wave, waves, counts, "waves")
    reported = [w for w in waves if w.state == "gerapporteerd"]
    counts.add("reported waves", len(reported))
    invitations = []
    for wave in reported:
        orgs = rng.sample(partners_of[wave.challenge.lead_municipality_id], RESPONDENT_ORGANISATIONS)
        for n in range(RESPONDENTS):
            invitations.append(
                Invitation(
                    wave=wave,
                    email=f"respondent{n}.w{wave.pk}@example.org",
                    organisation=orgs[n % len(orgs)].name,
                    group=GROUPS[n % len(GROUPS)],
                    language="nl",
                    first_sent_at=now,
                    last_sent_at=now,
                    started=True,
                    completed=True,
                )
            )
    invitations = _store(Invitation, invitations, counts, "invitations")
    responses = _store(
        Response,
        (
            Response(
                wave=inv.wave,
                invitation=inv,
                source="invitation",
                status="completed",
                language="nl",
                group=inv.group,
                started_at=now,
                submitted_at=now,
            )
            for inv in invitations
        ),
        counts,
        "responses",
    )
    _copy(
        Answer,
        (
            Answer(response=response, item_id=item, value=rng.randint(1, 5))
            for response in responses
            for item in items
            if rng.random() >= SKIP_ITEM
        ),
        counts,
        "answers",
    )


def _ledger(
    rng: random.Random,
    teams: list[Team],
    partners_of: dict[int, list[Organisation]],
    today: dt.date,
    counts: Counts,
) -> None:
    """Per team a need of hours with two accepted pledges, each with weekly bookings."""
    needs = _store(
        Need,
        (
            Need(
                challenge=team.challenge,
                team=team,
                kind="uren",
                description="Uren van partners voor de uitvoering",
                quantity=Decimal(200),
                state="open",
                created_by=team.leader,
            )
            for team in teams
        ),
        counts,
        "needs",
    )
    pledges = _store(
        Pledge,
        (
            Pledge(
                need=need,
                organisation=org,
                quantity=Decimal(80),
                state="geaccepteerd",
                decided_by=need.created_by,
                decided_at=timezone.now(),
            )
            for need in needs
            for org in rng.sample(partners_of[need.challenge.lead_municipality_id], 2)
        ),
        counts,
        "pledges",
    )
    monday = today - dt.timedelta(days=today.weekday())
    _copy(
        LedgerEntry,
        (
            LedgerEntry(
                pledge=pledge,
                kind="uren",
                quantity=Decimal(rng.randint(2, 8)),
                week=monday - dt.timedelta(weeks=w + 1),
                booked_by=pledge.decided_by,
            )
            for pledge in pledges
            for w in range(LEDGER_PER_PLEDGE)
        ),
        counts,
        "ledger entries",
    )


def _ideas_and_lessons(
    rng: random.Random,
    challenges: list[Challenge],
    towns: list[Organisation],
    agendas: list[Agenda],
    people: list[int],
    neighbourhoods: dict[int, list[int]],
    domains: list[int],
    counts: Counts,
) -> None:
    public: dict[int, list[Challenge]] = {}
    for ch in challenges:
        if ch.published:
            public.setdefault(ch.lead_municipality_id, []).append(ch)
    per_town = TALENT
    ideas = []
    for t, town in enumerate(towns):
        for n in range(IDEAS):
            ch = public[town.pk][n % len(public[town.pk])]
            ideas.append(
                Idea(
                    challenge=ch,
                    author_id=people[t * per_town + n],
                    title=f"Idee {n + 1} voor {ch.title[:60]}",
                    text="Wat als we het samen met de buurt proberen, klein beginnen en leren?",
                    neighbourhood_id=rng.choice(neighbourhoods[town.pk]),
                    state="ontvangen",
                )
            )
    ideas = _store(Idea, ideas, counts, "ideas")
    _copy(
        Support,
        (
            Support(idea=idea, user_id=people[t * per_town + IDEAS + s])
            for t in range(len(towns))
            for idea in ideas[t * IDEAS : (t + 1) * IDEAS]
            for s in rng.sample(range(per_town - IDEAS), rng.randint(0, 8))
        ),
        counts,
        "supports",
    )
    bands = ["lt20k", "20-50k", "50-100k", "gt100k"]
    types = ["stedelijk", "dorps", "gemengd"]
    _copy(
        Lesson,
        (
            Lesson(
                title=f"Wat we leerden over {PROBLEMS[(t + n) % len(PROBLEMS)].lower()} ({t:03d}-{n})",
                tried="Een pilot met inwoners en partners in twee wijken.",
                outcome="Meer bereik dan verwacht; de planning was te krap.",
                domain_id=domains[rng.randrange(len(domains))],
                municipality=town,
                size_band=bands[t % len(bands)],
                neighbourhood_type=types[n % len(types)],
                visibility="iedereen",
            )
            for t, town in enumerate(towns)
            for n in range(LESSONS)
        ),
        counts,
        "lessons",
    )
