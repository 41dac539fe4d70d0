"""Measurements: one by hand, a file imported all or nothing (every bad row named), the signal after
commit, and measurements taken from the monitor's dimension series."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tests.governance.objective_world import gw, make_objective  # noqa: F401
from veerkracht.agenda import readings
from veerkracht.governance.models import Indicator, Measurement
from veerkracht.governance.services.objectives import (
    MeasurementError,
    record_measurements,
    sync_monitor_measurements,
)
from veerkracht.governance.signals import measurements_recorded

pytestmark = pytest.mark.django_db


def post_one(client, objective, **data):
    return client.post(reverse("governance:measurements", args=[objective.pk]), {"action": "enter", **data})


def test_enter_by_hand_and_refusals_keep_input(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)  # baseline 2026-01-01
    client.force_login(gw.regisseur)
    response = post_one(client, objective, indicator="I1", date="2026-03-01", value="43,5", note="eerste")
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert (m.date, m.value, m.note, m.source) == (date(2026, 3, 1), Decimal("43.5"), "eerste", "hand")

    response = post_one(client, objective, indicator="I1", date="2026-03-01", value="44")
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["er is al een meting op deze datum"]
    assert 'value="44"' in response.content.decode()

    response = post_one(client, objective, indicator="I1", date="2025-12-31", value="44")
    assert response.context["form"].errors["date"] == ["vóór de datum van de nulmeting (1 januari 2026)"]
    assert Measurement.objects.count() == 1


def test_owner_may_enter(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    objective.owner = gw.contact
    objective.save()
    client.force_login(gw.contact)
    assert post_one(client, objective, indicator="I1", date="2026-03-01", value="41").status_code == 302
    assert Measurement.objects.count() == 1


def upload(client, objective, name, content):
    return client.post(
        reverse("governance:measurements", args=[objective.pk]),
        {"action": "import", "file": SimpleUploadedFile(name, content)},
    )


def test_import_refused_as_a_whole_naming_every_row(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    Measurement.objects.create(indicator=objective.indicators.get(), date=date(2026, 2, 1), value=41)
    csv = (
        b"indicator;datum;waarde;toelichting\n"
        b"I1;2026-03-01;42;goed\n"  # row 2: fine
        b"I9;2026-04-01;43;\n"  # row 3: no such indicator
        b"I1;2026-13-01;43;\n"  # row 4: not a date
        b"I1;2026-05-01;veel;\n"  # row 5: not a number
        b"I1;2025-06-01;44;\n"  # row 6: before the baseline
        b"I1;2026-02-01;44;\n"  # row 7: already measured
        b"I1;2026-03-01;45;\n"  # row 8: same date as row 2
    )
    client.force_login(gw.coordinator)
    response = upload(client, objective, "metingen.csv", csv)
    assert response.status_code == 200
    assert response.context["problems"] == [
        "Regel 3, indicatorcode: dit doel heeft geen indicator I9",
        "Regel 4, datum: geen datum (schrijf 2027-03-31 of 31-03-2027)",
        "Regel 5, waarde: geen getal (hoogstens zes decimalen)",
        "Regel 6, datum: vóór de datum van de nulmeting (1 januari 2026)",
        "Regel 7, datum: er is al een meting op deze datum",
        "Regel 8, datum: dezelfde datum als regel 2",
    ]
    assert Measurement.objects.count() == 1  # nothing written, not even row 2


def test_import_csv_with_commas_and_xlsx(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    Indicator.objects.create(
        objective=objective,
        code="I2",
        name="Twee",
        baseline_date=date(2026, 1, 1),
        baseline_value=0,
        target_date=date(2027, 1, 1),
        target_value=10,
    )
    client.force_login(gw.regisseur)
    csv = b'indicator,date,value,note\nI1,2026-03-01,42.5,\ni2,01-04-2026,"3,5",via komma\n'
    assert upload(client, objective, "m.csv", csv).status_code == 302
    assert set(Measurement.objects.values_list("indicator__code", "date", "value", "source")) == {
        ("I1", date(2026, 3, 1), Decimal("42.5"), "import"),
        ("I2", date(2026, 4, 1), Decimal("3.5"), "import"),
    }
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator code", "Date", "Value", "Note"])
    sheet.append(["I1", date(2026, 5, 1), 44, "uit Excel"])
    sheet.append(["I2", "2026-05-01", 4.25, None])
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(client, objective, "m.xlsx", buffer.getvalue()).status_code == 302
    assert Measurement.objects.count() == 4
    assert Measurement.objects.get(indicator__code="I2", date=date(2026, 5, 1)).value == Decimal("4.25")


def test_unreadable_files_refused(client, gw):  # noqa: F811
    objective = make_objective(gw.challenge)
    client.force_login(gw.regisseur)
    response = upload(client, objective, "m.xlsx", b"not a workbook")
    assert "Dit is geen leesbaar Excel-bestand (.xlsx)." in response.context["upload"].errors["file"]
    response = upload(client, objective, "m.csv", b"a;b;c\n1;2;3\n")
    assert "ontbreekt: indicatorcode, datum, waarde" in response.context["upload"].errors["file"][0]
    assert not Measurement.objects.exists()


def test_service_sends_the_signal_after_commit(gw, django_capture_on_commit_callbacks):  # noqa: F811
    objective = make_objective(gw.challenge)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    measurements_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            created = record_measurements(
                objective.indicators.get(),
                [{"date": "2026-02-01", "value": 41}],
                by=gw.regisseur,
                source="api",
            )
        assert len(received) == 1
        assert received[0]["challenge_id"] == gw.challenge.pk
        assert received[0]["indicator_ids"] == (created[0].indicator_id,)
        with pytest.raises(MeasurementError), django_capture_on_commit_callbacks(execute=True):
            record_measurements(
                objective, [{"indicator": "I1", "date": "2026-02-01", "value": 1}], by=gw.regisseur
            )
        assert len(received) == 1
    finally:
        measurements_recorded.disconnect(receiver)


def test_monitor_series_become_measurements_once(client, gw, monkeypatch):  # noqa: F811
    objective = make_objective(gw.challenge, source="monitor", monitor_dimension="samenwerking")
    make_objective(gw.challenge, code="O2")  # not from the monitor: untouched

    # a test double of the registry's provider (what the monitor registers in production)
    def provider(challenge, code):
        if challenge.pk == gw.challenge.pk and code == "samenwerking":
            return [(date(2025, 6, 1), 3.0), (date(2026, 6, 30), 3.4), (date(2027, 1, 15), 3.7)]
        return []

    monkeypatch.setattr(readings, "_SERIES_PROVIDERS", [provider])
    assert sync_monitor_measurements(gw.challenge) == 2  # the 2025 wave is before the baseline
    assert sync_monitor_measurements(gw.challenge) == 0
    stored = list(objective.indicators.get().measurements.values_list("date", "value", "source"))
    assert stored == [
        (date(2026, 6, 30), Decimal("3.4"), "monitor"),
        (date(2027, 1, 15), Decimal("3.7"), "monitor"),
    ]
    client.force_login(gw.bestuurder)  # the button is for the regisseur and coordinators
    assert client.post(reverse("governance:monitor_sync", args=[gw.challenge.slug])).status_code == 403
    client.force_login(gw.regisseur)
    assert client.post(reverse("governance:monitor_sync", args=[gw.challenge.slug])).status_code == 302
    assert Measurement.objects.count() == 2


def test_monitor_provider_reads_reported_waves(gw):  # noqa: F811
    """The real provider the monitor registers: headline scores of reported waves only."""
    from tests.fieldwork.factories import WaveFactory
    from veerkracht.fieldwork.models import WaveHeadline

    reported = WaveFactory(challenge=gw.challenge, gerapporteerd=True, number=1)
    WaveHeadline.objects.create(wave=reported, dimension_code="samenwerking", headline=3.25)
    still_open = WaveFactory(challenge=gw.challenge, open=True, number=2)
    WaveHeadline.objects.create(wave=still_open, dimension_code="samenwerking", headline=9.0)
    series = readings.dimension_series(gw.challenge, "samenwerking")
    expected_date = timezone.localdate(reported.reported_at) if reported.reported_at else reported.ends_on
    assert series == [(expected_date, 3.25)]
    assert readings.dimension_series(gw.challenge, "iets-anders") == []
