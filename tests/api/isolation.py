"""The API's isolation check, generated from the URL configuration (used by tests/api/test_isolation.py).

Two municipalities, A and B, each with public and non-public work. Every URL pattern under ``/api/v1/``
(``tests.urlwalk.walk``) is filled with B's objects and requested by a key of A (holding every scope,
read and write) and anonymously:

- every method the view answers is sent; no answer is a 5xx;
- no answer holds a secret word of B (a slug, title or name of something of B that is not public),
  matched as a word, not inside another token;
- a GET of one of B's non-public objects is refused (A's key: 403 or 404; anonymously also 401), and
  at least one of the addresses filled in for a pattern is found by B's own key or B's coordinator, so
  that the refusal proves something;
- a write (POST, PUT, PATCH, DELETE) aimed at any of B's objects, public or not, is refused (403 or 404;
  anonymously also 401), writes no row (no INSERT, UPDATE or DELETE but the audit log of the denial)
  and leaves the object as it was.

How a parameter is filled: the model it names is found from the URL configuration: the view of the
pattern that ends in that parameter (``agendas/<slug:slug>`` for its ``slug``; the detail pattern
``indicatoren/<int:pk>`` for ``indicatoren/<int:indicator_id>/metingen``), whose ``queryset.model`` or
``serializer_class.Meta.model`` it is. A parameter that is the model's own key (``pk``, ``id``,
``slug``) is filled with B's objects of that model; other parameters need a row in ``FILLING_RULES``.
B's objects are registered by the world's builders with ``Side.hide`` (non-public, with their secret
words) and ``Side.show`` (public). A pattern whose parameters cannot be filled is a problem naming it,
so a new endpoint cannot escape the check: it is covered as soon as its objects are in the world.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls.converters import SlugConverter
from django.utils import timezone
from rest_framework import serializers

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.api.helpers import login
from tests.api.keys import bearer, make_key
from tests.governance.objective_world import make_objective
from tests.organisations.factories import OrganisationFactory, member
from tests.security.test_isolation_writes import tables_written
from tests.urlwalk import Pattern, address
from veerkracht.api.models import ApiKey, JobStatus, TeamFormationJob
from veerkracht.governance.models import Indicator
from veerkracht.organisations.models import Role

API_PREFIX = "api/v1/"
OWN_KEYS = ("pk", "id", "slug")  # a parameter that names an object of the view's model by its own key
WRITES = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITES)

#: (model the parameter belongs to, parameter name) -> the model whose objects of B fill it, for the
#: parameters that are not the model's own key. None as the model: a view that names no model (the
#: computations), where the parameter's name says what it is.
FILLING_RULES: dict[tuple[type[models.Model] | None, str], type[models.Model]] = {
    (Indicator, "indicator_id"): Indicator,
    (None, "job_id"): TeamFormationJob,
}


@dataclass
class Side:
    """One municipality's world: ``side`` and the part modules' builders create its objects and register
    them here."""

    gemeente: Any
    coordinator: Any
    public_challenge: Any
    hidden_challenge: Any
    hidden_agenda: Any
    secret_words: list[str] = field(default_factory=list)
    hidden: dict[type, list[Any]] = field(default_factory=dict)
    public: dict[type, list[Any]] = field(default_factory=dict)

    def hide(self, obj: Any, *words: str) -> Any:
        """``obj`` is not public: another municipality's key must not find it, nor read ``words``."""
        self.hidden.setdefault(type(obj), []).append(obj)
        self.secret_words.extend(word for word in words if word)
        return obj

    def show(self, obj: Any) -> Any:
        """``obj`` is public: anyone may read it, but nobody but this municipality may write to it."""
        self.public.setdefault(type(obj), []).append(obj)
        return obj

    def objects_of(self, model: type, *, public: bool) -> list[Any]:
        found = [obj for kind, objs in self.hidden.items() if issubclass(kind, model) for obj in objs]
        if public:
            found += [obj for kind, objs in self.public.items() if issubclass(kind, model) for obj in objs]
        return found


