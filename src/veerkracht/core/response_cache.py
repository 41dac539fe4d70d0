"""Whole answers to anonymous visitors, kept in the shared cache until anything they could show changes.

The public pages and the API's public reads answer every anonymous visitor the same way, yet each one
used to be built from the database again: at national scale that is most of the work of the site.
This module keeps such answers in the shared cache (Redis) and serves them without running the view.

**What is kept.** A ``GET`` by a visitor who carries nothing that makes the answer personal (no
session cookie, no ``Authorization`` header, no htmx headers), to a view that declares its answer
public (``@public_answer`` on a function, ``public_answer = True`` on a class), answered with a 200,
not streamed, under ``MAX_BODY`` bytes, that neither used a CSRF token nor set a cookie (a session
that was changed sets one), and whose queries did not read a *volatile* table (below). The key is the
path with its query string, the language and the ``Accept`` header. The view is found by resolving the
path (some microseconds; Django resolves it once more to run it) before Redis is asked anything, so
requests for other views never wait for Redis.

**When it is dropped.** Every answer is kept with a *generation* and served only while that is still
the current one (both are read in one round trip): one number in the shared cache, raised
after every write to the database (``INSERT``, ``UPDATE``, ``DELETE`` or any statement that is not
a read) once it is committed — right after the statement in autocommit, at commit inside a
transaction. A request reads the generation *before* its first query, so an answer built from data
that changed while it was being built is stored under a generation that is already past; a request
reads it once, and again only after a write of its own. Writes
that bypass Django's cursor (``COPY`` in bulk loads, a restore) call :func:`invalidate` themselves,
and every answer expires after ``RESPONSE_CACHE_SECONDS`` in any case.

**Volatile tables** change all the time without changing a public answer (sessions, survey answers,
lock-out counters, the last use of an API key): writes to them do not raise the generation, and an
answer whose queries read one of them is never kept. Parts register theirs with
:func:`register_volatile` (core knows none of them). Whether an answer may be kept therefore never
depends on the list being complete; the list only decides how often answers can be reused.

**Settled rows.** Some rows of a volatile table no longer change by the writes that make it volatile:
the responses of a survey wave that is closed take no more answers (a survey answers only while its
wave is open, and a closed wave changes state, not responses). Code that reads only such rows says so
(``with settled():``); its reads do not count as volatile, and whatever else may still change them
(an import of answers into a closed wave) calls :func:`invalidate` once it is committed.

**Never stale inside a transaction.** A request that runs inside an open transaction (a test case;
``ATOMIC_REQUESTS``) could read data nobody else can see: it neither reads nor stores kept answers.

**No CSRF token for anonymous visitors.** A page with a CSRF token differs per visitor and cannot be
kept. The only form on a public page is the language switch, which changes nothing but the visitor's
own language cookie; it takes no token (``set_language`` is exempt), so public pages can be kept.

**Gates.** A kept answer skips the view, so whatever the view would refuse before answering must be
checked before one is served: a part registers a gate for its path prefix (the API counts anonymous
callers against their rate limit this way); when a gate says no, the request goes the normal way.

**Signed-in pages, kept per session.** The heavy read pages of people who are signed in (a challenge
page, the board's overview) are built from some thirty queries, and their readers come back to them
all day. A view that declares it (``@session_answer``) has its answer kept under the *session* that
asked for it, by :class:`SessionResponseCacheMiddleware`, under the same generation: any committed
write anywhere (a new idea, a changed role, someone taken off a team) drops them all. The key holds
the session's key, the user, the path with its query string, the language, the ``Accept`` header and
the htmx headers, so an answer is only ever served to the session it was built for, after the
log-in and the second factor have been checked for this request (the middleware comes last). It is
not kept when the view wrote anything (also to a volatile table), set a cookie, or showed or left a
message; and no kept answer is served while a message waits to be shown. What must happen each time
a page is shown, such as recording who looked at a report, is declared apart
(``@session_answer(each_time=...)``): it runs for a built page and before a kept one is served alike,
and its writes are not the page's. A page that read a volatile table (a challenge page whose survey is open
counts its responses as they come in) is kept for ``VOLATILE_SECONDS`` only: such counts on a signed-in page
are at most half a minute old. A signed-out session, an expired one or a new log-in (which gets a
new session key) finds nothing. A kept page shows the CSRF token of its own
session, which stays valid until that session ends.

Switched off (``RESPONSE_CACHE_SECONDS=0``, the default without Redis) nothing is read or stored, and
the database wrapper returns at once. With Redis down, every request goes the normal way.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started, setting_changed
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, ResolverMatch, get_resolver
from django.utils.cache import has_vary_header

logger = logging.getLogger(__name__)

GENERATION_KEY = "response-cache:generation"
MAX_BODY = 2_000_000  # bytes; larger answers (downloads) are built each time
VOLATILE_SECONDS = 30  # how long a signed-in page that shows volatile data (survey responses) is kept
READS = ("SELECT", "SAVEPOINT", "RELEASE", "SET ", "SHOW", "EXPLAIN", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK")
_WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE
)

_volatile: set[str] = {"django_session"}
Gate = Callable[[HttpRequest, Any], bool]
GateKeys = Callable[[HttpRequest], list[str]]
_gates: list[tuple[str, Gate, GateKeys]] = []
_public_prefixes: list[str] = []
# .reading: the volatile tables a kept-answer candidate read, or None; .wrote: whether it wrote anything
_local = threading.local()


def seconds() -> int:
    return int(getattr(settings, "RESPONSE_CACHE_SECONDS", 0) or 0)


_enabled = [seconds() > 0]


def _refresh(*, setting: str, **kwargs: Any) -> None:
    if setting in ("RESPONSE_CACHE_SECONDS", "CACHES"):
        _enabled[0] = seconds() > 0


setting_changed.connect(_refresh)


# --- declarations ----------------------------------------------------------------------------------


def public_answer(view: Any) -> Any:
    """Declare that ``view`` answers every anonymous visitor alike (a function or a class)."""
    view.public_answer = True
    return view


def session_answer(view: Any = None, *, each_time: Callable[..., Any] | None = None) -> Any:
    """Declare that ``view``'s answer to a signed-in person may be kept for that person's session
    (a function): a read page, the same for the same session until data changes.

    ``each_time(request, *args, **kwargs)`` (the view's own arguments) is what must happen every time
    the page is shown, built or kept: a record of who looked at it. It runs after the view answered
    200, and before a kept answer is served; it may write volatile tables only (a write to any other
    would drop every kept answer). Without it, a view that writes is never kept."""
    if view is None:
        return lambda function: session_answer(function, each_time=each_time)
    if each_time is None:
        view.session_answer = True
        return view

    @functools.wraps(view)
    def shown(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            _unwatched(each_time, request, *args, **kwargs)
        return response

    shown.session_answer = True  # type: ignore[attr-defined]
    shown.session_answer_each_time = each_time  # type: ignore[attr-defined]
    return shown


@contextlib.contextmanager
def _reading_into(target: set[str] | None, *, own_writes: bool = True) -> Iterator[None]:
    """Inside this block, the volatile tables read are noted in ``target`` (None: nowhere) instead of
    as the page's. Writes count as the page's while ``own_writes``; else they are not noticed."""
    reading, wrote = getattr(_local, "reading", None), getattr(_local, "wrote", False)
    _local.reading = target
    try:
        yield
    finally:
        _local.reading = reading
        if not own_writes:
            _local.wrote = wrote


def _unwatched(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``function`` without counting its reads and writes as the page's own."""
    with _reading_into(None, own_writes=False):
        return function(*args, **kwargs)


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """Reads of volatile tables inside this block read settled rows (see the module's text): they do
    not make the answer volatile. Writes are still noticed as the page's."""
    watched = getattr(_local, "reading", None) is not None
    with _reading_into(set() if watched else None):  # read into a set nobody looks at
        yield


def register_volatile(*tables: str) -> None:
    """Declare database tables whose writes change no public answer (see the module's text)."""
    _volatile.update(tables)


def register_public_prefix(prefix: str) -> None:
    """Declare that every view under ``prefix`` answers every anonymous visitor alike (an API whose
    answers to anonymous callers hold public data only)."""
    _public_prefixes.append(prefix)


def register_gate(prefix: str, gate: Gate, keys: GateKeys = lambda request: []) -> None:
    """``gate(request, cache)`` must say yes before a kept answer under ``prefix`` is served. The
    cache keys that ``keys(request)`` names are read in the same round trip as the kept answer, and
    ``cache`` (the shared cache otherwise) answers them from that read."""
    _gates.append((prefix, gate, keys))


def volatile_tables() -> frozenset[str]:
    return frozenset(_volatile)


# --- the generation --------------------------------------------------------------------------------


def _begin_request(sender: Any, **kwargs: Any) -> None:  # noqa: ARG001 - a signal receiver
    _local.in_request, _local.generation = True, None


def _end_request(sender: Any, **kwargs: Any) -> None:  # noqa: ARG001 - a signal receiver
    _local.in_request, _local.generation = False, None


request_started.connect(_begin_request)
request_finished.connect(_end_request)


def _known_generation() -> int | None:
    """The generation this request has read already, or None (not yet, or not in a request)."""
    return getattr(_local, "generation", None) if getattr(_local, "in_request", False) else None


def _note_generation(value: int) -> None:
    """Remember ``value`` as this request's generation (nothing outside a request)."""
    if getattr(_local, "in_request", False):
        _local.generation = value


def _request_generation() -> int | None:
    """The generation as this request first read it (read now when it has not yet), or read each
    time outside a request (a worker's task). A request sees the data as it was when it first asked:
    rows remembered or answers kept in a later generation are simply not used by it, and an answer
    it builds is kept under a generation read before it read anything. Its own writes make it read
    the generation anew (:func:`invalidate`)."""
    known = _known_generation()
    if known is None:
        known = generation()
        if known is not None:
            _note_generation(known)
    return known


def generation() -> int | None:
    """The current generation, or None when the shared cache cannot be read (then nothing is kept)."""
    found = cache.get(GENERATION_KEY)
    if found is None:
        # a new (or emptied) cache: start from the clock, so that no earlier generation comes back
        cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
        found = cache.get(GENERATION_KEY)
    return found if isinstance(found, int) else None


def invalidate() -> None:
    """Make every kept answer stale (after writes that bypass Django's cursor)."""
    if not _enabled[0]:
        return
    _local.generation = None  # this request's own write: read the generation anew after it
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: the next reader starts one from the clock
        cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)


