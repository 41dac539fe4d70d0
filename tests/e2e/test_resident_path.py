"""A resident's whole path through participation, in a real browser on a 390 px wide phone, with the
keyboard only, in Dutch and in English.

Sign up as a resident → confirm the address with the link from the e-mail → log in → submit an idea on
a public challenge, seeing the similar ideas already submitted while typing → support someone else's
idea → register for a full co-creation session (the waiting list) → someone with a place cancels and
the resident moves up (e-mail) → the coordinator adopts the resident's idea (e-mail in the resident's
language) → the answer shows on the public challenge page.

The person only presses Tab, Enter, Space and the arrow keys and types; addresses are opened only as a
person opens them: the public challenge page (a link on the municipality's website) and the links in
the e-mails. Reaching an element by Tab also checks that the focus is visible and on the screen, and
that focus does not get stuck (a keyboard trap). Every page is checked with axe and must not scroll
sideways. E-mail goes through Django's SMTP backend to a real SMTP server (``smtp_server``) and is
read from there.
"""

from __future__ import annotations

import io
import re
from email.message import Message

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from tests.e2e.conftest import BROWSER_TIMEOUT_MS, axe_violations
from tests.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHALLENGE = "eenzaamheid-onder-ouderen"
PUBLIC_PAGE = f"/agenda/openbaar/opgaven/{CHALLENGE}/"
SESSION = "Koffietafel: samen plannen tegen eenzaamheid"
SIMILAR = "Koffie-ochtend bij de supermarkt"
OTHER_IDEA = "Belcirkel voor alleenstaande ouderen"
MY_IDEA = "Koffie-ochtend in de bibliotheek"
OUTCOME = "Wordt een pilot: elke donderdag koffie in de bibliotheek van Veerhuizen."
PASSWORD = "Lindeboom-koffie-42"

#: What the person reads and chooses, in each language (written out here, not taken from the
#: catalogues, so that a missing translation fails).
TEXT = {
    "nl": {
        "see_ideas": "Bekijk de ideeën",
        "join_link": "join as a resident",
        "join_heading": "Meedoen met de talentenpool",
        "name": "Uw naam",
        "email": "E-mailadres",
        "password": "Wachtwoord",
        "municipality": "Gemeente",
        "hours": "Uren per week die u kunt geven",
        "consent": "Ik geef toestemming dat",
        "join": "Meedoen",
        "check_mail": "Kijk in uw e-mail",
        "confirm_subject": "Bevestig uw e-mailadres voor de talentenpool",
        "confirm": "Mijn adres bevestigen",
        "log_in": "Inloggen",
        "submit_idea": "Dien een idee in",
        "title": "Titel",
        "idea": "Je idee",
        "similar": "Vergelijkbare ideeën die al zijn ingediend",
        "submit": "Dien het idee in",
        "received": "Dank je wel: je idee is ontvangen.",
        "all_ideas": "Alle ideeën",
        "support": "Steun dit idee",
        "supported": "Je steunt dit idee.",
        "see_sessions": "Bekijk de sessies",
        "waiting_list": "Op de wachtlijst",
        "on_the_list": "Je staat op de wachtlijst (nummer",
        "waiting_subject": "wachtlijst",
        "moved_up_subject": "plaats",
        "registered": "Je bent aangemeld voor deze sessie.",
        "adopted": "overgenomen",
        "your_idea_mail": "Je idee",
        "answers": "Beantwoorde ideeën",
    },
    "en": {
        "see_ideas": "See the ideas",
        "join_link": "join as a resident",
        "join_heading": "Join the talent pool",
        "name": "Your name",
        "email": "E-mail address",
        "password": "Password",
        "municipality": "Municipality",
        "hours": "Hours per week you can give",
        "consent": "I agree that coordinators",
        "join": "Join",
        "check_mail": "Check your e-mail",
        "confirm_subject": "Confirm your e-mail address for the talent pool",
        "confirm": "Confirm my address",
        "log_in": "Log in",
        "submit_idea": "Submit an idea",
        "title": "Title",
        "idea": "Your idea",
        "similar": "Similar ideas already submitted",
        "submit": "Submit the idea",
        "received": "Thank you: your idea has been received.",
        "all_ideas": "All ideas",
        "support": "Support this idea",
        "supported": "You support this idea.",
        "see_sessions": "See the sessions",
        "waiting_list": "Join the waiting list",
        "on_the_list": "You are on the waiting list (number",
        "waiting_subject": "waiting list",
        "moved_up_subject": "place has come free",
        "registered": "You are registered for this session.",
        "adopted": "adopted",
        "your_idea_mail": "Your idea",
        "answers": "Answered ideas",
    },
}
TEXT["nl"]["join_link"] = "aanmelden als inwoner"

# --- the keyboard ------------------------------------------------------------------------------------

