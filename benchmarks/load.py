"""A load test: many people at once on the production server, with a large network.

    python -m benchmarks.load [--users 2,4,8,16,32] [--run-time 60s] [--user bench]

Starts ``vinculo serve`` (as a user runs it: gunicorn with its default workers and threads,
static files collected, migrations run, one background worker beside it) on a free port
of 127.0.0.1 with the current VINCULO_HOME / DATABASE_URL, and runs locust headless
against it (``benchmarks/locustfile.py``: three people browsing, searching and editing in
the web app for every one using the API with a token) at a series of steps, each a number
of users that send their next request as soon as the last one answered (``--wait 0``), so
the step's users are the requests in flight. For each step: requests per second, the
50th/95th/99th percentile of the response times, failures, and the CPU seconds the server
and locust spent; then the highest step with no failure and the best rate.

Locust runs as one process on the same machine, so it takes part of the CPU the server
would have: its share is reported beside the server's. Before the steps, a warm-up run
(not counted) lets every server process load its caches. Statistics start again from
zero once all of a step's users have logged in (the locustfile does it), so logins are not
counted. Between steps the rows the load test wrote (quick-added contacts, logged
interactions, all marked with ``MARKER``) are deleted, so every step starts from the same
network.

Writes everything, with the machine, the database, the server settings and the load
average before and after each step, to benchmarks/data/load-<database>.json and prints
Markdown tables.
"""

import argparse
import contextlib
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import DEFAULT_PASSWORD
from benchmarks.pages import DATA, SEARCHES, free_port, machine, start_server, stop, wait_for

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "locustfile.py"
MARKER = "Prueba de carga"
TICKS = os.sysconf("SC_CLK_TCK")


def database() -> dict:
    from django.db import connection

    info = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            info["name"] = connection.settings_dict["NAME"]
            info["host"] = connection.settings_dict["HOST"]
        else:
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
            info["name"] = str(connection.settings_dict["NAME"])
            cursor.execute("PRAGMA journal_mode")
            info["journal_mode"] = cursor.fetchone()[0]
    return info


def prepare(*, username: str, password: str, write_contacts: int, wait: float, seed: int):
    """The plan locust reads: the account, an API token, the contacts to browse and the
    few to write to; and the owner, for the clean-up."""
    from django.contrib.auth import get_user_model

    from vinculo.accounts.services import api_token_get, api_token_renew
    from vinculo.people.models import Contact

    owner = get_user_model().objects.get(username=username)
    ids = list(
        Contact.objects.for_user(owner).exclude(met_where=MARKER).values_list("id", flat=True)
    )
    if len(ids) < write_contacts:
        raise SystemExit(f"{username!r} has {len(ids)} contacts; generate a network first.")
    token = api_token_get(user=owner) or api_token_renew(user=owner)
    rnd = random.Random(seed)
    plan = {
        "user": username,
        "password": password,
        "token": token,
        "browse_ids": ids,
        "write_ids": sorted(rnd.sample(ids, write_contacts)),
        "list_pages": max(3, (len(ids) + 49) // 50),
        "searches": list(SEARCHES),
        "marker": MARKER,
        "wait": wait,
    }
    return owner, plan


def clean_up(owner) -> dict:
    """Delete what the load test wrote: contacts quick-added and interactions logged."""
    from vinculo.activity.models import Interaction
    from vinculo.activity.services import interaction_delete
    from vinculo.people.models import Contact
    from vinculo.people.services import contact_delete

    contacts = list(Contact.objects.for_user(owner).filter(met_where=MARKER))
    for contact in contacts:
        contact_delete(contact=contact)
    interactions = list(Interaction.objects.for_user(owner).filter(summary__startswith=MARKER))
    for interaction in interactions:
        interaction_delete(interaction=interaction)
    return {"contacts": len(contacts), "interactions": len(interactions)}


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of every live process of the server's process group:
    gunicorn's arbiter and workers and the background worker."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # field 5 of stat: the process group
                total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def machine_cpu_seconds() -> tuple[float, float]:
    """CPU seconds spent by everything on the machine, and idle, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICKS, idle / TICKS


def server_settings(log: Path) -> dict:
    """What the server said about itself when it started (gunicorn's own lines)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    workers = text.count("Booting worker with pid")
    kind = next(
        (
            line.split("Using worker:", 1)[1].strip()
            for line in text.splitlines()
            if "Using worker:" in line
        ),
        "",
    )
    return {"gunicorn_workers_booted": workers, "worker_class": kind}


def read_stats(prefix: Path) -> tuple[dict, list[dict], list[dict]]:
    """Locust's CSV: the aggregated row, one row per request name, and the failures."""

    def number(value: str):
        if value in ("", "N/A"):
            return None
        return float(value) if "." in value else int(value)

    rows = []
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "name": row["Name"] if row["Type"] != "" else "Aggregated",
                    "method": row["Type"],
                    "requests": number(row["Request Count"]),
                    "failures": number(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 2),
                    "p50_ms": number(row["50%"]),
                    "p95_ms": number(row["95%"]),
                    "p99_ms": number(row["99%"]),
                    "max_ms": round(float(row["Max Response Time"]), 1),
                    "mean_ms": round(float(row["Average Response Time"]), 1),
                }
            )
    failures = []
    with contextlib.suppress(OSError), open(f"{prefix}_failures.csv", newline="") as f:
        failures = [
            {
                "method": r["Method"],
                "name": r["Name"],
                "error": r["Error"],
                "count": int(r["Occurrences"]),
            }
            for r in csv.DictReader(f)
        ]
    total = next(r for r in rows if r["name"] == "Aggregated")
    return total, [r for r in rows if r["name"] != "Aggregated"], failures


