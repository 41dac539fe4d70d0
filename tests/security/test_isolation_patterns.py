"""Isolation of every page, generated from the URL configuration.

The crawls (test_isolation_crawl.py, test_isolation_writes.py) follow the links the demo's insiders are
shown. This test does not depend on links: it walks every URL pattern of the installation
(``get_resolver()``, namespaces included), fills each pattern's parameters with objects of Gemeente
Veerdam (the demo) and requests it, GET and — where the view accepts it — POST, as a person in every
role of a municipality that has nothing to do with Veerdam (Gemeente Elders and a company there), a
resident without any organisation, an anonymous visitor, and, for pages bound to a challenge of
Veerdam's own agenda, Lindenwaard's coordinator (a partner in the regional agenda only, with no part in
that challenge).

For every such request:

- a 2xx answer (or a redirect to a page that answers 2xx) is allowed only when the page is public: an
  anonymous visitor gets the same page; or when the pattern is listed in ``OPEN_TO_ANY_USER`` with the
  reason (a page any logged-in person may open by design). Everything else must be refused: 403, 404,
  405, 400 or, for the anonymous visitor, a redirect to the log-in;
- no page shows the title of a challenge the person may not view;
- a POST writes nothing (no INSERT, UPDATE or DELETE but the audit log of the denial and the session);
- nothing answers 500.

A pattern the test does not know how to fill fails, naming the pattern: a new page cannot escape.
Patterns without parameters serve each person their own data; they are requested for the leak check
above only. The API (``/api/``) has its own isolation tests; the admin its own permission model.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.security.test_isolation_writes import accepts_post, outsiders, tables_written
from tests.urlwalk import Pattern, address, view_name, walk

pytestmark = pytest.mark.django_db

#: Top-level URL prefixes not requested here, with the reason.
SKIPPED_PREFIXES = {
    "api/": "the API has its own isolation tests (tests/api)",
    "admin/": "Django's admin: only superusers, with its own permission model",
    "static/": "static files: the same for everybody",
    "media/": "uploaded files are served by the web server behind the application, never by Django",
}

#: Patterns whose pages any logged-in person may open, whatever object fills them, with the reason.
#: The leak check (no title of a challenge the person may not view) still applies to them.
OPEN_TO_ANY_USER = {
    "organisations:detail": "the register of organisations is shared by the whole installation",
    "teams:profile": "the talent pool: a profile its owner made visible to coordinators elsewhere too",
    "community:lesson": "lessons learned are shared between all municipalities (the community of practice)",
    "community:community": "an open community of practice; every logged-in person may see and join it",
}

#: Patterns whose parameter is a secret (the link is the permission): they are filled with a wrong secret,
#: and must answer without a server error and without showing anything of Veerdam's.
SECRET_LINKS = {
    "accounts:two_factor_enrol": {"token": "wrong-token"},
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "wrong-token"},
    "survey:open_start": {"key": "wrong-key"},
    "survey:open_page": {"key": "wrong-key", "number": 1},
    "survey:open_thanks": {"key": "wrong-key"},
    "survey:start": {"token": "wrong-token"},
    "survey:page": {"token": "wrong-token", "number": 1},
    "survey:thanks": {"token": "wrong-token"},
    "teams:invitation_token": {"token": "wrong-token"},
    "teams:sign_up_confirm": {"token": "wrong-token"},
    "participation:unsubscribe": {"token": "wrong-token"},
    "core:theme_css": {"colour": "1a2b3c"},
}

REFUSALS = {400, 403, 404, 405}
INSIDERS = ("coordinator", "regisseur", "bestuurder", "beheerder", "partnercontact", "teamlid")
#: Patterns that answer 404 to Veerdam's own people too with the objects filled in, with the reason.
#: Any other pattern must be found by at least one insider: otherwise its filling names nothing and
#: the outsiders' refusals would prove nothing.
NOT_FOUND_FOR_INSIDERS: dict[str, str] = {
    "agenda:public_challenge": "the public page of a non-public challenge is not found by anyone",
    "teams:invitation": "only the invited person may answer a team invitation; everyone else gets 404",
    # Downloads of files the world has not made (they answer 404 until the file exists):
    "governance:letter_download": "the demo's council letter has no rendered file in the test's storage",
    "resources:contribution_pdf": "the contribution statement's PDF is made on request only",
    "participation:idea_picture": "the demo's ideas have no picture",
    "plans:export_download": "the world's plan export is queued, not rendered",
    # Hours per person are shown only with the person's consent (the demo's person gave none).
    "resources:person_statement": "a person's hours need their consent, which this person did not give",
    "resources:person_statement_xlsx": "a person's hours need their consent, which this person did not give",
}
LOGIN = "/account/login/"


# --- the world: the demo, outsiders, and a few objects the demo lacks ------------------------------


@dataclass
class World:
    objects: dict[str, Any]
    people: dict[str, Any]
    hidden: dict[str, list[str]]  # who -> escaped titles of the challenges they may not view
    insiders: list[Any]  # Veerdam's own people, to check that a filled address names something

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]


def _first(queryset: Any, *preferences: dict[str, Any]) -> Any:
    for preference in preferences:
        found = queryset.filter(**preference).order_by("pk").first()
        if found is not None:
            return found
    return queryset.order_by("pk").first()


def _build_world() -> World:
    from datetime import timedelta

    from django.utils import timezone

    from veerkracht.agenda.models import Agenda, AgendaPartnerInvitation, Challenge, Stakeholder
    from veerkracht.api.models import ApiKey
    from veerkracht.community.models import CommunityOfPractice, Lesson
    from veerkracht.fieldwork.models import Invitation, ReportPriority
    from veerkracht.governance.models import CouncilLetter, Escalation, Indicator, Objective
    from veerkracht.organisations.models import Kind, Organisation
    from veerkracht.participation.models import Comment, Idea
    from veerkracht.participation.session_models import CoSession, SessionAction
    from veerkracht.plans.models import ExportFormat, Pilot, PlanExport, PlanVersion
    from veerkracht.resources.models import LedgerEntry, Need, Pledge
    from veerkracht.teams.models import Profile, TeamMember

    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    veerdam = Organisation.objects.get(slug="gemeente-veerdam")
    agenda = Agenda.objects.get(municipality=veerdam)
    own_challenges = Challenge.objects.filter(agenda=agenda)
    hidden_ids = [c.pk for c in own_challenges if not _is_public(c)]
    assert hidden_ids, "the demo must have non-public challenges on Veerdam's own agenda"
    on_hidden = {"challenge__in": hidden_ids}
    partner = _first(
        Organisation.objects.filter(municipality=veerdam).exclude(kind=Kind.GEMEENTE),
        {"memberships__isnull": False},
    )
    version = _first(PlanVersion.objects.all(), on_hidden)
    # The non-public challenge of Veerdam's own agenda with objectives and needs; the objects the demo
    # keeps elsewhere are moved onto it below.
    challenge = _first(Objective.objects.all(), on_hidden).challenge
    wave_invitation = _first(Invitation.objects.all(), {"wave__challenge__in": hidden_ids})
    wave = wave_invitation.wave
    letter = CouncilLetter.objects.filter(municipality=veerdam).order_by("pk").first()
    export = PlanExport.objects.create(
        challenge=version.challenge,
        version=version,
        document={},
        format=ExportFormat.choices[0][0],
        language="nl",
        data_key="0" * 64,
    )
    invitation = AgendaPartnerInvitation.objects.create(agenda=agenda, organisation=partner)
    api_key = ApiKey.objects.create(
        organisation=veerdam,
        name="Koppeling",
        prefix="isolation01",
        secret_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=30),
    )
    objects: dict[str, Any] = {
        "municipality": veerdam,
        "partner": partner,
        "person": partner.memberships.order_by("pk").first().user,
        "agenda": agenda,
        "challenge": challenge,
        "stakeholder": _first(Stakeholder.objects.filter(challenge=challenge)) or Stakeholder.objects.first(),
        "wave": wave,
        "wave_invitation": wave_invitation,
        "report_priority": _first(ReportPriority.objects.all(), {"wave__challenge__in": hidden_ids}),
        "profile": _first(Profile.objects.all()),
        "team_member": _first(TeamMember.objects.all(), {"team__challenge__in": hidden_ids}),
        "objective": _first(Objective.objects.all(), on_hidden),
        "indicator": _first(Indicator.objects.all(), {"objective__challenge__in": hidden_ids}),
        "escalation": _first(Escalation.objects.all(), on_hidden),
        "letter": letter,
        "lesson": _first(Lesson.objects.all()),
        "community": _first(CommunityOfPractice.objects.all(), {"municipality": veerdam}),
        "need": _first(Need.objects.all(), on_hidden),
        "pledge": _first(Pledge.objects.all(), {"need__challenge__in": hidden_ids}),
        "ledger_entry": _first(LedgerEntry.objects.all(), {"pledge__need__challenge__in": hidden_ids}),
        "idea": _first(Idea.objects.all(), on_hidden),
        "comment": _first(Comment.objects.all(), {"idea__challenge__in": hidden_ids}),
        "session": _first(CoSession.objects.all(), on_hidden),
        "session_action": _first(SessionAction.objects.all(), {"session__challenge__in": hidden_ids}),
        "version": version,
        "section": version.sections.order_by("pk").first() if hasattr(version, "sections") else None,
        "export": export,
        "pilot": _first(Pilot.objects.all(), on_hidden),
        "partner_invitation": invitation,
        "api_key": api_key,
    }
    missing = sorted(key for key, value in objects.items() if value is None and key != "section")
    assert not missing, f"the world lacks objects for: {missing}"
    _move_to(challenge, objects)

    from veerkracht.accounts.models import User

    people = dict(outsiders())
    people["lindenwaard-coordinator"] = User.objects.get(email="coordinator.lindenwaard@veerdam.example")
    challenges = list(Challenge.objects.all())
    hidden = {
        who: [
            html.escape(c.title)
            for c in challenges
            if not _is_public(c) and not (person or AnonymousUser()).has_perm("agenda.view_challenge", c)
        ]
        for who, person in people.items()
    }
    insiders = [User.objects.get(email=f"{local}@veerdam.example") for local in INSIDERS]
    return World(objects=objects, people=people, hidden=hidden, insiders=insiders)


def _move_to(challenge: Any, objects: dict[str, Any]) -> None:
    """Put the objects the demo has only on public or regional challenges on ``challenge``, a
    non-public challenge of Veerdam's own agenda (rows are moved, so the pages show real content)."""
    from veerkracht.teams.models import Team

    def move(obj: Any, **fields: Any) -> None:
        type(obj)._base_manager.filter(pk=obj.pk).update(**fields)
        obj.refresh_from_db()

    from django.db.models import Max

    from veerkracht.fieldwork.models import Wave

    if objects["wave"].challenge_id != challenge.pk:
        last = Wave.objects.filter(challenge=challenge).aggregate(n=Max("number"))["n"] or 0
        move(objects["wave"], challenge=challenge, number=last + 1)
    for key in ("idea", "session", "version", "export", "pilot", "escalation"):
        move(objects[key], challenge=challenge)
    move(objects["idea"], agenda=challenge.agenda)
    move(objects["comment"], idea=objects["idea"])
    move(objects["session_action"], session=objects["session"])
    move(objects["report_priority"], wave=objects["wave"])
    move(objects["indicator"], objective=objects["objective"])
    # The ledger is append-only: its entry's pledge moves to the challenge's need instead.
    move(objects["ledger_entry"].pledge, need=objects["need"])
    objects["ledger_entry"].refresh_from_db()
    team = objects["team_member"].team
    if team.challenge_id != challenge.pk:
        Team.objects.filter(challenge=challenge).delete()
        move(team, challenge=challenge)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world is built once for the module, inside a transaction rolled back at the end; each test
    runs inside it (in a savepoint of its own, so that an accepted write cannot reach the next test)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --- filling the patterns -------------------------------------------------------------------------


