"""Large imports run by real worker processes: the page follows them until they end."""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import make_contact
from vinculo.people.models import Contact
from vinculo.portability.tasks import (
    _progress_write,
    contacts_import_enqueue,
    import_jobs,
    upload_folder,
)
from vinculo.web.imports import IMMEDIATE_MAX

from .conftest import children, database_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def english(client):
    """Pages and import messages in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def address_book(count: int, prefix: str = "Persona") -> bytes:
    rows = [f"{prefix} {n:04d},{prefix.lower()}{n}@example.es" for n in range(1, count + 1)]
    return ("Name,E-mail\n" + "\n".join(rows) + "\n").encode()


def state(client, job_id: str):
    """The status fragment of the job, and the state it shows."""
    response = client.get(reverse("imports.job_status", kwargs={"job_id": job_id}))
    return response, re.search(r'data-state="(\w+)"', response.content.decode()).group(1)


def ended(client, job_id: str):
    response, shown = state(client, job_id)
    return response if shown in ("done", "rejected", "failed") else None


def alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_large_file_is_imported_by_a_worker(auth_client, user, start_workers):
    data = address_book(IMMEDIATE_MAX + 100)
    auth_client.post(
        reverse("imports.upload"),
        {"file": SimpleUploadedFile("agenda.csv", data), "format": "auto"},
    )

    response = auth_client.post(reverse("imports.confirm"))

    job_id = str(import_jobs(user=user).get().pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports.job", kwargs={"job_id": job_id})
    page = auth_client.get(response["Location"])
    assert page.context["job"].state == "queued"
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert "Queued: the import starts as soon as a worker is free." in page.content.decode()
    assert Contact.objects.for_user(user).count() == 0

    start_workers(1)
    done = wait_until(lambda: ended(auth_client, job_id), "the import to end")

    assert done.context["job"].state == "done"
    report = done.context["report"]
    assert (report["created"], report["updated"], report["skipped"]) == (600, 0, 0)
    html = done.content.decode()
    assert "hx-trigger" not in html  # the polling stops
    assert "<strong>600</strong>contacts created" in html
    assert len(done.context["rows"]) == 500
    assert done.context["more_rows"] == 100
    names = list(Contact.objects.for_user(user).order_by("name").values_list("name", flat=True))
    assert (len(names), names[0], names[-1]) == (600, "Persona 0001", "Persona 0600")
    assert list(upload_folder(user_id=user.pk).iterdir()) == []  # the file is gone


def test_two_workers_run_each_task_exactly_once(user, start_workers):
    for batch in range(10):
        contacts_import_enqueue(
            user=user, data=address_book(3, prefix=f"Lote{batch}"), source_name=f"{batch}.csv"
        )

    start_workers(2)
    wait_until(
        lambda: import_jobs(user=user).filter(finished_at__isnull=False).count() == 10,
        "the ten imports to end",
    )

    outcomes = [
        (job.status, len(job.worker_ids), job.return_value["created"], job.return_value["updated"])
        for job in import_jobs(user=user)
    ]
    assert outcomes == [("SUCCESSFUL", 1, 3, 0)] * 10
    assert Contact.objects.for_user(user).count() == 30
    assert list(upload_folder(user_id=user.pk).iterdir()) == []


def test_rejected_import_changes_nothing_and_says_where(auth_client, user, start_workers):
    make_contact(user, name="Ana Gil", emails=["ana@example.es"])
    data = b"Name,E-mail\nBeatriz Sanz,bea@example.es\nLuis Mora,luis@example.es,x\n"
    job_id = contacts_import_enqueue(user=user, data=data, source_name="agenda.csv", strict=True)

    start_workers(1)
    done = wait_until(lambda: ended(auth_client, job_id), "the import to end")

    assert done.context["job"].state == "rejected"
    assert done.context["report"]["errors"] == [
        {
            "where": "agenda.csv: line 3, field 3",
            "why": "3 fields where the header has 2: 'x' belongs to no column",
        }
    ]
    html = done.content.decode()
    assert "This file cannot be imported: nothing was saved." in html
    assert "<strong>agenda.csv: line 3, field 3</strong>" in html
    people = Contact.objects.for_user(user).values_list("name", "emails")
    assert list(people) == [("Ana Gil", ["ana@example.es"])]


def test_job_whose_file_is_gone_fails_and_says_so(auth_client, user, start_workers):
    job_id = contacts_import_enqueue(user=user, data=address_book(2), source_name="agenda.csv")
    for path in upload_folder(user_id=user.pk).iterdir():
        path.unlink()

    start_workers(1)
    done = wait_until(lambda: ended(auth_client, job_id), "the import to end")

    assert done.context["job"].state == "failed"
    assert "The import stopped before it ended, so nothing was saved." in done.content.decode()
    assert import_jobs(user=user).get().exception_class_path == "builtins.FileNotFoundError"
    assert Contact.objects.for_user(user).count() == 0


def test_running_job_shows_how_far_it_is(auth_client, user):
    job_id = contacts_import_enqueue(user=user, data=address_book(2), source_name="agenda.csv")
    job = import_jobs(user=user).get()
    job.claim("a-worker")  # what a worker does when it takes the job
    token = job.args_kwargs["kwargs"]["token"]
    _progress_write(upload_folder(user_id=user.pk) / f"{token}.progress", 400, 1000)

    response, shown = state(auth_client, job_id)

    assert shown == "running"
    assert "400 of 1000 contacts" in response.content.decode()
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_another_user_gets_404_for_the_job(user, other_user):
    job_id = contacts_import_enqueue(user=user, data=address_book(2), source_name="agenda.csv")
    intruder = Client()
    intruder.force_login(other_user)

    page = intruder.get(reverse("imports.job", kwargs={"job_id": job_id}))
    fragment = intruder.get(reverse("imports.job_status", kwargs={"job_id": job_id}))

    assert (page.status_code, fragment.status_code) == (404, 404)


def test_worker_stops_its_processes_on_sigterm(start_workers):
    worker = start_workers(2)
    processes = children(worker.pid)

    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=60) == 0
    assert [pid for pid in processes if alive(pid)] == []


def test_worker_processes_end_when_their_parent_is_killed(start_workers):
    worker = start_workers(2)
    processes = children(worker.pid)

    worker.kill()
    worker.wait()

    wait_until(lambda: not any(alive(pid) for pid in processes), "the orphans to end")


def test_serve_runs_one_worker_beside_the_server_and_stops_it(transactional_db, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": database_url(), "VINCULO_SKIP_MIGRATE": "1"}
    command = [sys.executable, "-m", "vinculo", "serve", "--port", str(port), "--workers", "1"]
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Two children: the web server's process and the worker.
        wait_until(lambda: len(children(server.pid)) == 2, "the server and its worker")
        commands = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children(server.pid)}
        workers = [pid for pid, line in commands.items() if b"db_worker" in line]
        assert len(workers) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)

    assert server.returncode == 0
    assert not alive(workers[0])
