"""Background work of plans. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def render_plan_export(export_id: int) -> str:
    """Render (or find) the file of a plan export; delivered twice (a worker killed half-way) → one
    file. Acknowledged only when done, so a killed worker's task goes to another worker."""
    from veerkracht.plans.exports import export_render

    export = export_render(export_id=export_id)
    return str(export.file.name) if export is not None and export.file else ""
