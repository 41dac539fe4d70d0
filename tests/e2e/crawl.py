"""Following the demo's links in the browser, the way a person with one role would: the pages of every
kind (URL pattern) that person can reach. Used by the accessibility crawl and the layout test."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

DOWNLOADS = (".pdf", ".csv", ".xlsx", ".json", ".yaml", "/pdf/", "/docx/", "/xlsx/", "/csv/")
SKIP = ("/static/", "/media/", "/admin/", "/i18n/", "/account/logout/", "/healthz", "/api/")
MAX_PAGES_PER_PERSON = 80
START = ["/", "/agenda/", "/monitor/", "/samenwerken/", "/besturen/", "/organisaties/", "/account/"]


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}:{match.route}"


def html_pages(page, start: list[str]) -> Iterator[tuple[str, str]]:
    """Follow links from ``start`` (at most two pages per pattern, at most MAX_PAGES_PER_PERSON in all);
    yield (pattern, path) for every HTML page opened, with the browser on that page."""
    base = urlsplit(page.url)
    queue, seen, visited = deque(start), set(start), 0
    per_pattern: dict[str, int] = {}
    while queue and visited < MAX_PAGES_PER_PERSON:
        path = queue.popleft()
        key = pattern_of(urlsplit(path).path)
        if key is None or per_pattern.get(key, 0) >= 2:
            continue
        per_pattern[key] = per_pattern.get(key, 0) + 1
        try:
            response = page.goto(path)
        except Exception as error:  # noqa: BLE001 - a link to a file (PDF, DOCX, …): not a page
            if "Download is starting" in str(error):
                continue
            raise
        visited += 1
        if (
            response is None
            or response.status >= 400
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        yield key, path
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != base.netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if (
                not target.startswith("/")
                or target.startswith(SKIP)
                or parts.path.endswith(DOWNLOADS)
                or target in seen
            ):
                continue
            seen.add(target)
            queue.append(target)


def log_in(page, email: str) -> None:
    page.goto("/account/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill("veerkracht-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
