"""The isolation and permission matrix of every participation page and form, generated from the URL
patterns of participation.

Two municipalities (Veerdam and Bergen), each with a published agenda holding a public and a non-public
challenge, and an unpublished agenda; ideas (with a picture, a supporter, a comment), an idea on each
agenda as a whole, an idea on the agenda as a whole linked to the non-public challenge, and a session
with registrations and an action on every challenge. Each municipality also has two communities of
practice, each with a session: an open one (no municipality: everyone logged in sees it) and one of the
municipality alone (its people see it). The roles:

* ``anonymous``; ``resident`` (no role anywhere); ``author`` (wrote every idea, registered for every
  session);
* Veerdam's ``coordinator`` (of both its agendas), the ``regisseur`` of Veerdam's two challenges, the
  ``partner`` (contact of an organisation that is partner of both Veerdam agendas);
* Bergen's ``other_coordinator``, ``other_admin`` (beheerder) and ``other_staff`` (medewerker), who
  moderates both of Bergen's communities;
* Veerdam's ``moderator`` of both of Veerdam's communities and ``cop_member``, a member of them (both
  medewerker).

Each role × target (the object of Veerdam or of Bergen, public or not) × method gets the status the
rules in docs/participation/ say, written out below by hand (``sees_*``, ``manages_*``), never read
from the rules module: 200, a redirect to the log-in, 403, 404, 405 or 302 (a write accepted). A write
refused must not write to the database (no INSERT, UPDATE or DELETE but the audit log of the denial),
and a GET never writes. Every accepted write is rolled back, so every request meets the same world.

On every page answered 200 the test looks for what the viewer may not see: the title of a non-public
challenge, agenda or idea they cannot open, and residents' e-mail addresses and full names (only the
people who answer the challenge may see them). A new participation URL pattern fails the test until it
is described here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern
from django.utils import timezone
from PIL import Image

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.security.test_isolation_writes import snapshot, tables_written
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.agenda.selectors import forget_access
from veerkracht.community.models import CommunityOfPractice, MemberRole, Membership
from veerkracht.core.models import OutgoingEmail
from veerkracht.core.tokens import hash_token, new_token
from veerkracht.organisations.models import Kind, Role
from veerkracht.participation import services, session_services
from veerkracht.participation.models import Comment, Idea, UnsubscribeToken
from veerkracht.participation.session_models import CoSession, SessionAction
from veerkracht.participation.urls import urlpatterns

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "resident",
    "author",
    "partner",
    "coordinator",
    "regisseur",
    "other_coordinator",
    "other_admin",
    "other_staff",
    "moderator",
    "cop_member",
)
HOME = {
    "partner": "veerdam",
    "coordinator": "veerdam",
    "regisseur": "veerdam",
    "other_coordinator": "bergen",
    "other_admin": "bergen",
    "other_staff": "bergen",
    "moderator": "veerdam",
    "cop_member": "veerdam",
}
TARGETS = [(m, public) for m in ("veerdam", "bergen") for public in (True, False)]
LOGIN = "login"  # a redirect to the log-in page
OK, ACCEPTED = 200, 302


# --- the rules, written out independently --------------------------------------------------------


def own(role: str, m: str) -> bool:
    return HOME.get(role) == m


def sees_challenge(role: str, m: str, public: bool) -> bool:
    """Public, or one takes part: the agenda's coordinator, a partner of the agenda, its regisseur
    (Veerdam's regisseur directs both Veerdam challenges)."""
    return public or (own(role, m) and role in {"coordinator", "partner", "regisseur", "other_coordinator"})


def manages_challenge(role: str, m: str) -> bool:
    return own(role, m) and role in {"coordinator", "regisseur", "other_coordinator"}


def sees_agenda(role: str, m: str, public: bool) -> bool:
    """Published, or one takes part in it: its coordinator, a partner, the beheerder of its
    municipality (the regisseur directs no challenge on the unpublished agenda)."""
    return public or (own(role, m) and role in {"coordinator", "partner", "other_coordinator", "other_admin"})


def coordinates_agenda(role: str, m: str) -> bool:
    return own(role, m) and role in {"coordinator", "other_coordinator"}


def sees_cop(role: str, m: str, public: bool) -> bool:
    """Logged in, and the community is open or of one's own municipality (a partner's organisation is
    based in Veerdam)."""
    return role != "anonymous" and (public or own(role, m))


def moderates_cop(role: str, m: str) -> bool:
    """Its moderator (who still sees it): Veerdam's communities have ``moderator``, Bergen's
    ``other_staff``."""
    return (m, role) in {("veerdam", "moderator"), ("bergen", "other_staff")}


def answers_some_idea(role: str) -> bool:
    return role in {"coordinator", "regisseur", "other_coordinator"}


# --- expected statuses per kind of view ----------------------------------------------------------

Expect = Callable[[str, str, bool], Any]


def read(sees: Callable[[str, str, bool], bool]) -> tuple[Expect, Expect]:
    """A page (GET only) shown to whoever may see its object."""
    return (lambda r, m, p: OK if sees(r, m, p) else 404), (lambda r, m, p: 405)


def form(
    sees: Callable[[str, str, bool], bool], may: Callable[[str, str, bool], bool]
) -> tuple[Expect, Expect]:
    """A page with a form, for people logged in who see the object and may act on it."""

    def status(r: str, m: str, p: bool, accepted: int) -> Any:
        if r == "anonymous":
            return LOGIN
        if not sees(r, m, p):
            return 404
        return accepted if may(r, m, p) else 403

    return (lambda r, m, p: status(r, m, p, OK)), (lambda r, m, p: status(r, m, p, ACCEPTED))


def post_only(
    sees: Callable[[str, str, bool], bool], may: Callable[[str, str, bool], bool]
) -> tuple[Expect, Expect]:
    """A form's action (POST only, logged in)."""
    get = lambda r, m, p: LOGIN if r == "anonymous" else 405  # noqa: E731
    return get, form(sees, may)[1]


def anyone(r: str, m: str, p: bool) -> bool:
    return True


def challenge_sees(r: str, m: str, p: bool) -> bool:
    return sees_challenge(r, m, p)


def agenda_sees(r: str, m: str, p: bool) -> bool:
    return sees_agenda(r, m, p)


def answers(r: str, m: str, p: bool) -> bool:
    return manages_challenge(r, m)


def coordinates(r: str, m: str, p: bool) -> bool:
    return coordinates_agenda(r, m)


def not_author(r: str, m: str, p: bool) -> bool:
    return r != "author"


def cop_sees(r: str, m: str, p: bool) -> bool:
    return sees_cop(r, m, p)


def moderates(r: str, m: str, p: bool) -> bool:
    return moderates_cop(r, m)


# --- the world -----------------------------------------------------------------------------------

FULL_NAMES = {"author": "Anouk Zonnebloem", "resident": "Ruud Rietveld", "carla": "Carla Kastanje"}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


@dataclass
class Place:
    """What one municipality holds, per visibility (True: public)."""

    agenda: dict[bool, Agenda]
    challenge: dict[bool, Challenge]
    idea: dict[bool, Idea]
    comment: dict[bool, Comment]
    session: dict[bool, CoSession]
    action: dict[bool, SessionAction]
    agenda_idea: dict[bool, Idea]
    link_challenge: dict[bool, Challenge]
    hidden_titles: list[str]
    cop: dict[bool, CommunityOfPractice]
    cop_session: dict[bool, CoSession]


class World:
    def __init__(self) -> None:
        self.users: dict[str, Any] = {"anonymous": None}
        veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="veerdam-m")
        bergen = OrganisationFactory(gemeente=True, name="Gemeente Bergen", slug="bergen-m")
        partner_org = OrganisationFactory(kind=Kind.BEDRIJF, name="Welzijn Veerdam", municipality=veerdam)
        self.users["coordinator"] = member(veerdam, Role.COORDINATOR, full_name="Coby Coördinator")
        self.users["regisseur"] = member(veerdam, Role.REGISSEUR, full_name="Rik Regisseur")
        self.users["partner"] = member(partner_org, Role.PARTNERCONTACT, full_name="Paula Partner")
        self.users["other_coordinator"] = member(bergen, Role.COORDINATOR, full_name="Bert Bergen")
        self.users["other_admin"] = member(bergen, Role.BEHEERDER, full_name="Bea Beheer")
        self.users["other_staff"] = member(bergen, Role.MEDEWERKER, full_name="Max Medewerker")
        self.users["moderator"] = member(veerdam, Role.MEDEWERKER, full_name="Mona Moderator")
        self.users["cop_member"] = member(veerdam, Role.MEDEWERKER, full_name="Mees Lid")
        for key in ("author", "resident", "carla"):
            self.users[key] = UserFactory(
                full_name=FULL_NAMES[key], email=f"{key}@bewoners.example", preferred_language="nl"
            )
        self.places = {
            "veerdam": self._place("Veerdam", veerdam, self.users["coordinator"], [partner_org]),
            "bergen": self._place("Bergen", bergen, self.users["other_coordinator"], []),
        }
        for place, moderator, lid in (
            (self.places["veerdam"], self.users["moderator"], self.users["cop_member"]),
            (self.places["bergen"], self.users["other_staff"], None),
        ):
            for public, cop in place.cop.items():
                Membership.objects.create(cop=cop, user=moderator, role=MemberRole.MODERATOR)
                if lid is not None:
                    Membership.objects.create(cop=cop, user=lid)
                start = timezone.now() + dt.timedelta(days=12)
                place.cop_session[public] = session_services.session_create(
                    cop=cop,
                    by=moderator,
                    title=f"Intervisie{cop.slug}",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    capacity=8,
                    place="Stadskantoor",
                )
            place.hidden_titles += [place.cop[False].theme, place.cop_session[False].title]
        self.token = new_token()
        UnsubscribeToken.objects.create(user=self.users["author"], token_hash=hash_token(self.token))

    def _place(self, name: str, municipality: Any, coordinator: Any, partners: list[Any]) -> Place:
        author, carla = self.users["author"], self.users["carla"]
        regisseur = self.users["regisseur"] if name == "Veerdam" else None
        agenda: dict[bool, Agenda] = {}
        challenge: dict[bool, Challenge] = {}
        idea: dict[bool, Idea] = {}
        comment: dict[bool, Comment] = {}
        session: dict[bool, CoSession] = {}
        action: dict[bool, SessionAction] = {}
        agenda_idea: dict[bool, Idea] = {}
        link_challenge: dict[bool, Challenge] = {}
        word = {True: "Openbaar", False: "Besloten"}
        # everything is made while public (as residents would have met it), then made non-public
        for public in (True, False):
            agenda[public] = AgendaFactory(
                municipality=municipality,
                coordinators=[coordinator],
                partners=partners,
                published=True,
                title=f"Agenda{word[public]}{name}",
            )
            forget_access(coordinator)
            services.agenda_ideas_set_open(agenda=agenda[public], by=coordinator, open=True)
            link_challenge[public] = ChallengeFactory(
                agenda=agenda[public], title=f"Koppelopgave{word[public]}{name}", published=True
            )
            agenda_idea[public] = services.agenda_idea_create(
                agenda=agenda[public],
                by=author,
                title=f"Agendaidee{word[public]}{name}",
                text="Voor de hele agenda.",
            )
        for public in (True, False):
            challenge[public] = ChallengeFactory(
                agenda=agenda[True], regisseur=regisseur, title=f"Opgave{word[public]}{name}", published=True
            )
            for user in (coordinator, regisseur):
                if user is not None:
                    forget_access(user)
            idea[public] = services.idea_create(
                challenge=challenge[public],
                by=author,
                title=f"Idee{word[public]}{name} buurtmoestuin",
                text="Een moestuin bij het buurthuis.",
                picture=(_png(), "png"),
            )
            services.idea_support(idea=idea[public], by=carla)
            comment[public] = services.comment_add(
                idea=idea[public], by=carla, text=f"Reactie{word[public]}{name}: goed plan."
            )
            start = timezone.now() + dt.timedelta(days=10)
            session[public] = session_services.session_create(
                challenge=challenge[public],
                by=coordinator,
                title=f"Sessie{word[public]}{name}",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                capacity=5,
                place="Buurthuis De Kaai",
                description="Samen ontwerpen.",
            )
            session_services.session_register(session=session[public], by=author)
            session_services.session_register(session=session[public], by=carla)
            action[public] = session_services.action_add(
                session=session[public],
                by=coordinator,
                text="Uitwerken",
                owner="Het wijkteam",
                due=dt.date.today() + dt.timedelta(days=30),
                idea=idea[public],
                idea_state="in_behandeling",
            )
        # an idea on the public agenda as a whole, later linked to the non-public challenge
        linked = services.agenda_idea_create(
            agenda=agenda[True], by=author, title=f"Gekoppeldidee{name}", text="Hoort bij de besloten opgave."
        )
        services.idea_link(idea=linked, challenge=challenge[False], by=coordinator)
        Challenge.objects.filter(pk=challenge[False].pk).update(published=False)
        Agenda.objects.filter(pk=agenda[False].pk).update(published=False)
        hidden_titles = [
            challenge[False].title,
            idea[False].title,
            session[False].title,
            agenda[False].title,
            link_challenge[False].title,
            agenda_idea[False].title,
            linked.title,
            comment[False].text,
        ]
        for objects in (agenda, challenge, link_challenge):
            for obj in objects.values():
                obj.refresh_from_db()
        cop = {
            True: CommunityOfPractice.objects.create(
                theme=f"PraktijkOpen{name}", slug=f"open-{name.lower()}"
            ),
            False: CommunityOfPractice.objects.create(
                theme=f"PraktijkEigen{name}", slug=f"eigen-{name.lower()}", municipality=municipality
            ),
        }
        return Place(
            agenda,
            challenge,
            idea,
            comment,
            session,
            action,
            agenda_idea,
            link_challenge,
            hidden_titles,
            cop,
            {},
        )

    def hidden_for(self, role: str) -> list[str]:
        """The titles of the non-public things ``role`` may not know of."""
        found = []
        for m, place in self.places.items():
            if not sees_challenge(role, m, False):
                found += [place.challenge[False].title, place.idea[False].title, place.session[False].title]
                found += [place.comment[False].text, place.hidden_titles[6]]
            if not sees_agenda(role, m, False):
                found += [place.agenda[False].title, place.agenda_idea[False].title]
            # a published challenge on the unpublished agenda: its participants only (not the beheerder)
            if not (own(role, m) and role in {"coordinator", "partner", "other_coordinator"}):
                found.append(place.link_challenge[False].title)
            if not sees_cop(role, m, False):
                found += [place.cop[False].theme, place.cop_session[False].title]
        return found

    def personal_data(self, role: str) -> list[str]:
        """Residents' e-mail addresses and names (full, and the last name alone), but the viewer's own."""
        found = []
        for key in ("author", "resident", "carla"):
            if key == role:
                continue
            user = self.users[key]
            found += [user.email, user.full_name, user.full_name.split()[-1]]
        return found