def _section(w: World) -> str:
    section = w["section"]
    return getattr(section, "key", None) or getattr(section, "section", None) or "analyse"


#: (route pattern, filler): the first whose regular expression matches the whole route fills it.
FILLERS: list[tuple[str, Callable[[World], dict[str, Any]]]] = [
    # open data: the decision logs hold the most (every municipality's public entries, redacted)
    (r"open-data/<slug:slug>\.(csv|json)", lambda w: {"slug": "besluiten"}),
    (
        r"organisaties/<slug:slug>/api-sleutels/<int:pk>/.*",
        lambda w: {"slug": w["api_key"].organisation.slug, "pk": w["api_key"].pk},
    ),
    (r"organisaties/<slug:slug>/.*", lambda w: {"slug": w["municipality"].slug}),
    (r"agenda/uitnodigingen/<int:pk>/", lambda w: {"pk": w["partner_invitation"].pk}),
    (
        r"agenda/opgaven/<slug:slug>/belanghebbenden/<int:pk>/.*",
        lambda w: {"slug": w["stakeholder"].challenge.slug, "pk": w["stakeholder"].pk},
    ),
    (r"(agenda|agenda/openbaar)/opgaven/<slug:slug>/.*", lambda w: {"slug": w["challenge"].slug}),
    (
        r"(agenda|agenda/openbaar|besturen/agendas|meedoen/agenda)/<slug:slug>.*",
        lambda w: {"slug": w["agenda"].slug},
    ),
    (
        r"monitor/metingen/<int:pk>/respondenten/<int:invitation_pk>/.*",
        lambda w: {"pk": w["wave"].pk, "invitation_pk": w["wave_invitation"].pk},
    ),
    (
        r"monitor/metingen/<int:pk>/prioriteiten/<int:priority_pk>/.*",
        lambda w: {"pk": w["report_priority"].wave_id, "priority_pk": w["report_priority"].pk},
    ),
    (r"monitor/metingen/<int:pk>/stap/<str:name>/", lambda w: {"pk": w["wave"].pk, "name": "open"}),
    (r"monitor/metingen/<int:pk>/.*", lambda w: {"pk": w["wave"].pk}),
    (r"samenwerken/talent/<int:pk>/", lambda w: {"pk": w["profile"].pk}),
    (r"samenwerken/mijn-profiel/uitnodigingen/<int:pk>/", lambda w: {"pk": w["team_member"].pk}),
    (r"samenwerken/organisaties/<slug:slug>/.*", lambda w: {"slug": w["partner"].slug}),
    (r"besturen/doelen/<int:pk>/.*", lambda w: {"pk": w["objective"].pk}),
    (r"besturen/indicatoren/<int:pk>/", lambda w: {"pk": w["indicator"].pk}),
    (r"besturen/escalaties/<int:pk>/.*", lambda w: {"pk": w["escalation"].pk}),
    (r"besturen/besluiten/<slug:slug>.*", lambda w: {"slug": w["municipality"].slug}),
    (
        r"besturen/raad/<slug:slug>/brieven/<int:pk>/<str:kind>/",
        lambda w: {"slug": w["municipality"].slug, "pk": w["letter"].pk, "kind": "pdf"},
    ),
    (
        r"besturen/raad/<slug:slug>/brieven/<int:pk>/.*",
        lambda w: {"slug": w["municipality"].slug, "pk": w["letter"].pk},
    ),
    (r"besturen/raad/<slug:slug>/.*", lambda w: {"slug": w["municipality"].slug}),
    (r"gemeenschap/lessen/<int:pk>/.*", lambda w: {"pk": w["lesson"].pk}),
    (r"(gemeenschap|meedoen)/praktijken/<slug:slug>/.*", lambda w: {"slug": w["community"].slug}),
    (r"organiseren/behoeften/<int:pk>/.*", lambda w: {"pk": w["need"].pk}),
    (r"organiseren/toezeggingen/<int:pk>/.*", lambda w: {"pk": w["pledge"].pk}),
    (r"organiseren/boekingen/<int:pk>/.*", lambda w: {"pk": w["ledger_entry"].pk}),
    (
        r"organiseren/partners/<slug:slug>/uren/<int:person>.*",
        lambda w: {"slug": w["partner"].slug, "person": w["person"].pk},
    ),
    (r"organiseren/partners/<slug:slug>.*", lambda w: {"slug": w["partner"].slug}),
    (r"netwerk/<slug:slug>/", lambda w: {"slug": w["municipality"].slug}),
    (r"meedoen/ideeen/<int:pk>/.*", lambda w: {"pk": w["idea"].pk}),
    (r"meedoen/reacties/<int:pk>/.*", lambda w: {"pk": w["comment"].pk}),
    (r"meedoen/sessies/acties/<int:pk>/.*", lambda w: {"pk": w["session_action"].pk}),
    (r"meedoen/sessies/<int:pk>/.*", lambda w: {"pk": w["session"].pk}),
    (
        r"plannen/opgaven/<slug:slug>/plan/versies/<int:number>/secties/<slug:section>/",
        lambda w: {
            "slug": w["version"].challenge.slug,
            "number": w["version"].number,
            "section": _section(w),
        },
    ),
    (
        r"plannen/opgaven/<slug:slug>/plan/versies/<int:number>/.*",
        lambda w: {"slug": w["version"].challenge.slug, "number": w["version"].number},
    ),
    (r"plannen/plan/exports/<int:pk>/.*", lambda w: {"pk": w["export"].pk}),
    (r"plannen/pilots/<int:pk>/.*", lambda w: {"pk": w["pilot"].pk}),
    # Every other page of a challenge (teams, governance, monitor, community, resources, plans, ideas).
    (r"[a-z/-]*opgaven/<slug:slug>/.*", lambda w: {"slug": w["challenge"].slug}),
]