def side(name: str) -> Side:
    """A municipality with a public challenge and a non-public agenda holding a non-public challenge,
    each with an objective, a stakeholder, and a team-formation job of its coordinator."""
    gemeente = OrganisationFactory(gemeente=True, slug=f"gemeente-{name}", name=f"Gemeente {name}")
    public = ChallengeFactory(public=True, agenda__municipality=gemeente, slug=f"open-{name}")
    hidden_agenda = AgendaFactory(
        municipality=gemeente, slug=f"verborgen-agenda-{name}", title=f"Geheim {name}"
    )
    hidden = ChallengeFactory(
        agenda=hidden_agenda, slug=f"verborgen-{name}", title=f"Verborgen opgave {name}"
    )
    partner = OrganisationFactory(
        slug=f"stille-partner-{name}", name=f"Stille partner {name}", municipality=gemeente
    )
    StakeholderFactory(challenge=hidden, organisation=partner)
    StakeholderFactory(challenge=public, organisation=OrganisationFactory(slug=f"open-partner-{name}"))
    coordinator = member(gemeente, Role.COORDINATOR)
    made = Side(
        gemeente=gemeente,
        coordinator=coordinator,
        public_challenge=public,
        hidden_challenge=hidden,
        hidden_agenda=hidden_agenda,
    )
    made.hide(hidden_agenda, hidden_agenda.slug, hidden_agenda.title)
    made.hide(hidden, hidden.slug, hidden.title)
    made.show(public)
    made.show(public.agenda)
    for challenge, register in ((hidden, made.hide), (public, made.show)):
        objective = register(make_objective(challenge))
        register(objective.indicators.get())
    job = TeamFormationJob.objects.create(
        owner=coordinator,
        status=JobStatus.FAILED,
        time_limit=1,
        problem="{}",
        error=f"Geheime kandidaat {name} ontbreekt",
    )
    made.hide(job, f"Geheime kandidaat {name}")
    return made


# --- the URL configuration -------------------------------------------------------------------------


def api_patterns(patterns: Iterable[Pattern]) -> list[Pattern]:
    return [pattern for pattern in patterns if pattern.route.startswith(API_PREFIX)]


def model_of(view: type | None) -> type[models.Model] | None:
    """The model a view serves: its ``queryset``'s, its serializer's, or a Django view's ``model``."""
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
    return getattr(meta, "model", None) or getattr(view, "model", None)


def methods_of(pattern: Pattern) -> list[str]:
    """The methods the pattern's view answers: a viewset's routed actions, a class's handlers (every
    one of ``METHODS`` for a function view)."""
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return [method for method in METHODS if method in actions]
    view = pattern.view_class
    if view is None:
        return list(METHODS)
    allowed = getattr(view, "http_method_names", METHODS)
    return [method for method in METHODS if method in allowed and hasattr(view, method)]


def _shape(route: str) -> str:
    """The route with its parameters' names left out: ``indicatoren/<int:pk>`` and
    ``indicatoren/<int:indicator_id>`` have the same shape."""
    return re.sub(r"<(\w+:)?\w+>", lambda m: f"<{m.group(1) or ''}>", route)


def parameter_model(pattern: Pattern, name: str, patterns: list[Pattern]) -> type[models.Model] | None:
    """The model the parameter ``name`` of ``pattern`` names: that of the view of a pattern ending in
    the parameter (the pattern itself when it ends there), else, for the pattern's last parameter, the
    model of the pattern's own view."""
    match = re.search(rf"<(?:\w+:)?{name}>", pattern.route)
    assert match is not None, name  # noqa: S101 - the name is one of the pattern's parameters
    prefix = _shape(pattern.route[: match.end()])
    for candidate in [pattern, *patterns]:
        if _shape(candidate.route) == prefix and model_of(candidate.view_class) is not None:
            return model_of(candidate.view_class)
    return model_of(pattern.view_class) if name == pattern.parameters[-1] else None


def filling_model(pattern: Pattern, name: str, patterns: list[Pattern]) -> type[models.Model] | None:
    """The model whose objects of B fill the parameter (None: no rule)."""
    model = parameter_model(pattern, name, patterns)
    rule = FILLING_RULES.get((model, name)) or FILLING_RULES.get((None, name))
    if rule is not None:
        return rule
    return model if model is not None and name in OWN_KEYS else None


def value_of(obj: Any, name: str, converter: Any) -> Any:
    if isinstance(converter, SlugConverter) or name.endswith("slug"):
        return obj.slug
    return obj.pk


