"""How fast are suggested introductions through the real app, on a large network?

    python -m benchmarks.suggestions [--contacts 100000] [--edits 50] [--seed 1] [--json out.json]

Everything goes through the app's own code on SQLite, in a fresh temporary VINCULO_HOME
(migrated first, removed at the end unless ``--home`` names a folder to keep):

1. load: one account, and ``--contacts`` contacts with two needs and three offers each
   (Spanish 70 %, English 30 %, the phrases of ``benchmarks/matching.py``), written by
   ``people.services.contacts_upsert_bulk``, the bulk path of the imports; the owner gets two
   needs and three offers of their own. Nothing is scored yet (the imports score once, at
   the end, as step 2 does).
2. rebuild: ``giving.matching.matches_rebuild(owner=...)``, what ``vinculo reindex`` and every
   import run: the rows read from the database, the engine's index built in one process,
   the best offers of every need scored, and the ``Match`` rows stored. The time of each of
   these steps is taken by wrapping the functions that do them (``_rows``, ``from_rows``,
   ``all_matches``, ``_store``) with a timer; the code itself is not changed.
3. edits: ``--edits`` times, one contact (a different one each time) gets two new needs and
   three new offers through ``people.services.contact_update``, which writes them and calls
   ``matches_refresh``; the figure is the whole call, commit included, so the new
   suggestions are stored when it returns. After each edit the stored rows of the new needs
   are compared with the index's answer. A few more edits count their SQL queries, and one
   more edit is made after the index of the process was dropped (what the first edit in a
   fresh web worker costs).

The peak resident set (``ru_maxrss``) of the process is given after each step. Timings are
wall-clock, with the CPU time of the process alongside (on a shared machine the difference
is time spent waiting for a CPU or the disk).
"""

import argparse
import contextlib
import functools
import inspect
import json
import math
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if "model name" in line), "")
    mem_kib = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        mem_kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1)]


def summary(values: list[float]) -> dict:
    """Milliseconds: p50, p95 (nearest rank) and max."""
    return {
        "p50": round(statistics.median(values) * 1000, 1),
        "p95": round(pct(values, 95) * 1000, 1),
        "max": round(max(values) * 1000, 1),
    }


class Clock:
    """Wall and CPU time of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


class Timers:
    """Total wall time spent in some functions, by wrapping them for the run (restored on
    exit). A generator function is timed while it runs, not while its reader does."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._undo = []

    def wrap(self, owner, attr: str, label: str, observe=None) -> None:
        """``observe(args, result)``, if given, is called after each call (untimed)."""
        saved = owner.__dict__[attr]  # a module's function, or a class's (class)method
        target = saved.__func__ if isinstance(saved, classmethod) else saved
        spent, calls = self.spent, self.calls
        spent.setdefault(label, 0.0)
        calls.setdefault(label, 0)
        if inspect.isgeneratorfunction(target):

            @functools.wraps(target)
            def timed(*args, **kwargs):
                calls[label] += 1
                it = target(*args, **kwargs)
                while True:
                    started = time.perf_counter()
                    try:
                        item = next(it)
                    except StopIteration:
                        spent[label] += time.perf_counter() - started
                        return
                    spent[label] += time.perf_counter() - started
                    yield item

        else:

            @functools.wraps(target)
            def timed(*args, **kwargs):
                calls[label] += 1
                started = time.perf_counter()
                try:
                    result = target(*args, **kwargs)
                finally:
                    spent[label] += time.perf_counter() - started
                if observe is not None:
                    observe(args, result)
                return result

        setattr(owner, attr, classmethod(timed) if isinstance(saved, classmethod) else timed)
        self._undo.append((owner, attr, saved))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for owner, attr, saved in reversed(self._undo):
            setattr(owner, attr, saved)


def setup_django(home: Path) -> None:
    os.environ["VINCULO_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "vinculo.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--home", help="VINCULO_HOME to use and keep (default: a temporary one)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="vinculo-sugg-"))
    home.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, home)
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)