def run_locust(
    *,
    host: str,
    plan_path: Path,
    users: int,
    spawn_rate: float,
    run_time: str,
    prefix: Path,
    log: Path,
) -> int:
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(LOCUSTFILE),
        "--headless",
        "--host", host,
        "--users", str(users),
        "--spawn-rate", str(spawn_rate),
        "--run-time", run_time,
        "--stop-timeout", "10",
        "--only-summary",
        "--csv", str(prefix),
        "--exit-code-on-error", "0",
        "--loglevel", "WARNING",
        "--plan", str(plan_path),
    ]  # fmt: skip
    with open(log, "ab") as out:
        return subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False).returncode


def step(*, users: int, args, host: str, plan_path: Path, workdir: Path, server_pid: int) -> dict:
    prefix = workdir / f"step-{users}"
    load_before = os.getloadavg()
    server_before = group_cpu_seconds(server_pid)
    locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before, idle_before = machine_cpu_seconds()
    started = time.monotonic()
    code = run_locust(
        host=host,
        plan_path=plan_path,
        users=users,
        spawn_rate=args.spawn_rate or users,
        run_time=args.run_time,
        prefix=prefix,
        log=workdir / "locust.log",
    )
    elapsed = time.monotonic() - started
    busy_after, idle_after = machine_cpu_seconds()
    locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = group_cpu_seconds(server_pid) - server_before
    load_after = os.getloadavg()
    if code != 0:
        tail = (workdir / "locust.log").read_text(errors="replace")[-3000:]
        raise SystemExit(f"locust stopped with code {code}:\n{tail}")
    total, per_name, failures = read_stats(prefix)
    locust_cpu = (locust_after.ru_utime + locust_after.ru_stime) - (
        locust_before.ru_utime + locust_before.ru_stime
    )
    busy, idle = busy_after - busy_before, idle_after - idle_before
    return {
        "users": users,
        "total": total,
        "requests": per_name,
        "failures": failures,
        "seconds": round(elapsed, 1),
        "cpu_seconds": {
            # the whole step, logins and the end included
            "server": round(server_cpu, 1),
            "locust": round(locust_cpu, 1),
            "machine_busy": round(busy, 1),
            "machine_idle": round(idle, 1),
            "others": round(max(0.0, busy - server_cpu - locust_cpu), 1),
        },
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }


