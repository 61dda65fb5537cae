"""Time the main pages through the real production stack.

    python -m benchmarks.pages [--requests 200] [--user bench] [--password ...]

Starts ``vinculo serve`` (gunicorn, static files collected, migrations run) on a free
port of 127.0.0.1 with the current VINCULO_HOME, logs in over HTTP like a browser
(login page for the CSRF cookie, then the form), warms up, and then asks for each page N
times, one request after another. Two figures per request:

* ``server``: the time gunicorn itself took, from its access log (``%(D)s``: from the
  parsed request to the last byte of the response written), so nothing is added to the
  app to measure it;
* ``wall``: the time this client waited, which adds the loopback connection and round
  trip (gunicorn's sync workers close the connection after every response).

Prints a table and writes everything to benchmarks/data/pages.json (not committed).

``--in-process`` measures instead the CPU time of each request inside this process
(``time.process_time()`` around Django's test client, SQLite included, as it runs in the
process): a figure that other work on the machine hardly moves, to compare two versions
of the code on a busy machine.
"""

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.generate import DEFAULT_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MARK = "VINCULO-BENCH"
# Folded fragments, typed as a person would: common and rare surnames, a first name,
# the start of a Basque surname, and two words at once.
SEARCHES = ("nunez", "garcia", "smith", "ibanez", "begona", "zoe", "etxe", "jose mar")


def machine() -> dict:
    """What the figures were measured on."""
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if "model name" in line), "")
    mem_kib = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        mem_kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
    import django

    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
    }


def percentiles(values: list[float]) -> dict:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(cuts[94], 2),
        "max": round(max(values), 2),
    }


class Browser:
    """One keep-alive HTTP connection with a cookie jar: just enough of a browser."""

    def __init__(self, host: str, port: int):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (ConnectionError, http.client.HTTPException):
            # The server closed a kept connection between two requests: ask again.
            self.conn.close()
            started = time.perf_counter()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        elapsed_ms = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content, elapsed_ms

    def login(self, username: str, password: str) -> None:
        status, _, page, _ = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise SystemExit(f"The login page answered {status} without a CSRF token.")
        form = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        status, _, _, _ = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Logging in as {username!r} failed (HTTP {status}).")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_available() -> bool:
    spec = importlib.util.find_spec("vinculo.cli")
    return spec is not None and "serve" in Path(spec.origin).read_text()


