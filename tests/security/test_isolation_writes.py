"""Isolation of writes between municipalities, generated from the URL patterns and the demo.

The read crawl (test_isolation_crawl.py) checks what outsiders can see. This test checks what they can
change by re-posting the valid forms insiders are shown; test_isolation_patterns.py posts to every URL
pattern, filled from the URL configuration rather than from links, with the helpers defined here:

1. Every URL pattern of the apps whose view accepts POST is enumerated.
2. People who take part in Gemeente Veerdam's work crawl the demo (the read crawl's ``crawl``) and
   every form they are shown is kept with the values it holds, so that re-posting it would be a valid
   request. Every POST pattern must be reached this way, or be listed in ``NOT_REACHED`` with the
   reason (so a new form is covered without changing this test, or noticed).
3. Outsiders re-post every form: a person in each role of a municipality that has nothing to do with
   Veerdam (plus a resident without organisation and an anonymous visitor), and Lindenwaard's
   coordinator, who shares the regional agenda, on the forms of pages he cannot open himself (Veerdam's
   own objects). Each answer must be a refusal (403, 404, 405, 400 or a redirect to the log-in), the
   request must not write to the database (no INSERT, UPDATE or DELETE except the audit log and the
   session), and a snapshot of every row of every table is equal before and after.

Writes that act on one's own data (one's account, one's talent profile, a new agenda for one's own
municipality) or on data shared by the installation are listed in ``OWN_WRITES``; they have their own
tests. The two writes a generated crawl cannot reach (a co-owner re-posting a shared agenda's form with
other owners; a new agenda naming partners) have their own tests below.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import io
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import login
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.security.test_isolation_crawl import START, crawl
from tests.urlwalk import view_class, view_name, walk
from veerkracht.accounts.models import User
from veerkracht.organisations.models import Kind, Role

pytestmark = pytest.mark.django_db

SKIP_NAMESPACES = ("admin", "api")  # the admin has its own permission model; the API has no forms
# Writes on one's own data or on what the installation shares; each has its own tests.
OWN_WRITES = {
    "set_language": "the interface language of one's own session",
    "accounts:logout": "one's own session",
    "accounts:login": "one's own session",
    "agenda:create": "a new agenda for one's own municipality (partners only by their consent: tested below)",
    "participation:idea_new": "one's own idea on a challenge one may see (tests/participation/test_ideas.py)",
    "participation:idea_support": "one's own support of an idea one may see (tests/participation)",
    "participation:unsubscribe": "stopping one's own idea e-mail: the link is the permission",
    "network:national": "a new computation of the national network, shared by the installation and made of "
    "public work only; anyone with a network role may request it (tests/network)",
    "participation:session_register": "one's own registration for a session on a challenge one may see "
    "(tests/participation/test_sessions.py)",
    "participation:session_cancel": "cancelling one's own registration (tests/participation)",
    "participation:idea_comment": "one's own comment on an idea one may see (tests/participation)",
    "participation:comment_report": "one's own report of a comment one may see (tests/participation)",
    "participation:agenda_idea_new": "one's own idea on an open agenda one may see "
    "(tests/participation/test_agenda_ideas.py)",
    "participation:my_data": "deleting one's own participation data (tests/participation/test_privacy.py)",
}
OWN_WRITE_PREFIXES = (
    "accounts:",  # one's own account, password, second factor
    "teams:my_profile",  # one's own talent profile
    "teams:my_teams",  # one's own teams
    "teams:signup",  # signing up oneself
    "teams:sign_up",  # the public sign-up: one's own account and profile
    "teams:skill",  # the skill taxonomy is shared by the installation; any coordinator extends it
    "survey:",  # a respondent's personal or open link: the link is the permission
    "teams:invitation",  # answering one's own team invitation
)
# POST patterns the crawl cannot reach through links, with the reason.
NOT_REACHED: dict[str, str] = {
    "core:healthz": "the health check: GET only, not linked",
    "core:theme_css": "a municipality's theme colour as a stylesheet: no form, nothing written",
    "agenda:partner_invitation": "answered only by the invited organisation's own contacts; who may answer "
    "is tested in tests/agenda/test_partner_consent.py",
    "teams:organisation_hours": "a read-only page (no form), linked from the organisation's own pages only",
    "governance:letter_render": "offered only after a letter's rendering failed (the demo's rendered); who "
    "may ask is tested in tests/governance/test_letters.py",
}
# Tables written by every request, refusals included (the audit log records a denial).
WRITE_LOG_TABLES = ("audit_auditevent", "django_session", "axes_", "otp_", "django_otp")
REFUSALS = {400, 403, 404, 405}


# --- the URL patterns that accept POST ---------------------------------------------------------


def accepts_post(callback: Any) -> bool:
    """Class-based views that define ``post``; every function view not limited to GET (many
    delegate the POST handling to a helper, so their own source does not show it)."""
    cls = view_class(callback)
    if cls is not None:
        return hasattr(cls, "post") and "post" in getattr(cls, "http_method_names", ["post"])
    try:
        source = inspect.getsource(callback)
    except (OSError, TypeError):
        return True
    return "require_GET" not in source and "require_safe" not in source


def post_patterns() -> dict[str, Any]:
    found = {}
    for pattern in walk():
        module = pattern.callback.__module__
        if not pattern.named or pattern.name.split(":")[0] in SKIP_NAMESPACES:
            continue
        if module.startswith("veerkracht.") and ".api." not in module and accepts_post(pattern.callback):
            found[pattern.name] = pattern.callback
    return found


def is_own_write(name: str) -> bool:
    return name in OWN_WRITES or name.startswith(OWN_WRITE_PREFIXES)


# --- the forms the insiders are shown ----------------------------------------------------------


class FormParser(HTMLParser):
    """The POST forms of a page: action and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action", ""), self._fields))
        if self._fields is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self._fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [
                value for value, _ in self._options if value
            ][:1]
            self._fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea, self._text.strip()))
            self._textarea = None
        elif tag == "form":
            self._fields = None