def print_report(report: dict) -> None:
    print(
        f"\n{report['server']['described']}; {report['database']['vendor']}; "
        f"{report['run_time']} per step, no wait between requests; times in ms\n"
    )
    print(
        "| users | requests/s | p50 | p95 | p99 | max | requests | failures "
        "| server CPU s | locust CPU s | others' CPU s | load before → after |"
    )
    print("|" + " --- |" * 12)
    for s in report["steps"]:
        t, c = s["total"], s["cpu_seconds"]
        load = f"{s['load_average_before'][0]} → {s['load_average_after'][0]}"
        print(
            f"| {s['users']} | {t['rps']} | {t['p50_ms']} | {t['p95_ms']} | {t['p99_ms']} "
            f"| {t['max_ms']} | {t['requests']} | {t['failures']} | {c['server']} "
            f"| {c['locust']} | {c['others']} | {load} |"
        )
    summary = report["summary"]
    print(
        f"\nhighest step with no failure: {summary['highest_clean_users']} users; best rate "
        f"with no failure: {summary['best_clean_rps']} requests/s at "
        f"{summary['best_clean_users']} users"
    )
    best = next((s for s in report["steps"] if s["users"] == summary["best_clean_users"]), None)
    if best:
        print(f"\nper request, {best['users']} users\n")
        print("| request | share | p50 | p95 | p99 | failures |")
        print("|" + " --- |" * 6)
        for r in sorted(best["requests"], key=lambda r: -r["requests"]):
            if not r["requests"]:
                continue  # the logins, before the statistics started again
            share = r["requests"] / max(1, best["total"]["requests"])
            print(
                f"| {r['method']} {r['name']} | {share:.0%} | {r['p50_ms']} | {r['p95_ms']} "
                f"| {r['p99_ms']} | {r['failures']} |"
            )
    for s in report["steps"]:
        for failure in s["failures"]:
            print(
                f"\n{s['users']} users: {failure['count']} × {failure['method']} "
                f"{failure['name']}: {failure['error']}"
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--users",
        default="2,4,8,16,32",
        help="the steps: users at once, comma separated (default 2,4,8,16,32)",
    )
    parser.add_argument("--run-time", default="60s", help="per step (default 60s)")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=0,
        help="users started per second (default: all of a step at once)",
    )
    parser.add_argument(
        "--wait", type=float, default=0, help="seconds each user waits between tasks (default 0)"
    )
    parser.add_argument("--warmup", default="20s", help="a run with 2 users first, not counted")
    parser.add_argument("--user", default="bench")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument(
        "--write-contacts",
        type=int,
        default=20,
        help="the contacts edited and given interactions (default 20)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--output", type=Path, default=None, help="default benchmarks/data/load-<database>.json"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep locust's CSV files and the logs (their folder is printed)",
    )
    args = parser.parse_args(argv)
    steps = [int(n) for n in args.users.split(",") if n.strip()]
    if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("locust is not installed here: pip install -e '.[dev]'")

    owner, plan = prepare(
        username=args.user,
        password=args.password,
        write_contacts=args.write_contacts,
        wait=args.wait,
        seed=args.seed,
    )
    db = database()
    output = args.output or DATA / f"load-{db['vendor']}.json"
    cleaned = clean_up(owner)  # what an interrupted run left
    from django.db import connections

    connections.close_all()

    workdir = Path(tempfile.mkdtemp(prefix="vinculo-load-"))
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    process, logs, described = start_server(port, workdir, "serve")
    results = []
    try:
        wait_for(port, process, seconds=600)  # collectstatic, messages, ANALYZE first
        started_at = time.strftime("%Y-%m-%d %H:%M:%S %z")
        load_start = os.getloadavg()
        if args.warmup and args.warmup != "0":
            print(f"warm-up: 2 users for {args.warmup}", flush=True)
            run_locust(
                host=host,
                plan_path=plan_path,
                users=2,
                spawn_rate=2,
                run_time=args.warmup,
                prefix=workdir / "warmup",
                log=workdir / "locust.log",
            )
        for users in steps:
            clean_up(owner)
            connections.close_all()
            print(f"{users} users for {args.run_time}", flush=True)
            result = step(
                users=users,
                args=args,
                host=host,
                plan_path=plan_path,
                workdir=workdir,
                server_pid=process.pid,
            )
            t = result["total"]
            print(
                f"  {t['rps']} requests/s, p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms, "
                f"p99 {t['p99_ms']} ms, {t['failures']} failures of {t['requests']}",
                flush=True,
            )
            results.append(result)
        load_end = os.getloadavg()
        settings = server_settings(logs[1])
    finally:
        stop(process)
        with contextlib.suppress(Exception):
            clean_up(owner)
            connections.close_all()
        if args.keep:
            print(f"locust's files and the logs are in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    clean = [s for s in results if s["total"]["failures"] == 0]
    best = max(clean, key=lambda s: s["total"]["rps"], default=None)
    report = {
        "machine": machine(),
        "database": db,
        "server": {
            "described": described,
            "command": "vinculo serve --host 127.0.0.1 --port PORT (defaults)",
            **settings,
            "threads_per_worker": 4,
            "background_workers": 1,
        },
        "client": "locust (one process, FastHttpUser, on the same machine)",
        "mix": "benchmarks/locustfile.py: WebUser weight 3, ApiUser weight 1",
        "user": args.user,
        "contacts": len(plan["browse_ids"]),
        "write_contacts": args.write_contacts,
        "run_time": args.run_time,
        "warmup": args.warmup,
        "wait_seconds": args.wait,
        "left_over_rows_removed_first": cleaned,
        "started_at": started_at,
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in load_end],
        "steps": results,
        "summary": {
            "highest_clean_users": max((s["users"] for s in clean), default=None),
            "best_clean_users": best["users"] if best else None,
            "best_clean_rps": best["total"]["rps"] if best else None,
            "best_clean_p50_ms": best["total"]["p50_ms"] if best else None,
            "best_clean_p95_ms": best["total"]["p95_ms"] if best else None,
            "best_clean_p99_ms": best["total"]["p99_ms"] if best else None,
        },
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_report(report)
    print(f"\nwritten to {output}")
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
