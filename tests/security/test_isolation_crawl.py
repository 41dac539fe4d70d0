"""Isolation between municipalities and challenges, checked by crawling the demo.

People who take part in Gemeente Veerdam's work crawl every page they can reach (GET, following links).
Then outsiders visit the same pages:

- an anonymous visitor and a coordinator of a municipality that has nothing to do with Veerdam may see
  a page only when it is public (the anonymous visitor sees it too) or meant for any logged-in person;
- nobody may see, on any page, the title of a challenge the declared rules do not let them view;
- no page answers 500 to anyone.

The crawl finds every page the apps link to, so new pages are covered without changing this test.
"""

from __future__ import annotations

import html
import inspect
import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from tests.organisations.factories import OrganisationFactory, member
from tests.urlwalk import view_name, walk
from veerkracht.accounts.models import User
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

START = [
    "/",
    "/agenda/",
    "/monitor/",
    "/samenwerken/",
    "/besturen/",
    "/organiseren/",
    "/organisaties/",
    "/account/",
]
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/i18n/", "/account/logout/", "/healthz")
# Pages any logged-in person may open (their content is checked for leaks all the same).
ANY_USER = (
    re.compile(r"^/$"),
    re.compile(r"^/account/"),
    re.compile(r"^/organisaties/"),
    re.compile(r"^/(besturen|organiseren|toegankelijkheid)/$"),
    re.compile(r"^/agenda/$"),
    re.compile(r"^/agenda/nieuw/$"),  # any coordinator may start an agenda for their own municipality
    re.compile(r"^/monitor/$"),
    re.compile(r"^/samenwerken/$"),
    re.compile(r"^/samenwerken/(talentenpool/)?(aanmelden|mijn-profiel)"),
    re.compile(r"^/organiseren/mijn-uren/$"),  # each person's own hours statement
    # The skill taxonomy is shared by the whole installation; every coordinator may extend it.
    re.compile(r"^/samenwerken/vaardigheden/"),
    # The list of communities of practice shows each person those they may see and join.
    re.compile(r"^/gemeenschap/praktijken/$"),
    # The national partner network is made of public work only; every network role may read it (the
    # non-public challenges of each municipality stay out: tests/network/test_years_and_national.py).
    re.compile(r"^/netwerk/landelijk/$"),
    # Anyone logged in may submit an idea on a challenge they can see (a public one, here).
    re.compile(r"^/meedoen/opgaven/[^/]+/ideeen/nieuw/$"),
    # ... and on an agenda they can see, once its coordinator has opened it for ideas.
    re.compile(r"^/meedoen/agenda/[^/]+/ideeen/nieuw/$"),
    # One's own participation data.
    re.compile(r"^/meedoen/mijn-gegevens/"),
)
# Apps whose every page must be reached by the insiders' crawl (so a new page is checked here without
# changing this test), but for the pages listed in NOT_CRAWLED with the reason.
CRAWLED_NAMESPACES = ("participation",)
NOT_CRAWLED = {
    "participation:similar": "a fragment the idea form loads while typing (hx-get), not a link; "
    "tests/participation/test_permission_matrix.py checks it for every role",
    "participation:idea_picture": "an image on the idea page (img src), not a link; "
    "tests/participation/test_permission_matrix.py checks it for every role",
    "participation:unsubscribe": "the link is only in e-mail, and the link is the permission "
    "(tests/participation/test_permission_matrix.py)",
}
MAX_PAGES = 700
MAX_VARIANTS_PER_PATH = 3
HREF = re.compile(r'href="([^"]+)"')


def html_of(response) -> str:
    """The page's HTML; downloads (PDF, CSV, XLSX, streamed files) are not searched for links."""
    if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode(errors="replace")


def crawl(client: Client, start: list[str]) -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    variants: dict[str, int] = {}
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        body = (
            response.content.decode(errors="replace")
            if response.get("Content-Type", "").startswith("text/html")
            else ""
        )
        seen[url] = (response.status_code, body)
        for raw in HREF.findall(body):
            link = urldefrag(html.unescape(raw))[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or link.startswith(SKIP_PREFIXES):
                continue
            if link in seen:
                continue
            variants[parts.path] = variants.get(parts.path, 0) + 1
            if parts.query and variants[parts.path] > MAX_VARIANTS_PER_PATH:
                continue
            queue.append(link)
    return seen


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def demo():
    """The demo, inside this test's transaction (rolled back afterwards like any test data)."""
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())


def test_outsiders_see_nothing_that_is_not_public(demo):
    insiders = [
        User.objects.get(email=f"{local}@veerdam.example")
        for local in ("coordinator", "regisseur", "partnercontact", "teamlid", "bestuurder")
    ]
    pages: dict[str, tuple[int, str]] = {}
    for insider in insiders:
        pages.update(crawl(client_for(insider), START))
    errors = [url for url, (status, _) in pages.items() if status >= 500]
    assert errors == [], f"server errors for insiders: {errors}"
    assert len(pages) >= 20, "the crawl found too few pages to mean anything"
    reached = {view_name(url) for url, (status, _) in pages.items() if status == 200}
    missing = sorted(set(page_patterns(CRAWLED_NAMESPACES)) - reached - set(NOT_CRAWLED))
    assert not missing, f"pages the insiders' crawl never reaches (or add to NOT_CRAWLED): {missing}"

    elders = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
    stranger = member(elders, Role.COORDINATOR, email="coordinator@elders.example")
    resident = User.objects.create_user("bewoner@elders.example", "x-very-long-password")
    lindenwaard = User.objects.get(email="coordinator.lindenwaard@veerdam.example")

    anonymous_status = {url: client_for(None).get(url).status_code for url in pages}
    assert all(status < 500 for status in anonymous_status.values())

    from veerkracht.agenda.models import Challenge

    challenges = list(Challenge.objects.all())
    problems: list[str] = []
    for outsider, strict in ((None, True), (stranger, True), (resident, True), (lindenwaard, False)):
        client = client_for(outsider)
        viewer = outsider or _anonymous()
        hidden = [
            c for c in challenges if not _is_public(c) and not viewer.has_perm("agenda.view_challenge", c)
        ]
        assert outsider is lindenwaard or hidden, "the demo must have challenges an outsider cannot see"
        visited = {url: client.get(url) for url in pages}
        visited_bodies = {url: (r.status_code, html_of(r)) for url, r in visited.items()}
        visited_bodies.update(crawl(client, START))
        who = getattr(outsider, "email", "anonymous")
        for url, (status, body) in visited_bodies.items():
            if status >= 500:
                problems.append(f"{who}: {url} answered {status}")
            if status != 200:
                continue
            public = anonymous_status.get(url, 0) == 200 or any(p.match(urlsplit(url).path) for p in ANY_USER)
            if strict and url in pages and not public:
                problems.append(f"{who}: {url} is not public but answered 200")
            for challenge in hidden:
                if html.escape(challenge.title) in body:
                    problems.append(f"{who}: {url} shows non-visible challenge {challenge.title!r}")
    assert not problems, "\n".join(problems)


def page_patterns(namespaces: tuple[str, ...]) -> list[str]:
    """The names of the URL patterns in ``namespaces`` whose view answers GET (not POST-only)."""
    found = []
    for pattern in walk():
        if pattern.namespace not in namespaces or not pattern.named:
            continue
        try:
            source = inspect.getsource(pattern.callback)
        except (OSError, TypeError):
            source = ""
        if "require_POST" not in source:
            found.append(pattern.name)
    return found


def _is_public(challenge) -> bool:
    value = challenge.is_public
    return bool(value() if callable(value) else value)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