def run(args, home: Path) -> int:
    out: dict = {"machine": machine(), "contacts": args.contacts, "seed": args.seed}
    out["load_average"] = {"start": load_average()}
    m = out["machine"]
    print(
        f"{m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB, Python {m['python']}, "
        f"SQLite {m['sqlite']}; load average {out['load_average']['start']}; home {home}"
    )
    setup_django(home)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.matching import Phrases
    from vinculo.engines.matching import MatchIndex
    from vinculo.giving import matching
    from vinculo.giving.models import Match
    from vinculo.people import services
    from vinculo.people.models import Contact, Need, Offer

    phrases = Phrases(args.seed)
    owner = get_user_model().objects.create_user(
        username="bench", password="vinculo-bench-2026", language="es"
    )
    items = []
    for n in range(args.contacts):
        lang, needs, offers = phrases.person_rows(n)
        items.append(
            {
                "external_id": f"bench-{n}",
                "name": f"Persona {n}" if lang == "es" else f"Person {n}",
                "languages": [lang],
                "needs": [text for _id, text, _lang in needs],
                "offers": [text for _id, text, _lang in offers],
            }
        )
    _lang, own_needs, own_offers = phrases.person_rows(-1)
    with Clock() as load:
        services.contacts_upsert_bulk(owner=owner, items=items)
        services.needs_set(owner=owner, contact=None, texts=[t for _i, t, _l in own_needs])
        services.offers_set(owner=owner, contact=None, texts=[t for _i, t, _l in own_offers])
    del items
    counts = {
        "contacts": Contact.objects.for_user(owner).count(),
        "needs": Need.objects.for_user(owner).count(),
        "offers": Offer.objects.for_user(owner).count(),
    }
    out["load"] = {"seconds": round(load.wall, 1), "peak_rss_mb": round(peak_mb()), **counts}
    print(
        f"load (contacts_upsert_bulk): {counts['contacts']:,} contacts, {counts['needs']:,} "
        f"needs, {counts['offers']:,} offers in {load.wall:.1f} s; peak RSS {peak_mb():.0f} MB"
    )

    with Timers() as timers:
        timers.wrap(matching, "_rows", "read rows")
        timers.wrap(MatchIndex, "from_rows", "build index")
        timers.wrap(MatchIndex, "all_matches", "score all needs")
        timers.wrap(matching, "_store", "store rows")
        out["load_average"]["before_rebuild"] = load_average()
        with Clock() as rebuild:
            found = matching.matches_rebuild(owner=owner)
    steps = {k: round(v, 1) for k, v in timers.spent.items()}
    steps["other (deletes, ANALYZE, commit)"] = round(rebuild.wall - sum(timers.spent.values()), 1)
    stored = Match.objects.for_user(owner).count()
    out["rebuild"] = {
        "seconds": round(rebuild.wall, 1),
        "cpu_seconds": round(rebuild.cpu, 1),
        "steps": steps,
        "matches": found,
        "rows_stored": stored,
        "peak_rss_mb": round(peak_mb()),
        "load_average_after": load_average(),
    }
    print(
        f"matches_rebuild: {rebuild.wall:.1f} s ({rebuild.cpu:.1f} s of CPU), {found:,} matches, "
        f"{stored:,} rows stored; peak RSS {peak_mb():.0f} MB; load average {load_average()}"
    )
    print("  " + "; ".join(f"{k} {v:.1f} s" for k, v in steps.items()))

    r = random.Random(args.seed + 1)
    ids = list(Contact.objects.for_user(owner).values_list("id", "languages"))
    chosen = r.sample(ids, min(len(ids), args.edits + 4))
    edits, chosen_timed = [], chosen[: args.edits]
    chosen_count, chosen_cold = chosen[args.edits : args.edits + 3], chosen[args.edits + 3]

    def edit(pk: int, lang: str) -> Contact:
        needs = [phrases.text("need", lang) for _ in range(2)]
        offers = [phrases.text("offer", lang) for _ in range(3)]
        contact = Contact.objects.for_user(owner).get(pk=pk)
        return services.contact_update(contact=contact, needs=needs, offers=offers)

    def check(contact: Contact) -> tuple[int, bool, int, int]:
        """Is the edit reflected in the stored rows? Returns the rows stored for the
        contact's new needs and whether they are the index's answer, and, over the needs of
        others that the contact's new offers meet (``whom_can_i_help``), how many were
        checked and how many lack a row for one of those offers that the need's top
        ``PER_NEED`` (``matches_for_need``) holds."""
        index = matching.match_index(owner)
        same, rows = True, 0
        for need_id in (
            Need.objects.for_user(owner).filter(contact=contact).values_list("id", flat=True)
        ):
            want = {m.offer_id for m in index.matches_for_need(need_id, limit=matching.PER_NEED)}
            got = set(
                Match.objects.for_user(owner)
                .filter(need_id=need_id)
                .values_list("offer_id", flat=True)
            )
            rows += len(got)
            same &= want == got
        offers = set(
            Offer.objects.for_user(owner).filter(contact=contact).values_list("id", flat=True)
        )
        reached = {
            m.need_id
            for m in index.whom_can_i_help(
                contact.pk, limit=matching.PER_OFFER, per_offer=matching.PER_OFFER
            )
        }
        stored: dict[int, set[int]] = {}
        rows_of_reached = Match.objects.for_user(owner).filter(need_id__in=list(reached))
        for need_id, offer_id in rows_of_reached.values_list("need_id", "offer_id"):
            stored.setdefault(need_id, set()).add(offer_id)
        missing = 0
        for need_id in reached:
            top = {m.offer_id for m in index.matches_for_need(need_id, limit=matching.PER_NEED)}
            missing += bool((top & offers) - stored.get(need_id, set()))
        return rows, same, len(reached), missing

    out["load_average"]["before_edits"] = load_average()
    reflected, consistent, others_checked, others_missing = 0, 0, 0, 0
    editing = {"contact": None}
    kinds = {"own": 0, "others, entered by the new offers": 0, "others": 0}

    def classify(args, result) -> None:
        """Which needs the edits re-score: the contact's own, needs of others whose new top
        holds one of the contact's new offers, and the rest (a need that lost one of the
        contact's old offers, or that has fewer than PER_NEED suggestions)."""
        if editing["contact"] is None:
            return  # a call of check(), not of the edit
        index, need_id = args[0], args[1]
        person = index.needs.person[index.needs.slot_of[need_id]]
        if person == editing["contact"]:
            kinds["own"] += 1
        elif any(m.offer_person == editing["contact"] for m in result):
            kinds["others, entered by the new offers"] += 1
        else:
            kinds["others"] += 1

    steps: dict[str, float] = {}
    calls: dict[str, int] = {}
    with Timers() as timers:
        timers.wrap(MatchIndex, "set_person", "index update")
        timers.wrap(MatchIndex, "whom_can_i_help", "needs met by the new offers")
        timers.wrap(MatchIndex, "matches_for_need", "re-score touched needs", observe=classify)
        timers.wrap(matching, "_store", "store rows")
        for pk, langs in chosen_timed:
            spent, called = dict(timers.spent), dict(timers.calls)
            editing["contact"] = pk
            started = time.perf_counter()
            contact = edit(pk, (langs or ["es"])[0])
            editing["contact"] = None
            edits.append(time.perf_counter() - started)
            for k, v in timers.spent.items():
                steps[k] = steps.get(k, 0.0) + v - spent[k]
                calls[k] = calls.get(k, 0) + timers.calls[k] - called[k]
            rows, same, reached, missing = check(contact)
            reflected += rows > 0
            consistent += same
            others_checked += reached
            others_missing += missing
    n = len(edits)
    per_edit = {k: round(v / n * 1000, 1) for k, v in steps.items()}
    per_edit["the rest (SQL of the edit, deletes, commit)"] = round(
        (sum(edits) - sum(steps.values())) / n * 1000, 1
    )
    touched = round(calls["re-score touched needs"] / n, 1)
    queries = []
    for pk, langs in chosen_count:
        with CaptureQueriesContext(connection) as ctx:
            edit(pk, (langs or ["es"])[0])
        queries.append(len(ctx.captured_queries))
    matching._indexes.clear()
    pk, langs = chosen_cold
    with Clock() as cold:
        edit(pk, (langs or ["es"])[0])
    out["edits"] = {
        "count": len(edits),
        "ms": summary(edits),
        "with_stored_suggestions": reflected,
        "stored_equal_index": consistent,
        "needs_of_others_checked": others_checked,
        "needs_of_others_missing_a_new_offer": others_missing,
        "mean_ms_per_step": per_edit,
        "needs_re_scored_per_edit": touched,
        "needs_re_scored_by_kind": kinds,
        "queries_per_edit": queries,
        "cold_edit_seconds": round(cold.wall, 2),
        "load_average_after": load_average(),
    }
    out["peak_rss_mb"] = round(peak_mb())
    s = out["edits"]["ms"]
    print(
        f"contact_update of 2 needs + 3 offers ({len(edits)} edits): p50 {s['p50']} ms, "
        f"p95 {s['p95']} ms, max {s['max']} ms; new needs with suggestions stored: "
        f"{reflected}/{len(edits)}; stored rows equal to the index's answer: "
        f"{consistent}/{len(edits)}; needs of others met by the new offers that lack one of "
        f"them from their stored top {matching.PER_NEED}: {others_missing}/{others_checked}; "
        f"SQL queries per edit: {queries}"
    )
    print(
        f"  mean per edit: {touched} needs re-scored "
        f"({', '.join(f'{k} {v / n:.1f}' for k, v in kinds.items())}); "
        + "; ".join(f"{k} {v} ms" for k, v in per_edit.items())
    )
    print(f"the same edit with no index in the process (first edit of a worker): {cold.wall:.1f} s")
    print(f"peak RSS of the process: {out['peak_rss_mb']} MB; load average {load_average()}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
