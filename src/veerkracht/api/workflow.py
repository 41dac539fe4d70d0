"""The states of a team-formation job and the transitions between them."""

from __future__ import annotations

from veerkracht.api.models import JobStatus

TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING}),
    # A worker that died mid-solve gives the job back to the broker; the next worker starts again.
    JobStatus.RUNNING: frozenset({JobStatus.RUNNING, JobStatus.DONE, JobStatus.FAILED}),
    JobStatus.DONE: frozenset(),
    JobStatus.FAILED: frozenset(),
}
OPEN = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})


def can_move(current: str, target: str) -> bool:
    return JobStatus(target) in TRANSITIONS[JobStatus(current)]
