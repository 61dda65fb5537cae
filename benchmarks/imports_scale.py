"""Time importing a very large vCard file, side by side with a plain vobject parse.

    python -m benchmarks.imports_scale [--sizes 10000,50000,100000] [--vobject 10000]
                                       [--cards full|plain]

For each size, writes a vCard 3.0 file of that many cards (``benchmarks.readers``' cards:
two e-mails, two phones, an Apple ``itemN.`` label, an address, an organization, a folded
note with accents; with ``--cards plain``, a name, an organization, one e-mail and one
mobile number, as a phone's address book writes most cards), creates an empty account in
a fresh data folder and times ``vinculo import FILE --json`` as a subprocess: wall time,
CPU time and peak memory (RSS), read with ``getrusage(RUSAGE_CHILDREN)`` in a small
wrapper process around the import alone.
The import reads a large file in a second process while it writes (``importers.pipeline``):
the CPU time is both processes' together, the peak RSS the larger of the two (each counts
the pages it shares with the other after the fork, and the writer the pages of the database
file that SQLite maps into memory, which grow with the database); the peak heap is each
process's anonymous memory (``RssAnon``), sampled every 0.1 s, as is the CPU time of the reading
process (``/proc/PID/stat``; the writer's is the rest). The load average (1 minute) is taken
just before each import: the machine is shared, and the wall time depends on it.
The baseline is vobject's own reader on the same file (``vobject.readComponents``, every
component iterated, nothing else), timed here; the ratio is our import rate over its rate.

``DATABASE_URL`` is honoured: with it set every import goes to that database (each size has
a user of its own). Prints a Markdown table and writes benchmarks/data/imports_scale.json
(not committed).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.readers import vcard_cards, vcard_plain_cards

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VINCULO = [sys.executable, "-m", "vinculo"]

# Runs one command and prints its wall time, CPU time and peak RSS (KiB) as JSON; also the
# peak of its anonymous memory (RssAnon: the heap, without the pages of the database file
# that SQLite maps, PRAGMA mmap_size) in the command and in its child, and the child's CPU time,
# sampled every 0.1 s.
MEASURE = """
import json, os, resource, subprocess, sys, threading, time

TICKS = os.sysconf("SC_CLK_TCK")

def anon(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(c) for c in listed.read().split()]
    except OSError:
        return []

started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
peaks = {"main": 0, "child": 0}
child_cpu = {}

def sample():
    while process.poll() is None:
        peaks["main"] = max(peaks["main"], anon(process.pid))
        for child in children(process.pid):
            peaks["child"] = max(peaks["child"], anon(child))
            seconds = cpu(child)
            if seconds is not None:
                child_cpu[child] = seconds
        time.sleep(0.1)

threading.Thread(target=sample, daemon=True).start()
out, err = process.communicate()
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss_kib": usage.ru_maxrss, "anon_main_kib": peaks["main"],
                  "anon_child_kib": peaks["child"], "code": process.returncode,
                  "cpu_reader": sum(child_cpu.values()),
                  "stdout": out.decode(), "stderr": err.decode()[-2000:]}))
