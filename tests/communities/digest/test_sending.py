"""Digests sent by real processes: a worker that schedules them by itself, and two runs at
once that never send the same digest twice."""

import datetime
import json
import os
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.tasks.conftest import database_url, home, start_workers  # noqa: F401
from vinculo.communities.digest.models import DigestSubscription
from vinculo.communities.digest.selectors import due_subscriptions
from vinculo.communities.digest.services import _claim, digests_send_due
from vinculo.communities.digest.tasks import SCHEDULE_EVERY, digests_schedule, send_due_digests
from vinculo.communities.models import Membership

from .conftest import days, joined

pytestmark = pytest.mark.django_db(transaction=True)

SAFETY_NET_SECONDS = 600


def test_a_worker_sends_the_due_digests_without_being_asked(
    settled,
    start_workers,  # noqa: F811
    tmp_path,
):
    world = settled
    joined(world.mj, days(2))

    start_workers(1)

    # The worker also computes the introductions the profiles suggest (Pedro could help
    # María José), so she has something to read too; Club Madrid has nothing new.
    cowork = {"ana", "olga", "mj", "pedro"}
    log_file = tmp_path / "worker-0.log"
    # A safety net against a hang, not a measure of speed: the machine may be busy.
    deadline = time.monotonic() + SAFETY_NET_SECONDS
    while _sent_to() != cowork and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _sent_to() == cowork, log_file.read_text()
    log = log_file.read_text()
    for name in sorted(cowork):
        assert log.count(f"To: {name}@example.org") == 1
    assert log.count("Subject: ") == 4


def _sent_to() -> set[str]:
    sent = DigestSubscription.objects.filter(last_sent_at__isnull=False)
    return set(sent.values_list("membership__user__username", flat=True))


def test_a_run_that_loses_the_race_sends_nothing(settled):
    world = settled
    joined(world.mj, days(2))
    seen_by_late_run = list(due_subscriptions(now=days(7), limit=100))

    first = digests_send_due(now=days(7))

    assert first.sent == 3
    assert [_claim(s, days(7)) for s in seen_by_late_run] == [None] * 6


def _send(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "vinculo", "digest", "send", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def test_two_runs_at_once_send_each_digest_once(settled, home):  # noqa: F811
    world = settled
    workspace = world.ana.workspace
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"socia{n}", email=f"socia{n}@example.org") for n in range(40)
    )
    Membership.objects.bulk_create(
        Membership(workspace=workspace, user=u, name=f"Socia {n}", language="es")
        for n, u in enumerate(users)
    )
    Membership.objects.filter(workspace=workspace).update(joined_at=days(-60))
    # New for everyone: for the others since their last digest, for the new subscribers
    # within the week before now (their first digest).
    joined(world.mj, timezone.now() - datetime.timedelta(days=1))
    env = {**os.environ, "DATABASE_URL": database_url(), "VINCULO_SKIP_MIGRATE": "1"}

    runs = [_send(env), _send(env)]
    documents = [json.loads(run.communicate(timeout=300)[0]) for run in runs]

    sent = [d["email"] for doc in documents for d in doc["digests"] if d["outcome"] == "sent"]
    expected = {"ana@example.org", "olga@example.org", "pedro@example.org"}
    expected |= {f"socia{n}@example.org" for n in range(40)}
    assert sorted(sent) == sorted(expected)
    assert sum(doc["failed"] for doc in documents) == 0


def test_each_run_queues_the_next_one_a_few_minutes_later(settled):
    before = timezone.now()

    assert send_due_digests.call() == {"sent": 0, "empty": 6, "no_email": 0, "failed": 0}

    waiting = DBTaskResult.objects.get(task_path=send_due_digests.module_path)
    assert waiting.status == TaskResultStatus.READY
    assert before + SCHEDULE_EVERY <= waiting.run_after <= timezone.now() + SCHEDULE_EVERY
    # One waits already: scheduling again (the worker's periodic check) adds none.
    assert digests_schedule() is False
    assert DBTaskResult.objects.filter(task_path=send_due_digests.module_path).count() == 1
