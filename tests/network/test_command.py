"""``compute_network``: bad input exits 2 with a message and writes nothing; --now computes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.network.world import world
from veerkracht.network.models import JobStatus, NetworkJob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "args",
    [["--region", "bestaat-niet"], ["--municipality", "regio-test"], ["--national", "--year", "12"]],
)
def test_bad_input_exits_2_and_writes_nothing(args):
    world()
    with pytest.raises(CommandError) as raised:
        call_command("compute_network", *args, stdout=io.StringIO())
    assert raised.value.returncode == 2 and str(raised.value)
    assert not NetworkJob.objects.exists()


def test_now_computes_the_region_and_prints_the_figures():
    world(partners=3, challenges=2)
    out = io.StringIO()
    call_command("compute_network", "--region", "regio-test", "--now", stdout=out)
    job = NetworkJob.objects.get()
    assert job.status == JobStatus.DONE
    # three partners on two challenges (2024, 2025): a triangle each year
    assert "3 organisations, 3 ties, 1 groups, density 1.0000, betweenness exact" in out.getvalue()
    assert "2025: 3 organisations, 3 ties, density 1.0000 (+0.0000)" in out.getvalue()
