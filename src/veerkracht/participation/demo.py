"""Demo ideas: on several public challenges, in every state of the feedback loop, some overdue
(no first answer past the 28-day term), with supporters. Idempotent (ideas by challenge and title).

The history is written directly with past dates (no e-mail is queued for it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from veerkracht.organisations.demo import _user
from veerkracht.participation import states
from veerkracht.participation.models import Idea, IdeaStateChange, ResponseTerm, Support
from veerkracht.participation.selectors import stems_of

RESIDENTS = [
    ("bewoner.anna", "Anna de Vries"),
    ("bewoner.mohamed", "Mohamed El Amrani"),
    ("bewoner.joke", "Joke Jansen"),
    ("bewoner.kees", "Kees van Dijk"),
    ("bewoner.sanne", "Sanne Bakker"),
    ("bewoner.yusuf", "Yusuf Demir"),
]

# challenge slug, title, text, author (resident key or "inwoner"), nickname, days ago, state,
# days until the first answer, outcome or reason, supporters
IDEAS: list[tuple[str, str, str, str, str, int, str, int, str, int]] = [
    (
        "energiearmoede-aanpakken",
        "Energiecoaches uit de eigen buurt",
        "Train bewoners die zelf hun huis hebben verduurzaamd als energiecoach voor buren. Mensen "
        "vertrouwen een buurman eerder dan een bedrijf.",
        "bewoner.anna",
        "",
        70,
        states.OVERGENOMEN,
        12,
        "Opgenomen als teambehoefte: twee energiecoaches per wijk, start in het voorjaar.",
        5,
    ),
    (
        "energiearmoede-aanpakken",
        "Gratis radiatorfolie uitdelen bij de bibliotheek",
        "Een simpele maatregel die meteen scheelt in de stookkosten. De bibliotheek is een plek waar "
        "iedereen komt.",
        "bewoner.mohamed",
        "Mo",
        50,
        states.NIET_OVERGENOMEN,
        20,
        "De woningcorporatie brengt dit jaar in alle huurwoningen isolatie aan; losse folie voegt dan "
        "weinig toe. We nemen het mee voor koopwoningen.",
        2,
    ),
    (
        "energiearmoede-aanpakken",
        "Energiecoach per straat",
        "Iemand in elke straat die weet hoe je energie bespaart en buren helpt met de energietoeslag.",
        "bewoner.joke",
        "",
        45,
        states.SAMENGEVOEGD,
        9,
        "",
        1,
    ),
    (
        "energiearmoede-aanpakken",
        "Spreekuur over de energierekening in het buurthuis",
        "Veel mensen begrijpen hun jaarafrekening niet. Een wekelijks spreekuur in het buurthuis met "
        "vrijwilligers van de schuldhulp.",
        "inwoner",
        "",
        40,
        states.ONTVANGEN,
        0,
        "",
        3,
    ),
    (
        "eenzaamheid-onder-ouderen",
        "Koffie-ochtend bij de supermarkt",
        "Elke dinsdag een hoek met koffie bij de supermarkt, waar ouderen toch al komen. Vrijwilligers "
        "schenken en maken een praatje.",
        "bewoner.kees",
        "",
        35,
        states.IN_BEHANDELING,
        6,
        "",
        4,
    ),
    (
        "eenzaamheid-onder-ouderen",
        "Jongeren doen boodschappen met ouderen",
        "Scholieren met een maatschappelijke stage gaan samen met een oudere boodschappen doen: hulp "
        "en gezelschap tegelijk.",
        "bewoner.sanne",
        "Sanne uit de Rivierwijk",
        33,
        states.ONTVANGEN,
        0,
        "",
        2,
    ),
    (
        "eenzaamheid-onder-ouderen",
        "Belcirkel voor alleenstaande ouderen",
        "Iedere ochtend belt de een de ander: zo weet iedereen dat het goed gaat.",
        "bewoner.yusuf",
        "",
        5,
        states.ONTVANGEN,
        0,
        "",
        0,
    ),
    (
        "wijkbeheer-samen-met-bewoners",
        "Buurtbudget voor kleine plannen",
        "Geef elke wijk een klein budget dat bewoners zelf besteden aan groen, spelen of ontmoeten.",
        "bewoner.anna",
        "",
        60,
        states.OVERGENOMEN,
        25,
        "Wordt een pilot in de Rivierwijk: 15.000 euro, bewoners kiezen samen de plannen.",
        5,
    ),
    (
        "wijkbeheer-samen-met-bewoners",
        "Adopteer een plantsoen",
        "Bewoners onderhouden zelf een stukje groen; de gemeente levert planten en gereedschap.",
        "bewoner.mohamed",
        "",
        31,
        states.ONTVANGEN,
        0,
        "",
        1,
    ),
]

MERGE = ("Energiecoach per straat", "Energiecoaches uit de eigen buurt")


def load(ctx: Any) -> None:
    challenges = ctx.objects.get("challenges", {})
    people = {key: _user(ctx, key, name) for key, name in RESIDENTS}
    people["inwoner"] = _user(ctx, "inwoner", "Bram Verhoeven", account_role="inwoner")  # the demo resident
    municipality = ctx.objects.get("organisations", {}).get("gemeente-veerdam")
    if municipality is not None:
        ResponseTerm.objects.get_or_create(municipality=municipality, defaults={"days": 28})
    now = timezone.now()
    made: dict[str, Idea] = {}
    supporters = list(people.values())
    for slug, title, text, author_key, nickname, ago, state, answer_after, note, n_supports in IDEAS:
        challenge = challenges.get(slug)
        author = people.get(author_key)
        if challenge is None or author is None:
            continue
        created = now - dt.timedelta(days=ago)
        idea, created_now = Idea.objects.get_or_create(
            challenge=challenge,
            title=title,
            defaults={
                "author": author,
                "nickname": nickname,
                "text": text,
                "stems": stems_of(title, text),
                "created_at": created,
            },
        )
        made[title] = idea
        for supporter in [p for p in supporters if p.pk != author.pk][:n_supports]:
            Support.objects.get_or_create(idea=idea, user=supporter, defaults={"created_at": created})
        if not created_now or state == states.ONTVANGEN:
            continue
        by = challenge.regisseur or challenge.agenda.coordinators.order_by("pk").first()
        answered = created + dt.timedelta(days=answer_after)
        path = [states.IN_BEHANDELING] if state == states.IN_BEHANDELING else [state]
        if state in (states.OVERGENOMEN, states.NIET_OVERGENOMEN):
            path = [states.IN_BEHANDELING, state]
        previous = states.ONTVANGEN
        for i, step in enumerate(path):
            at = answered + dt.timedelta(days=7 * i)
            IdeaStateChange.objects.create(
                idea=idea,
                from_state=previous,
                to_state=step,
                by=by,
                note=note if step == state else "",
                at=at,
            )
            previous = step
        idea.first_answer_at = answered
        idea.state_changed_at = answered + dt.timedelta(days=7 * (len(path) - 1))
        if state == states.OVERGENOMEN:
            idea.outcome = note
        elif state == states.NIET_OVERGENOMEN:
            idea.reason = note
        elif state == states.SAMENGEVOEGD:
            target = made.get(MERGE[1])
            if target is None:
                continue
            idea.merged_into = target
        idea.state = state
        idea.save()
    ctx.add_link("Ideeën van bewoners (energiearmoede)", "/meedoen/opgaven/energiearmoede-aanpakken/ideeen/")
    from veerkracht.participation.session_demo import load_sessions

    load_sessions(ctx, people)
    _load_comments_and_agenda_ideas(ctx, people, made, now)


# --- comments with moderation, and an idea on the agenda as a whole ----------------------------------

# idea title, resident key, text, days ago, (reason for hiding or ""), reporters
COMMENTS: list[tuple[str, str, str, int, str, int]] = [
    (
        "Energiecoaches uit de eigen buurt",
        "bewoner.joke",
        "Ik heb vorig jaar mijn zolder geïsoleerd en wil graag buren helpen. Waar kan ik me melden?",
        60,
        "",
        0,
    ),
    (
        "Energiecoaches uit de eigen buurt",
        "bewoner.kees",
        "Goed idee, maar zorg dat de coaches ook Turks en Arabisch spreken.",
        58,
        "",
        0,
    ),
    (
        "Energiecoaches uit de eigen buurt",
        "bewoner.yusuf",
        "Weer zo'n plan van die sukkels op het gemeentehuis, bel me maar op 06-12345678.",
        55,
        "Persoonlijke aanval en een telefoonnummer in een openbare reactie.",
        2,
    ),
    (
        "Adopteer een plantsoen",
        "bewoner.sanne",
        "Dit is reclame voor mijn hoveniersbedrijf: bel ons voor de laagste prijs!",
        20,
        "",
        2,
    ),
]

AGENDA_IDEA = (
    "Eén loket voor alle vrijwilligerswerk in de gemeente",
    "Nu moet je bij elke organisatie apart zoeken. Eén plek waar je ziet wie hulp zoekt, voor alle "
    "opgaven samen, maakt meedoen veel makkelijker.",
    "bewoner.sanne",
    9,
)


def _load_comments_and_agenda_ideas(
    ctx: Any, people: dict[str, Any], made: dict[str, Idea], now: Any
) -> None:
    from veerkracht.participation.models import AgendaIdeas, Comment, CommentReport

    reporters = [people["bewoner.anna"], people["bewoner.mohamed"], people["inwoner"]]
    for title, author_key, text, ago, hidden_reason, n_reports in COMMENTS:
        idea = made.get(title)
        author = people.get(author_key)
        if idea is None or author is None:
            continue
        at = now - dt.timedelta(days=ago)
        comment, created = Comment.objects.get_or_create(
            idea=idea, author=author, text=text, defaults={"created_at": at}
        )
        if created and hidden_reason:
            challenge = idea.challenge
            comment.hidden_at = at + dt.timedelta(days=1)
            comment.hidden_by = challenge.regisseur if challenge is not None else None
            comment.hidden_reason = hidden_reason
            comment.save()
        for reporter in reporters[:n_reports]:
            CommentReport.objects.get_or_create(
                comment=comment, user=reporter, defaults={"created_at": at + dt.timedelta(hours=3)}
            )
    challenge = ctx.objects.get("challenges", {}).get("energiearmoede-aanpakken")
    author = people.get(AGENDA_IDEA[2])
    if challenge is None or author is None:
        return
    agenda = challenge.agenda
    AgendaIdeas.objects.get_or_create(
        agenda=agenda,
        defaults={"open": True, "changed_by": agenda.coordinators.order_by("pk").first()},
    )
    title, text, _author_key, ago = AGENDA_IDEA
    idea, _created = Idea.objects.get_or_create(
        agenda=agenda,
        challenge=None,
        title=title,
        defaults={
            "author": author,
            "text": text,
            "stems": stems_of(title, text),
            "created_at": now - dt.timedelta(days=ago),
        },
    )
    for supporter in (people["bewoner.joke"], people["bewoner.kees"]):
        Support.objects.get_or_create(idea=idea, user=supporter)
    ctx.add_link("Ideeën op de agenda als geheel", f"/meedoen/agenda/{agenda.slug}/ideeen/")
