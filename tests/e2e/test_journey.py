"""One challenge through the whole method, in the browser, by the people who do each step.

signal (coordinator) → agenda: stakeholders, scores, status → measure: a monitor wave, a respondent on
a phone, answers imported from another tool, the report → team: needs, a proposed team, invitations, a
member who accepts → the challenge moves on. Every later part of the method extends this test, so that
the parts stay one product. Each step uses only what the person sees on the page (labels and links),
and checks the outcome both on the page and in the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Eenzaamheid onder ouderen in Veerhuizen"
PASSWORD = "veerkracht-demo"


def person(browser, live_server, email: str | None, *, width: int = 1280):
    """A browser of one person (Dutch, as the demo's people use it), logged in when ``email``."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    if email:
        page.goto("/account/login/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        assert "/account/login/" not in page.url, f"{email} could not log in"
    return page


def submit(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def links_in(messages, pattern: str) -> list[str]:
    found: list[str] = []
    for message in messages:
        found += re.findall(pattern, message.body)
    return found


def answer_survey(page) -> None:
    """Answer every question of the survey (the fourth option of every scale, the first choice of
    every list) and send it; ends on the thank-you page."""
    for _ in range(30):
        if "/bedankt/" in page.url:
            return
        for name in page.eval_on_selector_all(
            "main form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        ):
            options = page.locator(f"main form input[type=radio][name='{name}']")
            options.nth(min(3, options.count() - 1)).check()
        for select in page.locator("main form select").all():
            if not select.input_value():
                select.select_option(index=1)
        forward = [
            b
            for b in page.locator("main form button[type=submit]").all()
            if b.inner_text().strip() not in ("Vorige pagina", "Answer in English")
        ]
        forward[0].click()
        page.wait_for_load_state()
    raise AssertionError(f"the survey did not end: {page.url}")


def answers_file(wave, respondents: list[tuple[str, str]]) -> bytes:
    """An answers file as another survey tool exports it: respondent, group, one column per item."""
    from veerkracht.fieldwork.structure import structure_of

    codes = [item.code for d in structure_of(wave.instrument).dimensions for item in d.items]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["respondent", "group", *codes])
    for n, (ref, group) in enumerate(respondents):
        writer.writerow([ref, group, *[str(1 + (n + i) % 5) for i in range(len(codes))]])
    return out.getvalue().encode()


def test_one_challenge_through_the_method(browser, live_server, settings, tmp_path):
    from veerkracht.agenda.models import Challenge
    from veerkracht.fieldwork.models import Response, Wave

    settings.DEMO_MODE = True  # the demo's own accounts log in without a second factor
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    mail.outbox.clear()

    # --- a. signal and agenda: the coordinator names the challenge and puts it on the agenda -------
    coordinator = person(browser, live_server, "coordinator@veerdam.example")
    coordinator.goto("/agenda/")
    coordinator.get_by_role("link", name="Innovatieagenda Veerdam 2025–2028").click()
    coordinator.get_by_role("link", name="Nieuwe opgave").click()
    coordinator.get_by_label("Titel").fill(TITLE)
    coordinator.get_by_label("Probleemomschrijving").fill(
        "Een op de drie ouderen in Veerhuizen voelt zich eenzaam.\n\n"
        "Huisarts, wijkteam en woningcorporatie zien het, maar ieder apart en vaak te laat."
    )
    coordinator.get_by_label("Domein").select_option(index=1)
    coordinator.get_by_label("Innovatieregisseur (niet verplicht)").select_option(label="Mehmet Yılmaz")
    submit(coordinator)
    challenge = Challenge.objects.get(title=TITLE)
    assert challenge.status == "gesignaleerd"
    assert coordinator.get_by_role("heading", name=TITLE).is_visible()
    accessible(coordinator)

    for organisation in ("Woonstichting Veerdam Wonen", "Stichting Welzijn Veerdam", "Zorggroep De Linde"):
        coordinator.goto(f"/agenda/opgaven/{challenge.slug}/")
        coordinator.get_by_role("link", name="Belanghebbende toevoegen").click()
        coordinator.get_by_label("Organisatie").select_option(label=organisation)
        coordinator.locator("input[name=interest][value=high]").check()
        coordinator.locator("input[name=influence][value=medium]").check()
        submit(coordinator)
    assert challenge.stakeholders.count() == 3

    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/scoren/")
    for criterion in ("urgency", "impact", "feasibility", "innovation"):
        coordinator.locator(f"input[name={criterion}][value='4']").check()
    submit(coordinator)
    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/status/")
    coordinator.locator("input[name=to][value=geagendeerd]").check()
    submit(coordinator)
    challenge.refresh_from_db()
    assert challenge.status == "geagendeerd"

    # --- b. measure: the regisseur runs a monitor wave --------------------------------------------
    regisseur = person(browser, live_server, "regisseur@veerdam.example")
    regisseur.goto(f"/agenda/opgaven/{challenge.slug}/")
    regisseur.get_by_role("link", name="Naar Monitor").click()
    today = dt.date.today()
    regisseur.get_by_label("Veldwerk vanaf").fill(today.isoformat())
    regisseur.get_by_label("Veldwerk tot en met").fill((today + dt.timedelta(days=21)).isoformat())
    submit(regisseur)
    wave = Wave.objects.get(challenge=challenge)
    accessible(regisseur)

    regisseur.get_by_role("link", name="Respondenten").click()
    regisseur.get_by_label("Naam (niet verplicht)").fill("Gerda Bakker")
    regisseur.get_by_label("E-mailadres").fill("gerda.bakker@example.org")
    regisseur.get_by_label("Organisatie").fill("Woonstichting Veerdam Wonen")
    regisseur.locator("main form").first.locator("button[type=submit]").click()
    regisseur.wait_for_load_state()
    assert wave.invitations.count() == 1

    regisseur.goto(f"/monitor/metingen/{wave.pk}/")
    regisseur.get_by_role("link", name="Veldwerk openen").click()
    regisseur.get_by_role("button", name="Bevestigen").click()
    regisseur.wait_for_load_state()
    wave.refresh_from_db()
    challenge.refresh_from_db()
    assert wave.state == "open"
    assert challenge.status == "in_meting"

    # the respondent answers on a phone, from the link in the invitation
    survey_links = links_in(mail.outbox, r"https?://[^/\s]+(/v/[\w-]+/)")
    assert survey_links, "the invitation was not sent"
    respondent = person(browser, live_server, None, width=390)
    respondent.goto(survey_links[-1])
    accessible(respondent)
    answer_survey(respondent)
    assert Response.objects.filter(wave=wave, status="completed").count() == 1

    # the other stakeholders answered in another survey tool: the regisseur imports their answers
    groups = ["wonen", "zorg_welzijn", "gemeente_uitvoering", "maatschappelijk", "inwoners"]
    rows = [(f"extern-{n:02d}", groups[n % len(groups)]) for n in range(11)]
    answers = tmp_path / "antwoorden.csv"
    answers.write_bytes(answers_file(wave, rows))
    regisseur.goto(f"/monitor/metingen/{wave.pk}/importeren/")
    regisseur.get_by_label("Antwoordenbestand (CSV)").set_input_files(str(answers))
    submit(regisseur)
    assert Response.objects.filter(wave=wave).count() == 12

    regisseur.goto(f"/monitor/metingen/{wave.pk}/stap/close/")
    regisseur.get_by_role("button", name="Bevestigen").click()
    regisseur.goto(f"/monitor/metingen/{wave.pk}/stap/report/")
    regisseur.get_by_role("button", name="Bevestigen").click()
    regisseur.wait_for_load_state()
    wave.refresh_from_db()
    assert wave.state == "gerapporteerd"
    regisseur.goto(f"/monitor/metingen/{wave.pk}/rapport/")
    assert regisseur.get_by_role("heading", level=1).is_visible()
    accessible(regisseur)

    # --- c. team: needs, a proposed team, invitations, a member who accepts -----------------------
    regisseur.goto(f"/samenwerken/opgaven/{challenge.slug}/team/behoeften/")
    regisseur.get_by_label("Teamgrootte").fill("5")
    regisseur.get_by_label("Minimaal aantal organisaties").fill("3")
    regisseur.get_by_label("Minimaal aantal inwoners").fill("1")
    regisseur.get_by_label("Minimaal aantal uren per week per lid").fill("2")
    for row, level in ((1, "2"), (2, "3"), (3, "2")):
        regisseur.get_by_label(f"Minimumniveau (1–5) (rij {row})").fill(level)
        regisseur.get_by_label(f"Aantal mensen (rij {row})").fill("1")
    submit(regisseur)
    regisseur.get_by_role("button", name="Stel een team voor").click()
    regisseur.wait_for_load_state()
    invite = regisseur.get_by_role("button", name="Nodig deze mensen uit")
    invite.wait_for()
    accessible(regisseur)
    mail.outbox.clear()
    invite.click()
    regisseur.wait_for_load_state()
    team = challenge.innovation_team
    assert team.members.count() == 5

    invitation_links = links_in(mail.outbox, r"https?://[^/\s]+(/samenwerken/uitnodiging/[\w-]+/)")
    assert len(invitation_links) == 5
    member = person(browser, live_server, None)
    member.goto(invitation_links[0])
    if "/account/login/" in member.url:  # the invitee has an account: they answer as themselves
        user = team.members.order_by("pk").first().profile.user
        user.set_password(PASSWORD)
        user.save()
        member.locator("#id_username").fill(user.email)
        member.locator("#id_password").fill(PASSWORD)
        member.locator("main button[type=submit]").click()
        member.wait_for_load_state()
    accessible(member)
    member.get_by_label("Ja, ik doe mee in het team").check()
    submit(member)
    assert team.members.filter(status="accepted").count() == 1

    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/status/")
    coordinator.locator("input[name=to][value=team_in_vorming]").check()
    submit(coordinator)
    challenge.refresh_from_db()
    assert challenge.status == "team_in_vorming"
    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/")
    # the challenge's page shows where the team stands: one accepted, four still invited
    hub_text = coordinator.locator("main").inner_text()
    assert re.search(r"Team: 1 \w+, 4 \w+, 0 \w+", hub_text), hub_text
    accessible(coordinator)