def _is_write(sql: str) -> bool:
    # a UNION of reads starts with its first part in parentheses: "(SELECT ...) UNION ALL (SELECT ...)"
    head = sql.lstrip().lstrip("(").lstrip()[:9].upper()
    return not head.startswith(READS) and not head.startswith("WITH") or _writes_in_with(sql)


def _writes_in_with(sql: str) -> bool:
    upper = sql.upper()
    return upper.lstrip().startswith("WITH") and any(
        word in upper for word in (" INSERT ", " UPDATE ", " DELETE ")
    )


def _changes_public_data(sql: str) -> bool:
    match = _WRITTEN_TABLE.match(sql)
    return match is None or match.group(1) not in _volatile


def _bump_on_commit() -> None:
    invalidate()


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:  # type: ignore[type-arg]
    """A database execute wrapper: raises the generation after each write that is committed, and
    notes the volatile tables read by a request that might be kept."""
    if not _enabled[0]:
        return execute(sql, params, many, context)
    reading = getattr(_local, "reading", None)
    writes = _is_write(sql)
    if reading is not None and not writes:  # any read: a SELECT, a UNION, a WITH
        reading.update(table for table in _volatile if f'"{table}"' in sql)
    result = execute(sql, params, many, context)
    if writes and reading is not None:
        _local.wrote = True
    if writes and _changes_public_data(sql):
        db = context["connection"]
        if not db.in_atomic_block:
            invalidate()
        elif not any(callback is _bump_on_commit for _sids, callback, _robust in db.run_on_commit):
            transaction.on_commit(_bump_on_commit, using=db.alias)
    return result


