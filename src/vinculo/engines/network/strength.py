"""The strength of one tie, computed from the interactions, with its reasons.

Each interaction (a :class:`Touch`) adds its *kind weight* times a *time decay*:

==========================  ======
kind                        weight
==========================  ======
``meeting``, ``event``      1.0     (in person)
``call``                    0.7
``intro``                   0.5
``email``, ``message``      0.4
``other`` (and unknown)     0.3
==========================  ======

The decay halves a touch's weight every :data:`HALF_LIFE_DAYS` (180) days: a meeting today
adds 1.0, six months ago 0.5, a year ago 0.25. Touches dated after ``today`` count as today.

Both directions raise the tie: ``gave`` adds to what the owner gave, ``received`` to what the
contact gave, ``mutual`` to both (``other`` directions to neither). The sum of the decayed
weights ``S`` gains a reciprocity bonus of half the smaller side, ``X = S + 0.5 * min(G, R)``,
and saturates towards 1.0: ``value = 1 - exp(-X / 2)``, rounded to 2 decimals. One meeting
today where the owner gave gives 0.39, a mutual one 0.53, three mutual ones 0.89. Every
term only grows when a touch is added, so a new touch never lowers the strength
(monotone). No touches give 0.0, which means no direct tie. The owner's manual strength
(0..1), when set, wins over all of this.

Reason codes (``Strength.reasons``: a tuple of ``(code, params)`` in this order; the caller
says them in words in the reader's language):

- ``("manual", {"value": 0.8})``: the owner set the strength; the only reason then.
- ``("none", {})``: no interactions: no direct tie; the only reason then.
- ``("recent", {"days": 3})``: the last touch was at most :data:`RECENT_DAYS` (90) days ago.
- ``("fading", {"days": 200})``: the last touch was more than :data:`HALF_LIFE_DAYS` (180)
  days ago (between the two thresholds neither is given).
- ``("frequent", {"count": 5, "days": 90})``: at least :data:`FREQUENT_COUNT` (3) touches in
  the last ``days`` (90) days.
- ``("in_person", {"count": 2})``: how many touches were in person (meetings, events), when
  any.
- ``("both_ways", {"gave": 2, "received": 3})``: value went both ways (``mutual`` touches
  count on both sides).
- ``("one_way", {"direction": "gave", "count": 4})``: value went one way only,
  ``direction`` ``"gave"`` (the owner) or ``"received"`` (the contact), with how many touches.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

HALF_LIFE_DAYS = 180
RECENT_DAYS = 90
FREQUENT_COUNT = 3
SCALE = 2.0  # value = 1 - exp(-X / SCALE)
RECIPROCITY = 0.5  # bonus per unit of the smaller direction

KIND_WEIGHTS = {
    "meeting": 1.0,
    "event": 1.0,
    "call": 0.7,
    "intro": 0.5,
    "email": 0.4,
    "message": 0.4,
    "other": 0.3,
}
IN_PERSON = frozenset({"meeting", "event"})


@dataclass(frozen=True)
class Touch:
    """One logged interaction with a contact."""

    on: datetime.date
    kind: str  # "meeting" | "call" | "email" | "message" | "event" | "intro" | "other"
    direction: str  # "gave" | "received" | "mutual"


@dataclass(frozen=True)
class Strength:
    """How strong a tie is (0.0..1.0, 2 decimals) and why."""

    value: float
    manual: bool
    touches: int
    last: datetime.date | None
    reasons: tuple[tuple[str, dict], ...]


def strength(
    touches: Iterable[Touch], *, today: datetime.date, manual: float | None = None
) -> Strength:
    """The strength of a tie from its ``touches`` as of ``today``; ``manual`` (0..1) wins."""
    touches = list(touches)
    last = max((t.on for t in touches), default=None)
    if manual is not None:
        manual = float(manual)
        if not 0.0 <= manual <= 1.0:
            raise ValueError(f"manual strength must be between 0 and 1, not {manual}")
        value = round(manual, 2)
        return Strength(value, True, len(touches), last, (("manual", {"value": value}),))
    if not touches:
        return Strength(0.0, False, 0, None, (("none", {}),))

    total = gave = received = 0.0
    n_gave = n_received = n_in_person = n_frequent = 0
    for touch in touches:
        days = max((today - touch.on).days, 0)
        weight = KIND_WEIGHTS.get(touch.kind, KIND_WEIGHTS["other"])
        weight *= 0.5 ** (days / HALF_LIFE_DAYS)
        total += weight
        if touch.direction in ("gave", "mutual"):
            gave += weight
            n_gave += 1
        if touch.direction in ("received", "mutual"):
            received += weight
            n_received += 1
        n_in_person += touch.kind in IN_PERSON
        n_frequent += days <= RECENT_DAYS
    mixed = total + RECIPROCITY * min(gave, received)
    value = round(1.0 - math.exp(-mixed / SCALE), 2)

    reasons: list[tuple[str, dict]] = []
    since = max((today - last).days, 0)
    if since <= RECENT_DAYS:
        reasons.append(("recent", {"days": since}))
    elif since > HALF_LIFE_DAYS:
        reasons.append(("fading", {"days": since}))
    if n_frequent >= FREQUENT_COUNT:
        reasons.append(("frequent", {"count": n_frequent, "days": RECENT_DAYS}))
    if n_in_person:
        reasons.append(("in_person", {"count": n_in_person}))
    if n_gave and n_received:
        reasons.append(("both_ways", {"gave": n_gave, "received": n_received}))
    elif n_gave:
        reasons.append(("one_way", {"direction": "gave", "count": n_gave}))
    elif n_received:
        reasons.append(("one_way", {"direction": "received", "count": n_received}))
    return Strength(value, False, len(touches), last, tuple(reasons))