def fillings(
    pattern: Pattern, patterns: list[Pattern], b: Side, *, public: bool
) -> tuple[list[tuple[dict[str, Any], list[Any]]], str | None]:
    """Every filling of the pattern's parameters with B's objects (non-public ones; ``public``: B's
    public ones too), each as (keyword arguments, the objects), or the reason it cannot be filled."""
    choices = []
    for name in pattern.parameters:
        model = filling_model(pattern, name, patterns)
        if model is None:
            found = parameter_model(pattern, name, patterns)
            return [], (
                f"{pattern.name} (/{pattern.route}): no filling rule for its parameter {name!r} "
                f"(model {found.__name__ if found else 'unknown'}); add one to FILLING_RULES in "
                "tests/api/isolation.py"
            )
        objects = b.objects_of(model, public=public)
        if not objects:
            return [], (
                f"{pattern.name} (/{pattern.route}): the world has no {model.__name__} of B for its "
                f"parameter {name!r}; hide one with Side.hide in a builder (tests/api/isolation_*.py)"
            )
        choices.append([(name, obj) for obj in objects])
    filled = []
    for combination in itertools.product(*choices):
        kwargs = {name: value_of(obj, name, pattern.converters.get(name)) for name, obj in combination}
        filled.append((kwargs, [obj for _, obj in combination]))
    return filled, None


# --- what an answer may hold -----------------------------------------------------------------------


def text_of(response: Any, url: str) -> str:
    """The answer's body as text (JSON re-written without escapes), without the address asked for (a
    problem document names it as its ``instance``)."""
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    text = body.decode(errors="replace")
    with contextlib.suppress(ValueError):  # not JSON: the text as it is
        text = json.dumps(json.loads(text), ensure_ascii=False)
    for shown in {url, quote(url, safe="/?=&")}:
        text = text.replace(shown, " ")
    return text