#: The focused element, described for a failure message and compared to find where focus went.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "body";
  const label = (e.labels && e.labels[0] && e.labels[0].innerText) || e.getAttribute("aria-label") || "";
  const text = (label || e.innerText || e.value || "").trim().slice(0, 40);
  const n = [...document.querySelectorAll("*")].indexOf(e);
  return `${n}: ${e.tagName.toLowerCase()}#${e.id || ""}[${e.name || ""}] ${text}`;
}"""

#: Whether the focused element shows it (an outline or a box shadow) and is on the screen.
FOCUS_SHOWN = """e => {
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {
    indicator: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none",
    on_screen: r.width > 0 && r.left >= -1 && r.right <= window.innerWidth + 1,
  };
}"""


def tab_to(page, target, *, limit: int = 300) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user does. Fails when
    focus stops moving (a keyboard trap), goes twice round the page without reaching ``target``, or
    reaches it without a visible focus indicator or off the screen."""
    target.wait_for(state="attached")
    trail: list[str] = []
    for _ in range(limit):
        if target.evaluate("e => e === document.activeElement"):
            shown = target.evaluate(FOCUS_SHOWN)
            assert shown["indicator"], f"{page.url}: no visible focus on {trail[-1:]}"
            assert shown["on_screen"], f"{page.url}: the focused {trail[-1:]} is off the screen"
            return
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        assert not trail or now != trail[-1] or now == "body", f"{page.url}: focus is stuck on {now}"
        trail.append(now)
        assert trail.count(now) <= 2, f"{page.url}: went round the page twice; focus went {trail}"
    raise AssertionError(f"{page.url}: never reached {target} by keyboard; focus went {trail}")


def type_into(page, field, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)


def choose(page, select, option: str) -> None:
    """Choose ``option`` in a closed list with the arrow keys."""
    tab_to(page, select)
    for _ in range(50):
        if select.evaluate("s => s.options[s.selectedIndex].text") == option:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{option!r} is not an option")


def press(page, target, key: str = "Enter") -> None:
    """Tab to ``target`` and press ``key``; waits for the page that follows."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)


def looked_at(page, language: str) -> None:
    """What holds on every page: its language, no axe violations, no sideways scrolling."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language, page.url
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{page.url} scrolls sideways at 390 px"
    )


# --- e-mail ----------------------------------------------------------------------------------------


