"""How healthy a network is: plain functions over plain data (no database).

Reach (people exactly two steps away) and brokers are :meth:`Network.within_two` and
:meth:`Network.brokers`; everything else is here. Every function takes iterables of dates,
numbers and strings that a selector reads in one query, and returns plain dicts and lists
(ready for JSON).

``growth(created, *, until=None) -> list[dict]``
    ``created``: the creation date of each contact. One row per calendar month from the
    month of the first contact through the month of ``until`` (default: the last
    contact's), months without contacts included:
    ``[{"month": "2026-01", "added": 3, "total": 10}, ...]`` (``total``: contacts created up
    to the end of that month). ``[]`` when there are no contacts.

``tie_state(days, *, active=90, cooling=365) -> str`` and
``tie_states(days_since, *, active=90, cooling=365) -> dict``
    ``days``: days since the last interaction with a contact, ``None`` when never.
    ``"active"`` when ``days <= active``, ``"cooling"`` when ``days <= cooling``, ``"cold"``
    beyond that or never. ``tie_states`` counts them: ``{"active": 4, "cooling": 2,
    "cold": 7}`` (all three keys always present).

``follow_up_rate(met, touches, *, within=2) -> dict``
    ``met``: ``(contact, date)`` pairs, each a person met on that date; ``touches``:
    ``(contact, date)`` pairs of every interaction. A meeting is followed up when the same
    contact has an interaction after the day met and at most ``within`` days later
    (``met < touch <= met + within``). Returns ``{"met": 10, "followed_up": 7,
    "rate": 0.7}``; ``rate`` is rounded to 2 decimals and 0.0 when nobody was met.

``balance(directions) -> dict``
    ``directions``: the direction of each interaction (``"gave"``, ``"received"``,
    ``"mutual"``; anything else is not counted). Returns ``{"gave": 6, "received": 3,
    "mutual": 2, "ratio": 2.0}``: ``ratio`` is gave / received rounded to 2 decimals
    (above 1: you give more than you receive), ``None`` when nothing was received.

``diversity(labels) -> dict``
    ``labels``: one label per contact and dimension (a sector, a tag; a contact with two
    tags gives two labels; empty labels and ``None`` are skipped). Returns
    ``{"counts": [("legal", 5), ("design", 2)], "evenness": 0.86}``: counts most first then
    by label, and Pielou's evenness, the Shannon entropy of the shares divided by its
    maximum ``ln(k)`` for ``k`` labels, rounded to 2 decimals: 1.0 when every label is
    equally common, towards 0 when one dominates, 0.0 with fewer than two labels.

``losing_touch(ties, *, min_value=0.5, after=60, cap=365, limit=10) -> list[dict]``
    ``ties``: ``(contact, value, days)`` triples: the tie's value 0..1 (its strength before
    decay, or the owner's manual strength: how much the tie is worth keeping) and days since
    the last interaction (``None`` when never: nothing to lose touch with, skipped). A tie is
    losing touch when ``value >= min_value`` and ``days >= after``. Ranked by
    ``value * min(days, cap) / cap`` (``urgency``, rounded to 3 decimals; a valuable tie
    silent for long comes first, and beyond ``cap`` days only its value counts), then by
    value, then by days, most first, then in the order given: ``[{"contact": 7, "value": 0.9,
    "days": 200, "urgency": 0.493}, ...]``, at most ``limit``.
"""

import datetime
import math
from collections import Counter
from collections.abc import Hashable, Iterable

ACTIVE_DAYS = 90
COOLING_DAYS = 365


def growth(created: Iterable[datetime.date], *, until: datetime.date | None = None) -> list[dict]:
    """Contacts added per month and the running total (see the module docstring)."""
    per_month = Counter((d.year, d.month) for d in created)
    if not per_month:
        return []
    year, month = min(per_month)
    last = max(per_month) if until is None else max(max(per_month), (until.year, until.month))
    rows, total = [], 0
    while (year, month) <= last:
        added = per_month.get((year, month), 0)
        total += added
        rows.append({"month": f"{year:04d}-{month:02d}", "added": added, "total": total})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def tie_state(days: int | None, *, active: int = ACTIVE_DAYS, cooling: int = COOLING_DAYS) -> str:
    """``"active"``, ``"cooling"`` or ``"cold"`` for a tie last touched ``days`` ago."""
    if days is None or days > cooling:
        return "cold"
    return "active" if days <= active else "cooling"


def tie_states(
    days_since: Iterable[int | None], *, active: int = ACTIVE_DAYS, cooling: int = COOLING_DAYS
) -> dict[str, int]:
    """How many ties are active, cooling and cold."""
    counts = {"active": 0, "cooling": 0, "cold": 0}
    for days in days_since:
        counts[tie_state(days, active=active, cooling=cooling)] += 1
    return counts


def follow_up_rate(
    met: Iterable[tuple[Hashable, datetime.date]],
    touches: Iterable[tuple[Hashable, datetime.date]],
    *,
    within: int = 2,
) -> dict:
    """The share of people met who got a follow-up within ``within`` days."""
    dates: dict[Hashable, set[datetime.date]] = {}
    for contact, on in touches:
        dates.setdefault(contact, set()).add(on)
    n_met = followed = 0
    for contact, on in met:
        n_met += 1
        later = dates.get(contact, ())
        if any(on + datetime.timedelta(days=k) in later for k in range(1, within + 1)):
            followed += 1
    rate = round(followed / n_met, 2) if n_met else 0.0
    return {"met": n_met, "followed_up": followed, "rate": rate}


def balance(directions: Iterable[str]) -> dict:
    """How many interactions gave, received and were mutual, and gave / received."""
    counts = Counter(directions)
    gave, received, mutual = counts["gave"], counts["received"], counts["mutual"]
    ratio = round(gave / received, 2) if received else None
    return {"gave": gave, "received": received, "mutual": mutual, "ratio": ratio}


def diversity(labels: Iterable[str | None]) -> dict:
    """Counts per label, most first, and Pielou's evenness 0..1."""
    counts = Counter(label for label in labels if label)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    total = sum(counts.values())
    if len(counts) < 2:
        return {"counts": ranked, "evenness": 0.0}
    entropy = -sum(c / total * math.log(c / total) for c in counts.values())
    return {"counts": ranked, "evenness": round(entropy / math.log(len(counts)), 2)}


def losing_touch(
    ties: Iterable[tuple[Hashable, float, int | None]],
    *,
    min_value: float = 0.5,
    after: int = 60,
    cap: int = COOLING_DAYS,
    limit: int = 10,
) -> list[dict]:
    """Valuable ties whose last interaction is getting old, most urgent first."""
    rows = [
        {
            "contact": contact,
            "value": value,
            "days": days,
            "urgency": round(value * min(days, cap) / cap, 3),
        }
        for contact, value, days in ties
        if days is not None and value >= min_value and days >= after
    ]
    rows.sort(key=lambda r: (-r["urgency"], -r["value"], -r["days"]))  # stable
    return rows[:limit]
