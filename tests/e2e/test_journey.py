"""One challenge through the whole method, in the browser, by the people who do each step.

signal (coordinator) → agenda: stakeholders, scores, status → measure: a monitor wave, a respondent on
a phone, answers imported from another tool, the report → team: needs, a proposed team, invitations, a
member who accepts → govern: an objective agreed by regisseur and board, a mandate, execution, a
measurement, the council page and the public decision log → organise: a need for hours, a partner's
pledge, accepted and booked, the figures on the resources page; a lesson written and found again by
the Dutch search; the partner in the municipality's partner network → ideas and sessions: the challenge
published, a resident's idea from the public page on a phone, a co-creation session planned, the
resident registered, attendance and minutes recorded, and an action that adopts the idea
("overgenomen", linked to the lesson it became), shown on the idea and the public challenge page → pilot:
a hypothesis measured with the objective's indicator, inside the mandate, run, evaluated with the team's
conclusion, the earlier lesson linked, and scaled up by the regisseur as a go/no-go in the decision log
(the exported log verifies) → plan van aanpak: the analysis, two generated versions with the team's own
text and what changed, the figures of the earlier steps in it, sent to the board and read by the council.
Every later part of the method extends this test, so that the parts stay one product. Each step uses
only what the person sees on the page (labels and links), and checks the outcome both on the page and
in the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
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

    # --- d. govern: objectives agreed by regisseur and board, a mandate, the council informed -----
    from veerkracht.governance.models import Decision, DecisionChain, Mandate, Objective

    # before anything is agreed, the challenge cannot go into execution: the page says why
    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/status/")
    coordinator.locator("input[name=to][value=in_uitvoering]").check()
    submit(coordinator)
    challenge.refresh_from_db()
    assert challenge.status == "team_in_vorming"
    assert "mandaat" in coordinator.locator("main").inner_text().lower()

    regisseur.goto(f"/besturen/opgaven/{challenge.slug}/")
    regisseur.get_by_role("link", name="Een doel voorstellen").click()
    start, end = today - dt.timedelta(days=60), today + dt.timedelta(days=2 * 365 - 60)
    for name, value in {
        "code": "O1",
        "name": "Minder eenzaamheid onder 75-plussers in Veerhuizen",
        "ind-0-code": "I1",
        "ind-0-name": "Aandeel 75-plussers dat zich (zeer) eenzaam voelt",
        "ind-0-unit": "%",
        "ind-0-baseline_date": start.isoformat(),
        "ind-0-baseline_value": "33",
        "ind-0-target_date": end.isoformat(),
        "ind-0-target_value": "25",
    }.items():
        regisseur.locator(f"[name='{name}']").fill(value)
    submit(regisseur)
    objective = Objective.objects.get(challenge=challenge, code="O1")
    regisseur.goto(f"/besturen/opgaven/{challenge.slug}/")
    regisseur.get_by_role("button", name="Bevestigen als innovatieregisseur").click()
    regisseur.wait_for_load_state()
    accessible(regisseur)

    board = person(browser, live_server, "bestuurder@veerdam.example")
    board.goto("/besturen/")
    waiting = board.locator("main").inner_text()
    assert "Wacht op u" in waiting and TITLE in waiting
    accessible(board)
    board.goto(f"/besturen/opgaven/{challenge.slug}/")
    board.get_by_role("button", name="Bevestigen namens het bestuur").click()
    board.wait_for_load_state()
    objective.refresh_from_db()
    assert objective.state == "overeengekomen" and objective.agreement is not None
    assert objective.agreement.kind == "doelwijziging"

    board.get_by_role("link", name="Het mandaat en de experimenteerruimte").click()
    board.get_by_role("link", name="Mandaat geven").click()
    for name, value in {
        "scope": "Een wijkaanpak tegen eenzaamheid in Veerhuizen met huisartsen, welzijn en de corporatie.",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=365)).isoformat(),
        "budget": "120000",
        "hours": "1600",
        "decides_alone": "Werkbudget tot € 10.000 per activiteit en de samenstelling van het team",
        "ruimte-0-rule": "Inkoopregels tot € 25.000: onderhands gunnen aan lokale welzijnsorganisaties",
        "ruimte-0-until": (today + dt.timedelta(days=365)).isoformat(),
    }.items():
        board.locator(f"[name='{name}']").fill(value)
    accessible(board)
    submit(board)
    mandate = Mandate.objects.get(challenge=challenge, state="gegeven")
    assert mandate.experiment_rules.count() == 1 and mandate.decision.kind == "mandaat"
    accessible(board)

    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/status/")
    coordinator.locator("input[name=to][value=in_uitvoering]").check()
    submit(coordinator)
    challenge.refresh_from_db()
    assert challenge.status == "in_uitvoering"

    # the regisseur enters the first measurement; the chart and its table show it
    regisseur.goto(f"/besturen/opgaven/{challenge.slug}/")
    regisseur.get_by_role("link", name="Metingen invoeren of importeren").first.click()
    regisseur.locator("[name='date']").fill((today - dt.timedelta(days=1)).isoformat())
    regisseur.locator("[name='value']").fill("31,5")
    regisseur.get_by_role("button", name="Meting opslaan").click()
    regisseur.wait_for_load_state()
    indicator = objective.indicators.get()
    assert [str(m.value.normalize()) for m in indicator.measurements.all()] == ["31.5"]
    regisseur.goto(f"/besturen/indicatoren/{indicator.pk}/")
    assert regisseur.locator("main svg[role=img]").count() == 1
    assert "31,5" in regisseur.locator("main table").inner_text()
    accessible(regisseur)

    # the council member reads it on the council page; anyone can check the public decision log
    council = person(browser, live_server, "raadslid@veerdam.example")
    municipality = challenge.agenda.municipality
    council.goto(f"/besturen/raad/{municipality.slug}/")
    assert TITLE in council.locator("main").inner_text()
    assert council.get_by_role("button", name="Bevestigen namens het bestuur").count() == 0
    accessible(council)
    visitor = person(browser, live_server, None)
    visitor.goto(f"/besturen/besluiten/{municipality.slug}/")
    head = DecisionChain.objects.get(municipality=municipality).head
    assert head in visitor.locator("main").inner_text()
    ours = Decision.objects.filter(challenge=challenge).values_list("kind", flat=True)
    assert sorted(ours) == ["doelwijziging", "mandaat"]
    accessible(visitor)

    # --- e. organise: a need, a partner's pledge, accepted and booked; a lesson; the network -------
    from veerkracht.community.models import Lesson
    from veerkracht.resources.models import LedgerEntry, Need, Pledge

    regisseur.goto(f"/agenda/opgaven/{challenge.slug}/")
    regisseur.goto(f"/organiseren/opgaven/{challenge.slug}/")
    regisseur.get_by_role("heading", name="Behoefte toevoegen").wait_for()
    need_form = regisseur.locator("main form", has=regisseur.locator("[name=description]"))
    need_form.locator("[name=kind]").select_option(value="uren")
    need_form.locator("[name=description]").fill("Huismeesters die ouderen thuis bezoeken")
    need_form.locator("[name=quantity]").fill("40")
    regisseur.get_by_role("button", name="Behoefte toevoegen").click()
    regisseur.wait_for_load_state()
    need = Need.objects.get(challenge=challenge)
    assert need.kind == "uren" and need.quantity == 40
    regisseur.get_by_role("heading", name=re.compile("Huismeesters die ouderen thuis bezoeken")).wait_for()
    accessible(regisseur)

    # the partner contact pledges 24 of the 40 hours for the housing corporation
    partner = person(browser, live_server, "partnercontact@veerdam.example")
    partner.goto(f"/organiseren/opgaven/{challenge.slug}/")
    partner.get_by_role("link", name="Iets toezeggen voor deze behoefte").click()
    partner.locator("main [name=organisation]").select_option(label="Woonstichting Veerdam Wonen")
    partner.locator("main [name=quantity]").fill("24")
    partner.get_by_role("button", name="Toezegging doen").click()
    partner.wait_for_load_state()
    pledge = Pledge.objects.get(need=need)
    assert pledge.state == "voorgesteld" and pledge.quantity == 24

    # the regisseur accepts it
    regisseur.goto(f"/organiseren/opgaven/{challenge.slug}/")
    regisseur.get_by_role("button", name="Accepteren").click()
    regisseur.wait_for_load_state()
    pledge.refresh_from_db()
    assert pledge.state == "geaccepteerd"

    # the partner books 6 hours of one of its people for this week
    monday = today - dt.timedelta(days=today.weekday())
    partner.goto(f"/organiseren/opgaven/{challenge.slug}/")
    partner.get_by_role("link", name="Levering boeken").click()
    partner.locator("main [name=quantity]").fill("6")
    partner.locator("main [name=person]").select_option(label="Anouk Visser")
    partner.locator("main [name=week]").fill(monday.isoformat())
    partner.get_by_role("button", name="Boeken").click()
    partner.wait_for_load_state()
    entry = LedgerEntry.objects.get(pledge=pledge)
    assert entry.quantity == 6 and entry.week == monday

    # the resources page shows needed 40, pledged 24, delivered 6 (15 %) for the need
    regisseur.goto(f"/organiseren/opgaven/{challenge.slug}/")
    figures = regisseur.locator(f"article[aria-labelledby='need-{need.pk}']").inner_text()
    assert re.search(r"40\D+24\D+6\b", figures), figures
    assert "15%" in figures, figures
    partners = regisseur.get_by_role("table", name="Geaccepteerde toezeggingen en levering per partner")
    row = partners.locator("tbody tr", has_text="Woonstichting Veerdam Wonen").inner_text()
    assert re.search(r"24\s+6\s+18", row), row
    accessible(regisseur)

    # the regisseur writes down what was learned; a colleague finds it with the Dutch search
    regisseur.goto("/gemeenschap/")
    regisseur.get_by_role("link", name="Een les schrijven").click()
    regisseur.locator("[name=title]").fill("Huisbezoeken door vrijwilligers bereiken eenzame ouderen")
    regisseur.locator("[name=tried]").fill(
        "Vrijwilligers van de woningcorporatie en het welzijnswerk legden samen huisbezoeken af."
    )
    regisseur.locator("[name=outcome]").fill("Twee keer zoveel ouderen kwamen naar de koffieochtenden.")
    regisseur.locator("[name=domain]").select_option(value=str(challenge.domain_id))
    regisseur.locator("[name=municipality]").select_option(value=str(challenge.lead_municipality_id))
    regisseur.locator("[name=size_band]").select_option(index=2)
    regisseur.locator("[name=neighbourhood_type]").select_option(index=1)
    regisseur.locator("[name=challenge]").select_option(value=str(challenge.pk))
    regisseur.locator("[name=visibility]").select_option(value="gemeente")
    submit(regisseur)
    lesson = Lesson.objects.get(challenge=challenge)
    assert regisseur.url.endswith(f"/gemeenschap/lessen/{lesson.pk}/")
    accessible(regisseur)

    coordinator.goto("/gemeenschap/")
    coordinator.get_by_label("Lessen zoeken").fill("vrijwilliger huisbezoek")  # other forms of the words
    coordinator.get_by_label("Lessen zoeken").press("Enter")
    coordinator.wait_for_load_state()
    found = coordinator.get_by_role("link", name=re.compile("Huisbezoeken door vrijwilligers"))
    found.wait_for()
    assert coordinator.locator("main mark").count() >= 2  # the found words are marked
    accessible(coordinator)

    # the partner network of the municipality, computed again, has the partner in its table
    from veerkracht.network.models import NetworkJob

    coordinator.goto(f"/netwerk/{municipality.slug}/")
    before = NetworkJob.objects.filter(municipality=municipality).count()
    coordinator.get_by_role("button", name=re.compile("netwerk")).click()
    coordinator.wait_for_load_state()
    job = NetworkJob.objects.filter(municipality=municipality).order_by("-pk").first()
    assert NetworkJob.objects.filter(municipality=municipality).count() == before + 1
    for _ in range(60):  # the computation runs in the background: follow it by reloading
        job.refresh_from_db()
        if job.status == "done":
            break
        coordinator.wait_for_timeout(1000)
    assert job.status == "done", job.status
    coordinator.goto(f"/netwerk/{municipality.slug}/")
    coordinator.locator("main svg[role=img]").wait_for()
    network_text = coordinator.locator("main table").nth(1).inner_text()
    assert "Woonstichting Veerdam Wonen" in network_text
    accessible(coordinator)

    # --- f. ideas and sessions: a resident's idea adopted through a co-creation session ------------
    from veerkracht.participation.models import Idea
    from veerkracht.participation.session_models import CoSession, SessionAction, SessionRegistration

    # the coordinator publishes the challenge, so that residents can see it and bring in ideas
    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/")
    coordinator.get_by_role("button", name="Publiceren").click()
    coordinator.wait_for_load_state()
    challenge.refresh_from_db()
    assert challenge.is_public

    # a resident, on a phone, submits an idea from the public challenge page
    resident = person(browser, live_server, "inwoner@veerdam.example", width=390)
    resident.goto(f"/agenda/openbaar/opgaven/{challenge.slug}/")
    resident.get_by_role("link", name="Dien een idee in").click()
    resident.get_by_label("Titel", exact=True).fill("Huismeesters letten op eenzaamheid bij hun bezoek")
    resident.get_by_label("Je idee", exact=True).fill(
        "Huismeesters komen toch al bij ouderen over de vloer. Laat ze vragen hoe het gaat en "
        "doorverwijzen naar de koffieochtenden."
    )
    resident.get_by_role("button", name="Dien het idee in").click()
    resident.wait_for_load_state()
    idea = Idea.objects.get(challenge=challenge)
    assert idea.author.email == "inwoner@veerdam.example" and idea.state == "ontvangen"
    resident.get_by_role("heading", name=idea.title).wait_for()
    accessible(resident)

    # the coordinator plans a co-creation session; the resident registers for it
    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/")
    coordinator.get_by_role("link", name="Plan een sessie").click()
    evening = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(19, 0))
    coordinator.get_by_label("Titel", exact=True).fill("Ontwerpavond: huisbezoeken tegen eenzaamheid")
    coordinator.get_by_label("Wat we gaan doen").fill(
        "Huismeesters, welzijn en bewoners ontwerpen het huisbezoek."
    )
    coordinator.get_by_label("Begint").fill(evening.strftime("%Y-%m-%dT%H:%M"))
    coordinator.get_by_label("Eindigt").fill((evening + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    coordinator.get_by_label(re.compile(r"^Plaats\b")).fill("Wijkcentrum Veerhuizen, zaal 2")
    coordinator.get_by_label("Plaatsen").fill("12")
    submit(coordinator)
    session = CoSession.objects.get(challenge=challenge)
    assert session.capacity == 12 and session.place == "Wijkcentrum Veerhuizen, zaal 2"

    resident.goto(f"/agenda/openbaar/opgaven/{challenge.slug}/")
    resident.get_by_role("link", name="Bekijk de sessies").click()
    resident.get_by_role("link", name=session.title).click()
    resident.get_by_role("button", name="Aanmelden", exact=True).click()
    resident.wait_for_load_state()
    resident.get_by_text("Je bent aangemeld voor deze sessie.").wait_for()
    registration = SessionRegistration.objects.get(session=session, user=idea.author)
    assert registration.status == "registered"

    # the evening has passed: the coordinator records who came, the minutes and an action that adopts
    # the idea, linked to the lesson it became
    CoSession.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - dt.timedelta(days=8), ends_at=session.ends_at - dt.timedelta(days=8)
    )
    coordinator.goto(f"/meedoen/opgaven/{challenge.slug}/sessies/")
    coordinator.get_by_role("link", name=session.title).click()
    coordinator.get_by_label(f"{idea.author.full_name} was aanwezig").check()
    coordinator.get_by_role("button", name="Aanwezigheid opslaan").click()
    coordinator.wait_for_load_state()
    coordinator.get_by_label("Uitkomsten").fill("Huismeesters vragen bij elk bezoek hoe het gaat.")
    coordinator.get_by_role("button", name="Verslag opslaan").click()
    coordinator.wait_for_load_state()
    lesson_url = f"{live_server.url}/gemeenschap/lessen/{lesson.pk}/"
    coordinator.get_by_label("Actie", exact=True).fill(
        "Huisbezoek met vragenlijst invoeren bij de corporatie"
    )
    coordinator.get_by_label("Eigenaar").fill("Woonstichting Veerdam Wonen")
    coordinator.get_by_label("Uiterlijk").fill((today + dt.timedelta(days=30)).isoformat())
    coordinator.get_by_label(re.compile(r"^Link\b")).fill(lesson_url)
    coordinator.get_by_label(re.compile(r"^Idee\b")).select_option(label=idea.title)
    coordinator.get_by_label("Nieuwe status van het idee").select_option(label="overgenomen")
    coordinator.get_by_role("button", name="Actie toevoegen").click()
    coordinator.wait_for_load_state()
    mail.outbox.clear()
    coordinator.get_by_role("button", name="Doorvoeren bij het idee").click()
    coordinator.wait_for_load_state()
    registration.refresh_from_db()
    session.refresh_from_db()
    idea.refresh_from_db()
    action = SessionAction.objects.get(session=session)
    assert registration.attended and session.outcomes.startswith("Huismeesters vragen")
    assert action.applied_at is not None and action.idea == idea
    assert idea.state == "overgenomen" and idea.outcome_url == lesson_url
    assert [m.to for m in mail.outbox] == [[idea.author.email]]  # the author hears it
    minutes = coordinator.locator("main").inner_text()
    assert "Huismeesters vragen bij elk bezoek" in minutes and "status gewijzigd" in minutes
    accessible(coordinator)

    # everyone sees what became of the idea, with the link to the lesson
    visitor.goto(f"/meedoen/ideeen/{idea.pk}/")
    visitor.get_by_role("heading", name="Wat het is geworden").wait_for()
    assert visitor.get_by_role("link", name="Meer hierover").get_attribute("href") == lesson_url
    visitor.goto(f"/agenda/openbaar/opgaven/{challenge.slug}/")
    assert idea.title in visitor.get_by_role("list", name="Beantwoorde ideeën").inner_text()
    accessible(visitor)

    # --- g. pilot: a hypothesis tested inside the mandate, evaluated and scaled up ------------------
    from veerkracht.plans.models import Pilot

    pilot_title = "Huisbezoek door huismeesters in Veerhuizen"
    regisseur.goto(f"/agenda/opgaven/{challenge.slug}/")
    regisseur.get_by_role("link", name="Een nieuwe pilot starten").click()
    regisseur.get_by_label("Titel", exact=True).fill(pilot_title)
    regisseur.get_by_label("Als wij …").fill(
        "Huismeesters vragen bij elk bezoek aan een 75-plusser hoe het gaat."
    )
    regisseur.get_by_label("… dan verwachten wij …").fill(
        "Minder 75-plussers voelen zich (zeer) eenzaam, omdat meer van hen de koffieochtenden vinden."
    )
    regisseur.get_by_label(re.compile(r"I1 Aandeel 75-plussers")).check()
    regisseur.get_by_label(re.compile(r"^Wijk\b")).fill("Veerhuizen")
    regisseur.get_by_label(re.compile(r"^Doelgroep\b")).fill("Zelfstandig wonende 75-plussers")
    regisseur.get_by_label("Start", exact=True).fill(today.isoformat())
    regisseur.get_by_label("Einde", exact=True).fill((today + dt.timedelta(days=90)).isoformat())
    regisseur.get_by_label(re.compile("Huismeesters die ouderen thuis bezoeken")).check()
    accessible(regisseur)
    regisseur.get_by_role("button", name="De pilot opslaan").click()
    regisseur.wait_for_load_state()
    pilot = Pilot.objects.get(challenge=challenge)
    assert pilot.state == "voorbereiding" and list(pilot.indicators.all()) == [indicator]
    assert list(pilot.needs.all()) == [need]
    # inside the mandate (its period, 40 of the 1600 hours): the regisseur, its holder, decides
    assert "Mehmet Yılmaz" in regisseur.get_by_role("region", name="Volgende stap en go/no-go").inner_text()
    accessible(regisseur)

    regisseur.get_by_role("button", name="Naar “lopend”").click()
    regisseur.wait_for_load_state()
    regisseur.get_by_role("link", name="De conclusie schrijven").click()
    regisseur.get_by_label("De conclusie van het team").fill(
        "De hypothese klopt: het aandeel eenzame 75-plussers daalde. Het team adviseert opschalen."
    )
    regisseur.get_by_role("button", name="De conclusie opslaan").click()
    regisseur.wait_for_load_state()
    regisseur.get_by_role("button", name="Naar “geëvalueerd”").click()
    regisseur.wait_for_load_state()
    pilot.refresh_from_db()
    assert pilot.state == "geevalueerd" and pilot.conclusion.startswith("De hypothese klopt")

    # the lesson written earlier in the journey is the pilot's lesson; without one it cannot close
    regisseur.get_by_role("link", name="Een les schrijven of koppelen").click()
    regisseur.get_by_label("Een les van deze opgave").select_option(label=lesson.title)
    accessible(regisseur)
    regisseur.get_by_role("button", name="De les koppelen").click()
    regisseur.wait_for_load_state()
    assert list(pilot.lessons.all()) == [lesson]

    regisseur.get_by_role("link", name="De go/no-go nemen").click()
    regisseur.get_by_label("opgeschaald", exact=True).check()
    regisseur.get_by_label("Wat is besloten, en waarom").fill(
        "Opschalen naar alle wijken van Veerdam: de conclusie van het team en de les zijn overtuigend."
    )
    accessible(regisseur)
    regisseur.get_by_role("button", name="De go/no-go vastleggen").click()
    regisseur.wait_for_load_state()
    pilot.refresh_from_db()
    assert pilot.state == "opgeschaald" and pilot.decision is not None
    go = pilot.decision
    assert go.kind == "go-no-go" and go.challenge_id == challenge.pk
    assert json.loads(go.content)["refs"] == [f"pilot:{pilot.pk}"], go.content
    assert re.search(r"^\w+: Opgeschaald$", regisseur.locator("main").inner_text(), re.M)
    assert f"#{go.seq}" in regisseur.get_by_role("region", name="Volgende stap en go/no-go").inner_text()
    accessible(regisseur)

    # the go/no-go is the head of the public decision log, and the exported log verifies
    chain = DecisionChain.objects.get(municipality=municipality)
    assert chain.head == go.hash
    visitor.goto(f"/besturen/besluiten/{municipality.slug}/")
    assert go.hash in visitor.locator("main").inner_text()
    exported = io.StringIO()
    call_command("export_decisions", municipality=municipality.slug, public=True, stdout=exported)
    log_file = tmp_path / "besluiten.json"
    log_file.write_text(exported.getvalue())
    verification = io.StringIO()
    call_command("verify_decisions", input=str(log_file), head=chain.head, stdout=verification)
    assert json.loads(verification.getvalue())["valid"] is True, verification.getvalue()

    # --- h. plan van aanpak: generated, own text, compared, sent to the board, read by the council -
    from veerkracht.plans.version_models import PlanVersion

    coordinator.goto(f"/agenda/opgaven/{challenge.slug}/")
    hub = coordinator.get_by_role("region", name="Analyse en plan van aanpak")
    hub.get_by_role("link", name="Analyse van de huidige situatie").click()
    coordinator.get_by_role("heading", level=1, name=re.compile("Analyse van de huidige situatie")).wait_for()
    accessible(coordinator)
    coordinator.get_by_role("link", name="Het plan van aanpak").click()
    coordinator.get_by_label("Taal van het plan").select_option(label="Nederlands")
    coordinator.get_by_role("button", name="Een nieuwe versie maken met de cijfers van vandaag").click()
    coordinator.wait_for_load_state()
    first = PlanVersion.objects.get(challenge=challenge)
    assert first.number == 1 and first.language == "nl"
    # the plan's figures are the ones the earlier steps produced
    organisation_text = coordinator.locator("section[aria-labelledby='section-organisatie']").inner_text()
    assert re.search(r"40\s+24\s+6\s+16\b", organisation_text), organisation_text
    approach = coordinator.locator("section[aria-labelledby='section-aanpak']").inner_text()
    assert pilot_title in approach and "opgeschaald" in approach, approach
    steering = coordinator.locator("section[aria-labelledby='section-sturing']").inner_text()
    assert "1.600" in steering or "1600" in steering, steering
    accessible(coordinator)

    coordinator.get_by_label("Taal van het plan").select_option(label="Nederlands")
    coordinator.get_by_role("button", name="Een nieuwe versie maken met de cijfers van vandaag").click()
    coordinator.wait_for_load_state()
    own = "Na de pilot gaan de huismeesters in alle wijken van Veerdam op huisbezoek."
    coordinator.get_by_role("link", name="Eigen tekst bij “Aanpak” bewerken").click()
    coordinator.get_by_label("Uw eigen tekst bij dit onderdeel").fill(own)
    accessible(coordinator)
    coordinator.get_by_role("button", name="Opslaan", exact=True).click()
    coordinator.wait_for_load_state()
    second = PlanVersion.objects.get(challenge=challenge, number=2)
    assert own in coordinator.locator("section[aria-labelledby='section-aanpak']").inner_text()
    coordinator.get_by_role("link", name="Wat veranderde sinds versie 1").click()
    changed = coordinator.locator("main p:has-text('Onderdelen die veranderden:') + ul").inner_text()
    assert "Aanpak" in changed, changed
    assert own in coordinator.locator("section[aria-labelledby='change-aanpak']").inner_text()
    accessible(coordinator)

    coordinator.goto(f"/plannen/opgaven/{challenge.slug}/plan/versies/2/")
    coordinator.get_by_role("button", name="Versie 2 naar het bestuur sturen").click()
    coordinator.wait_for_load_state()
    second.refresh_from_db()
    assert second.is_sent and second.sent_to_board.kind == "besluit"
    assert second.sent_to_board.challenge_id == challenge.pk
    assert DecisionChain.objects.get(municipality=municipality).head == second.sent_to_board.hash
    assert re.search(rf"\b{second.sent_to_board.seq}\b", coordinator.locator("main dl").inner_text())

    # the council member can now read the plan that went to the board
    council.goto(f"/plannen/opgaven/{challenge.slug}/plan/")
    council_text = council.locator("main").inner_text()
    assert own in council_text and pilot_title in council_text
    assert council.get_by_role("button", name=re.compile("naar het bestuur sturen")).count() == 0
    accessible(council)
