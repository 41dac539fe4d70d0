# ruff: noqa: E501 - demo content reads best one record a line
"""Demo: dynamic governance (part d) for Gemeente Veerdam (runs after the agenda's and the teams' loaders).

- Objectives with indicators on the demo challenges, whose statuses at the reference date cover all six
  of the rules engine: *op koers*, *aandacht* and *uit koers* (Transitie sociaal domein, in uitvoering),
  *behaald* and *niet behaald* (Energiearmoede aanpakken, in evaluatie; Eenzaamheid onder ouderen,
  afgerond) and *geen meting* (Nieuwe aanpak jeugdcriminaliteit De Vaart: an innovation-monitor indicator
  whose wave has not run yet). One objective is superseded by an agreed newer version, one is proposed
  and waits for the board, one is still a draft.
- Mandates with an experimentation space; the mandate of Transitie sociaal domein has used 85 % of its
  budget (a warning), and an indicator that was *uit koers* at two measurements in a row was escalated
  and answered by the board.
- Gemeente Veerdam's decision log (20+ entries, some confidential, a correction, go/no-go decisions)
  and one published council information letter, whose head hash is a hash in that log.
- A council member (raadslid) of Gemeente Veerdam who subscribed to the letters.

Dates are relative to the reference date (``today``, by default ``timezone.localdate()``), so the
statuses hold whenever the demo is loaded. Idempotent: natural keys throughout; the log's entries are
recorded once (found again by municipality, kind and title), and a reload on a later day moves the
demo's own dates (measurements, periods) along without adding entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Challenge
from veerkracht.core.demo import DEMO_PASSWORD, DemoContext
from veerkracht.governance.models import (
    CouncilLetter,
    Decision,
    DecisionChain,
    DecisionKind,
    Escalation,
    EscalationKind,
    EscalationLevel,
    ExperimentRule,
    Indicator,
    IndicatorSource,
    LetterState,
    LetterSubscription,
    Mandate,
    MandateState,
    Measurement,
    MeasurementSource,
    Objective,
    ObjectiveState,
    UsageEntry,
    UsageKind,
)
from veerkracht.governance.services.decisions import record_decision
from veerkracht.governance.services.escalations import check_escalations, off_course_key, usage_key
from veerkracht.organisations.models import Membership, Organisation, Role

DOMAIN = "veerdam.example"
MAIN = "gemeente-veerdam"
BOARD = "bestuurder"  # Wethouder Pieter van Dam (organisations' demo)
SYSTEM = "Veerkracht (automatische signalering)"

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def nl_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def euro(amount: int | Decimal) -> str:
    return "€ " + f"{int(amount):,}".replace(",", ".")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def _sync(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """get_or_create, then save only the fields that differ: a second run writes nothing."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


# ---------------------------------------------------------------------------------------------------
# What the demo holds (days are offsets from the reference date)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    unit: str
    source: str
    baseline: tuple[int, str]
    target: tuple[int, str]
    measurements: tuple[tuple[int, str], ...] = ()
    tolerance: str = "0.10"
    monitor_dimension: str = ""
    measured_by: str = MeasurementSource.HAND
    note: str = ""


@dataclass(frozen=True)
class ObjectiveSpec:
    challenge: str
    code: str
    name: str
    description: str
    owner: str
    indicators: tuple[IndicatorSpec, ...]
    version: int = 1
    state: str = ObjectiveState.OVEREENGEKOMEN
    agreed: int = 0  # day the second party confirmed
    extra: dict[str, Any] = field(default_factory=dict)


PLAN_V1 = ObjectiveSpec(
    challenge="transitie-sociaal-domein",
    code="O1",
    name="Eén plan per huishouden",
    description=(
        "Huishoudens met meervoudige hulpvragen in De Vaart en Rivierwijk hebben één gezamenlijk plan, "
        "opgesteld met het huishouden zelf en gedragen door alle betrokken hulpverleners."
    ),
    owner="regisseur",
    state=ObjectiveState.VERVANGEN,
    agreed=-410,
    indicators=(
        IndicatorSpec(
            "I1",
            "Huishoudens met meervoudige hulpvragen met één gezamenlijk plan",
            "%",
            IndicatorSource.EIGEN,
            baseline=(-420, "12"),
            target=(310, "50"),
        ),
    ),
)

PLAN_V2 = ObjectiveSpec(
    challenge="transitie-sociaal-domein",
    code="O1",
    version=2,
    name="Eén plan per huishouden",
    description=(
        "Huishoudens met meervoudige hulpvragen in De Vaart, Rivierwijk en (sinds de bijstelling) "
        "Oosterpark hebben één gezamenlijk plan, opgesteld met het huishouden zelf. Bijgesteld: een "
        "hoger doel over een langere periode, nu Oosterpark meedoet."
    ),
    owner="regisseur",
    agreed=-200,
    indicators=(
        IndicatorSpec(
            "I1",
            "Huishoudens met meervoudige hulpvragen met één gezamenlijk plan",
            "%",
            IndicatorSource.EIGEN,
            baseline=(-420, "12"),
            target=(680, "60"),
            measurements=((-330, "17"), (-240, "22"), (-150, "26.5"), (-60, "31")),
            note="Telling plandossiers wijkteams, peildatum einde maand.",
        ),
    ),
)