def install(sender: Any, connection: Any, **kwargs: Any) -> None:  # noqa: ARG001 - a signal receiver
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- rows remembered in this process ---------------------------------------------------------------

REMEMBER_SECONDS = 60  # at most; a write that commits forgets them at once (the generation)
REMEMBER_MAX = 4096  # entries per process; the least recently used is forgotten when there would be more
_remembered: OrderedDict[tuple[str, Any], tuple[int, float, Any]] = OrderedDict()
_remembered_lock = threading.Lock()


def remembered(kind: str, key: Any, load: Callable[[], Any]) -> Any:
    """``load()``, remembered in this process while the generation stays the same (and for
    ``REMEMBER_SECONDS`` at most), given out as a copy each time. For the rows every signed-in
    request reads before a kept page can be served: the person and their second factor.

    Safe for the same reason as kept answers: the generation is read before ``load()`` runs, so a
    row that changed while it was being read is remembered under a generation that is already past;
    any committed write raises it (a changed password, a deactivated account, a removed
    authenticator), and writes outside Django's cursor call :func:`invalidate`. A change made by hand
    in the database, past Django, counts after ``REMEMBER_SECONDS``. A load that reads a volatile
    table is not remembered. Nothing is remembered inside a transaction, with keeping switched off,
    or while the shared cache cannot be read: then ``load()`` runs every time."""
    if not _enabled[0] or connection.in_atomic_block:
        return load()
    current = _request_generation()
    if current is None:
        return load()
    now = time.monotonic()
    with _remembered_lock:
        found = _remembered.get((kind, key))
        if found is not None and found[0] == current and found[1] > now:
            _remembered.move_to_end((kind, key))
            return copy.copy(found[2])
    outer = getattr(_local, "reading", None)
    read_volatile: set[str] = set()
    with _reading_into(read_volatile):
        value = load()
    if outer is not None:
        outer.update(read_volatile)
    if not read_volatile:
        with _remembered_lock:
            _remembered[(kind, key)] = (current, now + REMEMBER_SECONDS, copy.copy(value))
            _remembered.move_to_end((kind, key))
            while len(_remembered) > REMEMBER_MAX:
                _remembered.popitem(last=False)
    return value


