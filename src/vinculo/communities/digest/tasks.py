"""Background work of the digest: sending the digests that are due.

``send_due_digests`` queues its own next run a few minutes later, so once one is queued,
any worker keeps the digests going out without cron; ``vinculo serve`` queues the first
when it starts, and ``vinculo worker`` queues one whenever none is waiting (when it starts
and every few minutes), which also restarts the chain if a run was lost. The task is
idempotent (see services), so a second worker, a manual ``vinculo digest send`` or an
extra task at the same moment never sends a digest twice.
"""

import datetime

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .services import digests_send_due

SCHEDULE_EVERY = datetime.timedelta(minutes=5)


@task()
def send_due_digests() -> dict:
    """Send every digest that is due; the counts of what was done. Then queue the next run."""
    try:
        return digests_send_due().as_dict(with_digests=False)
    finally:
        digests_schedule(after=SCHEDULE_EVERY)


def digests_schedule(*, after: datetime.timedelta | None = None) -> bool:
    """Queue ``send_due_digests`` (to run ``after`` from now) unless one already waits for
    a worker; whether it did."""
    waiting = DBTaskResult.objects.filter(
        task_path=send_due_digests.module_path, status=TaskResultStatus.READY
    ).exists()
    if waiting:
        return False
    if after is None:
        send_due_digests.enqueue()
    else:
        send_due_digests.using(run_after=timezone.now() + after).enqueue()
    return True
