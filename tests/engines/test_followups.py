"""The scheduling engine, on plain data: no database."""

from datetime import date

import pytest

from vinculo.engines.followups import (
    CADENCE,
    FOLLOWUP,
    DueItem,
    Interval,
    OpenFollowUp,
    Touch,
    due_items,
    followup_rate,
    interval_for,
)

TODAY = date(2026, 6, 15)


def run(**kwargs):
    options = {
        "today": TODAY,
        "due_by": TODAY,
        "followups": [],
        "touches": [],
        "contact_intervals": {},
        "tag_intervals": {},
        "contact_tags": {},
    }
    options.update(kwargs)
    return due_items(**options)


def test_open_followups_due_by_the_day_most_overdue_first():
    items = run(
        followups=[
            OpenFollowUp(id=1, contact_id=10, due=date(2026, 6, 14), reason="met"),
            OpenFollowUp(id=2, contact_id=11, due=date(2026, 6, 10), reason="manual"),
            OpenFollowUp(id=3, contact_id=12, due=date(2026, 6, 15), reason="manual"),
            OpenFollowUp(id=4, contact_id=13, due=date(2026, 6, 16), reason="manual"),
        ]
    )
    assert [(i.followup_id, i.overdue_days) for i in items] == [(2, 5), (1, 1), (3, 0)]
    assert items[1] == DueItem(
        kind=FOLLOWUP,
        contact_id=10,
        due=date(2026, 6, 14),
        overdue_days=1,
        followup_id=1,
        reason="met",
    )


def test_due_by_a_later_day_includes_what_comes_due_until_then():
    items = run(
        due_by=date(2026, 6, 20),
        followups=[OpenFollowUp(id=4, contact_id=13, due=date(2026, 6, 18))],
    )
    assert [(i.followup_id, i.overdue_days) for i in items] == [(4, -3)]


def test_cadence_comes_due_ideal_days_after_the_last_touch():
    items = run(
        touches=[
            Touch(contact_id=1, last_touch=date(2026, 5, 1), since=date(2025, 1, 1)),
            Touch(contact_id=2, last_touch=date(2026, 6, 1), since=date(2025, 1, 1)),
        ],
        contact_intervals={1: Interval(30, 60), 2: Interval(30, 60)},
    )
    assert items == [
        DueItem(
            kind=CADENCE,
            contact_id=1,
            due=date(2026, 5, 31),
            overdue_days=15,
            reason=CADENCE,
            interval=Interval(30, 60),
            last_touch=date(2026, 5, 1),
            past_max=False,
        )
    ]


def test_cadence_past_the_maximum_is_going_cold():
    items = run(
        touches=[Touch(contact_id=1, last_touch=date(2026, 4, 1), since=date(2025, 1, 1))],
        contact_intervals={1: Interval(30, 60)},
    )
    assert [(i.due, i.overdue_days, i.past_max) for i in items] == [(date(2026, 5, 1), 45, True)]


def test_cadence_without_any_touch_starts_from_the_day_they_were_met():
    items = run(
        touches=[Touch(contact_id=1, last_touch=None, since=date(2026, 6, 1))],
        contact_intervals={1: Interval(7, 14)},
    )
    assert [(i.due, i.overdue_days, i.last_touch) for i in items] == [(date(2026, 6, 8), 7, None)]


def test_contact_cadence_wins_over_its_tags():
    items = run(
        touches=[Touch(contact_id=1, last_touch=date(2026, 6, 1), since=date(2025, 1, 1))],
        contact_intervals={1: Interval(60, 90)},
        tag_intervals={7: Interval(7, 14)},
        contact_tags={1: [7]},
    )
    assert items == []


def test_most_frequent_tag_cadence_applies():
    assert interval_for(
        contact_id=1,
        contact_intervals={},
        tag_intervals={7: Interval(30, 60), 8: Interval(14, 90), 9: Interval(14, 30)},
        contact_tags={1: [7, 8, 9]},
    ) == Interval(14, 30)
    assert (
        interval_for(contact_id=2, contact_intervals={}, tag_intervals={}, contact_tags={}) is None
    )


def test_an_open_followup_stands_for_the_cadence():
    items = run(
        due_by=date(2026, 6, 30),
        followups=[OpenFollowUp(id=5, contact_id=1, due=date(2026, 6, 22), reason="cadence")],
        touches=[Touch(contact_id=1, last_touch=date(2026, 1, 1), since=date(2025, 1, 1))],
        contact_intervals={1: Interval(30, 60)},
    )
    assert [(i.kind, i.followup_id, i.due) for i in items] == [(FOLLOWUP, 5, date(2026, 6, 22))]


def test_ties_put_followups_before_cadences_then_by_contact():
    items = run(
        followups=[OpenFollowUp(id=9, contact_id=5, due=date(2026, 6, 14))],
        touches=[
            Touch(contact_id=3, last_touch=date(2026, 6, 7), since=date(2025, 1, 1)),
            Touch(contact_id=2, last_touch=date(2026, 6, 7), since=date(2025, 1, 1)),
        ],
        contact_intervals={2: Interval(7, 14), 3: Interval(7, 14)},
    )
    assert [(i.kind, i.contact_id) for i in items] == [
        (FOLLOWUP, 5),
        (CADENCE, 2),
        (CADENCE, 3),
    ]


def test_bad_intervals_are_refused():
    with pytest.raises(ValueError):
        Interval(0, 10)
    with pytest.raises(ValueError):
        Interval(30, 20)


def test_followup_rate_counts_touches_within_two_days_after_meeting():
    met = {
        1: date(2026, 6, 1),  # followed up the next day
        2: date(2026, 6, 1),  # only on the day they met: not a follow-up
        3: date(2026, 6, 1),  # three days later: too late
        4: date(2026, 6, 14),  # not yet, but still has time
        5: date(2026, 6, 14),  # already followed up
        6: date(2026, 6, 13),  # two days ago, nothing: still today to do it
    }
    touched = {
        1: [date(2026, 6, 1), date(2026, 6, 2)],
        2: [date(2026, 6, 1)],
        3: [date(2026, 6, 4)],
        5: [date(2026, 6, 15)],
    }
    assert followup_rate(met=met, touched=touched, today=TODAY, within_days=2) == (4, 2)


def test_cadence_from_leaves_out_cadences_already_overdue_but_not_followups():
    items = run(
        due_by=date(2026, 7, 31),
        cadence_from=TODAY,
        followups=[OpenFollowUp(id=1, contact_id=9, due=date(2026, 6, 1))],
        touches=[
            Touch(contact_id=1, last_touch=date(2026, 5, 1), since=date(2025, 1, 1)),
            Touch(contact_id=2, last_touch=date(2026, 6, 10), since=date(2025, 1, 1)),
        ],
        contact_intervals={1: Interval(30, 60), 2: Interval(30, 60)},
    )
    assert [(i.kind, i.contact_id, i.due) for i in items] == [
        (FOLLOWUP, 9, date(2026, 6, 1)),
        (CADENCE, 2, date(2026, 7, 10)),
    ]
