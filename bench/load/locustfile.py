"""The load test's visitors (started by ``bench/load/run.py``; it writes the fixture this file reads).

Kinds of visitor, in the proportions of a working day: anonymous residents on the public pages,
coordinators, regisseurs and board members signed in (with their second factor: the run prepares
verified sessions), respondents going through a survey, and API clients with a key. Every request
is named by its kind of page, so that the results read per kind. ``LOAD_FIXTURE`` names the fixture;
``LOAD_SATURATE=1`` drops the thinking time (to measure throughput against the ceiling).

The visitors use locust's FastHttpUser (geventhttpclient), not the requests-based HttpUser: locust
runs on the same two cores as the server, and the requests-based client spent about as much CPU per
request as the bare ceiling view itself, so the load generator, not the site, set the ceiling.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from http.cookiejar import Cookie

from locust import FastHttpUser, between, constant, events, task
from requests.cookies import create_cookie

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"], encoding="utf-8").read())  # noqa: PTH123, SIM115
THINK = constant(0) if os.environ.get("LOAD_SATURATE") == "1" else between(1, 3)
# each phase with respondents starts at its own place in the links (LOAD_LINKS_FROM): a link already
# answered in an earlier phase shows its thank-you page, not a form
LINKS = iter(FIXTURE["survey_links"][int(os.environ.get("LOAD_LINKS_FROM", "0")) :])
# per kind of page: how many answers were served kept (X-Cache: HIT) and how many were counted, since
# the statistics were last reset; written where LOAD_KEPT says when the run stops
KEPT: Counter[str] = Counter()
COUNTED: Counter[str] = Counter()


@events.reset_stats.add_listener
def _reset_kept(**kwargs: object) -> None:
    KEPT.clear()
    COUNTED.clear()


@events.quitting.add_listener
def _write_kept(**kwargs: object) -> None:
    if os.environ.get("LOAD_KEPT"):
        with open(os.environ["LOAD_KEPT"], "w", encoding="utf-8") as handle:  # noqa: PTH123
            json.dump({name: [KEPT[name], COUNTED[name]] for name in COUNTED}, handle)


def pick(name: str):  # noqa: ANN201
    return random.choice(FIXTURE[name])  # noqa: S311


def cookie(name: str, value: str) -> Cookie:
    return create_cookie(name, value, domain="127.0.0.1", path="/")


class Visitor(FastHttpUser):
    abstract = True
    wait_time = THINK

    headers: dict[str, str] = {}  # sent with every request of this kind of visitor

    def get(self, path: str, name: str, headers: dict[str, str] | None = None) -> None:
        with self.client.get(
            path,
            name=name,
            headers={**self.headers, **(headers or {})},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            COUNTED[name] += 1
            KEPT[name] += response.headers.get("X-Cache") == "HIT"

    def post(self, path: str, data: dict[str, str], name: str) -> bool:
        """A form sent as a browser sends it (with the CSRF token of its cookie); a success redirects."""
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        data = {**data, "csrfmiddlewaretoken": token or ""}
        with self.client.post(path, data=data, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 302:
                r.failure(f"{r.status_code} for POST {path}")
                return False
        return True


class Ceiling(Visitor):
    """The bare view of 50 rows (run on its own)."""

    @task
    def ceiling(self) -> None:
        self.get("/_bench/ceiling/", "ceiling")


class Resident(Visitor):
    """Anonymous: the public agenda, a public challenge, its ideas, the learning community."""

    weight = 10

    @task(3)
    def public_agenda(self) -> None:
        self.get(f"/agenda/openbaar/{pick('agendas')}/", "public: agenda")

    @task(3)
    def public_challenge(self) -> None:
        self.get(f"/agenda/openbaar/opgaven/{pick('challenges')}/", "public: challenge")

    @task(2)
    def ideas(self) -> None:
        self.get(f"/meedoen/opgaven/{pick('challenges')}/ideeen/", "public: ideas")

    @task(1)
    def lessons(self) -> None:
        self.get("/gemeenschap/", "public: lessons")


class SignedIn(Visitor):
    abstract = True
    role = ""

    def on_start(self) -> None:
        self.person = pick(self.role)
        self.client.cookiejar.set_cookie(cookie("sessionid", self.person["session"]))

    def elsewhere(self, slug: str, role: str) -> None:
        """What the challenge page's "learned elsewhere" section asks for once it is in view; fetched
        after every challenge page, as if every reader scrolled to it."""
        self.get(f"/gemeenschap/opgaven/{slug}/elders/", f"{role}: learned elsewhere", {"HX-Request": "true"})


class Coordinator(SignedIn):
    weight = 3
    role = "coordinators"

    @task(2)
    def agendas(self) -> None:
        self.get("/agenda/", "coordinator: agendas")

    @task(3)
    def agenda(self) -> None:
        self.get(f"/agenda/{self.person['agenda']}/", "coordinator: agenda")

    @task(3)
    def challenge(self) -> None:
        slug = random.choice(self.person["challenges"])  # noqa: S311
        self.get(f"/agenda/opgaven/{slug}/", "coordinator: challenge")
        self.elsewhere(slug, "coordinator")

    @task(1)
    def organisations(self) -> None:
        self.get("/organisaties/", "coordinator: organisations")


class Regisseur(SignedIn):
    weight = 3
    role = "regisseurs"

    @task(2)
    def monitor(self) -> None:
        self.get("/monitor/", "regisseur: monitor")

    @task(2)
    def report(self) -> None:
        if self.person["reports"]:
            self.get(
                f"/monitor/metingen/{random.choice(self.person['reports'])}/rapport/", "regisseur: report"
            )  # noqa: S311

    @task(3)
    def challenge(self) -> None:
        slug = random.choice(self.person["challenges"])  # noqa: S311
        self.get(f"/agenda/opgaven/{slug}/", "regisseur: challenge")
        self.elsewhere(slug, "regisseur")

    @task(1)
    def teams(self) -> None:
        self.get("/samenwerken/", "regisseur: teams")


class BoardMember(SignedIn):
    weight = 2
    role = "board"

    @task(3)
    def overview(self) -> None:
        self.get("/besturen/", "board: overview")

    @task(1)
    def agenda(self) -> None:
        self.get(f"/agenda/openbaar/{self.person['agenda']}/", "board: public agenda")


class ScoringCoordinator(SignedIn):
    """A coordinator who reads challenges and scores them: a committed write every few requests (run
    in its own phase, next to the working day's visitors)."""

    weight = 1
    role = "coordinators"

    @task(3)
    def challenge(self) -> None:
        slug = random.choice(self.person["challenges"])  # noqa: S311
        self.get(f"/agenda/opgaven/{slug}/", "scoring coordinator: challenge")

    @task(1)
    def score(self) -> None:
        if not self.person["scorable"]:
            return
        path = f"/agenda/opgaven/{random.choice(self.person['scorable'])}/scoren/"  # noqa: S311
        self.get(path, "scoring coordinator: score form")
        fields = ("urgency", "impact", "feasibility", "innovation")
        scores = {field: str(random.randint(1, 5)) for field in fields}  # noqa: S311
        self.post(path, scores, "scoring coordinator: score")


class ApiClient(Visitor):
    weight = 2

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {pick('api_keys')}"}

    @task(2)
    def challenges(self) -> None:
        self.get("/api/v1/opgaven", "api: challenges")

    @task(1)
    def challenge(self) -> None:
        self.get(f"/api/v1/opgaven/{pick('challenges')}", "api: challenge")

    @task(1)
    def organisations(self) -> None:
        self.get("/api/v1/organisaties", "api: organisations")


class Respondent(Visitor):
    """Takes a personal link and goes through the whole survey as a browser does (GET a page, POST
    its answers with the CSRF token, follow the redirect), then the next link."""

    weight = 3

    def answers(self, page: dict) -> dict[str, str]:
        rng = random.Random()  # noqa: S311
        kind = page["kind"]
        if kind == "dimension":
            return {code: str(rng.choice(page["valid"])) for code in page["codes"]}
        if kind == "facets":
            cuts = sorted(rng.randint(0, 100) for _ in range(len(page["codes"]) - 1))
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
            return {f"facet_{c}": str(p) for c, p in zip(page["codes"], parts, strict=True)}
        if kind == "background":
            return {f"bg_{code}": rng.choice(options) for code, options in page["options"].items()}
        if kind == "open":
            return {f"open_{code}": f"Antwoord {rng.randint(1, 10**6)}" for code in page["codes"]}
        return {"action": "submit"}

    @task
    def survey(self) -> None:
        token = next(LINKS, None)
        if token is None:
            self.get("/monitor/", "respondent: out of links")  # counted as a failure: too few links
            return
        self.client.cookiejar.clear()
        base = f"/v/{token}/"
        self.get(base, "respondent: page")
        if not self.post(base, {}, "respondent: answers"):
            return
        for page in FIXTURE["survey_pages"]:
            self.get(f"{base}{page['number']}/", "respondent: page")
            if not self.post(f"{base}{page['number']}/", self.answers(page), "respondent: answers"):
                return
        self.get(f"{base}bedankt/", "respondent: page")
