"""`vinculo serve` reads GUNICORN_CMD_ARGS as the gunicorn command does: an operator (or
the pages benchmark) asks it for an access log that way."""

import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> int | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


def lines(path: Path) -> int:
    return path.read_text().count("\n") if path.exists() else 0


def test_serve_writes_the_access_log_asked_for_in_gunicorn_cmd_args(tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite of its own
    env["VINCULO_HOME"] = str(tmp_path / "home")
    env["GUNICORN_CMD_ARGS"] = shlex.join(
        ["--access-logfile", str(log), "--access-logformat", "%(m)s %(U)s %(s)s"]
    )
    command = [str(Path(sys.executable).parent / "vinculo"), "serve", "--no-worker"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # A fresh home: migrations and collectstatic first (seconds; minutes on a loaded machine).
        deadline = time.monotonic() + 300
        while get(port, "/accounts/login/") != 200:
            assert server.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.2)
        assert get(port, "/accounts/login/?again") == 200
        deadline = time.monotonic() + 10
        while lines(log) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # gunicorn gives a worker 30 s to end gracefully; on a loaded machine one may
            # take that long. What this test checks is already in the log.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert log.read_text().splitlines()[-2:] == [
        "GET /accounts/login/ 200",
        "GET /accounts/login/ 200",
    ]