def forget_remembered() -> None:
    """Forget every remembered row of this process (tests)."""
    with _remembered_lock:
        _remembered.clear()


# --- the middleware --------------------------------------------------------------------------------


def _candidate(request: HttpRequest) -> bool:
    if request.method != "GET" or connection.in_atomic_block:
        return False
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta or "HTTP_HX_REQUEST" in meta:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _key(request: HttpRequest) -> str:
    raw = "\n".join(
        [
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.META.get("HTTP_ACCEPT", ""),
        ]
    )
    return f"response-cache:{hashlib.sha256(raw.encode()).hexdigest()}"


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_BODY
    )


def _frozen(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.items()), response.content


def _thawed(kept: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _addressed_to_public_view(request: HttpRequest) -> bool:
    """Whether the view that will answer is declared public, found before it runs (by resolving the
    path a first time), so that other requests (the survey, the log-in) never wait for Redis; only
    these requests are served kept answers or have theirs kept."""
    if request.path.startswith(tuple(_public_prefixes)):
        return True
    return _view_declares(request, "public_answer")


def _view_declares(request: HttpRequest, declaration: str) -> bool:
    return _declaring_view(request, declaration) is not None


def _declaring_view(request: HttpRequest, declaration: str) -> ResolverMatch | None:
    """The match of the view that will answer, when it makes ``declaration``."""
    try:
        match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return None
    func = match.func
    declares = any(
        getattr(holder, declaration, False)
        for holder in (func, getattr(func, "view_class", None), getattr(func, "cls", None))
        if holder is not None
    )
    return match if declares else None


def _watched(
    request: HttpRequest, get_response: Callable[[HttpRequest], HttpResponse]
) -> tuple[HttpResponse, bool, bool]:
    """The view's answer, whether it read a volatile table, and whether it wrote anything."""
    read_volatile: set[str] = set()
    _local.reading, _local.wrote = read_volatile, False
    try:
        response = get_response(request)
        return response, bool(read_volatile), bool(_local.wrote)
    finally:
        _local.reading, _local.wrote = None, False


def _look_up(key: str, extra: list[str] | None = None) -> tuple[int | None, Any, dict[str, Any]]:
    """In one round trip: the current generation (None when the shared cache cannot be read; the one
    this request read already, when it did: for the signed-in person), the answer kept under ``key``
    if it was kept in that generation (else None), and all that was read (the ``extra`` keys come
    along)."""
    known = _known_generation()
    asked = [key, *(extra or [])]
    found = cache.get_many(asked if known is not None else [GENERATION_KEY, *asked])
    current = known if known is not None else found.get(GENERATION_KEY)
    if isinstance(current, int):
        _note_generation(current)
    else:  # no generation yet: start one
        current = _request_generation()
    kept_in, kept = found.get(key) or (None, None)
    return current, kept if current is not None and kept_in == current else None, found


def _served(kept: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    response = _thawed(kept)
    response.headers["X-Cache"] = "HIT"
    return response


class _ReadAlready:
    """The shared cache, answering the keys read with the kept answer from that read."""

    def __init__(self, asked: list[str], found: dict[str, Any]) -> None:
        self.asked, self.found = set(asked), found

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        if key in self.asked:
            return self.found.get(key, default)
        return cache.get(key, default, version)

    def __getattr__(self, name: str) -> Any:
        return getattr(cache, name)


def _gates_for(request: HttpRequest) -> list[tuple[Gate, list[str]]]:
    return [(gate, keys(request)) for prefix, gate, keys in _gates if request.path.startswith(prefix)]


def _gates_allow(request: HttpRequest, gates: list[tuple[Gate, list[str]]], found: dict[str, Any]) -> bool:
    return all(gate(request, _ReadAlready(keys, found)) for gate, keys in gates)


class ResponseCacheMiddleware:
    """Serves kept answers and keeps new ones (the module's text says which)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _enabled[0] or not _candidate(request) or not _addressed_to_public_view(request):
            return self.get_response(request)
        key = _key(request)
        gates = _gates_for(request)
        # the gates' keys (a rate limit's count) come along in the same round trip
        current, kept, found = _look_up(key, [k for _gate, keys in gates for k in keys])
        if current is None:
            return self.get_response(request)
        if kept is not None and _gates_allow(request, gates, found):
            return _served(kept)
        response, read_volatile, wrote = _watched(request, self.get_response)
        clean = not read_volatile and not wrote
        # a CSRF token in the page makes it vary by the visitor's cookie (CsrfViewMiddleware says so
        # below this one; the language's Vary: Cookie is added above it)
        if clean and _keepable(response) and not has_vary_header(response, "Cookie"):
            cache.set(key, (current, _frozen(response)), timeout=seconds())
        return response


# --- signed-in pages, per session -------------------------------------------------------------------

_HTMX_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_TRIGGER_NAME",
    "HTTP_HX_BOOSTED",
)


def _session_key(request: HttpRequest) -> str:
    meta = request.META
    raw = "\n".join(
        [
            request.session.session_key or "",
            str(request.user.pk),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            meta.get("HTTP_ACCEPT", ""),
            *(meta.get(header, "") for header in _HTMX_HEADERS),
        ]
    )
    return f"session-cache:{hashlib.sha256(raw.encode()).hexdigest()}"


def _messages_waiting(request: HttpRequest) -> int:
    """How many messages wait to be shown (counting them does not mark them as shown)."""
    storage = getattr(request, "_messages", None)
    return len(storage) if storage is not None else 0


def _session_candidate(request: HttpRequest) -> bool:
    if request.method != "GET" or connection.in_atomic_block or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return bool(user is not None and user.is_authenticated and session is not None and session.session_key)


class SessionResponseCacheMiddleware:
    """Serves and keeps the answers of views declared ``@session_answer`` per session (the module's
    text says when). Comes after every middleware that checks who is asking."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _enabled[0] or not _session_candidate(request):
            return self.get_response(request)
        match = _declaring_view(request, "session_answer")
        if match is None or _messages_waiting(request):  # a kept page would skip the messages
            return self.get_response(request)
        key = _session_key(request)
        current, kept, _found = _look_up(key)
        if current is None:
            return self.get_response(request)
        if kept is not None:
            each_time = getattr(match.func, "session_answer_each_time", None)
            if each_time is not None:
                each_time(request, *match.args, **match.kwargs)
            return _served(kept)
        response, read_volatile, wrote = _watched(request, self.get_response)
        if not wrote and _keepable(response) and not _messages_waiting(request):
            timeout = min(VOLATILE_SECONDS, seconds()) if read_volatile else seconds()
            cache.set(key, (current, _frozen(response)), timeout=timeout)
        return response