MAATWERK = ObjectiveSpec(
    challenge="transitie-sociaal-domein",
    code="O2",
    name="Minder beroep op maatwerkvoorzieningen",
    description=(
        "Door eerder en dichterbij te helpen daalt het beroep op maatwerkvoorzieningen uit de Wmo en "
        "de Jeugdwet, zonder dat inwoners zich minder goed geholpen voelen."
    ),
    owner="r.bakker",
    agreed=-405,
    indicators=(
        IndicatorSpec(
            "I1",
            "Lopende maatwerkvoorzieningen Wmo en jeugd per 1.000 inwoners",
            "per 1.000 inwoners",
            IndicatorSource.CBS,
            baseline=(-420, "78"),
            target=(680, "66"),
            measurements=((-330, "77.4"), (-240, "77.6"), (-150, "78.3"), (-60, "78.9")),
            measured_by=MeasurementSource.IMPORT,
            note="CBS, Monitor Sociaal Domein (StatLine), per halfjaar.",
        ),
    ),
)

DOORLOOPTIJD = ObjectiveSpec(
    challenge="transitie-sociaal-domein",
    code="O4",
    name="Sneller een plan na een hulpvraag",
    description="De tijd tussen de eerste melding bij het wijkteam en een gedragen plan halveert.",
    owner="j.meijer",
    agreed=-400,
    indicators=(
        IndicatorSpec(
            "I1",
            "Gemiddelde doorlooptijd van melding tot plan",
            "dagen",
            IndicatorSource.EIGEN,
            baseline=(-420, "42"),
            target=(680, "21"),
            measurements=((-240, "40"), (-90, "38")),
            note="Registratie wijkteams De Vaart en Rivierwijk.",
        ),
    ),
)

MEEDOEN = ObjectiveSpec(
    challenge="transitie-sociaal-domein",
    code="O3",
    name="Inwoners doen mee",
    description=(
        "Meer inwoners van De Vaart en Rivierwijk zeggen dat zij mee kunnen doen: werk, vrijwilligerswerk, "
        "school of een zinvolle dagbesteding."
    ),
    owner="regisseur",
    state=ObjectiveState.VOORGESTELD,
    indicators=(
        IndicatorSpec(
            "I1",
            "Inwoners die zeggen mee te kunnen doen",
            "%",
            IndicatorSource.EIGEN,
            baseline=(-420, "58"),
            target=(680, "70"),
            note="Wijkpeiling De Vaart en Rivierwijk.",
        ),
    ),
)

COACHES = ObjectiveSpec(
    challenge="energiearmoede-aanpakken",
    code="O1",
    name="Een energiecoach bij elk huishouden in energiearmoede",
    description="Elk huishouden in energiearmoede in de regio krijgt bezoek van een energiecoach.",
    owner="t.boer",
    agreed=-590,
    indicators=(
        IndicatorSpec(
            "I1",
            "Huishoudens in energiearmoede bezocht door een energiecoach",
            "huishoudens",
            IndicatorSource.EIGEN,
            baseline=(-600, "0"),
            target=(-30, "2100"),
            measurements=((-420, "450"), (-240, "1150"), (-120, "1820"), (-45, "2145")),
            note="Registratie Energiecoöperatie Veerdam Zon.",
        ),
    ),
)

WOONLASTEN = ObjectiveSpec(
    challenge="energiearmoede-aanpakken",
    code="O2",
    name="Lagere woonlasten",
    description=(
        "De energierekening van deelnemende huishoudens daalt gemiddeld met € 40 per maand; het aandeel "
        "huishoudens met een hoge energiequote daalt."
    ),
    owner="t.boer",
    agreed=-585,
    indicators=(
        IndicatorSpec(
            "I1",
            "Gemiddelde daling energielasten per deelnemend huishouden",
            "€ per maand",
            IndicatorSource.EIGEN,
            baseline=(-600, "0"),
            target=(-30, "40"),
            measurements=((-300, "14"), (-120, "26"), (-40, "31")),
            note="Steekproef meterstanden, Hogeschool Lindenland.",
        ),
        IndicatorSpec(
            "I2",
            "Huishoudens met een hoge energiequote (Molenkamp en Oosthoek)",
            "%",
            IndicatorSource.CBS,
            baseline=(-600, "8.4"),
            target=(-30, "6.5"),
            measurements=((-60, "7.1"),),
            measured_by=MeasurementSource.IMPORT,
            note="CBS/TNO, Monitor energiearmoede.",
        ),
    ),
)

ONTMOETING = ObjectiveSpec(
    challenge="eenzaamheid-onder-ouderen",
    code="O1",
    name="Ontmoeting in elke kern",
    description=(
        "In elke kern is er wekelijks een ontmoetingsplek, gedragen door vrijwilligers, met de "
        "wijkverpleging als vindplaats; minder ouderen voelen zich eenzaam."
    ),
    owner="t.boer",
    agreed=-690,
    indicators=(
        IndicatorSpec(
            "I1",
            "Kernen met een wekelijkse ontmoetingsplek",
            "kernen",
            IndicatorSource.EIGEN,
            baseline=(-700, "1"),
            target=(-100, "4"),
            measurements=((-500, "2"), (-300, "3"), (-150, "4")),
        ),
        IndicatorSpec(
            "I2",
            "75-plussers die zich (zeer) eenzaam voelen",
            "%",
            IndicatorSource.CBS,
            baseline=(-700, "33"),
            target=(-100, "28"),
            measurements=((-130, "27.5"),),
            measured_by=MeasurementSource.IMPORT,
            note="Gezondheidsmonitor Volwassenen en Ouderen (GGD/CBS/RIVM).",
        ),
    ),
)

