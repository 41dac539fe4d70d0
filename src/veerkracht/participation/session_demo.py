"""Demo co-creation sessions: a past session with attendance, minutes and actions, and a coming
session that is full, with a waiting list; and two sessions of the community of practice "Jongeren in
de wijk" (a past intervision whose action became a lesson, and a coming one). Idempotent (sessions by
challenge or community and title).

Registrations are written directly (no e-mail is queued for them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from veerkracht.community.models import CommunityOfPractice, Lesson
from veerkracht.core.http import site_url
from veerkracht.participation import states
from veerkracht.participation.models import Idea
from veerkracht.participation.session_models import (
    CoSession,
    RegistrationStatus,
    SessionAction,
    SessionRegistration,
)

PAST_OUTCOMES = (
    "Twaalf bewoners, twee medewerkers van de woningcorporatie en de schuldhulpmaatje-coördinator "
    "dachten mee over energiecoaches in de wijk.\n\n"
    "Uitkomsten:\n"
    "- Energiecoaches werken in tweetallen en beginnen bij buren die ze al kennen.\n"
    "- Het spreekuur over de energierekening komt in het buurthuis, op dinsdagochtend.\n"
    "- De folder over de energietoeslag wordt herschreven in eenvoudig Nederlands, samen met bewoners."
)


COP_PAST_OUTCOMES = (
    "Jongerenwerkers uit Veerdam en Lindenwaard en twee wijkagenten bespraken de casus van de "
    "hangplek bij het winkelcentrum.\n\n"
    "Uitkomsten:\n"
    "- Eerst praten mét de jongeren, dan pas over ze: de jongerenwerker gaat mee op de avondronde.\n"
    "- Meten of het helpt: het aantal meldingen én wat de jongeren zelf zeggen, na drie maanden.\n"
    "- De aanpak van Lindenwaard (een eigen ruimte, door jongeren zelf beheerd) wordt opgeschreven als les."
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def load_sessions(ctx: Any, people: dict[str, Any]) -> None:
    challenges = ctx.objects.get("challenges", {})
    today = timezone.localdate()
    residents = [people[k] for k in sorted(people) if k != "inwoner"]

    energy = challenges.get("energiearmoede-aanpakken")
    if energy is not None:
        by = energy.regisseur or energy.agenda.coordinators.order_by("pk").first()
        day = today - dt.timedelta(days=20)
        past, created = CoSession.objects.get_or_create(
            challenge=energy,
            title="Ontwerpavond: energiecoaches in de wijk",
            defaults={
                "description": "We werken het idee van energiecoaches uit de eigen buurt samen uit: wie, "
                "waar en hoe beginnen we?",
                "starts_at": _at(day, 19, 30),
                "ends_at": _at(day, 21, 30),
                "place": "Buurthuis De Kaai, Kaaistraat 12, grote zaal",
                "accessibility": "Gelijkvloers en rolstoeltoegankelijk, met ringleiding. Koffie, thee en "
                "soep staan klaar. Kinderopvang op aanvraag.",
                "capacity": 15,
                "created_by": by,
                "outcomes": PAST_OUTCOMES,
                "minutes_at": _at(day + dt.timedelta(days=2), 10),
            },
        )
        if created:
            for i, person in enumerate(residents):
                SessionRegistration.objects.create(
                    session=past,
                    user=person,
                    status=RegistrationStatus.REGISTERED,
                    queued_at=_at(day - dt.timedelta(days=14 - i), 12),
                    talent_consent=i % 2 == 0,
                    attended=i != len(residents) - 1,  # one did not come
                    reminded_at=_at(day - dt.timedelta(days=1), 9),
                )
            spreekuur = Idea.objects.filter(
                challenge=energy, title="Spreekuur over de energierekening in het buurthuis"
            ).first()
            SessionAction.objects.create(
                session=past,
                text="Spreekuur op dinsdagochtend regelen met het buurthuis en de schuldhulp",
                owner="Buurthuis De Kaai",
                due=today + dt.timedelta(days=14),
                idea=spreekuur,
                idea_state=states.IN_BEHANDELING if spreekuur is not None else "",
            )
            SessionAction.objects.create(
                session=past,
                text="Folder energietoeslag herschrijven in eenvoudig Nederlands, met drie bewoners",
                owner="Gemeente Veerdam, team Communicatie",
                due=today + dt.timedelta(days=30),
            )

    lonely = challenges.get("eenzaamheid-onder-ouderen")
    if lonely is not None:
        by = lonely.regisseur or lonely.agenda.coordinators.order_by("pk").first()
        day = today + dt.timedelta(days=9)
        coming, created = CoSession.objects.get_or_create(
            challenge=lonely,
            title="Koffietafel: samen plannen tegen eenzaamheid",
            defaults={
                "description": "Ouderen, mantelzorgers, buren en vrijwilligers bedenken samen hoe de "
                "koffie-ochtend bij de supermarkt en de belcirkel van start gaan.",
                "starts_at": _at(day, 10),
                "ends_at": _at(day, 12),
                "place": "Wijkcentrum De Linde, Lindelaan 3",
                "online_url": "https://meet.veerdam.example/koffietafel",
                "accessibility": "Rolstoeltoegankelijk, invalidentoilet aanwezig. De bus stopt voor de deur "
                "(lijn 4). Meedoen op afstand kan via de link.",
                "capacity": 4,
                "created_by": by,
            },
        )
        if created:
            for i, person in enumerate(residents):
                SessionRegistration.objects.create(
                    session=coming,
                    user=person,
                    status=RegistrationStatus.REGISTERED if i < 4 else RegistrationStatus.WAITING,
                    queued_at=timezone.now() - dt.timedelta(days=6 - i),
                    talent_consent=i % 2 == 1,
                )
        ctx.add_link("Cocreatiesessies (eenzaamheid)", f"/meedoen/opgaven/{lonely.slug}/sessies/")

    _load_cop_sessions(ctx, people)


def _load_cop_sessions(ctx: Any, people: dict[str, Any]) -> None:
    """Sessions of the community of practice on young people in the neighbourhood, run by its owner."""
    cop = CommunityOfPractice.objects.filter(slug="jongeren-en-wijk").first()
    if cop is None:
        return
    owner = (
        cop.memberships.filter(role__in=["eigenaar", "moderator"])
        .select_related("user")
        .order_by("pk")
        .first()
    )
    members = [m.user for m in cop.memberships.select_related("user").order_by("pk")]
    today = timezone.localdate()

    day = today - dt.timedelta(days=13)
    past, created = CoSession.objects.get_or_create(
        cop=cop,
        title="Intervisie: de hangplek bij het winkelcentrum",
        defaults={
            "description": "Twee casussen uit de praktijk, volgens de methode van intervisie: inbrengen, "
            "doorvragen, adviezen, en wat neem je mee?",
            "starts_at": _at(day, 15),
            "ends_at": _at(day, 17),
            "place": "Jongerencentrum De Schakel, Havenweg 8, Veerdam",
            "online_url": "https://meet.veerdam.example/intervisie-jongeren",
            "accessibility": "Rolstoeltoegankelijk, lift naar de eerste verdieping. Vijf minuten lopen "
            "vanaf station Veerdam. Meedoen op afstand kan via de link.",
            "capacity": 12,
            "created_by": owner.user if owner else None,
            "outcomes": COP_PAST_OUTCOMES,
            "minutes_at": _at(day + dt.timedelta(days=1), 9),
        },
    )
    if created:
        for i, person in enumerate(members):
            SessionRegistration.objects.create(
                session=past,
                user=person,
                status=RegistrationStatus.REGISTERED,
                queued_at=_at(day - dt.timedelta(days=10 - i), 11),
                attended=True,
                reminded_at=_at(day - dt.timedelta(days=1), 9),
            )
        lesson = Lesson.objects.filter(visibility__in=["regio", "iedereen"]).order_by("pk").first()
        SessionAction.objects.create(
            session=past,
            text="De aanpak met een eigen jongerenruimte opschrijven als les voor de regio",
            owner="Jongerenwerk Lindenwaard",
            due=today + dt.timedelta(days=10),
            link=site_url() + reverse("community:lesson", args=[lesson.pk]) if lesson else "",
        )

    day = today + dt.timedelta(days=16)
    coming, created = CoSession.objects.get_or_create(
        cop=cop,
        title="Intervisie: jongeren en geldzorgen",
        defaults={
            "description": "Hoe herken je schulden bij jongeren, en wie doet wat? Met een "
            "ervaringsdeskundige van de schuldhulp en het jongerenloket.",
            "starts_at": _at(day, 15),
            "ends_at": _at(day, 17),
            "place": "Stadskantoor Lindenwaard, Marktplein 1, zaal De Brug",
            "accessibility": "Gelijkvloers, met ringleiding. Een tolk Nederlandse Gebarentaal op aanvraag, "
            "uiterlijk een week vooraf.",
            "capacity": 10,
            "created_by": owner.user if owner else None,
        },
    )
    if created:
        for i, person in enumerate(members):
            SessionRegistration.objects.create(
                session=coming,
                user=person,
                status=RegistrationStatus.REGISTERED,
                queued_at=timezone.now() - dt.timedelta(days=3 - i),
            )
    ctx.add_link("Sessies van de praktijkgemeenschap (jongeren)", f"/gemeenschap/praktijken/{cop.slug}/")
