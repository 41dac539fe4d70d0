import pytest

from tests.organisations.factories import OrganisationFactory, UserFactory
from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_event_records_who_what_which_when_result_origin(rf):
    user = UserFactory(email="ingrid@example.org")
    organisation = OrganisationFactory(name="Welzijn Veerdam")
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    event = log(Event.PERMISSION_DENIED, actor=user, target=organisation, result="denied", request=request)
    event.refresh_from_db()
    assert (event.event, event.actor, event.actor_repr) == ("permission.denied", user, "ingrid@example.org")
    assert (event.object_type, event.object_id, event.object_repr) == (
        "organisations.organisation",
        str(organisation.pk),
        "Welzijn Veerdam",
    )
    assert (event.result, event.origin) == ("denied", "192.0.2.7")
    assert event.at is not None


def test_audit_events_are_append_only():
    event = log(Event.DEMO_LOADED)
    event.result = "failure"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_audit_admin_is_read_only():
    log(Event.DEMO_LOADED)
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