SAMENWERKING = ObjectiveSpec(
    challenge="jeugdcriminaliteit-de-vaart",
    code="O1",
    name="Sterkere samenwerking rond jongeren in De Vaart",
    description=(
        "School, jongerenwerk, wijkagent, GGD en ouders trekken samen op; gemeten met de "
        "innovatiemonitor (dimensie Slim samenwerken). De eerste meting moet nog plaatsvinden."
    ),
    owner="l.smit",
    agreed=-20,
    indicators=(
        IndicatorSpec(
            "I1",
            "Slim samenwerken (innovatiemonitor)",
            "score 1–5",
            IndicatorSource.MONITOR,
            baseline=(-30, "2.8"),
            target=(700, "3.5"),
            monitor_dimension="D3",
            note="Uitgangswaarde: gemiddelde van vergelijkbare opgaven in de benchmark.",
        ),
    ),
)

BANEN = ObjectiveSpec(
    challenge="buurtbedrijf-rivierwijk",
    code="O1",
    name="Betaald werk in de wijk",
    description="Het buurtbedrijf biedt na drie jaar 60 wijkbewoners een betaalde baan.",
    owner="l.smit",
    state=ObjectiveState.CONCEPT,
    indicators=(
        IndicatorSpec(
            "I1",
            "Wijkbewoners met een betaalde baan bij het buurtbedrijf",
            "personen",
            IndicatorSource.EIGEN,
            baseline=(-10, "0"),
            target=(1085, "60"),
        ),
    ),
)


@dataclass(frozen=True)
class MandateSpec:
    challenge: str
    version: int
    state: str
    scope: str
    decides_alone: str
    starts: int
    ends: int
    budget: int
    hours: int
    given: int
    rules: tuple[tuple[str, str, str, int], ...] = ()  # rule, explanation, allowed by, until (offset)


AANBESTEDING = (
    "Aanbestedingsregels tot € 50.000: onderhandse gunning aan lokale sociale ondernemingen toegestaan",
    "Opdrachten tot € 50.000 mogen zonder meervoudige offerteaanvraag worden gegund aan een sociale "
    "onderneming uit Veerdam die wijkbewoners met een afstand tot de arbeidsmarkt in dienst heeft.",
    "Wethouder P. van Dam, namens het college (afwijking inkoopbeleid)",
)
WERKTIJDEN = (
    "Werktijdenregeling: teamleden mogen avonduren inzetten",
    "Teamleden van gemeente en partners mogen tot 12 uur per week in de avond werken (huisbezoeken, "
    "bewonersavonden) zonder voorafgaande toestemming van hun leidinggevende; compensatie in tijd.",
    "Gemeentesecretaris K. Mulder (werkgeverszaken), met instemming van de directeuren van de partners",
)
TOESTEMMING = (
    "Privacyprocedure: één toestemmingsformulier voor het hele wijkteam",
    "Eén toestemmingsverklaring van het huishouden geldt voor alle organisaties in het wijkteam, in "
    "plaats van een formulier per organisatie; de functionaris gegevensbescherming toetst elk kwartaal.",
    "Wethouder P. van Dam, na advies van de functionaris gegevensbescherming",
)
KLEINE_MAATREGELEN = (
    "Subsidieregeling Duurzaam Wonen: kleine maatregelen zonder aanvraag",
    "Energiecoaches mogen maatregelen tot € 300 per huishouden (tochtstrips, radiatorfolie, "
    "led-lampen) direct verstrekken, zonder subsidieaanvraag door het huishouden.",
    "College van B en W van Veerdam",
)
VRIJWILLIGERS = (
    "Vrijwilligersvergoeding: vaste vergoeding zonder declaraties",
    "Vrijwilligers van de ontmoetingsplekken krijgen een vaste vergoeding per bijeenkomst, zonder "
    "declaratie per kostenpost.",
    "Wethouder P. van Dam",
)

SOCIAL_SCOPE = (
    "Uitvoering van de transitie in De Vaart en Rivierwijk: één wijkteam per wijk met één plan per "
    "huishouden, samen met Welzijn Veerdam, Zorggroep De Linde, Veerdam Wonen en Buurtcoöperatie De Vaart."
)
SOCIAL_ALONE = (
    "Samenstelling en werkwijze van de wijkteams; inzet van het budget binnen de begroting; opdrachten "
    "tot € 50.000; welke huishoudens als eerste een gezamenlijk plan krijgen."
)

MANDATES = (
    MandateSpec(
        challenge="transitie-sociaal-domein",
        version=1,
        state=MandateState.VERVANGEN,
        scope=SOCIAL_SCOPE,
        decides_alone=SOCIAL_ALONE,
        starts=-415,
        ends=500,
        budget=200_000,
        hours=2_000,
        given=-415,
        rules=((*AANBESTEDING, 140),),
    ),
    MandateSpec(
        challenge="transitie-sociaal-domein",
        version=2,
        state=MandateState.GEGEVEN,
        scope=SOCIAL_SCOPE + " Uitgebreid met de wijk Oosterpark.",
        decides_alone=SOCIAL_ALONE,
        starts=-195,
        ends=500,
        budget=240_000,
        hours=2_400,
        given=-195,
        rules=((*AANBESTEDING, 500), (*WERKTIJDEN, 180), (*TOESTEMMING, 320)),
    ),
    MandateSpec(
        challenge="energiearmoede-aanpakken",
        version=1,
        state=MandateState.GEGEVEN,
        scope=(
            "Huisbezoeken door energiecoaches bij huishoudens in energiearmoede in Molenkamp en Oosthoek, "
            "kleine maatregelen en advies over grotere; evaluatie met Hogeschool Lindenland."
        ),
        decides_alone=(
            "Inzet en planning van de energiecoaches; keuze van de kleine maatregelen; "
            "opdrachten tot € 25.000."
        ),
        starts=-600,
        ends=-14,  # ended two weeks ago while the evaluation runs: an open escalation for the board
        budget=400_000,
        hours=1_800,
        given=-600,
        rules=((*KLEINE_MAATREGELEN, -14),),
    ),
    MandateSpec(
        challenge="eenzaamheid-onder-ouderen",
        version=1,
        state=MandateState.INGETROKKEN,
        scope="Een wekelijkse ontmoetingsplek in elke kern, gedragen door vrijwilligers.",
        decides_alone="Locaties, tijden en programma van de ontmoetingsplekken; vrijwilligersvergoedingen.",
        starts=-700,
        ends=-60,
        budget=45_000,
        hours=600,
        given=-700,
        rules=((*VRIJWILLIGERS, -60),),
    ),
)