# --- what each pattern needs ---------------------------------------------------------------------


@dataclass
class Spec:
    url: Callable[[World, str, bool], str]
    get: Expect
    post: Expect
    data: Callable[[World, str, bool], dict[str, Any]] = lambda w, m, p: {}
    per_target: bool = True  # False: the page concerns no municipality's object (one's own data)


def _c(w: World, m: str, p: bool) -> Place:
    return w.places[m]


def soon(days: int) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


SESSION_FORM = {
    "title": "Derde avond",
    "starts_at": soon(25),
    "ends_at": soon(26),
    "place": "Wijkcentrum",
    "capacity": "12",
}


SPECS: dict[str, Spec] = {
    "ideas": Spec(
        lambda w, m, p: f"/meedoen/opgaven/{_c(w, m, p).challenge[p].slug}/ideeen/", *read(challenge_sees)
    ),
    "idea_new": Spec(
        lambda w, m, p: f"/meedoen/opgaven/{_c(w, m, p).challenge[p].slug}/ideeen/nieuw/",
        *form(challenge_sees, anyone),
        data=lambda w, m, p: {"title": "Nieuw idee", "text": "Een bankje."},
    ),
    "similar": Spec(
        lambda w, m, p: (
            f"/meedoen/opgaven/{_c(w, m, p).challenge[p].slug}/ideeen/vergelijkbaar/?title=buurtmoestuin"
        ),
        *read(challenge_sees),
    ),
    "idea": Spec(lambda w, m, p: f"/meedoen/ideeen/{_c(w, m, p).idea[p].pk}/", *read(challenge_sees)),
    "idea_picture": Spec(
        lambda w, m, p: f"/meedoen/ideeen/{_c(w, m, p).idea[p].pk}/afbeelding/", *read(challenge_sees)
    ),
    "idea_support": Spec(
        lambda w, m, p: f"/meedoen/ideeen/{_c(w, m, p).idea[p].pk}/steunen/",
        *post_only(challenge_sees, not_author),
    ),
    "idea_transition": Spec(
        lambda w, m, p: f"/meedoen/ideeen/{_c(w, m, p).idea[p].pk}/status/",
        *post_only(challenge_sees, answers),
        data=lambda w, m, p: {"state": "in_behandeling"},
    ),
    "idea_comment": Spec(
        lambda w, m, p: f"/meedoen/ideeen/{_c(w, m, p).idea[p].pk}/reageren/",
        *post_only(challenge_sees, anyone),
        data=lambda w, m, p: {"text": "Mooi idee."},
    ),
    "comment_hide": Spec(
        lambda w, m, p: f"/meedoen/reacties/{_c(w, m, p).comment[p].pk}/verbergen/",
        *post_only(challenge_sees, answers),
        data=lambda w, m, p: {"reason": "Persoonlijke gegevens."},
    ),
    "comment_report": Spec(
        lambda w, m, p: f"/meedoen/reacties/{_c(w, m, p).comment[p].pk}/melden/",
        *post_only(challenge_sees, anyone),
        data=lambda w, m, p: {"reason": "Scheldwoord."},
    ),
    "agenda_ideas": Spec(
        lambda w, m, p: f"/meedoen/agenda/{_c(w, m, p).agenda[p].slug}/ideeen/", *read(agenda_sees)
    ),
    "agenda_idea_new": Spec(
        lambda w, m, p: f"/meedoen/agenda/{_c(w, m, p).agenda[p].slug}/ideeen/nieuw/",
        *form(agenda_sees, anyone),
        data=lambda w, m, p: {"title": "Idee voor de agenda", "text": "Meer groen."},
    ),
    "agenda_ideas_switch": Spec(
        lambda w, m, p: f"/meedoen/agenda/{_c(w, m, p).agenda[p].slug}/ideeen/openen/",
        *post_only(agenda_sees, coordinates),
        data=lambda w, m, p: {"open": "0"},
    ),
    "idea_link": Spec(
        lambda w, m, p: f"/meedoen/ideeen/{_c(w, m, p).agenda_idea[p].pk}/koppelen/",
        *post_only(agenda_sees, coordinates),
        data=lambda w, m, p: {"challenge": str(_c(w, m, p).link_challenge[p].pk)},
    ),
    "my_data": Spec(
        lambda w, m, p: "/meedoen/mijn-gegevens/",
        *form(anyone, anyone),
        data=lambda w, m, p: {"confirm": "1"},
        per_target=False,
    ),
    "my_data_export": Spec(
        lambda w, m, p: "/meedoen/mijn-gegevens/export/",
        lambda r, m, p: LOGIN if r == "anonymous" else OK,
        lambda r, m, p: 405,
        per_target=False,
    ),
    "overview": Spec(
        lambda w, m, p: "/meedoen/ideeen/overzicht/",
        lambda r, m, p: LOGIN if r == "anonymous" else OK if answers_some_idea(r) else 403,
        lambda r, m, p: 405,
        per_target=False,
    ),
    # the link in an e-mail is the permission: whoever holds it may stop the author's idea e-mail
    "unsubscribe": Spec(
        lambda w, m, p: f"/meedoen/afmelden/{w.token}/",
        lambda r, m, p: OK,
        lambda r, m, p: OK,
        per_target=False,
    ),
    "session_list": Spec(
        lambda w, m, p: f"/meedoen/opgaven/{_c(w, m, p).challenge[p].slug}/sessies/", *read(challenge_sees)
    ),
    "session_new": Spec(
        lambda w, m, p: f"/meedoen/opgaven/{_c(w, m, p).challenge[p].slug}/sessies/nieuw/",
        *form(challenge_sees, answers),
        data=lambda w, m, p: {
            "title": "Tweede avond",
            "starts_at": soon(20),
            "ends_at": soon(21),
            "place": "Bibliotheek",
            "capacity": "10",
        },
    ),
    "session_feed": Spec(
        lambda w, m, p: f"/meedoen/opgaven/{_c(w, m, p).challenge[p].slug}/sessies.ics", *read(challenge_sees)
    ),
    "session": Spec(lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/", *read(challenge_sees)),
    "session_ics": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/agenda.ics", *read(challenge_sees)
    ),
    "session_register": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/aanmelden/",
        *post_only(challenge_sees, anyone),
    ),
    "session_cancel": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/afmelden/",
        *post_only(challenge_sees, anyone),
    ),
    "session_attendance": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/aanwezigheid/",
        *post_only(challenge_sees, answers),
        data=lambda w, m, p: {"attended": [str(w.users["author"].pk)]},
    ),
    "session_minutes": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/verslag/",
        *post_only(challenge_sees, answers),
        data=lambda w, m, p: {"outcomes": "Drie ideeën uitgewerkt."},
    ),
    "session_action_add": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/acties/",
        *post_only(challenge_sees, answers),
        data=lambda w, m, p: {"text": "Bellen", "owner": "Wijkteam", "due": "2030-01-01"},
    ),
    "session_action_apply": Spec(
        lambda w, m, p: f"/meedoen/sessies/acties/{_c(w, m, p).action[p].pk}/toepassen/",
        *post_only(challenge_sees, answers),
    ),
    # a planned session that has not started is edited and called off by whoever runs its challenge
    "session_edit": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/bewerken/",
        *form(challenge_sees, answers),
        data=lambda w, m, p: SESSION_FORM,
    ),
    "session_call_off": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).session[p].pk}/afgelasten/",
        *post_only(challenge_sees, answers),
        data=lambda w, m, p: {"confirm": "on"},
    ),
    # a community's sessions: planned, edited and called off by its moderators; seen as it is seen
    "cop_session_new": Spec(
        lambda w, m, p: f"/meedoen/praktijken/{_c(w, m, p).cop[p].slug}/sessies/nieuw/",
        *form(cop_sees, moderates),
        data=lambda w, m, p: SESSION_FORM,
    ),
    "cop_session_feed": Spec(
        lambda w, m, p: f"/meedoen/praktijken/{_c(w, m, p).cop[p].slug}/sessies.ics",
        lambda r, m, p: LOGIN if r == "anonymous" else OK if sees_cop(r, m, p) else 404,
        lambda r, m, p: LOGIN if r == "anonymous" else 405,
    ),
    "session_edit:cop": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).cop_session[p].pk}/bewerken/",
        *form(cop_sees, moderates),
        data=lambda w, m, p: SESSION_FORM,
    ),
    "session_call_off:cop": Spec(
        lambda w, m, p: f"/meedoen/sessies/{_c(w, m, p).cop_session[p].pk}/afgelasten/",
        *post_only(cop_sees, moderates),
        data=lambda w, m, p: {"confirm": "on"},
    ),
}


