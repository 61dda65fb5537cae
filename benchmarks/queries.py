"""Count the SQL queries of each page for a small and a large network.

    python -m benchmarks.queries [--small small] [--large bench] [--sql]

Both users live in the database of the current VINCULO_HOME (made by
``benchmarks.generate``, e.g. 1,000 and 50,000 contacts). Every page is asked for through
``django.test.Client`` and its queries captured with ``CaptureQueriesContext``; the contact
page is asked for the contact with the fewest interactions and ties and for the one with
the most. A page passes when both users need the same number of queries. ``--sql`` prints
each query of the large network with the time it took, to see where a slow page spends it.
Exits non-zero when a count differs.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from vinculo.people.models import Contact  # noqa: E402

SEARCH = "nunez"
# Pages allowed one query more for the large network, and why (printed with the table).
BOUNDED = {
    "search, every contact matches": "one COUNT, once the matches are more than the 2,000 "
    "ids read at once; never more",
}


def pages_for(user) -> list[tuple[str, str]]:
    contacts = Contact.objects.for_user(user)
    busy = contacts.annotate(n=Count("interactions", distinct=True)).order_by("-n", "id")
    quiet = contacts.annotate(n=Count("interactions")).order_by("n", "id")
    return [
        ("dashboard", "/"),
        ("list", "/contacts/"),
        ("list, page 10", "/contacts/?page=10"),
        ("list, last page", f"/contacts/?page={(contacts.count() + 49) // 50}"),
        ("search", f"/contacts/?q={SEARCH}"),
        ("search, htmx rows", f"/contacts/?q={SEARCH}&htmx=1"),
        # Every contact matches: more than the 2,000 ids the list reads at once with 50,000
        # contacts, so it needs a COUNT that 1,000 contacts (all read at once) do not.
        ("search, every contact matches", "/contacts/?q=a"),
        ("contact, fewest interactions", f"/contacts/{quiet.values_list('id', flat=True)[0]}/"),
        ("contact, most interactions", f"/contacts/{busy.values_list('id', flat=True)[0]}/"),
    ]


def capture(client: Client, url: str):
    headers = {}
    if url.endswith("&htmx=1"):
        url, headers = url.removesuffix("&htmx=1"), {"HX-Request": "true"}
    client.get(url, headers=headers)  # warm: the first request loads templates and code
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}.")
    return ctx.captured_queries, elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.queries", description=__doc__)
    parser.add_argument("--small", default="small", help="user with the small network")
    parser.add_argument("--large", default="bench", help="user with the large network")
    parser.add_argument("--sql", action="store_true", help="print the large network's queries")
    args = parser.parse_args(argv)

    setup_test_environment()
    User = get_user_model()
    users = [User.objects.get(username=args.small), User.objects.get(username=args.large)]
    sizes = [Contact.objects.for_user(u).count() for u in users]
    rows, ok = [], True
    for (label, small_url), (_, large_url) in zip(*map(pages_for, users), strict=True):
        counts = []
        for user, url in zip(users, (small_url, large_url), strict=True):
            client = Client()
            client.force_login(user)
            queries, elapsed = capture(client, url)
            counts.append(len(queries))
            if args.sql and user is users[1]:
                print(f"\n{label}: GET {url} ({elapsed:.1f} ms in process)")
                for q in queries:
                    print(f"  {float(q['time']) * 1000:7.2f} ms  {q['sql'][:400]}")
        same = counts[0] == counts[1]
        bounded = label in BOUNDED and counts[1] == counts[0] + 1
        rows.append((label, *counts, "yes" if same else ("+1, bounded" if bounded else "NO")))
        ok &= same or bounded

    print(f"\n| page | queries, {sizes[0]:,} contacts | queries, {sizes[1]:,} contacts | same |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    for label, why in BOUNDED.items():
        print(f"\n{label}: {why}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
