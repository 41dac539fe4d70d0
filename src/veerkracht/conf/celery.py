"""The Celery application. Without REDIS_URL, tasks run in-process (eager).

With REDIS_URL set but Redis unreachable at the moment a task is sent, the task runs in-process
instead (:class:`ResilientTask`): the page that sent it still answers, and the work is done once.
Every task may run twice and checks what is done already (see docs/adr), so running one here rather
than in a worker changes only where it runs.
"""

import logging
import os

from celery import Celery, Task
from kombu.exceptions import OperationalError as BrokerUnavailable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")

logger = logging.getLogger("veerkracht.celery")


class ResilientTask(Task):
    def apply_async(self, args=None, kwargs=None, **options):  # type: ignore[no-untyped-def]
        try:
            return super().apply_async(args, kwargs, **options)
        except (BrokerUnavailable, RuntimeError) as exc:
            # RuntimeError: Celery's result store gave up reconnecting to Redis (before the broker)
            logger.warning("Broker unavailable, running %s in this process: %s", self.name, exc)
            return self.apply(args=args, kwargs=kwargs, task_id=options.get("task_id"))


app = Celery("veerkracht", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
