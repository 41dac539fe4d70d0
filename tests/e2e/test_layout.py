"""Every kind of page of the demo at a phone width (390 px) and a desktop width (1280 px): a page never
scrolls sideways, form controls stay inside the content column, chart labels are not cut off, and
headings and body text use the shipped font; at 390 px axe-core finds no WCAG violation (a table that
scrolls on its own must be reachable with the keyboard). A full-page screenshot of each is saved under
test-artifacts/screenshots/ (ignored by git) for people to look at.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import axe_violations
from tests.e2e.crawl import START, html_pages, log_in

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WIDTHS = (390, 1280)
FONT = "Noto Sans"
# Staff first: their version of a page has the most controls. Each kind of page is measured once, as
# the first of these people who reaches it sees it.
PEOPLE = ["coordinator", "regisseur", "beheerder", "partnercontact", "teamlid", "bestuurder", "inwoner", None]

# Measured in the page: the page's own sideways overflow, the elements that cause it, and form controls
# or tables that reach past the right edge of the main column.
MEASURE = """(font) => {
  const root = document.documentElement;
  const main = document.querySelector('main');
  const box = main.getBoundingClientRect();
  const style = getComputedStyle(main);
  const right = box.right - parseFloat(style.paddingRight) + 1;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className
        ? '.' + el.className.trim().replace(/\\s+/g, '.') : '');
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > root.clientWidth + 1) {
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; }
      }
      if (!clipped) wide.push(describe(el));
    }
  }
  const sticking = [];
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  for (const el of main.querySelectorAll('textarea, input:not([type=hidden]), select')) {
    if (scrolls(el)) continue;  // inside a table that scrolls on its own
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right) {
      sticking.push(describe(el) + ' ends at ' + Math.round(r.right) + ' > ' + Math.round(right));
    }
  }
  const clipped = [];
  for (const svg of main.querySelectorAll('svg')) {
    const frame = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1)) {
        clipped.push(t.textContent.trim());
      }
    }
  }
  const h1 = document.querySelector('h1');
  return {
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5), sticking, clipped,
    headingFont: h1 ? getComputedStyle(h1).fontFamily : null,
    bodyFont: getComputedStyle(document.body).fontFamily,
    fontLoaded: [...document.fonts].some(f => f.family.replace(/"/g, '') === font && f.status === 'loaded'),
  };
}"""


def collect(page, start: list[str], found: dict[str, str]) -> None:
    """Remember the first HTML page of every URL pattern not found yet."""
    for key, path in html_pages(page, start):
        found.setdefault(key, path)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:90] or "home"


def test_no_page_scrolls_sideways_at_390_or_1280_px(browser, live_server, settings):
    settings.DEMO_MODE = True  # the demo's accounts log in with the password alone, as in `make demo`
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    problems: list[str] = []
    measured: set[str] = set()
    for person in PEOPLE:
        role = person or "public"
        found: dict[str, str] = {}
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        if person:
            log_in(page, f"{person}@veerdam.example")
        page.goto("/")
        collect(page, START, found)
        found = {key: path for key, path in found.items() if key not in measured}
        measured.update(found)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            folder = ARTIFACTS / str(width)
            folder.mkdir(parents=True, exist_ok=True)
            for key, path in sorted(found.items()):
                page.goto(path)
                page.evaluate("() => document.fonts.ready.then(() => true)")
                m = page.evaluate(MEASURE, FONT)
                page.screenshot(path=str(folder / f"{role}--{slug(key)}.png"), full_page=True)
                where = f"{role} {width}px {path}"
                if m["scrollWidth"] > m["clientWidth"]:
                    problems.append(
                        f"{where}: scrolls sideways ({m['scrollWidth']} > {m['clientWidth']}) {m['wide']}"
                    )
                if width == WIDTHS[0]:  # the crawl in test_accessibility_crawl checks the wide screen
                    problems.extend(f"{where}: {v}" for v in axe_violations(page))
                if m["clipped"]:
                    problems.append(f"{where}: chart labels cut off {m['clipped'][:5]}")
                if m["sticking"]:
                    problems.append(f"{where}: form controls stick out of the column {m['sticking']}")
                if not (m["headingFont"] or FONT).startswith(f'"{FONT}"') or not m["bodyFont"].startswith(
                    f'"{FONT}"'
                ):
                    problems.append(f"{where}: fonts {m['headingFont']!r} / {m['bodyFont']!r}")
                elif not m["fontLoaded"]:
                    problems.append(f"{where}: the font {FONT} was not loaded")
        context.close()
    assert len(measured) >= 40, f"only {len(measured)} kinds of page were reached: {sorted(measured)}"
    assert problems == [], "\n".join(problems)
