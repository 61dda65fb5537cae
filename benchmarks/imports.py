"""Time importing a network through the command line, with a one-by-one baseline.

    python -m benchmarks.imports [--contacts 5000] [--baseline 300] [--formats json,vcard,csv]

Writes a realistic network with ``benchmarks.generate`` into a data folder of its own,
exports it with ``vinculo export`` in each format, then, for each format, creates an empty
account in a fresh data folder and times ``vinculo import FILE --json`` as a subprocess
(wall time: start-up, parsing, checks, the one transaction, scoring the suggestions), and
the same import again (everything already there: updates). The baseline is what the
import replaces: the same contacts written one by one through the app's own
``contact_create`` service, timed on the first ``--baseline`` contacts of the file and given
per contact, so the ratio compares like with like.

``DATABASE_URL`` is honoured: with it set, every step runs on that database (it must be
empty: each step makes its own user). Prints a Markdown table and writes
benchmarks/data/imports.json (not committed).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VINCULO = [sys.executable, "-m", "vinculo"]


def run(args: list[str], home: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "VINCULO_HOME": str(home), "VINCULO_LANGUAGE": "en"}
    return subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True, **kwargs)


def timed(args: list[str], home: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    done = run(args, home)
    return time.perf_counter() - started, json.loads(done.stdout)


BASELINE = """
import json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
django.setup()
from django.core.management import call_command
from vinculo.accounts.models import User
from vinculo.people.services import contact_create
call_command("migrate", verbosity=0)
owner = User.objects.create_user(username="baseline", password="x")
people = json.load(open(sys.argv[1]))["contacts"][: int(sys.argv[2])]
started = time.perf_counter()
for p in people:
    contact_create(
        owner=owner, name=p["name"], emails=p.get("emails", []), phones=p.get("phones", []),
        offers=p.get("offers", []), needs=p.get("needs", []), tags=p.get("tags", []),
        organization=p.get("organization", ""), title=p.get("title", ""),
        city=p.get("city", ""), notes=p.get("notes", ""),
    )
print(json.dumps({"seconds": time.perf_counter() - started, "contacts": len(people)}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=300)
    parser.add_argument("--formats", default="json,vcard,csv")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    results: dict = {"contacts": args.contacts, "formats": {}, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="vinculo-imports-") as tmp:
        tmp = Path(tmp)
        source = tmp / "source"
        run(
            [
                sys.executable,
                "-m",
                "benchmarks.generate",
                "--contacts",
                str(args.contacts),
                "--interactions",
                str(args.contacts * 3),
                "--user",
                "source",
            ],
            source,
        )
        files = {}
        for kind in formats:
            files[kind] = tmp / f"network.{'vcf' if kind == 'vcard' else kind}"
            run([*VINCULO, "export", "--format", kind, "-o", str(files[kind])], source)
        for kind in formats:
            home = tmp / f"into-{kind}"
            run([*VINCULO, "user", "create", "bench", "--password-stdin"], home, input=b"x" * 12)
            first, report = timed([*VINCULO, "import", str(files[kind]), "--json"], home)
            again, again_report = timed([*VINCULO, "import", str(files[kind]), "--json"], home)
            results["formats"][kind] = {
                "bytes": files[kind].stat().st_size,
                "first_s": round(first, 2),
                "again_s": round(again, 2),
                "first": {k: report[k] for k in ("created", "updated", "skipped")},
                "again": {k: again_report[k] for k in ("created", "updated", "skipped")},
                "errors": len(report["errors"]),
            }
        baseline_home = tmp / "baseline"
        done = run(
            [sys.executable, "-c", BASELINE, str(files.get("json", "")), str(args.baseline)],
            baseline_home,
        )
        results["baseline"] = json.loads(done.stdout)
    results["load_after"] = os.getloadavg()
    per_contact = results["baseline"]["seconds"] / results["baseline"]["contacts"]
    print(f"{args.contacts} contacts; one by one: {per_contact * 1000:.1f} ms per contact")
    print("| format | file | first import s | again s | one by one (est.) s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, r in results["formats"].items():
        estimate = per_contact * args.contacts
        print(
            f"| {kind} | {r['bytes'] / 1e6:.1f} MB | {r['first_s']} | {r['again_s']} "
            f"| {estimate:.0f} | {estimate / r['first_s']:.1f}× |"
        )
    DATA.mkdir(exist_ok=True)
    (DATA / "imports.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