# challenge, kind, amount, day, description
USAGE: tuple[tuple[str, str, str, int, str], ...] = (
    ("transitie-sociaal-domein", UsageKind.MONEY, "46500", -380, "Inhuur procesbegeleiding wijkteam De Vaart"),
    ("transitie-sociaal-domein", UsageKind.MONEY, "28750", -330, "Training 'één huishouden, één plan' voor 38 professionals"),
    ("transitie-sociaal-domein", UsageKind.MONEY, "35800", -280, "Licentie en inrichting gedeeld plandossier"),
    ("transitie-sociaal-domein", UsageKind.MONEY, "22400", -220, "Huur wijkpost Rivierwijk (jaar)"),
    ("transitie-sociaal-domein", UsageKind.MONEY, "41250", -160, "Klussen- en schoonmaakdienst wijkposten, onderhands gegund aan Buurtbedrijf Rivierwijk i.o."),
    ("transitie-sociaal-domein", UsageKind.MONEY, "14300", -90, "Vergoedingen ervaringsdeskundigen"),
    ("transitie-sociaal-domein", UsageKind.MONEY, "15000", -20, "Effectonderzoek Hogeschool Lindenland, eerste termijn"),
    ("transitie-sociaal-domein", UsageKind.HOURS, "520", -300, "Wijkteam De Vaart, eerste halfjaar"),
    ("transitie-sociaal-domein", UsageKind.HOURS, "380", -200, "Wijkteam Rivierwijk, opstart"),
    ("transitie-sociaal-domein", UsageKind.HOURS, "310", -110, "Huisbezoeken in de avond (experimenteerruimte werktijden)"),
    ("transitie-sociaal-domein", UsageKind.HOURS, "230", -30, "Wijkteam Oosterpark, opstart"),
    ("energiearmoede-aanpakken", UsageKind.MONEY, "168000", -400, "Energiecoaches, detachering Energiecoöperatie Veerdam Zon"),
    ("energiearmoede-aanpakken", UsageKind.MONEY, "96300", -200, "Kleine energiebesparende maatregelen bij 2.145 huishoudens"),
    ("energiearmoede-aanpakken", UsageKind.MONEY, "24000", -100, "Evaluatieonderzoek Hogeschool Lindenland"),
    ("energiearmoede-aanpakken", UsageKind.MONEY, "7700", -500, "Voorlichtingsmateriaal in zes talen"),
    ("energiearmoede-aanpakken", UsageKind.HOURS, "640", -450, "Coördinatie en werving huishoudens"),
    ("energiearmoede-aanpakken", UsageKind.HOURS, "410", -250, "Begeleiding energiecoaches"),
    ("energiearmoede-aanpakken", UsageKind.HOURS, "260", -60, "Evaluatie en rapportage"),
    ("eenzaamheid-onder-ouderen", UsageKind.MONEY, "14200", -400, "Vrijwilligersvergoedingen ontmoetingsplekken"),
    ("eenzaamheid-onder-ouderen", UsageKind.MONEY, "11600", -550, "Huur en inrichting ontmoetingsruimten"),
    ("eenzaamheid-onder-ouderen", UsageKind.MONEY, "5200", -300, "Vervoer met de Plusbus"),
    ("eenzaamheid-onder-ouderen", UsageKind.HOURS, "240", -600, "Opbouw vrijwilligersnetwerk"),
    ("eenzaamheid-onder-ouderen", UsageKind.HOURS, "155", -250, "Begeleiding vrijwilligers"),
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# Loading


class Loader:
    def __init__(self, ctx: DemoContext, today: dt.date) -> None:
        from veerkracht.agenda.models import Challenge

        self.ctx = ctx
        self.today = today
        self.challenges: dict[str, Challenge] = ctx.objects.get("challenges") or {
            c.slug: c for c in Challenge.objects.select_related("agenda__municipality", "lead_municipality")
        }
        self.users: dict[str, User] = ctx.objects.get("users") or {
            u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DOMAIN}")
        }
        orgs = ctx.objects.get("organisations") or {o.slug: o for o in Organisation.objects.all()}
        self.main: Organisation = orgs[MAIN]
        self.board = self.users[BOARD]

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    # the log ----------------------------------------------------------------------------------------

    def municipality(self, challenge: Any) -> Organisation:
        return challenge.agenda.municipality or challenge.lead_municipality

    def decide(
        self,
        slug: str,
        kind: str,
        title: str,
        text: str,
        *,
        by: Any = None,
        role: str = "wethouder Sociaal Domein en Innovatie",
        public: bool = True,
        refs: tuple[str, ...] = (),
        corrects: int | None = None,
    ) -> Decision:
        """Record an entry once: found again on a second run by municipality, kind and title."""
        challenge = self.challenges[slug]
        municipality = self.municipality(challenge)
        found = Decision.objects.filter(chain__municipality=municipality, kind=kind, title=title).first()
        if found is not None:
            return found
        return record_decision(
            challenge=challenge,
            kind=kind,
            title=title,
            text=text,
            by=by if by is not None else self.board,
            role=role,
            organisation=municipality,
            public=public,
            refs=refs,
            corrects=corrects,
            municipality=municipality,
        )

    # objectives -------------------------------------------------------------------------------------

    def objective(
        self, spec: ObjectiveSpec, *, agreement: Decision | None = None, supersedes: Any = None
    ) -> Objective:
        challenge = self.challenges[spec.challenge]
        regisseur = challenge.regisseur
        agreed = spec.state in (ObjectiveState.OVEREENGEKOMEN, ObjectiveState.VERVANGEN)
        confirmed_by_regisseur = agreed or spec.state == ObjectiveState.VOORGESTELD
        objective = _sync(
            Objective,
            {"challenge": challenge, "code": spec.code, "version": spec.version},
            {
                "name": spec.name,
                "description": spec.description,
                "owner": self.users[spec.owner],
                "state": spec.state,
                "supersedes": supersedes,
                "board_confirmed_by": self.board if agreed else None,
                "board_confirmed_at": _at(self.day(spec.agreed), 14) if agreed else None,
                "regisseur_confirmed_by": regisseur if confirmed_by_regisseur else None,
                "regisseur_confirmed_at": _at(self.day(spec.agreed - 2), 11)
                if confirmed_by_regisseur
                else None,
                "agreement": agreement,
                "created_by": regisseur or self.users["coordinator"],
                "created_at": _at(self.day(spec.agreed - 14), 9),
            },
        )
        for position, ind in enumerate(spec.indicators):
            indicator = _sync(
                Indicator,
                {"objective": objective, "code": ind.code},
                {
                    "name": ind.name,
                    "unit": ind.unit,
                    "baseline_date": self.day(ind.baseline[0]),
                    "baseline_value": Decimal(ind.baseline[1]),
                    "target_date": self.day(ind.target[0]),
                    "target_value": Decimal(ind.target[1]),
                    "tolerance": Decimal(ind.tolerance),
                    "weight": Decimal(1),
                    "source": ind.source,
                    "monitor_dimension": ind.monitor_dimension,
                    "position": position,
                },
            )
            self.measurements(indicator, ind, objective.owner)
        return objective

    def measurements(self, indicator: Indicator, spec: IndicatorSpec, owner: User | None) -> None:
        """Exactly the spec's measurements (a reload on a later day moves them along with the dates)."""
        wanted = {self.day(offset): Decimal(value) for offset, value in spec.measurements}
        for measurement in list(indicator.measurements.all()):
            if measurement.date not in wanted:
                measurement.delete()
        for day, value in wanted.items():
            _sync(
                Measurement,
                {"indicator": indicator, "date": day},
                {
                    "value": value,
                    "source": spec.measured_by,
                    "note": spec.note,
                    "entered_by": None if spec.measured_by == MeasurementSource.IMPORT else owner,
                    "created_at": _at(day + dt.timedelta(days=3), 15),
                },
            )

    def agree(
        self, spec: ObjectiveSpec, *, title: str, text: str, supersedes: Any = None, **kw: Any
    ) -> Objective:
        challenge = self.challenges[spec.challenge]
        regisseur = challenge.regisseur
        refs = (f"{spec.challenge}/{spec.code} v{spec.version}",)
        body = (
            f"{text} Bevestigd door {self.board.full_name} (bestuur) en "
            f"{regisseur.full_name if regisseur else 'de regisseur'} (innovatieregisseur)."
        )
        decision = self.decide(spec.challenge, DecisionKind.DOELWIJZIGING, title, body, refs=refs, **kw)
        return self.objective(spec, agreement=decision, supersedes=supersedes)

    # mandates ---------------------------------------------------------------------------------------

    def mandate(
        self, spec: MandateSpec, decision: Decision | None, supersedes: Mandate | None = None
    ) -> Mandate:
        challenge = self.challenges[spec.challenge]
        mandate = _sync(
            Mandate,
            {"challenge": challenge, "version": spec.version},
            {
                "supersedes": supersedes,
                "state": spec.state,
                "holder": challenge.regisseur,
                "given_by": self.board,
                "scope": spec.scope,
                "starts_on": self.day(spec.starts),
                "ends_on": self.day(spec.ends),
                "budget": Decimal(spec.budget),
                "hours": Decimal(spec.hours),
                "decides_alone": spec.decides_alone,
                "decision": decision,
                "created_at": _at(self.day(spec.given), 16),
            },
        )
        for rule, explanation, allowed_by, until in spec.rules:
            _sync(
                ExperimentRule,
                {"mandate": mandate, "rule": rule},
                {"explanation": explanation, "allowed_by": allowed_by, "until": self.day(until)},
            )
        return mandate

    def mandate_text(self, spec: MandateSpec) -> str:
        rules = "; ".join(f"{rule} (tot {nl_date(self.day(until))})" for rule, _e, _a, until in spec.rules)
        return (
            f"{spec.scope} Periode {nl_date(self.day(spec.starts))} tot en met {nl_date(self.day(spec.ends))}; "
            f"budget {euro(spec.budget)} en {spec.hours} uur. De regisseur beslist zelf over: "
            f"{spec.decides_alone[0].lower()}{spec.decides_alone[1:]}"
            + (f" Experimenteerruimte: {rules}." if rules else "")
        )

    # usage and escalations --------------------------------------------------------------------------

    def usage(self) -> None:
        for slug, kind, amount, offset, description in USAGE:
            challenge = self.challenges[slug]
            _sync(
                UsageEntry,
                {"challenge": challenge, "kind": kind, "description": description},
                {
                    "amount": Decimal(amount),
                    "on": self.day(offset),
                    "entered_by": challenge.regisseur,
                    "created_at": _at(self.day(offset + 1), 12),
                },
            )

    def escalation(self, slug: str, key: str, values: dict[str, Any]) -> Escalation:
        return _sync(Escalation, {"challenge": self.challenges[slug], "key": key}, values)