def start_server(port: int, workdir: Path, stack: str) -> tuple[subprocess.Popen, list[Path], str]:
    """``vinculo serve``, or (``stack="gunicorn"``) the same by hand: migrations, collected
    static files, gunicorn with the WSGI app and the workers ``vinculo serve`` uses.

    Either way gunicorn is asked, through GUNICORN_CMD_ARGS, to write its access log with
    the time of each request to a file of ours; plain gunicorn reads that variable, an
    embedding like ``vinculo serve`` may not, and then only wall times are reported."""
    access_log = workdir / "access.log"
    output = workdir / "server.log"
    log_format = f"{MARK} %(m)s %(U)s %(q)s %(s)s %(D)s"
    env = dict(os.environ)
    env["GUNICORN_CMD_ARGS"] = shlex.join(
        ["--access-logfile", str(access_log), "--access-logformat", log_format]
    )
    env.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
    bin_dir = Path(sys.executable).parent
    if stack == "serve":
        command = [str(bin_dir / "vinculo"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        described = "vinculo serve (gunicorn, 2 gthread workers × 4 threads)"
    else:
        manage = [sys.executable, str(ROOT / "manage.py")]
        for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run([*manage, *args, "-v", "0"], env=env, check=True)
        options = ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]
        command = [str(bin_dir / "gunicorn"), "vinculo.wsgi:application", *options]
        command += ["--bind", f"127.0.0.1:{port}"]
        described = "gunicorn vinculo.wsgi:application " + " ".join(options)
    with open(output, "wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, [access_log, output], described


def wait_for(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped with code {process.returncode}.")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"The server did not answer on port {port} within {seconds:.0f} s.")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class AccessLog:
    """The request times gunicorn logged, read in the order they were written."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.seen = dict.fromkeys(paths, 0)

    def new_lines(self) -> list[str]:
        lines = []
        for path in self.paths:
            if not path.exists():
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                f.seek(self.seen[path])
                chunk = f.read()
            # Only whole lines: the last one may still be being written.
            complete = chunk[: chunk.rfind("\n") + 1]
            self.seen[path] += len(complete.encode("utf-8", errors="replace"))
            lines += [line for line in complete.splitlines() if MARK in line]
        return lines

    def times_ms(self, count: int, wait: float = 3.0) -> list[float] | None:
        """The server times of the last ``count`` requests, or None if gunicorn did not
        log them where we asked (a stack that sets its own access log)."""
        lines: list[str] = []
        deadline = time.monotonic() + wait
        while len(lines) < count and time.monotonic() < deadline:
            lines += self.new_lines()
            if len(lines) < count:
                time.sleep(0.05)
        if len(lines) < count:
            return None
        return [int(line.rsplit(" ", 1)[1]) / 1000 for line in lines[-count:]]


def targets(user: str, requests: int, seed: int) -> list[tuple[str, list[str]]]:
    """The pages, each with the URL of every measured request."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from vinculo.people.models import Contact

    owner = get_user_model().objects.get(username=user)
    ids = list(Contact.objects.for_user(owner).values_list("id", flat=True))
    busiest = (
        Contact.objects.for_user(owner)
        .annotate(n=Count("interactions"))
        .order_by("-n")
        .values_list("id", "n")
        .first()
    )
    rnd = random.Random(seed)
    pages = max(1, (len(ids) + 49) // 50)
    deep = min(500, pages)
    return [
        # Served by WhiteNoise before any view: the floor of HTTP on loopback.
        ("static file", ["/static/vinculo/app.css"] * requests),
        ("dashboard", ["/"] * requests),
        ("list", ["/contacts/"] * requests),
        (f"list, page {deep}", [f"/contacts/?page={deep}"] * requests),
        (
            "search",
            [
                "/contacts/?" + urlencode({"q": SEARCHES[i % len(SEARCHES)]})
                for i in range(requests)
            ],
        ),
        ("contact", [f"/contacts/{rnd.choice(ids)}/" for _ in range(requests)]),
        (f"contact, busiest ({busiest[1]} interactions)", [f"/contacts/{busiest[0]}/"] * requests),
    ]


def measure(browser: Browser, log: AccessLog, plan, requests: int) -> dict:
    """Round robin over the pages, one request each per round, so that whatever else the
    machine does during the run falls on every page alike."""
    logged = bool(log.new_lines())  # the warm-up left lines: gunicorn logs where we asked
    walls = {label: [] for label, _ in plan}
    servers = {label: [] for label, _ in plan}
    sizes = {label: [] for label, _ in plan}
    for i in range(requests):
        for label, urls in plan:
            url = urls[i % len(urls)]
            status, _, content, elapsed = browser.request("GET", url)
            if status != 200:
                raise SystemExit(f"GET {url} answered {status}.")
            walls[label].append(elapsed)
            sizes[label].append(len(content))
            if logged:
                times = log.times_ms(1)
                if times is None:
                    raise SystemExit(f"gunicorn did not log GET {url}.")
                servers[label] += times
    results = {}
    for label, _ in plan:
        results[label] = {
            "requests": requests,
            "wall_ms": percentiles(walls[label]),
            "bytes": round(statistics.mean(sizes[label])),
        }
        if logged:
            results[label]["server_ms"] = percentiles(servers[label])
    return results


def measure_in_process(user: str, plan, requests: int, warmup: int) -> dict:
    """CPU milliseconds per request, in this process, through Django's test client.

    The test client keeps the database connection between requests; a server closes it at
    the end of each one unless it is persistent (``CONN_MAX_AGE``), so each request here
    ends with the same ``close_old_connections`` the server's ``request_finished`` runs."""
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=user))
    results = {}
    for label, urls in plan:
        if label == "static file":
            continue  # served by WhiteNoise in front of Django: not in the test client
        for url in urls[:warmup]:
            client.get(url)
        times = []
        for url in urls[:requests]:
            started = time.process_time()
            response = client.get(url)
            close_old_connections()
            times.append((time.process_time() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}.")
        results[label] = {"requests": len(times), "cpu_ms": {"min": round(min(times), 2)}}
        results[label]["cpu_ms"].update(percentiles(times))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="per page, not measured")
    parser.add_argument("--user", default="bench")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=DATA / "pages.json")
    parser.add_argument(
        "--stack",
        choices=("serve", "gunicorn"),
        default="serve" if serve_available() else "gunicorn",
        help="vinculo serve (default), or plain gunicorn with the same workers, whose access "
        "log gives the server's own time of each request",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="CPU time per request in this process (test client) instead of the server's",
    )
    args = parser.parse_args(argv)

    plan = targets(args.user, args.requests, args.seed)
    if args.in_process:
        load_before = os.getloadavg()
        results = measure_in_process(args.user, plan, args.requests, args.warmup)
        print(f"\nin process; {args.requests} requests per page; CPU ms per request\n")
        print("| page | min | p50 | p95 | max |")
        print("|" + " --- |" * 5)
        for label, r in results.items():
            c = r["cpu_ms"]
            print(f"| {label} | {c['min']} | {c['p50']} | {c['p95']} | {c['max']} |")
        print(f"\nload average before {load_before}, after {os.getloadavg()}")
        return 0
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="vinculo-bench-"))
    process, logs, stack = start_server(port, workdir, args.stack)
    try:
        wait_for(port, process)
        browser = Browser("127.0.0.1", port)
        browser.login(args.user, args.password)
        log = AccessLog(logs)
        for _, urls in plan:
            for url in urls[: args.warmup]:
                browser.request("GET", url)
        load_before, started = os.getloadavg(), time.strftime("%Y-%m-%d %H:%M:%S %z")
        results = measure(browser, log, plan, args.requests)
        load_after = os.getloadavg()
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)

    report = {
        "machine": machine(),
        "stack": stack,
        "database": "sqlite",
        "user": args.user,
        "requests_per_page": args.requests,
        "warmup_per_page": args.warmup,
        "searches": list(SEARCHES),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "started_at": started,
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "pages": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    has_server = all("server_ms" in r for r in results.values())
    header = "| page | server p50 | server p95 | server max | wall p50 | wall p95 | wall max |"
    print(f"\n{stack}; {args.requests} sequential requests per page; times in ms\n")
    print(header)
    print("|" + " --- |" * 7)
    for label, r in results.items():
        s = r.get("server_ms", {"p50": "-", "p95": "-", "max": "-"})
        w = r["wall_ms"]
        cells = [s["p50"], s["p95"], s["max"], w["p50"], w["p95"], w["max"]]
        print(f"| {label} | " + " | ".join(str(c) for c in cells) + " |")
    if not has_server:
        print("\n(the server did not write its access log where asked: wall times only)")
    print(f"\nload average before {load_before}, after {load_after}; written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