def all_patterns() -> list[Pattern]:
    return [pattern for pattern in walk() if not pattern.route.startswith(tuple(SKIPPED_PREFIXES))]


def fill(pattern: Pattern, w: World) -> dict[str, Any] | None:
    """The keyword arguments for ``pattern`` (objects of Veerdam); None when nobody knows how."""
    if pattern.name in SECRET_LINKS:
        return SECRET_LINKS[pattern.name]
    if not pattern.parameters:
        return {}
    for regex, filler in FILLERS:
        if re.fullmatch(regex, pattern.route):
            kwargs = filler(w)
            return kwargs if set(kwargs) == set(pattern.parameters) else None
    return None


def _is_public(challenge: Any) -> bool:
    value = challenge.is_public
    return bool(value() if callable(value) else value)


# --- the checks ------------------------------------------------------------------------------------


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def judge(pattern: Pattern, url: str, who: str, response: Any, anonymous: Any, w: World) -> list[str]:
    """What is wrong with ``response`` to ``who``'s request of ``url`` (``anonymous``: the anonymous
    visitor's answer to the same request)."""
    problems: list[str] = []
    case = f"{pattern.name} ({url}) as {who}"
    status = response.status_code
    if status >= 500:
        return [f"{case}: answered {status}"]
    if status in REFUSALS:
        return []
    if status in (301, 302, 303):
        location = response["Location"]
        if location.startswith(LOGIN) or not pattern.parameters:
            return []
        if pattern.name in OPEN_TO_ANY_USER or (
            anonymous.status_code == status and anonymous.get("Location") == location
        ):
            return []
        target = (
            client_for(w.people[who]).get(location) if who != "anonymous" else client_for(None).get(location)
        )
        if (
            target.status_code == 200
            and client_for(None).get(location).status_code != 200
            and urlsplit(location).path.count("/") > 2
        ):
            problems.append(
                f"{case}: redirected to {location}, which the person may open but the public may not"
            )
        return problems
    if 200 <= status < 300:
        body = body_of(response)
        leaked = [title for title in w.hidden[who] if title in body]
        if leaked:
            problems.append(f"{case}: shows non-visible challenges {leaked}")
        public = 200 <= anonymous.status_code < 300
        if (
            pattern.parameters
            and pattern.name not in SECRET_LINKS
            and not public
            and pattern.name not in OPEN_TO_ANY_USER
        ):
            problems.append(f"{case}: answered {status} to a page of another municipality that is not public")
    return problems