def load(ctx: DemoContext, *, today: dt.date | None = None) -> None:
    """Load the governance demo, with dates relative to ``today`` (default: today's local date)."""
    loader = Loader(ctx, today or timezone.localdate())
    _council_member(ctx, loader)
    _decisions(loader)
    loader.usage()
    # The daily check, as the scheduler runs it: the energy mandate ended while its evaluation runs,
    # so the board finds one open escalation waiting for an answer. The escalations written above
    # carry the triggers' own keys, so nothing else trips.
    for challenge in Challenge.objects.filter(mandates__state=MandateState.GEGEVEN).distinct():
        check_escalations(challenge, today=loader.today)


def _council_member(ctx: DemoContext, loader: Loader) -> None:
    email = f"raadslid@{DOMAIN}"
    name = "Fatima el Amrani"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=name, is_demo_account=True)
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.update_or_create(
        user=user,
        organisation=loader.main,
        role=Role.RAADSLID,
        defaults={"job_title": "Gemeenteraadslid, commissie Samenleving"},
    )
    LetterSubscription.objects.get_or_create(user=user, municipality=loader.main)
    ctx.add_account("raadslid", email, name)
    loader.users["raadslid"] = user


def _decisions(d: Loader) -> None:  # noqa: PLR0915 - one story, told in order
    """The objectives, mandates and escalations, each with its entries, in the log's order."""
    social, energy, lonely = (
        "transitie-sociaal-domein",
        "energiearmoede-aanpakken",
        "eenzaamheid-onder-ouderen",
    )
    lonely_m, energy_m, social_m1, social_m2 = MANDATES[3], MANDATES[2], MANDATES[0], MANDATES[1]

    # Eenzaamheid onder ouderen: mandate and objective (the oldest challenge in execution)
    entry = d.decide(
        lonely,
        DecisionKind.MANDAAT,
        "Mandaat Eenzaamheid onder ouderen gegeven",
        "Mandaat aan Thijs de Boer, innovatieregisseur. " + d.mandate_text(lonely_m),
    )
    d.mandate(lonely_m, entry)
    d.agree(
        ONTMOETING,
        title="Doel 'Ontmoeting in elke kern' overeengekomen",
        text="Doel met twee indicatoren: kernen met een wekelijkse ontmoetingsplek (van 1 naar 4) en het "
        "aandeel 75-plussers dat zich eenzaam voelt (van 33 % naar 28 %).",
    )

    # Energiearmoede aanpakken
    entry = d.decide(
        energy,
        DecisionKind.MANDAAT,
        "Mandaat Energiearmoede aanpakken gegeven",
        "Mandaat aan Thijs de Boer, innovatieregisseur, namens de regio. " + d.mandate_text(energy_m),
        refs=("Regionale innovatieagenda Lindenland 2025–2027",),
    )
    d.mandate(energy_m, entry)
    d.agree(
        COACHES,
        title="Doel 'Een energiecoach bij elk huishouden in energiearmoede' overeengekomen",
        text="Indicator: huishoudens in energiearmoede bezocht door een energiecoach, van 0 naar 2.100.",
    )
    d.agree(
        WOONLASTEN,
        title="Doel 'Lagere woonlasten' overeengekomen",
        text="Indicatoren: gemiddelde daling van de energielasten per deelnemend huishouden (doel € 40 per "
        "maand) en het aandeel huishoudens met een hoge energiequote (CBS/TNO, van 8,4 % naar 6,5 %).",
    )
    d.decide(
        energy,
        DecisionKind.BESLUIT,
        "Onderhandelingsruimte cofinanciering provincie",
        "Het college geeft de regisseur ruimte om met Provincie Rivierland te onderhandelen over "
        "cofinanciering tot 50 %, met als ondergrens 35 %. Vertrouwelijk zolang de onderhandelingen lopen.",
        public=False,
    )

    # Transitie sociaal domein: mandate, three objectives, go
    entry = d.decide(
        social,
        DecisionKind.MANDAAT,
        "Mandaat Transitie sociaal domein gegeven",
        "Mandaat aan Mehmet Yılmaz, innovatieregisseur sociaal domein. " + d.mandate_text(social_m1),
    )
    social_v1 = d.mandate(social_m1, entry)
    social_v1_entry = entry
    plan_v1 = d.agree(
        PLAN_V1,
        title="Doel 'Eén plan per huishouden' overeengekomen",
        text="Indicator: huishoudens met meervoudige hulpvragen met één gezamenlijk plan, van 12 % naar 50 %.",
    )
    maatwerk = d.agree(
        MAATWERK,
        title="Doel 'Minder beroep op maatwerkvoorzieningen' overeengekomen",
        text="Indicator: lopende maatwerkvoorzieningen Wmo en jeugd per 1.000 inwoners (CBS), van 78 naar 66.",
    )
    d.agree(
        DOORLOOPTIJD,
        title="Doel 'Sneller een plan na een hulpvraag' overeengekomen",
        text="Indicator: gemiddelde doorlooptijd van melding tot plan, van 42 naar 21 dagen.",
    )
    d.decide(
        social,
        DecisionKind.GO_NO_GO,
        "Go: start uitvoering in De Vaart en Rivierwijk",
        "Doelen en mandaat zijn overeengekomen; het bestuur geeft groen licht voor de uitvoering met twee "
        "wijkteams. Na een halfjaar volgt een tussenbalans met de innovatiemonitor.",
        refs=(f"#{social_v1_entry.seq}",),
    )
    d.decide(
        social,
        DecisionKind.BESLUIT,
        "Detachering twee consulenten Zorggroep De Linde",
        "Twee wijkverpleegkundigen van Zorggroep De Linde worden voor 0,6 fte gedetacheerd in het wijkteam "
        "De Vaart. Vertrouwelijk: bevat afspraken over personen en tarieven.",
        public=False,
    )

    # Transformatie winkelcentrum Molenkamp: stopped
    d.decide(
        "transformatie-winkelcentrum-molenkamp",
        DecisionKind.GO_NO_GO,
        "No-go: transformatie winkelcentrum Molenkamp gestopt",
        "De eigenaar heeft het winkelcentrum verkocht aan een belegger die zelf herontwikkelt; de gemeente "
        "heeft geen grondpositie. Het bestuur stopt de opgave. Vertrouwelijk: bevat informatie over de "
        "verkoop en de onderhandelingen met de nieuwe eigenaar.",
        public=False,
    )

    # Eenzaamheid onder ouderen: completed
    entry = d.decide(
        lonely,
        DecisionKind.BESLUIT,
        "Afronding Eenzaamheid onder ouderen: aanpak geborgd",
        "Beide indicatoren hebben hun doel gehaald. De ontmoetingsplekken gaan over naar de reguliere "
        "subsidie van Stichting Welzijn Veerdam; de opgave wordt afgerond.",
    )
    d.decide(
        lonely,
        DecisionKind.MANDAAT,
        "Mandaat Eenzaamheid onder ouderen beëindigd",
        "Met de afronding van de opgave eindigt het mandaat van de regisseur, en daarmee de "
        "experimenteerruimte voor de vrijwilligersvergoeding.",
        refs=(f"#{entry.seq}",),
    )

    # Transitie sociaal domein: objective changed, mandate widened, a correction
    d.agree(
        PLAN_V2,
        title="Doel 'Eén plan per huishouden' bijgesteld (versie 2)",
        text="Nu ook Oosterpark meedoet, is het doel bijgesteld: van 12 % naar 60 %, met een latere "
        "streefdatum. Versie 1 is vervangen.",
        supersedes=plan_v1,
    )
    entry = d.decide(
        social,
        DecisionKind.MANDAAT,
        "Mandaat Transitie sociaal domein gewijzigd (versie 2)",
        "Het mandaat wordt uitgebreid met Oosterpark. "
        + d.mandate_text(social_m2).replace(
            f"{WERKTIJDEN[0]} (tot {nl_date(d.day(180))})", f"{WERKTIJDEN[0]} (tot het einde van het mandaat)"
        ),
        refs=(f"#{social_v1_entry.seq}",),
    )
    social_mandate = d.mandate(social_m2, entry, supersedes=social_v1)
    d.decide(
        social,
        DecisionKind.CORRECTIE,
        f"Correctie op #{entry.seq}: looptijd experimenteerruimte werktijden",
        f"In #{entry.seq} staat dat de experimenteerruimte voor avonduren geldt tot het einde van het "
        f"mandaat. Dat is onjuist: het is een proef van een halfjaar, tot {nl_date(d.day(180))}; daarna "
        "besluit het bestuur op basis van de ervaringen van de teamleden.",
        corrects=entry.seq,
        refs=(f"#{entry.seq}",),
    )

    # Transitie sociaal domein: the escalation and its answer
    indicator = maatwerk.indicators.get(code="I1")
    raised = d.decide(
        social,
        DecisionKind.ESCALATIE,
        "Escalatie: maatwerkvoorzieningen twee metingen op rij uit koers",
        f"De indicator '{indicator.name}' is bij de metingen van {nl_date(d.day(-150))} (78,3) en "
        f"{nl_date(d.day(-60))} (78,9) uit koers: het beroep op maatwerkvoorzieningen stijgt, waar een "
        "daling naar 66 is afgesproken. Het bestuur wordt gevraagd te besluiten.",
        by=SYSTEM,
        role="systeem",
        refs=(f"{social}/O2/I1",),
    )
    answer = d.decide(
        social,
        DecisionKind.BESLUIT,
        "Antwoord op de escalatie maatwerkvoorzieningen",
        "Het doel blijft staan. De stijging komt vooral door een inhaalslag bij jeugdhulp na de opening "
        "van de wijkpost. Het bestuur vraagt de regisseur om de toegang tot jeugdhulp samen met de "
        "huisartsen te herzien (praktijkondersteuner jeugd in beide wijken) en over drie maanden te "
        "rapporteren. Het mandaat wordt niet gewijzigd.",
        refs=(f"#{raised.seq}",),
    )
    last = indicator.measurements.order_by("-date").values_list("date", flat=True)[0]
    _sync(
        Escalation,
        {"challenge": d.challenges[social], "raised_entry": raised},
        {
            "key": off_course_key(indicator, last),
            "kind": EscalationKind.OFF_COURSE,
            "level": EscalationLevel.ESCALATION,
            "summary": "Maatwerkvoorzieningen per 1.000 inwoners: twee metingen op rij uit koers",
            "raised_at": _at(d.day(-57), 6),
            "answer": answer,
            "answered_at": _at(d.day(-50), 15),
        },
    )
    d.decide(
        social,
        DecisionKind.BESLUIT,
        "Juridisch advies onderhandse gunning aan sociale ondernemingen",
        "Het bestuur neemt het advies van de afdeling Juridische Zaken over: onderhandse gunning tot "
        "€ 50.000 aan lokale sociale ondernemingen past binnen de aanbestedingswet, mits per opdracht "
        "vastgelegd. Vertrouwelijk: juridisch advies aan het college.",
        public=False,
    )

    _letter(d)

    # Energiearmoede aanpakken: on to evaluation
    d.decide(
        energy,
        DecisionKind.GO_NO_GO,
        "Go: Energiearmoede aanpakken naar de evaluatiefase",
        "Het bezoekdoel is gehaald (2.145 huishoudens); de daling van de woonlasten blijft achter "
        "(€ 31 van de beoogde € 40 per maand). Het bestuur besluit tot een evaluatie met Hogeschool "
        "Lindenland voordat over voortzetting wordt besloten; het mandaat loopt door tot het einde "
        "van de evaluatie.",
    )

    # Nieuwe aanpak jeugdcriminaliteit De Vaart: objective agreed before the first measurement
    d.agree(
        SAMENWERKING,
        title="Doel 'Sterkere samenwerking rond jongeren in De Vaart' overeengekomen",
        text="Indicator: de dimensie Slim samenwerken (D3) van de innovatiemonitor, van 2,8 naar 3,5. De "
        "eerste meting volgt met de monitorronde die nu wordt voorbereid.",
        public=False,
    )
    d.decide(
        "jeugdcriminaliteit-de-vaart",
        DecisionKind.BESLUIT,
        "Convenant informatiedeling jongeren De Vaart",
        "Het bestuur stemt in met het convenant tussen gemeente, politie, Welzijn Veerdam en het "
        "Veiligheidshuis over het delen van signalen over jongeren. Vertrouwelijk: gaat over een kleine, "
        "herkenbare groep jongeren.",
        public=False,
    )

    # Not (yet) agreed: proposed, waiting for the board; a draft
    d.objective(MEEDOEN)
    d.objective(BANEN)

    # The budget warning of Transitie sociaal domein (the use itself is entered by ``Loader.usage``)
    spent = sum(Decimal(a) for s, k, a, _o, _d in USAGE if s == social and k == UsageKind.MONEY)
    share = spent / social_m2.budget
    d.escalation(
        social,
        usage_key("budget", "warn", social_mandate),
        {
            "kind": EscalationKind.BUDGET,
            "level": EscalationLevel.WARNING,
            "summary": f"Budget voor {share:.0%} besteed: {euro(spent)} van {euro(social_m2.budget)}".replace(
                "%", " %"
            ),
            "raised_at": _at(d.day(-19), 6),
        },
    )


