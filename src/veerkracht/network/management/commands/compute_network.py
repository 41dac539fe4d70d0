"""``veerkracht compute_network (--region SLUG | --municipality SLUG | --national) [--year YYYY] [--now]``
(docs/organising/network.md).

Queues a computation of the partner network (a Celery task; the page shows its progress), or with
``--now`` runs it here and prints its status and figures. The national network's page
(``/netwerk/landelijk/``) queues the same task. An unknown slug or a bad year exits 2 with a message
on standard error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veerkracht.network import graph, services
from veerkracht.network.models import JobStatus, NetworkJob, Scope
from veerkracht.organisations.models import Kind, Organisation, Region

MALFORMED = 2


class Command(BaseCommand):
    help = "Compute the partner network of a region, a municipality or the installation."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--region", help="the region's short name (slug)")
        which.add_argument("--municipality", help="the municipality's short name (slug)")
        which.add_argument("--national", action="store_true", help="every organisation on the installation")
        parser.add_argument("--year", type=int, help="only the ties that arose in this year")
        parser.add_argument("--now", action="store_true", help="compute here instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        owner: Organisation | Region | None
        if options["region"]:
            scope, owner = Scope.REGION, Region.objects.filter(slug=options["region"]).first()
            if owner is None:
                raise CommandError(
                    f"--region {options['region']!r}: no region has this short name", returncode=MALFORMED
                )
        elif options["municipality"]:
            scope = Scope.MUNICIPALITY
            owner = Organisation.objects.filter(slug=options["municipality"], kind=Kind.GEMEENTE).first()
            if owner is None:
                raise CommandError(
                    f"--municipality {options['municipality']!r}: no municipality has this short name",
                    returncode=MALFORMED,
                )
        else:
            scope, owner = Scope.NATIONAL, None
        year = options["year"]
        if year is not None and not 1900 <= year <= 2200:
            raise CommandError(f"--year {year}: not a year", returncode=MALFORMED)
        if not options["now"]:
            job = services.network_request(scope=scope, owner=owner, year=year)
            self.stdout.write(f"network job {job.pk} queued ({scope})")
            return
        job = NetworkJob.objects.create(scope=scope, year=year, **services.owner_fields(scope, owner))
        status = services.network_compute(job.pk)
        job.refresh_from_db()
        if status != JobStatus.DONE:
            raise CommandError(f"network job {job.pk} failed: {job.error}", returncode=1)
        m = graph.Measures.from_json(job.result)
        self.stdout.write(
            f"network job {job.pk} done: {len(m.nodes)} organisations, {len(m.edges)} ties, "
            f"{m.components} groups, density {m.density:.4f}, betweenness {m.betweenness_method}"
        )
        for y in m.years:
            change = "" if y.change is None else f" ({y.change:+.4f})"
            self.stdout.write(
                f"  {y.year}: {y.organisations} organisations, {y.ties} ties, density {y.density:.4f}{change}"
            )
