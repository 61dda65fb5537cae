"""How fast are an event's prepare sheet, the attendee search and the business-card reader?

    python -m benchmarks.events [--contacts 50000] [--attendees 200] [--repeat 7]
                                [--home DIR] [--json out.json]

1. data (SQLite, a temporary ``VINCULO_HOME`` unless ``--home``): ``benchmarks.generate``
   with ``--contacts`` contacts (two needs and three offers each, twice as many ties,
   four interactions each), then ``matches_rebuild`` (the stored suggestions the sheet
   reads), and an event with ``--attendees`` random contacts, 20 of them to meet.
2. prepare sheet: ``activity.selectors.event_prepare`` (what the page uses: the stored
   matches of the attendees' needs and offers, ties and interactions, in 16 queries),
   the median of ``--repeat`` runs; side by side, the obvious way to get the same
   introductions: ``giving.selectors.suggestion_list(contact=…)`` once per attendee.
   Then the whole page through Django's test client (selector + template).
3. attendee search: ``event_contact_candidates`` for 8 queries typed as on a phone
   (the htmx search-as-you-type), against rendering one ``<select>`` holding every
   contact, the form a plain ``ModelMultipleChoiceField`` would give.
4. card reader: ``capture.cards.card_read`` on a card drawn at 1050×600 (a card photo
   cropped to the card) and the same card on a 4000×3000 phone photo; side by side, the
   phone photo given to Tesseract at full size (no reduction to 3000 pixels wide).

Timings are wall-clock with the process's CPU time alongside; the load average is given.
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.suggestions import Clock, load_average, machine, setup_django  # noqa: E402

QUERIES = ["ma", "mar", "maria", "garcia", "nunez", "jose m", "smith", "begona"]


def median_run(fn, repeat: int):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        with Clock() as clock:
            result = fn()
        walls.append(clock.wall)
        cpus.append(clock.cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, result


def build(args, home: Path) -> None:
    if not (home / "vinculo.sqlite3").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.generate",
                "--contacts",
                str(args.contacts),
                "--interactions",
                str(args.contacts * 4),
                "--user",
                "bench",
            ],
            cwd=ROOT,
            env={"VINCULO_HOME": str(home), "PATH": "/usr/bin:/bin"},
            check=True,
        )


def run(args, home: Path) -> dict:
    build(args, home)
    setup_django(home)
    from django import forms
    from django.contrib.auth import get_user_model
    from django.test import Client

    from vinculo.activity import selectors, services
    from vinculo.giving.matching import matches_rebuild
    from vinculo.giving.models import Match
    from vinculo.giving.selectors import suggestion_list
    from vinculo.people.models import Contact

    out: dict = {"machine": machine(), "contacts": args.contacts, "attendees": args.attendees}
    user = get_user_model().objects.get(username="bench")
    if not Match.objects.for_user(user).exists():
        with Clock() as clock:
            count = matches_rebuild(owner=user)
        print(f"matches_rebuild: {count:,} suggestions in {clock.wall:.1f} s")
    ids = list(Contact.objects.for_user(user).values_list("pk", flat=True))
    r = random.Random(args.seed)
    attendees = r.sample(ids, args.attendees)
    event = services.event_create(owner=user, name="Benchmark", attendees=[])
    services.event_attendees_set(
        event=event, contacts=list(Contact.objects.for_user(user).filter(pk__in=attendees))
    )
    services.event_to_meet_set(
        event=event, contacts=list(Contact.objects.for_user(user).filter(pk__in=attendees[:20]))
    )

    rows = []

    def row(label, wall, cpu, note=""):
        rows.append((label, wall, cpu, note))
        print(f"  {label:<58} {wall:9.1f} ms  (cpu {cpu:8.1f} ms) {note}", flush=True)

    print(f"\nprepare sheet, {args.attendees} attendees of {args.contacts:,} contacts")
    sheet_ms, sheet_cpu, sheet = median_run(
        lambda: selectors.event_prepare(user=user, event=event), args.repeat
    )
    found = len(sheet.among) + len(sheet.network) + len(sheet.for_me)
    row("event_prepare (stored matches of the attendees)", sheet_ms, sheet_cpu, f"{found} shown")
    people = list(Contact.objects.for_user(user).filter(pk__in=attendees))
    naive_ms, naive_cpu, naive = median_run(
        lambda: [suggestion_list(user=user, contact=c, limit=15) for c in people],
        max(1, args.repeat // 3),
    )
    row(
        "baseline: suggestion_list(contact=…) per attendee",
        naive_ms,
        naive_cpu,
        f"{sum(len(x) for x in naive)} found",
    )
    out["prepare"] = {
        "event_prepare_ms": round(sheet_ms, 1),
        "per_attendee_baseline_ms": round(naive_ms, 1),
        "ratio": round(naive_ms / sheet_ms, 1),
    }
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = event.get_absolute_url() + "prepare/"
    assert client.get(url).status_code == 200
    page_ms, page_cpu, response = median_run(lambda: client.get(url), args.repeat)
    row("prepare page, selector and template", page_ms, page_cpu, f"{len(response.content):,} B")
    out["prepare"]["page_ms"] = round(page_ms, 1)

    print("\nattendee search")
    per_query = []
    for query in QUERIES:
        wall, cpu, found = median_run(
            lambda q=query: list(
                selectors.event_contact_candidates(user=user, event=event, query=q)
            ),
            args.repeat,
        )
        per_query.append(wall)
        row(f"event_contact_candidates({query!r})", wall, cpu, f"{len(found)} shown")

    class Everyone(forms.Form):
        attendees = forms.ModelMultipleChoiceField(
            queryset=Contact.objects.for_user(user).order_by("name")
        )

    select_ms, select_cpu, html = median_run(
        lambda: str(Everyone()["attendees"]), max(1, args.repeat // 3)
    )
    row("baseline: one <select> of every contact", select_ms, select_cpu, f"{len(html):,} B")
    out["search"] = {
        "median_query_ms": round(statistics.median(per_query), 1),
        "max_query_ms": round(max(per_query), 1),
        "select_of_everyone_ms": round(select_ms, 1),
        "select_bytes": len(html),
        "ratio": round(select_ms / statistics.median(per_query), 1),
    }

    print("\ncard reader")
    from PIL import Image

    from tests.events.cards import card_image, encoded
    from vinculo.capture import cards

    card = card_image()
    small = encoded(card, quality=85)
    phone = Image.new("RGB", (4000, 3000), (200, 196, 186))
    phone.paste(card.resize((2800, 1600)), (600, 700))
    big = encoded(phone, quality=85)
    for label, data in (("card_read, 1050×600 card", small), ("card_read, 4000×3000 photo", big)):
        wall, cpu, reading = median_run(lambda d=data: cards.card_read(data=d), 3)
        row(label, wall, cpu, reading.fields.name)
        out.setdefault("cards", {})[label] = round(wall, 1)
    limit = cards.OCR_WIDTH_MAX
    cards.OCR_WIDTH_MAX = 10**6
    try:
        wall, cpu, reading = median_run(lambda: cards.card_read(data=big), 3)
    finally:
        cards.OCR_WIDTH_MAX = limit
    row("baseline: 4000×3000 photo at full size", wall, cpu, reading.fields.name)
    out["cards"]["full size baseline"] = round(wall, 1)
    out["load_average"] = load_average()
    print(f"\nload average: {out['load_average']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--attendees", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--home", help="VINCULO_HOME to use and keep (default: a temporary one)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="vinculo-events-"))
    home.mkdir(parents=True, exist_ok=True)
    try:
        out = run(args, home)
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
