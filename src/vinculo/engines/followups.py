"""What is due with whom, and why: follow-ups and keep-in-touch cadences (plain Python).

A selector loads plain rows (the open follow-ups, the cadences, each governed contact's
last touch) and ``due_items`` answers what is due by a day, most overdue first.

The rules:

- An open follow-up is due on its date.
- A contact's own cadence wins over its tags'; among its tags, the most frequent one
  (smallest ideal interval, then smallest maximum) applies.
- A cadence is reset by every touch: the last interaction, the last follow-up marked done,
  or else the day the contact was met (or added). The contact is due ``ideal_days`` after
  it, and going cold (``past_max``) after ``max_days``.
- A contact with an open follow-up gets no cadence item: the follow-up is the plan (that is
  how snoozing a cadence works), and marking it done resets the cadence.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

FOLLOWUP = "followup"
CADENCE = "cadence"


@dataclass(frozen=True)
class Interval:
    """Keep in touch ideally every ``ideal_days``, at most every ``max_days``."""

    ideal_days: int
    max_days: int

    def __post_init__(self):
        if self.ideal_days < 1 or self.max_days < self.ideal_days:
            raise ValueError(f"bad interval: {self.ideal_days}/{self.max_days}")


@dataclass(frozen=True)
class OpenFollowUp:
    id: int
    contact_id: int
    due: date
    reason: str = "manual"


@dataclass(frozen=True)
class Touch:
    """What the cadence of one contact starts from.

    ``last_touch``: the last interaction or done follow-up (None: never);
    ``since``: the day they were met, or added, used when there was no touch.
    """

    contact_id: int
    last_touch: date | None
    since: date


@dataclass(frozen=True)
class DueItem:
    kind: str  # FOLLOWUP or CADENCE
    contact_id: int
    due: date
    overdue_days: int  # today - due: positive when late, 0 today, negative ahead
    followup_id: int | None = None
    reason: str = "manual"  # a FollowUpReason value; "cadence" for cadence items
    interval: Interval | None = None
    last_touch: date | None = None
    past_max: bool = False

    @property
    def sort_key(self):
        return (-self.overdue_days, self.kind != FOLLOWUP, self.contact_id, self.followup_id or 0)


def interval_for(
    *,
    contact_id: int,
    contact_intervals: Mapping[int, Interval],
    tag_intervals: Mapping[int, Interval],
    contact_tags: Mapping[int, Iterable[int]],
) -> Interval | None:
    """The cadence that applies to a contact: its own, else its most frequent tag's."""
    own = contact_intervals.get(contact_id)
    if own is not None:
        return own
    candidates = [tag_intervals[t] for t in contact_tags.get(contact_id, ()) if t in tag_intervals]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (i.ideal_days, i.max_days))


def due_items(
    *,
    today: date,
    due_by: date,
    followups: Iterable[OpenFollowUp],
    touches: Iterable[Touch],
    contact_intervals: Mapping[int, Interval],
    tag_intervals: Mapping[int, Interval],
    contact_tags: Mapping[int, Iterable[int]],
    cadence_from: date | None = None,
) -> list[DueItem]:
    """Everything due on or before ``due_by``, most overdue first.

    With ``cadence_from``, cadences that came due before that day are left out (a calendar
    shows the days ahead; the Today list shows the overdue).
    Ties: follow-ups before cadences, then by contact and follow-up id, so the order is
    stable from one call to the next.
    """
    items: list[DueItem] = []
    planned: set[int] = set()
    for f in followups:
        planned.add(f.contact_id)
        if f.due <= due_by:
            items.append(
                DueItem(
                    kind=FOLLOWUP,
                    contact_id=f.contact_id,
                    due=f.due,
                    overdue_days=(today - f.due).days,
                    followup_id=f.id,
                    reason=f.reason,
                )
            )
    for touch in touches:
        if touch.contact_id in planned:
            continue
        interval = interval_for(
            contact_id=touch.contact_id,
            contact_intervals=contact_intervals,
            tag_intervals=tag_intervals,
            contact_tags=contact_tags,
        )
        if interval is None:
            continue
        start = touch.last_touch or touch.since
        due = start + timedelta(days=interval.ideal_days)
        if due > due_by or (cadence_from is not None and due < cadence_from):
            continue
        items.append(
            DueItem(
                kind=CADENCE,
                contact_id=touch.contact_id,
                due=due,
                overdue_days=(today - due).days,
                reason=CADENCE,
                interval=interval,
                last_touch=touch.last_touch,
                past_max=(today - start).days > interval.max_days,
            )
        )
    items.sort(key=lambda item: item.sort_key)
    return items


def followup_rate(
    *,
    met: Mapping[int, date],
    touched: Mapping[int, Iterable[date]],
    today: date,
    within_days: int = 2,
) -> tuple[int, int]:
    """How many of the people met (contact → day met) were followed up within
    ``within_days`` after the meeting (a touch on a later day, up to that many days after).

    Counts those whose window has closed, and the newer ones already followed up (a
    newer one not followed up yet still has time). Returns (counted, followed_up).
    """
    counted = followed = 0
    for contact_id, met_on in met.items():
        ok = any(
            met_on < day <= met_on + timedelta(days=within_days)
            for day in touched.get(contact_id, ())
        )
        if ok:
            counted += 1
            followed += 1
        elif (today - met_on).days > within_days:
            counted += 1
    return counted, followed