def leaked(text: str, words: Iterable[str]) -> list[str]:
    """The words found in ``text`` as words: not as part of a longer word, slug or token."""
    return [word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


def sample_body(view: type | None, b: Side) -> dict[str, Any]:
    """A body the view's input serializer accepts, as far as its fields tell: every required field
    with a value of its type (a related object: one of B's)."""
    serializer_class = getattr(view, "serializer_class", None)
    if serializer_class is None:
        return {}
    body = {}
    for name, found in serializer_class().fields.items():
        if found.read_only or not found.required:
            continue
        body[name] = _sample(found, b)
    return body


def _sample(found: serializers.Field, b: Side) -> Any:
    if isinstance(found, serializers.SlugRelatedField | serializers.PrimaryKeyRelatedField):
        objects = b.objects_of(found.queryset.model, public=True) if found.queryset is not None else []
        if not objects:
            return None
        slug_field = getattr(found, "slug_field", "pk")
        return getattr(objects[0], slug_field)
    samples: list[tuple[type, Any]] = [
        (serializers.BooleanField, True),
        (serializers.ChoiceField, lambda: next(iter(found.choices))),  # type: ignore[attr-defined]
        (serializers.EmailField, "isolatie@example.org"),
        (serializers.DateTimeField, lambda: timezone.now().isoformat()),
        (serializers.DateField, lambda: timezone.localdate().isoformat()),
        (serializers.DecimalField, "1"),
        (serializers.FloatField, 1.0),
        (serializers.IntegerField, 1),
        (serializers.CharField, "isolatie"),
        (serializers.ListField, []),
        (serializers.DictField, {}),
    ]
    for kind, value in samples:
        if isinstance(found, kind):
            return value() if callable(value) else value
    return None


def snapshot(objects: list[Any]) -> list[dict[str, Any] | None]:
    return [type(obj)._base_manager.filter(pk=obj.pk).values().first() for obj in objects]


# --- the check -------------------------------------------------------------------------------------


@dataclass
class Callers:
    """Who asks: A's key (every scope), anonymously, and B's own key and coordinator (to show that a
    filled address names something)."""

    a_key: str
    b_key: str
    b_coordinator: Any


def callers(a: Side, b: Side) -> Callers:
    """A's key is made by A's beheerder, as on the page (a booking is made in the maker's name). The
    keys count as used a moment ago, so that no request writes their last use (a write the write check
    would see)."""
    a_key, a_secret = make_key(a.gemeente, by=member(a.gemeente, Role.BEHEERDER))
    b_key, b_secret = make_key(b.gemeente)
    ApiKey.objects.filter(pk__in=[a_key.pk, b_key.pk]).update(last_used_at=timezone.now())
    return Callers(a_key=a_secret, b_key=b_secret, b_coordinator=b.coordinator)


def check(pattern: Pattern, patterns: list[Pattern], b: Side, who: Callers, client_class: type) -> list[str]:
    """Every problem of ``pattern``'s isolation, as lines naming the pattern."""
    methods = methods_of(pattern)
    problems: list[str] = []
    if "get" in methods:
        problems += _check_reads(pattern, patterns, b, who, client_class)
    for method in (m for m in methods if m in WRITES):
        problems += _check_writes(method, pattern, patterns, b, who, client_class)
    return problems


def _check_reads(
    pattern: Pattern, patterns: list[Pattern], b: Side, who: Callers, client_class: type
) -> list[str]:
    filled, reason = fillings(pattern, patterns, b, public=False)
    if reason:
        return [reason]
    paged = getattr(pattern.view_class, "pagination_class", None) is not None
    problems: list[str] = []
    found_by_b = False
    for kwargs, _objects in filled:
        url = address(pattern, kwargs) + ("?pageSize=100" if paged else "")
        for caller, headers in (("A's key", bearer(who.a_key)), ("anonymous", {})):
            response = client_class().get(url, **headers)
            problems += _judge(pattern, f"GET {url} by {caller}", response, url, b)
            refusals = {403, 404} if caller == "A's key" else {401, 403, 404}
            if kwargs and response.status_code < 500 and response.status_code not in refusals:
                problems.append(
                    f"{pattern.name}: GET {url} by {caller} answered {response.status_code} for a "
                    f"non-public object of B (expected one of {sorted(refusals)})"
                )
        if kwargs and not found_by_b:
            found_by_b = _found_by_b(url, who, client_class)
    if filled and filled[0][0] and not found_by_b:
        problems.append(
            f"{pattern.name}: none of its addresses filled with B's objects is found by B's own key or "
            "coordinator, so their refusal to A proves nothing (fix the world or the filling rules)"
        )
    return problems


def _found_by_b(url: str, who: Callers, client_class: type) -> bool:
    if client_class().get(url, **bearer(who.b_key)).status_code == 200:
        return True
    return login(client_class(), who.b_coordinator).get(url).status_code == 200


def _check_writes(
    method: str, pattern: Pattern, patterns: list[Pattern], b: Side, who: Callers, client_class: type
) -> list[str]:
    if pattern.parameters:
        filled, reason = fillings(pattern, patterns, b, public=True)
        if reason:
            return [reason]
    else:
        filled = [({}, [])]
    body = json.dumps(sample_body(pattern.view_class, b))
    problems: list[str] = []
    for kwargs, objects in filled:
        url = address(pattern, kwargs)
        for caller, headers in (("A's key", bearer(who.a_key)), ("anonymous", {})):
            client = client_class()
            case = f"{method.upper()} {url} by {caller}"
            before = snapshot(objects)
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(
                    method.upper(), url, body, content_type="application/json", **headers
                )
            problems += _judge(pattern, case, response, url, b)
            refusals = {403, 404} if caller == "A's key" else {401, 403, 404}
            if response.status_code < 500 and response.status_code not in refusals:
                problems.append(
                    f"{pattern.name}: {case} answered {response.status_code} to a write on B's objects "
                    f"(expected one of {sorted(refusals)})"
                )
            written = tables_written(queries.captured_queries)
            if written:
                problems.append(f"{pattern.name}: {case} wrote to {sorted(written)}")
            if snapshot(objects) != before:
                problems.append(f"{pattern.name}: {case} changed {objects}")
    return problems


def _judge(pattern: Pattern, case: str, response: Any, url: str, b: Side) -> list[str]:
    if response.status_code >= 500:
        return [f"{pattern.name}: {case} answered {response.status_code}"]
    found = leaked(text_of(response, url), b.secret_words)
    return [f"{pattern.name}: {case} shows B's {found}"] if found else []