def _body(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def _subject(message: Message) -> str:
    from email.header import decode_header, make_header

    return re.sub(r"\r?\n", "", str(make_header(decode_header(message["Subject"]))))


def mail_to(smtp_server, address: str, subject_has: str) -> tuple[str, str]:
    """The (subject, text) of the message to ``address`` whose subject has ``subject_has``, once the
    SMTP server has received it."""

    def found():
        for message in smtp_server.messages:
            if address in message["To"] and subject_has.lower() in _subject(message).lower():
                return _subject(message), _body(message)
        return None

    assert wait_until(lambda: found() is not None, timeout=BROWSER_TIMEOUT_MS / 1000), (
        f"no e-mail to {address} about {subject_has!r}: {[_subject(m) for m in smtp_server.messages]}"
    )
    return found()  # type: ignore[return-value]


def path_in(text: str, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + ")", text)
    assert match, f"no link like {pattern} in:\n{text}"
    return match.group(1)


# --- the path ---------------------------------------------------------------------------------------


def _logged_in_page(browser, live_server, user):
    """A browser of someone already logged in (the coordinator), in Dutch."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 390, "height": 844}
    )
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    return context, page


@pytest.mark.parametrize("language,locale", [("nl", "nl-NL"), ("en", "en-GB")])
def test_a_resident_goes_the_whole_way_with_the_keyboard(
    browser, live_server, settings, smtp_server, language, locale
):
    from veerkracht.accounts.models import User
    from veerkracht.participation.models import Idea, Support
    from veerkracht.participation.session_models import CoSession, SessionRegistration
    from veerkracht.participation.session_services import session_cancel

    settings.DEMO_MODE = True
    settings.SITE_URL = live_server.url
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    smtp_server.messages.clear()
    t = TEXT[language]
    address = f"lotte.{language}@example.org"

    context = browser.new_context(
        base_url=live_server.url, locale=locale, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    main = page.locator("main")

    # the public challenge page, from a link on the municipality's website; Dutch comes first, an
    # English reader chooses English in the header
    page.goto(PUBLIC_PAGE)
    looked_at(page, "nl")
    if language == "en":
        press(page, page.get_by_role("button", name="English"))
        looked_at(page, "en")

    # --- sign up as a resident and confirm the address ---------------------------------------------
    press(page, main.get_by_role("link", name=t["see_ideas"]))
    looked_at(page, language)
    press(page, main.get_by_role("link", name=t["join_link"]))
    looked_at(page, language)
    main.get_by_role("heading", name=t["join_heading"]).wait_for()
    type_into(page, page.get_by_label(t["name"], exact=True), "Lotte de Wit")
    type_into(page, page.get_by_label(t["email"], exact=True), address)
    type_into(page, page.get_by_label(t["password"], exact=True), PASSWORD)
    choose(page, page.get_by_label(t["municipality"], exact=True), "Gemeente Veerdam")
    type_into(page, page.get_by_label(t["hours"], exact=True), "2")
    tab_to(page, page.get_by_label(t["consent"]))
    page.keyboard.press("Space")
    press(page, main.get_by_role("button", name=t["join"], exact=True))
    looked_at(page, language)
    main.get_by_role("heading", name=t["check_mail"]).wait_for()

    _subject_line, text = mail_to(smtp_server, address, t["confirm_subject"])
    page.goto(path_in(text, r"/samenwerken/meedoen/bevestigen/[\w-]+/"))
    looked_at(page, language)
    press(page, main.get_by_role("button", name=t["confirm"]))
    looked_at(page, language)
    resident = User.objects.get(email=address)
    assert resident.is_active and resident.talent.email_confirmed_at is not None

    press(page, main.get_by_role("link", name=t["log_in"]))
    looked_at(page, language)
    type_into(page, main.get_by_label(t["email"], exact=True), address)
    type_into(page, main.get_by_label(t["password"], exact=True), PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    looked_at(page, language)

    # --- an idea, with the similar ideas shown while typing ---------------------------------------
    page.goto(PUBLIC_PAGE)
    looked_at(page, language)
    press(page, main.get_by_role("link", name=t["submit_idea"]))
    looked_at(page, language)
    type_into(page, page.get_by_label(t["title"], exact=True), MY_IDEA)
    similar = page.locator("#similar")
    similar.get_by_role("heading", name=t["similar"]).wait_for()
    similar.get_by_role("link", name=SIMILAR).wait_for()
    looked_at(page, language)
    type_into(
        page,
        page.get_by_label(t["idea"], exact=True),
        "Elke donderdag koffie en de krant in de bibliotheek, met vrijwilligers die ouderen ophalen.",
    )
    press(page, main.get_by_role("button", name=t["submit"], exact=True))
    looked_at(page, language)
    main.get_by_text(t["received"]).wait_for()
    idea = Idea.objects.get(title=MY_IDEA)
    assert idea.author == resident and idea.challenge.slug == CHALLENGE and idea.state == "ontvangen"

    # --- support someone else's idea ---------------------------------------------------------------
    press(page, main.get_by_role("link", name=t["all_ideas"]))
    looked_at(page, language)
    press(page, main.get_by_role("link", name=OTHER_IDEA))
    looked_at(page, language)
    press(page, main.get_by_role("button", name=t["support"]))
    looked_at(page, language)
    main.get_by_text(t["supported"]).first.wait_for()
    assert Support.objects.filter(idea__title=OTHER_IDEA, user=resident).count() == 1

    # --- a full session: the waiting list; a place comes free ---------------------------------------
    page.goto(PUBLIC_PAGE)
    looked_at(page, language)
    press(page, main.get_by_role("link", name=t["see_sessions"]))
    looked_at(page, language)
    press(page, main.get_by_role("link", name=SESSION))
    looked_at(page, language)
    press(page, main.get_by_role("button", name=t["waiting_list"]))
    looked_at(page, language)
    main.get_by_text(t["on_the_list"]).wait_for()
    session = CoSession.objects.get(title=SESSION)
    mine = SessionRegistration.objects.get(session=session, user=resident)
    assert mine.status == "waiting"
    mail_to(smtp_server, address, t["waiting_subject"])

    # those before the resident on the waiting list give up, then someone with a place cancels
    ahead = SessionRegistration.objects.filter(
        session=session, status="waiting", queued_at__lt=mine.queued_at
    )
    for registration in ahead.select_related("user"):
        session_cancel(session=session, by=registration.user)
    with_place = SessionRegistration.objects.filter(session=session, status="registered").first()
    session_cancel(session=session, by=with_place.user)
    mine.refresh_from_db()
    assert mine.status == "registered"
    _subject_line, text = mail_to(smtp_server, address, t["moved_up_subject"])
    page.goto(path_in(text, rf"/meedoen/sessies/{session.pk}/"))
    looked_at(page, language)
    main.get_by_text(t["registered"]).wait_for()

    # --- the coordinator adopts the idea (with the keyboard too) ------------------------------------
    coordinator = idea.challenge.agenda.coordinators.order_by("pk").first()
    coordinator_context, desk = _logged_in_page(browser, live_server, coordinator)
    desk.goto(f"/meedoen/ideeen/{idea.pk}/")
    looked_at(desk, "nl")
    choose(desk, desk.get_by_label("Nieuwe status"), "overgenomen")
    type_into(desk, desk.get_by_label(re.compile("^Wat het is geworden")), OUTCOME)
    press(desk, desk.get_by_role("button", name="Wijzig de status"))
    looked_at(desk, "nl")
    coordinator_context.close()
    idea.refresh_from_db()
    assert idea.state == "overgenomen" and idea.outcome == OUTCOME

    subject, text = mail_to(smtp_server, address, MY_IDEA)
    assert t["adopted"] in subject and t["your_idea_mail"] in text and OUTCOME in text, (subject, text)

    # --- the answer on the public challenge page ----------------------------------------------------
    page.goto(PUBLIC_PAGE)
    looked_at(page, language)
    answers = main.get_by_role("list", name=t["answers"])
    answers.get_by_text(MY_IDEA).wait_for()
    assert OUTCOME in answers.inner_text()
    context.close()
