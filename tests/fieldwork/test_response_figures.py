"""Response figures: the report's table counts every stored answer once (10.1), and no figure tied to a
group or organisation shows who answered in a group smaller than the report minimum (9.4) — on the
dashboard, in the report (page and PDF template) and in the XLSX export."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tests.fieldwork.factories import InvitationFactory, random_rows, store_responses
from veerkracht.fieldwork import exports, report, selectors
from veerkracht.fieldwork.models import Response, ResponseSource, ResponseStatus
from veerkracht.fieldwork.structure import structure_of

pytestmark = pytest.mark.django_db


def _complete(invitation, group):
    """An invitee answers (anonymous mode: the response keeps no link to the invitation)."""
    invitation.started = invitation.completed = True
    invitation.save()
    Response.objects.create(
        wave=invitation.wave,
        source=ResponseSource.INVITATION,
        status=ResponseStatus.COMPLETED,
        group=group,
        submitted_at=timezone.now(),
    )


def _open_link(wave, group, n):
    for _ in range(n):
        Response.objects.create(
            wave=wave,
            source=ResponseSource.OPEN_LINK,
            status=ResponseStatus.COMPLETED,
            group=group,
            submitted_at=timezone.now(),
        )


@pytest.fixture
def mixed_wave(wave_world, make_wave):
    """k=2. 'wonen': 3 invited, 2 answered; 1 invited without a group who answered as 'onderwijs';
    2 open-link answers in 'wonen'; 3 imported; one invitee removed after answering."""
    wave = make_wave(gesloten=True, k=2)
    wonen = [InvitationFactory(wave=wave, group="wonen", organisation="A") for _ in range(3)]
    _complete(wonen[0], "wonen")
    _complete(wonen[1], "wonen")
    free = InvitationFactory(wave=wave, group="", organisation="B")
    _complete(free, "onderwijs")
    gone = InvitationFactory(wave=wave, group="onderwijs", organisation="C")
    _complete(gone, "onderwijs")
    gone.delete()
    _open_link(wave, "wonen", 2)
    store_responses(wave, random_rows(wave, {"onderwijs": 3}, seed=9))
    return wave


def test_report_table_counts_each_stored_answer_once(mixed_wave):
    wave = mixed_wave
    lines = selectors.response_lines(wave, structure_of(wave.instrument), "nl")
    stored = Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED)
    assert sum(line.completed for line in lines) == stored.count() == 2 + 1 + 1 + 2 + 3
    by_key = {line.key: line for line in lines}
    assert by_key["open_link"].completed == stored.filter(source=ResponseSource.OPEN_LINK).count()
    assert by_key["open_link"].invited is None
    assert by_key["import"].completed == stored.filter(source=ResponseSource.IMPORT).count()
    assert by_key["removed"].completed == 1
    for line in lines:
        if line.invited is not None:
            assert line.completed <= line.invited
        if line.rate is not None:
            assert line.rate <= 100
    context = report.build(wave, language="nl")
    assert sum(r.completed for r in context["responses"]) == stored.count()


def test_groups_of_one_show_no_response_figures(wave_world, make_wave, client):
    wave = make_wave(gesloten=True, k=5)
    # a group of one that answered, at an organisation of one; a larger group with 6 answers
    alone = InvitationFactory(wave=wave, group="ondernemers", organisation="Bakkerij Solo")
    _complete(alone, "ondernemers")
    for i in range(8):
        invitation = InvitationFactory(wave=wave, group="zorg_welzijn", organisation=f"Zorg {i % 1}")
        if i < 6:
            _complete(invitation, "zorg_welzijn")
    store_responses(wave, random_rows(wave, {"zorg_welzijn": 6}, seed=1))
    structure = structure_of(wave.instrument)
    board = selectors.dashboard(wave, structure, "nl")
    solo_group = next(r for r in board.by_group if r.key == "ondernemers")
    solo_org = next(r for r in board.by_organisation if r.key == "Bakkerij Solo")
    assert solo_group.suppressed and solo_org.suppressed and solo_group.rate is None
    # with one row hidden, the next smallest is hidden too (no subtraction from the total)
    assert all(r.suppressed for r in board.by_group)

    client.force_login(wave_world.regisseur)
    with translation.override("nl"):
        page = client.get(f"/monitor/metingen/{wave.pk}/").content.decode()
    solo_row = re.search(r"Bakkerij Solo</th>(.*?)</tr>", page).group(1)
    assert "<td>1</td><td>1</td>" not in solo_row and "100%" not in solo_row

    context = report.build(wave, language="nl")
    line = next(r for r in context["responses"] if r.key == "ondernemers")
    assert line.suppressed and line.rate is None
    for template in ("fieldwork/report_page.html", "fieldwork/report_pdf.html"):
        html = render_to_string(template, {**context, "pdf": template.endswith("pdf.html")})
        row = re.search(r'<th scope="row">ondernemers</th>(.*?)</tr>', html, re.S)
        assert row is not None, template
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
        assert cells[1] == "&lt; 5" and "%" not in cells[2], (template, cells)

    book = openpyxl.load_workbook(io.BytesIO(exports.answers_xlsx(wave)))
    for row in book["scores"].iter_rows(min_row=2, values_only=True):
        if row[5] and row[5] != "zorg_welzijn":
            assert row[6] == exports.SUPPRESSED, row
