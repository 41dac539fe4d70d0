"""Background work of the partner network. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def compute_network(job_id: int) -> str:
    """Compute one network job (see :func:`veerkracht.network.services.network_compute`)."""
    from veerkracht.network.services import network_compute

    return network_compute(job_id)