def forms_on(page_url: str, body: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = FormParser()
    parser.feed(body)
    out = []
    for action, fields in parser.forms:
        target = urldefrag(html.unescape(action))[0] if action else page_url
        if not target.startswith("/"):
            continue
        out.append((target, fields))
    return out


# --- the database, row by row ------------------------------------------------------------------


def snapshot() -> dict[str, str]:
    """A digest of every row of every table (except the audit log and sessions), per table."""
    digests = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table.startswith(WRITE_LOG_TABLES):
            continue
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
        digests[table] = digest.hexdigest()
    return digests


WRITE_SQL = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def tables_written(queries: list[dict[str, str]]) -> set[str]:
    written = set()
    for query in queries:
        match = WRITE_SQL.match(query["sql"])
        if match and not match.group(2).startswith(WRITE_LOG_TABLES):
            written.add(match.group(2))
    return written


def refused(response: Any) -> bool:
    if response.status_code in REFUSALS:
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return location.startswith("/account/login/")


# --- the outsiders -----------------------------------------------------------------------------


def outsiders() -> dict[str, User | None]:
    """A person in every role of Gemeente Elders (and of a company there), a resident without any
    organisation, and an anonymous visitor. All have verified a second factor."""
    elders = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
    company = OrganisationFactory(kind=Kind.BEDRIJF, name="Bouwbedrijf Elders", municipality=elders)
    people: dict[str, User | None] = {
        "anonymous": None,
        "resident": UserFactory(email="bewoner@elders.example"),
    }
    for role in Role:
        organisation = elders if role in (Role.BEHEERDER, Role.COORDINATOR, Role.REGISSEUR) else company
        people[f"elders-{role.value}"] = member(organisation, role, email=f"{role.value}@elders.example")
    return people


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        login(client, user)
    return client


@pytest.fixture
def demo():
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())


INSIDERS = ("coordinator", "regisseur", "beheerder", "partnercontact", "teamlid", "bestuurder")


MAX_URLS_PER_PATTERN = 3


def insider_targets(patterns: dict[str, Any]) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """{address: (page it was found on, form fields)} for every POST form the Veerdam insiders are
    shown and every page they open whose view may accept POST (at most three addresses per pattern;
    a page without a form of its own is posted empty)."""
    targets: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    # Every insider's version of a page: the same page shows each role its own forms (the board's
    # confirmation on a challenge's governance page, the coordinator's on the same page, …).
    pages: dict[str, list[str]] = {}
    for local in INSIDERS:
        insider = User.objects.get(email=f"{local}@veerdam.example")
        for url, (status, body) in crawl(client_for(insider), START).items():
            if status == 200:
                pages.setdefault(url, []).append(body)
    per_pattern: dict[str, int] = {}
    for page, bodies in sorted(pages.items()):
        for body in bodies:
            for action, fields in forms_on(page, body):
                targets.setdefault(action, (page, fields))
        name = view_name(page)
        if name in patterns and page not in targets and per_pattern.get(name, 0) < MAX_URLS_PER_PATTERN:
            per_pattern[name] = per_pattern.get(name, 0) + 1
            targets[page] = (page, [])
    return targets


