"""Real worker processes (``vinculo worker``) against the test database.

A worker is another process, so it must reach the database the test writes to: on SQLite
that means a test database in a file, not in memory. Collecting these tests therefore names
one under ``VINCULO_HOME`` for the whole session (pytest-django adds its xdist suffix to it).
The tests that run workers use ``transactional_db``, so the rows they write are committed
and visible to the workers.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connections

_default = settings.DATABASES["default"]
if _default["ENGINE"] == "django.db.backends.sqlite3" and not _default.get("TEST", {}).get("NAME"):
    _default.setdefault("TEST", {})["NAME"] = str(Path(settings.HOME) / "test-vinculo.sqlite3")

WAIT_SECONDS = 120  # a safety net against a hang, not a measure of speed


def database_url() -> str:
    """The test database as a ``DATABASE_URL`` for a worker process."""
    db = connections["default"].settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return {int(line) for line in found.stdout.split()}


def wait_until(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"still waiting for {what} after {WAIT_SECONDS} s")


@pytest.fixture(autouse=True)
def home(settings, tmp_path, monkeypatch):
    """A data folder of this test's own, for this process and the workers it starts."""
    folder = tmp_path / "home"
    folder.mkdir()
    settings.HOME = folder
    monkeypatch.setenv("VINCULO_HOME", str(folder))
    return folder


@pytest.fixture
def start_workers(transactional_db, tmp_path):
    """Start ``vinculo worker --processes N``; every one started is stopped after the test."""
    started: list[subprocess.Popen] = []

    def start(processes: int = 1) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": database_url(), "VINCULO_SKIP_MIGRATE": "1"}
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "vinculo", "worker", "--processes", str(processes)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        started.append(process)
        wait_until(lambda: len(children(process.pid)) == processes, "the worker processes")
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=WAIT_SECONDS)
