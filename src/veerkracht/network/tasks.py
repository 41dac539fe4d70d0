"""Background work of the partner network. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


# A database that is briefly locked or away (SQLite's "table is locked", a PostgreSQL restart) before
# the job is claimed would otherwise leave it queued for good: the task is tried again, later each time.
@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=1, max_retries=8)
def compute_network(job_id: int) -> str:
    """Compute one network job (see :func:`veerkracht.network.services.network_compute`)."""
    from veerkracht.network.services import network_compute

    return network_compute(job_id)