def _letter(d: Loader) -> None:
    """One published council letter over the last three months, holding the log's head at this moment;
    and the next one, a draft the board is still writing."""
    _sync(
        CouncilLetter,
        {"municipality": d.main, "state": LetterState.CONCEPT},
        {
            "title": f"Raadsinformatiebrief innovatieopgaven vanaf {nl_date(d.today)} (concept)",
            "period_start": d.today,
            "period_end": d.day(91),
            "board_text": (
                "Geachte raad,\n\nIn deze brief informeren wij u over het besluit over de voortzetting van "
                "de aanpak van energiearmoede, zodra de evaluatie van Hogeschool Lindenland er is."
            ),
            "created_by": d.board,
        },
    )
    if CouncilLetter.objects.filter(municipality=d.main, state=LetterState.GEPUBLICEERD).exists():
        return
    chain = DecisionChain.objects.get(municipality=d.main)
    start, end = d.day(-91), d.today
    letter = CouncilLetter.objects.create(
        municipality=d.main,
        title=f"Raadsinformatiebrief innovatieopgaven {nl_date(start)} – {nl_date(end)}",
        period_start=start,
        period_end=end,
        board_text=(
            "Geachte raad,\n\n"
            "Met deze brief informeren wij u over de voortgang van de innovatieopgaven van Veerdam. De "
            "transitie in het sociaal domein ligt op koers waar het gaat om één plan per huishouden; Oosterpark "
            "doet inmiddels mee. Het beroep op maatwerkvoorzieningen daalt nog niet: die indicator is twee "
            "keer op rij uit koers geraakt. Wij hebben daarop besloten het doel te handhaven en de toegang "
            "tot jeugdhulp samen met de huisartsen te herzien. Het budget van het mandaat is voor 85 % "
            "besteed; wij volgen dat nauwgezet.\n\n"
            "De aanpak van energiearmoede heeft haar bezoekdoel gehaald, maar de daling van de woonlasten "
            "blijft achter. Wij laten de aanpak evalueren voordat wij over voortzetting besluiten. De "
            "opgave Eenzaamheid onder ouderen is afgerond en geborgd.\n\n"
            "De hashcode onderaan deze brief legt het besluitenlogboek vast zoals het nu is; iedereen kan "
            "nagaan dat latere versies van het logboek deze stand ongewijzigd bevatten.\n\n"
            "Het college van burgemeester en wethouders van Veerdam"
        ),
        state=LetterState.GEPUBLICEERD,
        head_hash=chain.head,
        entries=chain.length,
        created_by=d.board,
        created_at=timezone.now(),
        published_by=d.board,
        published_at=timezone.now(),
    )
    try:  # as publishing does, but here and now (the demo shows the files at once; nobody is mailed)
        from veerkracht.governance.letters import letter_render

        letter_render(letter.pk)
    except Exception:  # noqa: BLE001 - the demo works without the files (e.g. no fonts); render again on the page
        import logging

        logging.getLogger(__name__).warning("demo council letter not rendered", exc_info=True)