def pattern_names() -> list[str]:
    return [p.name for p in urlpatterns if isinstance(p, URLPattern) and p.name]


def pattern_of(spec_name: str) -> str:
    """``session_edit:cop`` is the pattern ``session_edit`` on a community's session."""
    return spec_name.partition(":")[0]


def test_every_participation_pattern_is_in_the_matrix():
    names = pattern_names()
    described = {pattern_of(key) for key in SPECS}
    missing = sorted(set(names) - described)
    assert not missing, f"participation URL patterns this matrix does not know how to fill: {missing}"
    stale = sorted(described - set(names))
    assert not stale, f"the matrix describes patterns that no longer exist: {stale}"


# --- running the matrix --------------------------------------------------------------------------


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


def outcome(response: Any) -> Any:
    if response.status_code == 302 and response["Location"].startswith("/account/login/"):
        return LOGIN
    return response.status_code


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def clients(world: World) -> dict[str, Client]:
    found = {}
    for role, user in world.users.items():
        if role not in ROLES:
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        found[role] = client
    return found


@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_matrix(world, name):
    spec = SPECS[name]
    people = clients(world)
    targets = TARGETS if spec.per_target else [("veerdam", True)]
    before = snapshot()
    problems: list[str] = []
    cases = 0
    for m, public in targets:
        url = spec.url(world, m, public)
        for role in ROLES:
            client = people[role]
            case = f"{name} {'public' if public else 'non-public'} {m} by {role}"
            # GET: the status, nothing written, nothing shown that the viewer may not see
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            cases += 1
            got, want = outcome(response), spec.get(role, m, public)
            if got != want:
                problems.append(f"GET {case}: {got}, expected {want}")
            if tables_written(queries.captured_queries):
                problems.append(f"GET {case} wrote to {sorted(tables_written(queries.captured_queries))}")
            if response.status_code == 200 and name != "idea_picture":
                body = body_of(response)
                # one's own data export names where one's own ideas were submitted, public or not
                for title in world.hidden_for(role) if name != "my_data_export" else []:
                    if title in body:
                        problems.append(f"GET {case} shows the non-public {title!r}")
                if not (spec.per_target and manages_challenge(role, m)):
                    for datum in world.personal_data(role):
                        if datum in body:
                            problems.append(f"GET {case} shows personal data {datum!r}")
            # POST: the status; a refusal writes nothing; an accepted write is rolled back
            want = spec.post(role, m, public)
            with transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    response = client.post(url, spec.data(world, m, public))
                transaction.set_rollback(True)
            cases += 1
            got = outcome(response)
            if got != want:
                problems.append(f"POST {case}: {got}, expected {want}")
            written = tables_written(queries.captured_queries)
            if want != ACCEPTED and name != "unsubscribe" and written:
                problems.append(f"POST {case} was refused but wrote to {sorted(written)}")
            if want == ACCEPTED and got == ACCEPTED and not written and name not in NO_OP_FOR:
                problems.append(f"POST {case} was accepted but wrote nothing (the test sends too little)")
    assert cases >= 2 * len(ROLES)
    assert snapshot() == before, "the world changed"
    assert not problems, f"{len(problems)} of {cases} cases:\n" + "\n".join(problems)


