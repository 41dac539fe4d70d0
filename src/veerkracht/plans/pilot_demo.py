"""Demo pilots (``veerkracht load_demo``): one in each state on the social-domain challenge, which has a
team, agreed objectives with indicators and a mandate in force. Everything goes through the services,
so the go/no-go decisions are real entries of the decision log, taken by whoever the mandate names.

* in preparation, running and evaluated (with the team's conclusion);
* adjusted and stopped early, each decided by the regisseur within the mandate; the stopped one with
  its two lessons;
* scaled up: a pilot of 2025 between the monitor's two waves (so its page shows the change between
  them), outside the mandate in force (which started later), so the board decided.

Idempotent: a pilot is found again by challenge and title, and only moved on when it is not yet in its
state; loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from veerkracht.community.models import NeighbourhoodType, SizeBand, Visibility
from veerkracht.core.demo import DemoContext
from veerkracht.plans import pilot_selectors as selectors
from veerkracht.plans import pilot_services as services
from veerkracht.plans import states
from veerkracht.plans.models import Pilot

SOCIAL = "transitie-sociaal-domein"


@dataclass(frozen=True)
class LessonSpec:
    title: str
    tried: str
    outcome: str


@dataclass(frozen=True)
class PilotSpec:
    title: str
    intervention: str
    expectation: str
    indicators: tuple[str, ...]  # "O1/I1"
    neighbourhood: str
    target_group: str
    starts: int | dt.date  # days from today, or a date
    ends: int | dt.date
    path: tuple[tuple[str, str], ...] = ()  # (state, note)
    rules: tuple[str, ...] = ()  # rules of the experimentation space, by their text's start
    needs: tuple[str, ...] = ()  # needs of the challenge, by their description's start
    conclusion: str = ""
    lessons: tuple[LessonSpec, ...] = ()


PILOTS = (
    PilotSpec(
        title="Wijkpost Oosterpark ook op zaterdag open",
        intervention="de wijkpost Oosterpark op zaterdagochtend openen, met een consulent en vrijwilliger",
        expectation="dat werkende ouders eerder met hun hulpvraag komen, zodat de doorlooptijd daalt",
        indicators=("O4/I1",),
        neighbourhood="Oosterpark",
        target_group="Werkende ouders met een hulpvraag",
        starts=30,
        ends=210,
    ),
    PilotSpec(
        title="Huisbezoeken in de avond",
        intervention="huisbezoeken ook 's avonds afleggen, buiten de vaste werktijden van de wijkteams",
        expectation="dat huishoudens waar overdag niemand thuis is ook één gezamenlijk plan krijgen",
        indicators=("O1/I1", "O4/I1"),
        neighbourhood="De Vaart en Rivierwijk",
        target_group="Huishoudens met meervoudige hulpvragen die overdag werken",
        starts=-150,
        ends=60,
        path=((states.LOPEND, "Rooster en afspraken met de partners staan; we beginnen."),),
        rules=("Werktijden",),
        needs=("Opbouwwerk",),
    ),
    PilotSpec(
        title="Eén plandossier voor alle partners",
        intervention="alle partners in het wijkteam in één gedeeld plandossier laten werken",
        expectation="dat meer huishoudens één gezamenlijk plan hebben en dat sneller",
        indicators=("O1/I1", "O4/I1"),
        neighbourhood="De Vaart",
        target_group="Huishoudens met hulp van drie of meer organisaties",
        starts=-180,
        ends=-20,
        path=(
            (states.LOPEND, "Alle partners hebben toegang tot het dossier."),
            (states.GEEVALUEERD, "Evaluatie met de partners en twaalf huishoudens afgerond."),
        ),
        conclusion=(
            "De hypothese is grotendeels bevestigd: het aandeel huishoudens met één plan steeg in De Vaart "
            "sneller dan daarvoor. De doorlooptijd daalde minder dan verwacht, omdat twee partners nog "
            "dubbel registreren. Het team adviseert op te schalen naar Rivierwijk en Oosterpark."
        ),
    ),
    PilotSpec(
        title="Schuldhulp aan de keukentafel",
        intervention="schuldhulp bij mensen thuis bieden, samen met de consulent van het wijkteam",
        expectation="dat meer huishoudens hun hulp in één plan krijgen en dat partners beter samenwerken",
        indicators=("O1/I1",),
        neighbourhood="De Vaart en Rivierwijk",
        target_group="Huishoudens met schulden en een tweede hulpvraag",
        starts=dt.date(2025, 4, 1),
        ends=dt.date(2025, 9, 30),
        path=(
            (states.LOPEND, "Start na de eerste monitormeting."),
            (states.GEEVALUEERD, "Evaluatie met de tweede monitormeting en de gegevens van de wijkteams."),
            (
                states.OPGESCHAALD,
                "Opschalen naar alle drie de wijken, ook na de looptijd van het huidige mandaat. Het valt "
                "buiten het mandaat in werking; daarom besluit het bestuur.",
            ),
        ),
        conclusion=(
            "Keukentafelgesprekken bereiken huishoudens die niet naar het loket komen. De innovatiemonitor "
            "laat tussen de twee metingen een betere samenwerking zien. Advies: opschalen."
        ),
        lessons=(
            LessonSpec(
                "Schuldhulp werkt beter aan de keukentafel",
                "Schuldhulpverleners gingen samen met de consulent van het wijkteam op huisbezoek.",
                "Huishoudens die nooit naar het loket kwamen, kregen hulp; één plan voor schulden en zorg "
                "werd de regel in plaats van de uitzondering.",
            ),
        ),
    ),
    PilotSpec(
        title="Buurtcoaches voor jongeren",
        intervention="jongeren uit de wijk als buurtcoach inzetten bij gezinnen met jonge kinderen",
        expectation="dat gezinnen eerder om hulp vragen, zodat een plan sneller rond is",
        indicators=("O4/I1",),
        neighbourhood="Rivierwijk",
        target_group="Gezinnen met kinderen tot 12 jaar",
        starts=-190,
        ends=-10,
        path=(
            (states.LOPEND, "Zes buurtcoaches geworven en getraind."),
            (states.GEEVALUEERD, "Evaluatie met de buurtcoaches en de gezinnen."),
            (
                states.AANGEPAST,
                "Aanpassen: de buurtcoaches krijgen een vaste begeleider in het wijkteam en de pilot "
                "loopt opnieuw een halfjaar.",
            ),
        ),
        conclusion=(
            "Gezinnen vertrouwen de buurtcoaches, maar zonder vaste begeleiding haakte de helft van de "
            "coaches af. Advies: aanpassen, met een vaste begeleider."
        ),
    ),
    PilotSpec(
        title="Digitaal aanmeldloket voor hulpvragen",
        intervention="een digitaal aanmeldformulier openen waarmee inwoners hun hulpvraag zelf melden",
        expectation="dat de doorlooptijd van melding tot plan daalt",
        indicators=("O4/I1",),
        neighbourhood="De Vaart",
        target_group="Alle inwoners met een hulpvraag",
        starts=-180,
        ends=60,
        path=(
            (states.LOPEND, "Het formulier staat online."),
            (
                states.GESTOPT,
                "Stoppen: inwoners met meervoudige hulpvragen gebruiken het formulier nauwelijks en de "
                "meldingen die binnenkomen zijn te summier om een plan op te baseren.",
            ),
        ),
        lessons=(
            LessonSpec(
                "Een digitaal loket bereikt de doelgroep niet",
                "Een digitaal aanmeldformulier voor hulpvragen, naast de wijkpost.",
                "Vooral inwoners met één enkelvoudige vraag gebruikten het; huishoudens met meervoudige "
                "hulpvragen bleven via de wijkpost komen.",
            ),
            LessonSpec(
                "Eerst het gesprek, dan het formulier",
                "Meldingen via het formulier werden door het wijkteam nagebeld.",
                "Het nabellen kostte meer tijd dan het formulier bespaarde; een kort gesprek aan de balie "
                "geeft sneller een bruikbaar beeld.",
            ),
        ),
    ),
)


def _date(value: int | dt.date, today: dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else today + dt.timedelta(days=value)


def load(ctx: DemoContext, *, today: dt.date | None = None) -> None:
    from veerkracht.agenda.models import Challenge

    today = today or timezone.localdate()
    challenge = (ctx.objects.get("challenges") or {}).get(SOCIAL) or Challenge.objects.filter(
        slug=SOCIAL
    ).first()
    if challenge is None or challenge.regisseur is None:
        return
    challenge = Challenge.objects.select_related("agenda__municipality", "regisseur").get(pk=challenge.pk)
    if getattr(challenge, "innovation_team", None) is None or selectors.mandate_in_force(challenge) is None:
        return
    indicators = {f"{i.objective.code}/{i.code}": i for i in selectors.indicator_choices(challenge)}
    rules = list(selectors.rule_choices(challenge))
    needs = list(selectors.need_choices(challenge))
    regisseur = challenge.regisseur
    users = ctx.objects.get("users") or {}
    board = users.get("bestuurder")
    if board is None:
        from veerkracht.accounts.models import User

        board = User.objects.filter(email__startswith="bestuurder@").first()
    pilots = {}
    for spec in PILOTS:
        if any(code not in indicators for code in spec.indicators):
            continue
        pilot = Pilot.objects.filter(challenge=challenge, title=spec.title).first()
        if pilot is None:
            pilot = services.create_pilot(
                challenge=challenge,
                by=regisseur,
                title=spec.title,
                intervention=spec.intervention,
                expectation=spec.expectation,
                indicators=[indicators[code] for code in spec.indicators],
                neighbourhood=spec.neighbourhood,
                target_group=spec.target_group,
                starts_on=_date(spec.starts, today),
                ends_on=_date(spec.ends, today),
                needs=[n for n in needs if any(n.description.startswith(p) for p in spec.needs)],
                experiment_rules=[r for r in rules if any(r.rule.startswith(p) for p in spec.rules)],
            )
            _walk(pilot, spec, regisseur=regisseur, board=board)
        pilots[spec.title] = pilot
    ctx.objects["pilots"] = pilots


def _walk(pilot: Pilot, spec: PilotSpec, *, regisseur: Any, board: Any) -> None:
    """Move a new pilot along its path, writing the conclusion and lessons when they are due."""
    for target, note in spec.path:
        if target in states.GO_NO_GO:
            if spec.conclusion and not pilot.conclusion:
                services.write_conclusion(pilot=pilot, by=regisseur, conclusion=spec.conclusion)
            for lesson in spec.lessons:
                services.write_lesson(
                    pilot=pilot,
                    by=regisseur,
                    title=lesson.title,
                    tried=lesson.tried,
                    outcome=lesson.outcome,
                    size_band=SizeBand.FROM_50K,
                    neighbourhood_type=NeighbourhoodType.STEDELIJK,
                    visibility=Visibility.GEMEENTE,
                )
            decider = selectors.decider(pilot)
            by = decider.holder if decider.holder is not None else board
        else:
            by = regisseur
        services.transition_pilot(pilot=pilot, to=target, by=by, note=note)
    if spec.conclusion and not pilot.conclusion and pilot.state not in states.CLOSED:
        services.write_conclusion(pilot=pilot, by=regisseur, conclusion=spec.conclusion)
