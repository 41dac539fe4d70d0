# ruff: noqa: E501 - demo content reads best one record a line
"""Demo data of the fieldwork (runs after the agenda's loader). Idempotent: natural keys only.

- "Transitie sociaal domein": wave 1 reported, ~60 generated responses from six stakeholder groups
  (one small, so suppression shows) and eight organisations, two chosen priorities, its PDF.
- "Energiearmoede aanpakken": wave 1 reported and a follow-up wave (T1) open, with invitations in
  several states (answered, reminded, failed e-mails) and about half answered.
- "Nieuwe aanpak jeugdcriminaliteit De Vaart": a draft wave ready to open.
- Benchmark: 24 generated earlier challenges' headline scores (source "generated", marked as such).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import random
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from veerkracht.core.demo import DemoContext
from veerkracht.core.models import EmailStatus, OutgoingEmail
from veerkracht.fieldwork import tokens
from veerkracht.fieldwork.models import (
    Answer,
    BenchmarkHeadline,
    BenchmarkSource,
    FacetAnswer,
    Invitation,
    InvitationMessage,
    InvitationToken,
    MessageKind,
    OpenAnswer,
    ReportPriority,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
)
from veerkracht.fieldwork.structure import structure_of
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.models import Instrument
from veerkracht.monitor.services import instrument_lock

TODAY = dt.date(2025, 11, 17)

# group: (number of respondents, leaning on 1-5, spread per dimension D1..D7)
REPORTED_GROUPS = {
    "gemeente_bestuur": (9, 3.6, (0.4, 0.6, 0.0, -0.3, 0.0, -0.4, 0.0)),
    "gemeente_uitvoering": (14, 3.2, (0.2, -0.3, 0.2, -0.6, 0.2, 0.0, -0.2)),
    "zorg_welzijn": (13, 3.0, (0.0, -0.5, 0.4, -0.5, 0.3, 0.3, 0.0)),
    "wonen": (8, 3.1, (0.1, -0.2, 0.1, -0.4, -0.2, 0.2, 0.1)),
    "inwoners": (12, 2.6, (-0.3, -0.6, 0.2, -0.8, -0.1, -0.6, 0.1)),
    "onderwijs": (3, 3.3, (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)),  # small: suppressed
}
ORGANISATIONS = {
    "gemeente_bestuur": ["Gemeente Veerdam"],
    "gemeente_uitvoering": ["Gemeente Veerdam", "Wijkteam De Vaart"],
    "zorg_welzijn": ["Stichting Welzijn Veerdam", "Zorggroep De Linde"],
    "wonen": ["Woonstichting Veerdam Wonen"],
    "inwoners": ["Buurtcoöperatie De Vaart", "Ervaringsdeskundigen Veerdam"],
    "onderwijs": ["Hogeschool Lindenland"],
}
# Lindenwaard's care challenge: its first wave is reported and the challenge is public, so its profile
# is shared beyond the municipality (Veerdam's challenges show it under "learned elsewhere")
CARE_GROUPS = {
    "gemeente_bestuur": (6, 3.4, (0.3, 0.4, 0.0, -0.2, 0.0, -0.3, 0.1)),
    "gemeente_uitvoering": (9, 3.3, (0.2, 0.0, 0.2, -0.4, 0.1, 0.0, -0.1)),
    "zorg_welzijn": (11, 3.5, (0.2, -0.2, 0.5, -0.3, 0.4, 0.3, 0.1)),
    "inwoners": (10, 2.9, (-0.2, -0.4, 0.3, -0.6, 0.0, -0.4, 0.2)),
}
CARE_ORGANISATIONS = {
    "gemeente_bestuur": ["Gemeente Lindenwaard"],
    "gemeente_uitvoering": ["Gemeente Lindenwaard"],
    "zorg_welzijn": ["Zorggroep De Linde", "GGD Lindenland"],
    "inwoners": ["Dorpsraad Oosthoek", "Dorpsraad Heikant"],
}
FIRST = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hanneke",
    "Ilse",
    "Jasper",
    "Karim",
    "Lieke",
    "Mohamed",
    "Nina",
    "Olaf",
    "Petra",
    "Rutger",
    "Saskia",
    "Tim",
    "Yara",
]
LAST = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "El Amrani",
    "Yilmaz",
]
COMMENTS_HELPS = [
    "De korte lijnen met het wijkteam.",
    "Dat we eindelijk samen aan tafel zitten met de corporatie.",
    "De ruimte om te experimenteren in De Vaart.",
    "Ervaringsdeskundigen die meedenken.",
    "Eén aanspreekpunt per huishouden.",
    "De vaste teamdag op woensdag.",
    "Dat de wethouder achter de aanpak staat.",
    "Gedeelde casusbesprekingen.",
    "Het vertrouwen tussen de professionals groeit.",
    "De bewonersavonden in het buurthuis.",
]
COMMENTS_CHANGE = [
    "De budgetten zijn nog steeds verkokerd.",
    "Te veel overleg, te weinig doen.",
    "Bewoners horen te laat wat er besloten is.",
    "Gegevens delen tussen organisaties is lastig.",
    "Er is geen tijd vrijgemaakt voor dit werk.",
    "Onduidelijk wie waarover beslist.",
    "De regels van de Wmo zitten in de weg.",
    "Meer terugkoppeling naar de wijk.",
    "Stop met nieuwe projecten naast het gewone werk.",
    "Betrek jongeren zelf.",
]


def _answers(
    rng: random.Random, structure: Any, lean: float, shifts: tuple[float, ...], short: bool = False
) -> dict[int, int]:
    values: dict[int, int] = {}
    person = rng.gauss(0, 0.45)
    for d, dim in enumerate(structure.dimensions):
        for item in dim.items:
            if short and not item.short_form:
                continue
            r = rng.random()
            if r < 0.04:
                values[item.pk] = 9
                continue
            if r < 0.06:
                continue
            x = lean + shifts[d % len(shifts)] + person + rng.gauss(0, 0.8)
            if item.reverse:
                x = 6 - x
            values[item.pk] = max(1, min(5, round(x)))
    return values


def _wave(challenge: Any, number: int, instrument: Instrument, **fields: Any) -> Wave:
    wave, _created = Wave.objects.update_or_create(
        challenge=challenge, number=number, defaults={"instrument": instrument, **fields}
    )
    return wave


def _email(invitation: Invitation, kind: str, status: str, at: dt.datetime, error: str = "") -> None:
    email, _created = OutgoingEmail.objects.get_or_create(
        key=f"fieldwork:invitation:{invitation.pk}:{kind}",
        defaults={
            "to": invitation.email,
            "subject": "Uitnodiging: innovatiemonitor"
            if kind == MessageKind.INVITATION
            else "Herinnering: innovatiemonitor",
            "body_text": "(demo: de persoonlijke link is na verzending verwijderd)",
            "reference": f"fieldwork:wave:{invitation.wave_id}",
            "language": invitation.language,
            "status": status,
            "sent_at": at if status == EmailStatus.SENT else None,
            "attempts": 1 if status == EmailStatus.SENT else 5,
            "last_error": error,
            "scrub_after_send": True,
        },
    )
    InvitationMessage.objects.get_or_create(
        invitation=invitation, kind=kind, defaults={"email": email, "created_at": at}
    )


def _respondents(
    ctx: DemoContext,
    wave: Wave,
    groups: Mapping[str, tuple[int, float, tuple[float, ...]]],
    *,
    domain: str,
    answered_share: float,
    reminders: bool,
    failed: int,
    sent_at: dt.datetime,
    seed: str,
    organisations_of: Mapping[str, list[str]] = ORGANISATIONS,
) -> None:
    """Invitations (with e-mails) for every respondent, and responses for the answered share."""
    structure = structure_of(wave.instrument)
    open_questions = {q.code: q.pk for q in structure.open_questions}
    facets = [pk for pk, _c in structure.facets]
    background = {q.code: q for q in structure.background}
    n = 0
    failed_left = failed
    for group, (count, lean, shifts) in groups.items():
        organisations = organisations_of[group]
        invited = count + max(1, round(count * 0.25))
        for i in range(invited):
            n += 1
            rng = ctx.rng(f"{seed}:{n}")  # one generator per respondent: reruns draw the same
            first, last = rng.choice(FIRST), rng.choice(LAST)
            organisation = organisations[i % len(organisations)]
            email = f"{first.lower()}.{last.lower().replace(' ', '')}.{n}@{domain}"
            language = "en" if n % 17 == 0 else "nl"
            answered = i < count and rng.random() < answered_share
            invitation, _created = Invitation.objects.update_or_create(
                wave=wave,
                email=email,
                defaults={
                    "name": f"{first} {last}",
                    "organisation": organisation,
                    "group": group,
                    "language": language,
                    "first_sent_at": sent_at,
                    "last_sent_at": sent_at,
                    "started": answered,
                    "completed": answered,
                },
            )
            bounce = not answered and failed_left > 0 and i == invited - 1
            if bounce:
                failed_left -= 1
                _email(
                    invitation,
                    MessageKind.INVITATION,
                    EmailStatus.FAILED,
                    sent_at,
                    "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
                )
            else:
                _email(invitation, MessageKind.INVITATION, EmailStatus.SENT, sent_at)
            if reminders and not answered and not bounce:
                first_reminder = sent_at + dt.timedelta(days=7)
                if first_reminder <= timezone.now():
                    _email(invitation, MessageKind.REMINDER_1, EmailStatus.SENT, first_reminder)
                    Invitation.objects.filter(pk=invitation.pk).update(
                        reminders_sent=1, last_sent_at=first_reminder
                    )
            if not answered:
                continue
            ref = f"demo-{n:03d}"
            response, created = Response.objects.get_or_create(
                wave=wave,
                respondent_ref=ref,
                defaults={
                    "source": ResponseSource.INVITATION,
                    "status": ResponseStatus.COMPLETED,
                    "language": language,
                    "group": group,
                    "page": 11,
                    "submitted_at": (sent_at + dt.timedelta(days=rng.randint(0, 12))).replace(
                        hour=12, minute=0, second=0, microsecond=0
                    ),
                },
            )
            if not created:
                continue
            Answer.objects.bulk_create(
                Answer(response=response, item_id=item, value=value)
                for item, value in _answers(rng, structure, lean, shifts).items()
            )
            if facets and rng.random() < 0.85:
                a = rng.randint(20, 55) if group.startswith("gemeente") else rng.randint(10, 40)
                b = rng.randint(10, 40)
                c = rng.randint(5, max(5, 100 - a - b - 5))
                d = 100 - a - b - c
                if d >= 0:
                    FacetAnswer.objects.bulk_create(
                        FacetAnswer(response=response, option_id=pk, points=p)
                        for pk, p in zip(facets, (a, b, c, d), strict=True)
                    )
            if "helps" in open_questions and rng.random() < 0.8:
                OpenAnswer.objects.create(
                    response=response, question_id=open_questions["helps"], text=rng.choice(COMMENTS_HELPS)
                )
            if "change" in open_questions and rng.random() < 0.75:
                OpenAnswer.objects.create(
                    response=response, question_id=open_questions["change"], text=rng.choice(COMMENTS_CHANGE)
                )
            from veerkracht.fieldwork.models import BackgroundAnswer

            for code, choices in (
                ("role", ["bestuur", "kernteam", "professional", "overig"]),
                ("months", ["lt6", "6to12", "gt12"]),
            ):
                question = background.get(code)
                if question is None:
                    continue
                wanted = rng.choice(choices)
                option = next((pk for pk, c in question.options if c.value == wanted), None)
                if option:
                    BackgroundAnswer.objects.get_or_create(
                        response=response, question_id=question.pk, defaults={"option_id": option}
                    )


def _try_it_yourself(ctx: DemoContext, wave: Wave) -> None:
    """Print a personal link of one respondent who has not answered yet, so that a visitor of the
    demo can take the survey. The token is derived from this installation's SECRET_KEY (unguessable
    without it, the same on every run of the loader) and stored hashed like any other."""
    invitation = Invitation.objects.filter(wave=wave, started=False, completed=False).order_by("pk").first()
    if invitation is None:
        return
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"demo-respondent:{invitation.pk}".encode(), hashlib.sha256
    ).digest()
    token = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    InvitationToken.objects.get_or_create(
        token_hash=tokens.hash_token(token), defaults={"invitation": invitation}
    )
    ctx.add_link("respondent (persoonlijke link, meting open)", reverse("survey:start", args=[token]))


def _benchmark(ctx: DemoContext, instrument: Instrument) -> None:
    rng = ctx.rng("fieldwork:benchmark")
    domains = ["sociaal-domein", "veiligheid-jeugd", "wonen", "energie-klimaat", "werk-inkomen", "onderwijs"]
    for n in range(24):
        label = f"Historische opgave {n + 1:02d} (gegenereerd)"
        base = rng.uniform(2.7, 3.8)
        for d in range(1, 8):
            headline = max(1.5, min(4.6, base + rng.gauss(0, 0.3) - (0.3 if d in (2, 4) else 0)))
            BenchmarkHeadline.objects.update_or_create(
                instrument_code=instrument.code,
                dimension_code=f"D{d}",
                challenge_label=label,
                defaults={
                    "domain_code": domains[n % len(domains)],
                    "year": 2021 + n % 4,
                    "headline": round(headline, 3),
                    "source": BenchmarkSource.GENERATED,
                },
            )


def load(ctx: DemoContext) -> None:
    from veerkracht.agenda.models import Challenge

    challenges = ctx.objects.get("challenges") or {c.slug: c for c in Challenge.objects.all()}
    users = ctx.objects.get("users", {})
    instrument = Instrument.objects.filter(code="innovatiemonitor").order_by("version").first()
    if instrument is None:
        return
    _benchmark(ctx, instrument)
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)

    social = challenges.get("transitie-sociaal-domein")
    if social is not None:
        wave = _wave(
            social,
            1,
            instrument,
            privacy_mode="anonymous",
            starts_on=dt.date(2025, 3, 3),
            ends_on=dt.date(2025, 3, 28),
            state=WaveState.GERAPPORTEERD,
            intro_nl="Met deze meting brengen we in kaart hoe alle betrokkenen de samenwerking rond de transitie van het sociaal domein zien.",
            intro_en="This survey maps how everyone involved sees the collaboration around the transition of the social domain.",
            opened_at=dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC),
            closed_at=dt.datetime(2025, 3, 28, 17, tzinfo=dt.UTC),
            reported_at=dt.datetime(2025, 4, 4, 10, tzinfo=dt.UTC),
            created_by=users.get("regisseur"),
        )
        _respondents(
            ctx,
            wave,
            REPORTED_GROUPS,
            domain="veerdam.example",
            answered_share=1.0,
            reminders=True,
            failed=2,
            sent_at=dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC),
            seed="fieldwork:social",
        )
        for intervention, dimension, owner, due in (
            ("d4-budget", "D4", "Karin Mulder (gemeentesecretaris)", dt.date(2025, 9, 1)),
            ("d2-mandate", "D2", "Wethouder Sociaal Domein", dt.date(2025, 6, 1)),
        ):
            ReportPriority.objects.update_or_create(
                wave=wave,
                intervention=intervention,
                defaults={
                    "dimension_code": dimension,
                    "owner": owner,
                    "due_on": due,
                    "created_by": users.get("regisseur"),
                },
            )

        # the follow-up (T1) half a year later, reported: its report shows the change since T0
        follow_up = _wave(
            social,
            2,
            instrument,
            privacy_mode="anonymous",
            starts_on=dt.date(2025, 10, 6),
            ends_on=dt.date(2025, 10, 31),
            state=WaveState.GERAPPORTEERD,
            previous=wave,
            intro_nl="Een half jaar na de eerste meting: hoe staat de samenwerking er nu voor?",
            intro_en="Six months after the first survey: how is the collaboration doing now?",
            opened_at=dt.datetime(2025, 10, 6, 9, tzinfo=dt.UTC),
            closed_at=dt.datetime(2025, 10, 31, 17, tzinfo=dt.UTC),
            reported_at=dt.datetime(2025, 11, 7, 10, tzinfo=dt.UTC),
            created_by=users.get("regisseur"),
        )
        improved = {g: (c, lean + 0.35, s) for g, (c, lean, s) in REPORTED_GROUPS.items()}
        _respondents(
            ctx,
            follow_up,
            improved,
            domain="veerdam.example",
            answered_share=0.9,
            reminders=True,
            failed=1,
            sent_at=dt.datetime(2025, 10, 6, 9, tzinfo=dt.UTC),
            seed="fieldwork:social2",
        )

    energy = challenges.get("energiearmoede-aanpakken")
    if energy is not None:
        first = _wave(
            energy,
            1,
            instrument,
            starts_on=dt.date(2024, 10, 1),
            ends_on=dt.date(2024, 10, 25),
            state=WaveState.GERAPPORTEERD,
            opened_at=dt.datetime(2024, 10, 1, 9, tzinfo=dt.UTC),
            closed_at=dt.datetime(2024, 10, 25, 17, tzinfo=dt.UTC),
            reported_at=dt.datetime(2024, 11, 1, 9, tzinfo=dt.UTC),
            created_by=users.get("t.boer"),
        )
        groups = {g: (c, lean - 0.2, s) for g, (c, lean, s) in REPORTED_GROUPS.items() if g != "onderwijs"}
        _respondents(
            ctx,
            first,
            groups,
            domain="lindenland.example",
            answered_share=1.0,
            reminders=True,
            failed=0,
            sent_at=dt.datetime(2024, 10, 1, 9, tzinfo=dt.UTC),
            seed="fieldwork:energy1",
        )
        starts = (now - dt.timedelta(days=9)).date()
        second = _wave(
            energy,
            2,
            instrument,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=25),
            state=WaveState.OPEN,
            previous=first,
            opened_at=now - dt.timedelta(days=9),
            created_by=users.get("t.boer"),
            reminder_days=7,
        )
        later = {g: (c, lean + 0.15, s) for g, (c, lean, s) in groups.items()}
        _respondents(
            ctx,
            second,
            later,
            domain="lindenland.example",
            answered_share=0.5,
            reminders=True,
            failed=3,
            sent_at=now - dt.timedelta(days=9),
            seed="fieldwork:energy2",
        )
        _try_it_yourself(ctx, second)

    care = challenges.get("zorg-dichtbij-in-de-kernen")
    if care is not None:
        care_wave = _wave(
            care,
            1,
            instrument,
            starts_on=dt.date(2025, 9, 8),
            ends_on=dt.date(2025, 10, 3),
            state=WaveState.GERAPPORTEERD,
            intro_nl="Huisarts, GGD, dorpsraden en gemeente: hoe werken we samen aan zorg dichtbij in de kernen?",
            intro_en="GP, public health service, village councils and municipality: how do we work together on care close to home?",
            opened_at=dt.datetime(2025, 9, 8, 9, tzinfo=dt.UTC),
            closed_at=dt.datetime(2025, 10, 3, 17, tzinfo=dt.UTC),
            reported_at=dt.datetime(2025, 10, 10, 10, tzinfo=dt.UTC),
            created_by=users.get("t.boer"),
        )
        _respondents(
            ctx,
            care_wave,
            CARE_GROUPS,
            domain="lindenwaard.example",
            answered_share=1.0,
            reminders=True,
            failed=0,
            sent_at=dt.datetime(2025, 9, 8, 9, tzinfo=dt.UTC),
            seed="fieldwork:care",
            organisations_of=CARE_ORGANISATIONS,
        )

    youth = challenges.get("jeugdcriminaliteit-de-vaart")
    if youth is not None:
        _wave(
            youth,
            1,
            instrument,
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=25),
            state=WaveState.CONCEPT,
            intro_nl="Jongerenwerk, politie, school en bewoners: hoe kijkt u naar de samenwerking in De Vaart?",
            intro_en="Youth work, police, school and residents: how do you see the collaboration in De Vaart?",
            created_by=users.get("l.smit"),
        )

    if Response.objects.filter(wave__instrument=instrument).exists():
        instrument_lock(instrument=instrument)
    from veerkracht.fieldwork.services import wave_headlines_store

    for reported in Wave.objects.filter(state=WaveState.GERAPPORTEERD, instrument=instrument):
        wave_headlines_store(wave_id=reported.pk)  # as reporting does (benchmarks read them)
    if social is not None:
        try:
            from veerkracht.fieldwork.pdf import report_pdf_render

            report_pdf_render(wave_id=Wave.objects.get(challenge=social, number=1).pk, language="nl")
        except Exception:  # noqa: BLE001 - the demo works without the PDF (e.g. no fonts); it renders on demand
            import logging

            logging.getLogger(__name__).warning("demo report PDF not rendered", exc_info=True)
