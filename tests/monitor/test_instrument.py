"""The instrument as data: v1 from the migration, the lock, copies, imports and the admin."""

from __future__ import annotations

import io
import json

import pytest
from django.db import transaction
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.monitor.helpers import make_doc
from tests.organisations.factories import UserFactory
from veerkracht.audit.models import AuditEvent
from veerkracht.monitor.models import Dimension, Instrument, InstrumentLocked, Item, ScalePoint
from veerkracht.monitor.selectors import instrument_document, instrument_get, instrument_spec
from veerkracht.monitor.services import (
    InstrumentImportError,
    instrument_copy,
    instrument_import,
    instrument_is_locked,
    instrument_lock,
)

pytestmark = pytest.mark.django_db
TEXT = {"nl": "x", "en": "x"}


def v1() -> Instrument:
    return instrument_get(code="innovatiemonitor", version=1)


def test_migration_loads_v1_as_in_instrument_md():
    instrument = v1()
    items = list(Item.objects.filter(instrument=instrument).select_related("dimension"))
    assert len(items) == 35 and instrument.dimensions.count() == 7
    assert [i.code for i in items if i.reverse] == [f"D{d}_5" for d in range(1, 8)]
    assert sorted(i.code for i in items if i.short_form) == sorted(
        f"D{d}_{n}" for d in (1, 3, 5, 6) for n in range(1, 5)
    )
    by_code = {i.code: i for i in items}
    assert by_code["D5_5"].text_nl == "Over dingen die misgaan wordt liever gezwegen."
    assert by_code["D5_5"].text_en == "Things that go wrong are preferably not talked about."
    assert (
        by_code["D4_2"].text_nl.endswith("tijd vrijmaken voor het innovatieteam.")
        and by_code["D4_2"].topic == "HRM"
    )
    assert by_code["D1_1"].text_en.startswith("The partners involved have jointly drawn up")
    assert all(i.text_nl and i.text_en and "*" not in i.text_nl for i in items)
    points = {p.value: p for p in ScalePoint.objects.filter(instrument=instrument)}
    assert sorted(points) == [1, 2, 3, 4, 5, 9] and points[9].is_missing and not points[3].is_missing
    assert points[3].label_nl == "niet eens / niet oneens"
    assert instrument.facet_options.count() == 4 and instrument.open_questions.count() == 2
    assert [q.options.count() for q in instrument.background_questions.order_by("order")] == [10, 4, 3]
    spec = instrument_spec(instrument=instrument)
    assert spec.scale.missing == (9,) and [d.min_valid for d in spec.dimensions] == [3] * 7


def test_lock_makes_the_version_immutable():
    instrument = v1()
    assert not instrument_is_locked(instrument)
    instrument.name_nl = "Nieuwe naam"
    instrument.save()  # unlocked: fine
    instrument_lock(instrument=instrument)
    instrument_lock(instrument=instrument)  # idempotent
    assert instrument_is_locked(instrument)
    assert AuditEvent.objects.filter(event="monitor.instrument_locked").count() == 1
    instrument.refresh_from_db()
    instrument.name_nl = "Nog een naam"
    with pytest.raises(InstrumentLocked):
        instrument.save()
    item = Item.objects.get(instrument=instrument, code="D1_1")
    item.text_nl = "anders"
    with pytest.raises(InstrumentLocked):
        item.save()
    with pytest.raises(InstrumentLocked):
        item.delete()
    with pytest.raises(InstrumentLocked), transaction.atomic():
        ScalePoint.objects.filter(instrument=instrument).delete()  # queryset deletes too
    with pytest.raises(InstrumentLocked):
        Dimension.objects.get(instrument=instrument, code="D2").delete()
    with pytest.raises(InstrumentLocked):
        Instrument.objects.get(pk=instrument.pk).delete()
    with pytest.raises(InstrumentLocked):
        ScalePoint.objects.create(instrument=instrument, value=8, label_nl="x", label_en="x", is_missing=True)
    unlocked = Instrument.objects.get(pk=instrument.pk)
    unlocked.locked_at = None
    with pytest.raises(InstrumentLocked):
        unlocked.save()
    assert Item.objects.filter(instrument=instrument).count() == 35


def test_copy_is_a_new_unlocked_version_with_the_same_content():
    original = v1()
    instrument_lock(instrument=original)
    copy = instrument_copy(instrument=original, version=2)
    assert not instrument_is_locked(copy) and copy.source == "copied"
    a, b = instrument_document(instrument=original), instrument_document(instrument=copy)
    assert b.pop("version") == 2 and a.pop("version") == 1 and a == b
    item = Item.objects.get(instrument=copy, code="D1_1")
    item.text_nl = "Aangepast"
    item.save()
    with pytest.raises(InstrumentImportError):
        instrument_copy(instrument=original, version=2)


