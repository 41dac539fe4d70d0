"""Background work of part e. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def render_statement(statement_id: int) -> str:
    """Render a partner's contribution statement as a PDF. Run twice: the same file."""
    from veerkracht.resources.statements import statement_render

    statement = statement_render(statement_id)
    return str(statement.pdf.name) if statement.pdf else ""