#: Accepted writes that change nothing for some people (cancelling without a registration, the author
#: registering again).
NO_OP_FOR = {"session_cancel", "session_register"}


def test_an_invalid_unsubscribe_link_is_refused_and_writes_nothing(world):
    for role in ROLES:
        client = clients(world)[role]
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/meedoen/afmelden/not-a-real-token-at-all-0000000000/")
        assert response.status_code == 410, role
        assert not tables_written(queries.captured_queries), role


# --- personal data in e-mail ---------------------------------------------------------------------


def test_the_emails_to_supporters_and_registrants_hold_no_one_elses_personal_data(world):
    veerdam = world.places["veerdam"]
    coordinator, author, carla = (world.users[k] for k in ("coordinator", "author", "carla"))
    resident = world.users["resident"]
    services.idea_support(idea=veerdam.idea[True], by=resident)
    OutgoingEmail.objects.all().delete()
    services.idea_transition(
        idea=veerdam.idea[True], target="overgenomen", by=coordinator, outcome="Een pilot in de wijk."
    )
    session_services.session_register(session=veerdam.session[True], by=resident)
    mails = list(OutgoingEmail.objects.all())
    assert {m.to for m in mails} >= {author.email, carla.email, resident.email}
    for mail in mails:
        text = f"{mail.subject}\n{mail.body_text}\n{mail.body_html}"
        others = [u for u in (author, carla, resident) if u.email != mail.to]
        assert len(others) == 2
        for other in others:
            for datum in (other.email, other.full_name, other.full_name.split()[-1]):
                assert datum not in text, (mail.to, mail.subject, datum)