def test_import_validates_and_stores_nothing_when_bad():
    good = {**make_doc([[False, True], [False, False, False]], lo=1, hi=7, missing=(8, 9)), "code": "zeven"}
    instrument = instrument_import(document=good)
    assert instrument.items.count() == 5 and instrument.scale_points.count() == 9
    assert instrument_spec(instrument=instrument).scale.missing == (8, 9)
    before = (Instrument.objects.count(), Item.objects.count())
    bad = {
        "code": "kapot",
        "version": 1,
        "scale": {"min": 1, "max": 5, "missing": [5, 1.5]},
        "dimensions": [
            {"code": "A", "name": TEXT, "items": [{"code": "X", "text": TEXT}]},
            {"code": "A", "name": TEXT, "items": [
                {"code": "X", "text": TEXT}, {"code": "Y", "reverse": "yes", "text": {"nl": "y"}}
            ]},
        ],
    }  # fmt: skip
    with pytest.raises(InstrumentImportError) as caught:
        instrument_import(document=bad)
    problems = "\n".join(caught.value.problems)
    for expected in (
        "scale.missing: 5 lies inside the scale",
        "scale.missing: 1.5 is not an integer",
        "dimension A: needs at least 2 items, has 1",
        "dimension A: the code is used twice",
        "item X: the code is used twice",
        "item Y: reverse must be true or false",
        "item Y: text: the 'en' text is missing",
    ):
        assert expected in problems
    assert (Instrument.objects.count(), Item.objects.count()) == before
    with pytest.raises(InstrumentImportError, match="exists already"):
        instrument_import(document=good)


def verified_login(client, user):
    """Log in with a verified second factor (the admin requires one)."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client):
    return verified_login(client, UserFactory(is_staff=True, is_superuser=True))


def test_admin_import_page(admin_client):
    url = reverse("admin:monitor_instrument_import")
    assert admin_client.get(url).status_code == 200
    bad = io.BytesIO(json.dumps({"code": "x", "version": 1, "scale": {"min": 1, "max": 1}}).encode())
    bad.name = "bad.json"
    response = admin_client.post(url, {"file": bad})
    assert response.status_code == 400 and "must be smaller" in response.content.decode()
    good = io.BytesIO(json.dumps({**make_doc([[False, False]]), "code": "nieuw"}).encode())
    good.name = "good.json"
    response = admin_client.post(url, {"file": good})
    assert response.status_code == 302 and Instrument.objects.filter(code="nieuw").exists()


def test_admin_import_is_for_installation_administrators_only(client):
    verified_login(client, UserFactory(is_staff=True))
    assert client.get(reverse("admin:monitor_instrument_import")).status_code == 403
    assert AuditEvent.objects.filter(event="permission.denied").exists()


def test_admin_shows_a_locked_version_read_only(admin_client):
    instrument = v1()
    change = reverse("admin:monitor_instrument_change", args=[instrument.pk])
    assert 'name="name_nl"' in admin_client.get(change).content.decode()
    instrument_lock(instrument=instrument)
    page = admin_client.get(change).content.decode()
    assert 'name="name_nl"' not in page
    response = admin_client.post(change, {"name_nl": "x"})
    assert response.status_code == 403


def test_admin_copy_action_and_export(admin_client):
    instrument = v1()
    changelist = reverse("admin:monitor_instrument_changelist")
    admin_client.post(changelist, {"action": "copy_as_new_version", "_selected_action": [instrument.pk]})
    assert Instrument.objects.filter(code="innovatiemonitor", version=2).exists()
    response = admin_client.get(reverse("admin:monitor_instrument_export", args=[instrument.pk]))
    assert json.loads(response.content)["dimensions"][0]["items"][0]["code"] == "D1_1"


def test_admin_list_queries_are_bounded(admin_client, django_assert_max_num_queries):
    changelist = reverse("admin:monitor_instrument_changelist")
    with django_assert_max_num_queries(12):
        assert admin_client.get(changelist).status_code == 200
    for version in range(2, 7):
        instrument_copy(instrument=v1(), version=version)
    with django_assert_max_num_queries(12):
        assert admin_client.get(changelist).status_code == 200


def test_document_export_has_bounded_queries(django_assert_max_num_queries):
    instrument = v1()
    with django_assert_max_num_queries(7):
        instrument_document(instrument=instrument)
