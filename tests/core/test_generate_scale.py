"""``veerkracht generate_scale``: national-scale data in bulk, small here (5 municipalities)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.community.models import Lesson
from veerkracht.fieldwork import report, selectors
from veerkracht.fieldwork.models import Answer, Response, Wave
from veerkracht.fieldwork.structure import structure_of
from veerkracht.governance.models import Indicator, Objective
from veerkracht.monitor.models import Item
from veerkracht.organisations.models import Membership, Organisation
from veerkracht.participation.models import Idea
from veerkracht.resources.models import LedgerEntry
from veerkracht.scale import generator
from veerkracht.teams.models import Profile, Team, TeamMember

pytestmark = pytest.mark.django_db

TOWNS = 5


@pytest.fixture
def scaled():
    call_command("generate_scale", municipalities=TOWNS, seed=7, verbosity=0)


def fingerprint() -> tuple:
    return (
        list(Challenge.objects.order_by("slug").values_list("slug", "status", "domain__code")),
        Answer.objects.aggregate(total=Sum("value"), n=Count("pk")),
        list(Profile.objects.order_by("user__email").values_list("user__email", "hours_per_week")),
        LedgerEntry.objects.aggregate(total=Sum("quantity")),
    )


def test_the_proportions_follow_the_country(scaled):
    # the national figures divided by 342, times 5 (independently of the generator's constants)
    assert Organisation.objects.filter(kind="gemeente").count() == TOWNS
    assert Organisation.objects.exclude(kind="gemeente").count() == pytest.approx(
        15_000 / 342 * TOWNS, rel=0.05
    )
    assert Challenge.objects.count() == pytest.approx(20_000 / 342 * TOWNS, rel=0.05)
    assert Profile.objects.count() == pytest.approx(200_000 / 342 * TOWNS, rel=0.05)
    reported = Wave.objects.filter(state="gerapporteerd")
    assert reported.count() == pytest.approx(3_000 / 342 * TOWNS, rel=0.05)
    assert Answer.objects.count() == pytest.approx(1_000_000 / 342 * TOWNS, rel=0.1)
    assert Agenda.objects.filter(published=True).count() == TOWNS
    for model in (Team, TeamMember, Objective, Indicator, LedgerEntry, Idea, Lesson):
        assert model.objects.exists(), model
    # every person in the pool belongs to a municipality, with consent or an organisation
    assert not Profile.objects.filter(organisation__isnull=True, consent_given_at__isnull=True).exists()
    # a team's members come from the challenge's municipality
    assert not TeamMember.objects.exclude(
        profile__municipality=F("team__challenge__lead_municipality")
    ).exists()


def test_every_reported_wave_meets_the_report_minimum(scaled):
    for wave in Wave.objects.filter(state="gerapporteerd").select_related("instrument"):
        items = Item.objects.filter(instrument=wave.instrument).count()
        done = Response.objects.filter(wave=wave, status="completed")
        organisations = done.values("invitation__organisation").distinct().count()
        assert selectors.report_minimum_met(done.count(), organisations), wave
        assert Answer.objects.filter(response__wave=wave).count() <= done.count() * items
    wave = Wave.objects.filter(state="gerapporteerd").first()
    built = report.build(wave, language="nl")  # the report's selectors read the data without errors
    assert built
    dashboard = selectors.dashboard(wave, structure_of(wave.instrument), "nl")
    assert dashboard.report_ready
    assert dashboard.completed_total == 10


def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        generator.generate(municipalities=2, seed=11)
        first = fingerprint()
        transaction.set_rollback(True)
    with transaction.atomic():
        generator.generate(municipalities=2, seed=11)
        again = fingerprint()
        transaction.set_rollback(True)
    generator.generate(municipalities=2, seed=12)
    other = fingerprint()
    assert first == again
    assert first[1]["n"] > 0
    assert first[1] != other[1]


def test_a_database_with_data_is_refused(scaled, capsys):
    before = Challenge.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("generate_scale", municipalities=1, seed=8, verbosity=0)
    assert refused.value.returncode == 2
    assert "--force" in str(refused.value)
    assert Challenge.objects.count() == before
    # the same seed again collides: refused, and nothing half-written is left
    with pytest.raises(CommandError) as collided:
        call_command("generate_scale", municipalities=1, seed=7, force=True, verbosity=0)
    assert collided.value.returncode == 2
    assert Challenge.objects.count() == before
    call_command("generate_scale", municipalities=1, seed=8, force=True, verbosity=0)
    assert Challenge.objects.count() == before + before // TOWNS


@pytest.mark.parametrize("municipalities", [0, -3, 10_000])
def test_a_silly_size_is_refused(municipalities):
    with pytest.raises(CommandError) as refused:
        call_command("generate_scale", municipalities=municipalities, verbosity=0)
    assert refused.value.returncode == 2
    assert not Organisation.objects.exists()


def test_the_pages_read_the_data_with_bounded_queries(scaled, client, django_assert_max_num_queries):
    agenda = Agenda.objects.order_by("slug").first()
    challenge = (
        Challenge.objects.filter(agenda=agenda, published=True).annotate(n=Count("ideas")).order_by("-n")[0]
    )
    anonymous = [
        reverse("agenda:public_agenda", args=[agenda.slug]),
        reverse("agenda:public_challenge", args=[challenge.slug]),
        reverse("participation:ideas", args=[challenge.slug]),
        reverse("community:index"),
    ]
    # each page once before counting: the first request of a process fills caches (instrument
    # structure, content types) that later requests share
    for url in anonymous:
        client.get(url)
        with django_assert_max_num_queries(15):
            response = client.get(url)
        assert response.status_code == 200, url
    coordinator = User.objects.get(
        memberships__role="coordinator", memberships__organisation=agenda.municipality
    )
    client.force_login(coordinator)
    wave = Wave.objects.filter(state="gerapporteerd", challenge__agenda=agenda).first()
    signed_in = [
        reverse("agenda:index"),
        reverse("agenda:detail", args=[agenda.slug]),
        reverse("agenda:challenge", args=[challenge.slug]),
        reverse("organisations:list"),
        reverse("fieldwork:index"),
        reverse("fieldwork:report", args=[wave.pk]),
    ]
    for url in signed_in:
        client.get(url)
        with django_assert_max_num_queries(50):
            response = client.get(url)
        assert response.status_code == 200, url
    board = User.objects.filter(
        Q(memberships__role="bestuurder") & Q(memberships__organisation=agenda.municipality)
    ).first()
    client.force_login(board)
    client.get(reverse("governance:index"))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("governance:index")).status_code == 200
    assert Membership.objects.filter(role="regisseur").count() == 3 * TOWNS