def test_outsiders_change_nothing_through_any_form(demo):
    patterns = post_patterns()
    assert len(patterns) >= 20, "too few views found to mean anything"
    targets = insider_targets(patterns)
    reached = {view_name(address) for address in targets}
    missing = sorted(
        name
        for name in patterns
        if name not in reached and not is_own_write(name) and name not in NOT_REACHED
    )
    assert not missing, (
        f"views the insiders' crawl never reaches (add them to NOT_REACHED with a reason): {missing}"
    )
    stale = sorted(set(NOT_REACHED) - set(patterns))
    assert not stale, f"NOT_REACHED names views that no longer take POST: {stale}"

    people = outsiders()
    lindenwaard = User.objects.get(email="coordinator.lindenwaard@veerdam.example")
    attempts: list[tuple[str, str, list[tuple[str, str]]]] = []
    for address, (page, fields) in sorted(targets.items()):
        name = view_name(address)
        if name is None or is_own_write(name) or name not in patterns:
            continue
        attempts.extend((who, address, fields) for who in people)
        # Lindenwaard shares the regional agenda: only what is on pages he cannot open is foreign.
        if client_for(lindenwaard).get(page).status_code != 200:
            attempts.append(("lindenwaard-coordinator", address, fields))
    assert len(attempts) >= 200, f"only {len(attempts)} attempts"
    clients = {who: client_for(person) for who, person in people.items()}
    clients["lindenwaard-coordinator"] = client_for(lindenwaard)

    before = snapshot()
    problems: list[str] = []
    for who, address, fields in attempts:
        case = f"{view_name(address)} by {who}"
        data: dict[str, list[str]] = {}
        for key, value in fields:
            data.setdefault(key, []).append(value)
        with CaptureQueriesContext(connection) as queries:
            response = clients[who].post(address, data)
        written = tables_written(queries.captured_queries)
        if written:
            problems.append(f"{case}: POST {address} wrote to {sorted(written)}")
        if response.status_code >= 500:
            problems.append(f"{case}: POST {address} answered {response.status_code}")
        elif not refused(response):
            # Acceptable only where the view ignores the method: it answers the POST exactly as a GET
            # (a published agenda or challenge redirects everyone to its public page), writing nothing.
            seen = clients[who].get(address)
            same = seen.status_code == response.status_code and seen.get("Location") == response.get(
                "Location"
            )
            if not same:
                problems.append(f"{case}: POST {address} answered {response.status_code}, not a refusal")
    after = snapshot()
    changed = sorted(table for table in before if before[table] != after.get(table))
    assert not problems, f"{len(problems)} of {len(attempts)} attempts were not refused:\n" + "\n".join(
        problems
    )
    assert not changed, f"tables changed by refused requests: {changed}"


# --- known holes, fixed elsewhere: each test passes once its hole is closed --------------------


def _regional_agenda():
    from veerkracht.agenda.models import Agenda

    return next(agenda for agenda in Agenda.objects.all() if agenda.is_joint)


def test_a_co_owner_cannot_take_over_a_regional_agenda(demo):
    agenda = _regional_agenda()
    veerdam = User.objects.get(email="coordinator@veerdam.example")
    lindenwaard = User.objects.get(email="coordinator.lindenwaard@veerdam.example")
    page = f"/agenda/{agenda.slug}/bewerken/"
    body = client_for(lindenwaard).get(page).content.decode()
    ((_, fields),) = [form for form in forms_on(page, body) if form[0] == page]
    own_municipality = lindenwaard.memberships.get(role=Role.COORDINATOR).organisation
    data: dict[str, Any] = {}
    for key, value in fields:
        data.setdefault(key, []).append(value)
    data["municipality"] = [str(own_municipality.pk)]
    data["region"] = [""]
    data["coordinators"] = [str(lindenwaard.pk)]
    client_for(lindenwaard).post(page, data)
    agenda.refresh_from_db()
    assert veerdam.has_perm("agenda.change_agenda", agenda)
    assert agenda.is_joint


def test_a_new_agenda_does_not_add_partners_without_consent(demo):
    from veerkracht.agenda.models import Agenda

    coordinator = member(
        OrganisationFactory(gemeente=True, slug="gemeente-elders"), Role.COORDINATOR, email="c@elders.example"
    )
    client = client_for(coordinator)
    body = client.get("/agenda/nieuw/").content.decode()
    ((_, fields),) = [form for form in forms_on("/agenda/nieuw/", body) if form[0] == "/agenda/nieuw/"]
    data: dict[str, Any] = {}
    for key, value in fields:
        data.setdefault(key, []).append(value)
    partner_options = re.findall(r'name="partners"[^>]*value="(\d+)"', body) or re.findall(
        r'<option value="(\d+)"[^>]*>[^<]*</option>',
        body.split('name="partners"', 1)[-1].split("</select>")[0],
    )
    assert partner_options, "the form offers partners to choose"
    data.update(
        slug=["elders-agenda"],
        title=["Agenda Elders"],
        period_start=["2027-01-01"],
        period_end=["2027-12-31"],
    )
    data["partners"] = partner_options
    # an agenda of the coordinator's own municipality
    data["municipality"] = [str(coordinator.memberships.get(role=Role.COORDINATOR).organisation_id)]
    data["region"] = [""]
    response = client.post("/agenda/nieuw/", data)
    agenda = Agenda.objects.filter(slug="elders-agenda").first()
    assert agenda is not None, (
        "the agenda was created (otherwise this test checks nothing)",
        response.status_code,
        response.context and response.context.get("form") and response.context["form"].errors,
    )
    assert not agenda.partners.exists(), "partners joined without accepting"