PATTERNS = all_patterns()


def test_every_pattern_is_known():
    """Fails on a top-level prefix that is skipped without reason or on too few patterns (the walk
    itself broken); the filling of each pattern is checked by the test below."""
    assert len(PATTERNS) >= 150, f"only {len(PATTERNS)} URL patterns found"
    unused = sorted((set(OPEN_TO_ANY_USER) | set(SECRET_LINKS)) - {p.name for p in PATTERNS})
    assert not unused, f"listed patterns that no longer exist: {unused}"


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_outsiders_get_nothing_of_another_municipality(pattern: Pattern, world: World) -> None:
    kwargs = fill(pattern, world)
    if kwargs is None:
        pytest.fail(
            f"{pattern.name} ({pattern.route}): no filler for its parameters {pattern.parameters}; add one "
            "to FILLERS (or SECRET_LINKS) in tests/security/test_isolation_patterns.py"
        )
    url = address(pattern, kwargs)
    assert view_name(url) == pattern.name or pattern.name == pattern.route, (
        f"{url} does not resolve to {pattern.name}"
    )
    if pattern.parameters and pattern.name not in SECRET_LINKS and pattern.name not in NOT_FOUND_FOR_INSIDERS:
        found = any(client_for(insider).get(url).status_code != 404 for insider in world.insiders)
        assert found, f"{pattern.name}: {url} is not found even by Veerdam's own people (fix its filler)"
    people = world.people if pattern.parameters else {"anonymous": None, "resident": world.people["resident"]}
    anonymous_get = client_for(None).get(url)
    problems: list[str] = []
    for who, person in people.items():
        client = client_for(person)
        response = anonymous_get if person is None else client.get(url)
        problems += judge(pattern, url, who, response, anonymous_get, world)
    posts = pattern.parameters and pattern.name not in SECRET_LINKS and accepts_post(pattern.callback)
    if posts:
        anonymous_post = client_for(None).post(url, {})
        for who, person in people.items():
            client = client_for(person)
            with CaptureQueriesContext(connection) as queries:
                response = anonymous_post if person is None else client.post(url, {})
            written = tables_written(queries.captured_queries) if person is not None else set()
            if written:
                problems.append(f"{pattern.name} ({url}) POST as {who}: wrote to {sorted(written)}")
            problems += [f"POST {p}" for p in judge(pattern, url, who, response, anonymous_post, world)]
    assert not problems, "\n".join(problems)
