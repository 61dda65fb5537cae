"""The Today list on a large network: ``python -m benchmarks.followups [--user bench]``.

Needs a network made by ``benchmarks.generate`` (50,000 contacts, 200,000 interactions).
Adds, once, keep-in-touch cadences (the two most common tags, and 1,000 contacts of their
own) and 500 open follow-ups, then times the selectors the Today page, ``vinculo
followups``, the API and the calendar feed call, against a baseline that reads each
governed contact's last interaction with a query of its own (what the aggregate avoids).

Prints a Markdown table; run it on an idle machine, in a database of its own.
"""

import argparse
import os
import statistics
import time
from datetime import timedelta


def _setup(user) -> None:
    from django.db.models import Count
    from django.utils import timezone

    from vinculo.activity import services
    from vinculo.activity.models import Cadence, FollowUp
    from vinculo.people.models import Contact, Tag

    if Cadence.objects.for_user(user).exists():
        return
    tags = list(Tag.objects.for_user(user).annotate(n=Count("contacts")).order_by("-n", "id")[:2])
    services.cadence_set(owner=user, tag=tags[0], ideal_days=30, max_days=60)
    services.cadence_set(owner=user, tag=tags[1], ideal_days=90, max_days=180)
    contacts = list(Contact.objects.for_user(user).order_by("id")[:1500])
    Cadence.objects.bulk_create(
        Cadence(owner=user, contact=c, ideal_days=14, max_days=30) for c in contacts[:1000]
    )
    today = timezone.localdate()
    FollowUp.objects.bulk_create(
        FollowUp(owner=user, contact=c, due=today - timedelta(days=n % 20), reason="met")
        for n, c in enumerate(contacts[1000:])
    )


def _time(fn, runs: int) -> tuple[float, float, object]:
    fn()
    fn()
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], result


def _today_page(client) -> str:
    response = client.get("/today/")
    assert response.status_code == 200, response.status_code
    return f"{len(response.content)} bytes"


def _baseline(user):
    """The same last-touch data, one query per governed contact."""
    from django.db.models import Max, Q

    from vinculo.activity.models import Cadence, Interaction
    from vinculo.people.models import Contact

    tag_ids = list(
        Cadence.objects.for_user(user).filter(tag__isnull=False).values_list("tag_id", flat=True)
    )
    governed = (
        Contact.objects.for_user(user)
        .filter(Q(tags__in=tag_ids) | Q(cadences__isnull=False))
        .distinct()
    )
    last = {}
    for pk in governed.values_list("pk", flat=True):
        last[pk] = (
            Interaction.objects.for_user(user).filter(contact_id=pk).aggregate(d=Max("date"))["d"]
        )
    return last


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from vinculo.activity import selectors
    from vinculo.web.followups import TODAY_LIMIT

    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="bench")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    user = get_user_model().objects.get(username=args.user)
    _setup(user)
    today = timezone.localdate()
    translation.activate("es")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    cases = {
        "followups_due (all due today: CLI, API)": lambda: selectors.followups_due(user=user),
        "followups_due (Today page: a week ahead, first 25)": lambda: selectors.followups_due(
            user=user, due_by=today + timedelta(days=7), limit=TODAY_LIMIT
        ),
        "followup_rate_after_events": lambda: selectors.followup_rate_after_events(user=user),
        "the Today page (GET /today/, test client, no network)": lambda: _today_page(client),
        "calendar_feed_ics (90 days ahead)": lambda: selectors.calendar_feed_ics(user=user),
    }
    print("| selector | p50 ms | p95 ms | queries | result |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, fn in cases.items():
        p50, p95, result = _time(fn, args.runs)
        with CaptureQueriesContext(connection) as queries:
            fn()
        size = getattr(result, "total", None)
        shown = (
            f"{size} due"
            if size is not None
            else (f"{len(result)} bytes" if isinstance(result, bytes) else str(result))
        )
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {len(queries)} | {shown} |")
    from vinculo.activity.models import Cadence
    from vinculo.activity.selectors import _cadence_touches

    cadences = list(
        Cadence.objects.for_user(user).values_list("tag_id", "contact_id", "ideal_days", "max_days")
    )
    p50, _p95, touches = _time(lambda: _cadence_touches(user=user, cadences=cadences), 5)
    started = time.perf_counter()
    last = _baseline(user)
    naive = (time.perf_counter() - started) * 1000
    print()
    print(
        f"Last touch of {len(touches[0])} governed contacts: aggregate {p50:.0f} ms, "
        f"one query per contact {naive:.0f} ms ({len(last)} queries), "
        f"ratio {naive / p50:.1f}×"
    )


if __name__ == "__main__":
    main()