"""


def _env(home: Path) -> dict:
    return {**os.environ, "VINCULO_HOME": str(home), "VINCULO_LANGUAGE": "en"}


CARDS = {"full": vcard_cards, "plain": vcard_plain_cards}


def file_write(path: Path, count: int, cards: str = "full") -> int:
    with path.open("wb") as out:
        for card in CARDS[cards](count):
            out.write(card)
    return path.stat().st_size


def import_measured(path: Path, home: Path, user: str) -> dict:
    subprocess.run(
        [*VINCULO, "user", "create", user, "--password-stdin"],
        input=b"x" * 12,
        env=_env(home),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    command = [*VINCULO, "import", str(path), "--json", "--user", user]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        env=_env(home),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    measured = json.loads(done.stdout)
    if measured["code"] != 0:
        raise SystemExit(f"the import failed: {measured['stderr']}")
    report = json.loads(measured.pop("stdout"))
    measured.pop("stderr")
    measured["report"] = {k: report[k] for k in ("created", "updated", "skipped")}
    measured["errors"] = len(report["errors"])
    return measured


def vobject_parse(path: Path) -> dict:
    import vobject

    started, cpu = time.perf_counter(), time.process_time()
    text = path.read_text(encoding="utf-8")
    count = sum(1 for _component in vobject.readComponents(text))
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "cards": count,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports_scale", description=__doc__)
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument(
        "--vobject",
        default="",
        help="sizes parsed with vobject (default: every size of --sizes; a size not among them "
        "gets a file of its own); its rate is per card, so the ratio at the other sizes uses "
        "the rate of the largest one parsed",
    )
    parser.add_argument(
        "--cards",
        choices=sorted(CARDS),
        default="full",
        help="full: benchmarks.readers' cards (two e-mails, two phones, an address, a folded "
        "note); plain: a name, an organization, one e-mail and one mobile number",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    baseline_sizes = [int(s) for s in args.vobject.split(",") if s] if args.vobject else sizes
    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    results: dict = {"database": database, "cards": args.cards, "sizes": {}}
    results["load_before"] = os.getloadavg()
    print(f"{database}, {args.cards} cards; load average {os.getloadavg()[0]:.1f} at the start\n")
    base_rate = base_cpu_rate = None
    with tempfile.TemporaryDirectory(prefix="vinculo-imports-scale-") as tmp:
        tmp = Path(tmp)
        for size in sorted(set(baseline_sizes) - set(sizes)):
            path = tmp / f"cards-{size}.vcf"
            file_write(path, size, args.cards)
            base = vobject_parse(path)
            path.unlink()
            results.setdefault("vobject", {})[size] = base
            base_rate, base_cpu_rate = size / base["wall"], size / base["cpu"]
            print(
                f"vobject alone, {size:,} cards: {base['wall']:.1f} s wall, {base['cpu']:.1f} s "
                f"CPU ({base_rate:,.0f} cards/s)\n"
            )
        print(
            "| cards | file | import wall s | import CPU s | CPU s: writer, reader | cards/s "
            "| vobject s | vobject cards/s | ratio (ours / vobject) | ratio by CPU time "
            "| peak RSS | peak heap: writer, reader | load |"
        )
        print("| ---: " * 13 + "|", flush=True)
        for size in sizes:
            path = tmp / f"cards-{size}.vcf"
            size_bytes = file_write(path, size, args.cards)
            user = f"scale{size}-{int(time.time())}"
            load = os.getloadavg()[0]
            ours = import_measured(path, tmp / f"home-{size}", user)
            ours["load_before"] = load
            base = vobject_parse(path) if size in baseline_sizes else None
            results["sizes"][size] = {"bytes": size_bytes, "import": ours, "vobject": base}
            path.unlink()
            rate = size / ours["wall"]
            base_cells = "| – | –"
            if base:
                base_rate, base_cpu_rate = size / base["wall"], size / base["cpu"]
                base_cells = f"| {base['wall']:.1f} | {base_rate:,.0f}"
            ratio = f"{rate / base_rate:.2f}" if base_rate else "–"
            ratio += f" | {size / ours['cpu'] / base_cpu_rate:.2f}" if base_cpu_rate else " | –"
            print(
                f"| {size:,} | {size_bytes / 1e6:.0f} MB | {ours['wall']:.1f} | {ours['cpu']:.1f} "
                f"| {ours['cpu'] - ours['cpu_reader']:.1f}, {ours['cpu_reader']:.1f} "
                f"| {rate:,.0f} {base_cells} | {ratio} | {ours['maxrss_kib'] / 1024:.0f} MiB "
                f"| {ours['anon_main_kib'] / 1024:.0f}, {ours['anon_child_kib'] / 1024:.0f} MiB "
                f"| {load:.1f} |",
                flush=True,
            )
    results["load_after"] = os.getloadavg()
    print(f"\nload average {results['load_after'][0]:.1f} at the end")
    DATA.mkdir(exist_ok=True)
    name = "imports_scale.json" if database == "sqlite" else f"imports_scale_{database}.json"
    if args.cards != "full":
        name = name.replace(".json", f"_{args.cards}.json")
    (DATA / name).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
