import datetime as dt

from vinculo.engines.network import health

d = dt.date


def test_growth_per_month_with_empty_months_and_running_total():
    created = [d(2025, 11, 3), d(2025, 11, 30), d(2026, 1, 1), d(2026, 1, 31), d(2026, 1, 15)]

    assert health.growth(created) == [
        {"month": "2025-11", "added": 2, "total": 2},
        {"month": "2025-12", "added": 0, "total": 2},
        {"month": "2026-01", "added": 3, "total": 5},
    ]


def test_growth_until_a_later_month():
    rows = health.growth([d(2026, 2, 10)], until=d(2026, 4, 1))

    assert rows == [
        {"month": "2026-02", "added": 1, "total": 1},
        {"month": "2026-03", "added": 0, "total": 1},
        {"month": "2026-04", "added": 0, "total": 1},
    ]


def test_growth_of_nothing_is_empty():
    assert health.growth([]) == []


def test_tie_state_thresholds():
    states = [health.tie_state(days) for days in (0, 90, 91, 365, 366, None)]

    assert states == ["active", "active", "cooling", "cooling", "cold", "cold"]
    assert health.tie_state(40, active=30, cooling=60) == "cooling"


def test_tie_states_counts_all_three():
    assert health.tie_states([3, 30, 100, 400, None, None]) == {
        "active": 2,
        "cooling": 1,
        "cold": 3,
    }
    assert health.tie_states([]) == {"active": 0, "cooling": 0, "cold": 0}


def test_follow_up_rate_counts_interactions_one_or_two_days_after():
    met = [("ana", d(2026, 3, 12)), ("luis", d(2026, 3, 12)), ("eva", d(2026, 3, 12)),
           ("ana", d(2026, 5, 1))]  # fmt: skip
    touches = [
        ("ana", d(2026, 3, 12)),  # the day they met: not a follow-up
        ("ana", d(2026, 3, 14)),  # two days later: a follow-up
        ("luis", d(2026, 3, 15)),  # three days later: too late
        ("eva", d(2026, 3, 13)),  # the next day
        ("luis", d(2026, 3, 11)),  # before
    ]

    assert health.follow_up_rate(met, touches) == {"met": 4, "followed_up": 2, "rate": 0.5}
    assert health.follow_up_rate(met, touches, within=3) == {
        "met": 4,
        "followed_up": 3,
        "rate": 0.75,
    }


def test_follow_up_rate_with_nobody_met_is_zero():
    assert health.follow_up_rate([], [("ana", d(2026, 1, 1))]) == {
        "met": 0,
        "followed_up": 0,
        "rate": 0.0,
    }


def test_balance_counts_and_ratio():
    directions = ["gave"] * 6 + ["received"] * 4 + ["mutual"] * 2 + ["other"]

    assert health.balance(directions) == {"gave": 6, "received": 4, "mutual": 2, "ratio": 1.5}
    assert health.balance(["gave", "mutual"]) == {
        "gave": 1,
        "received": 0,
        "mutual": 1,
        "ratio": None,
    }


def test_diversity_counts_and_evenness():
    labels = ["legal"] * 4 + ["design"] * 2 + ["finance"] * 2 + ["", None]

    result = health.diversity(labels)

    # shares 0.5, 0.25, 0.25: H = 1.0397; ln 3 = 1.0986 → 0.946
    assert result == {"counts": [("legal", 4), ("design", 2), ("finance", 2)], "evenness": 0.95}


def test_diversity_even_and_single_label():
    assert health.diversity(["a", "b", "c", "d"])["evenness"] == 1.0
    assert health.diversity(["a"] * 9 + ["b"]) == {
        "counts": [("a", 9), ("b", 1)],
        "evenness": 0.47,
    }
    assert health.diversity(["a", "a"]) == {"counts": [("a", 2)], "evenness": 0.0}
    assert health.diversity([]) == {"counts": [], "evenness": 0.0}


def test_losing_touch_ranks_valuable_ties_going_cold():
    ties = [
        (1, 0.9, 200),  # urgency 0.9 * 200 / 365 = 0.493
        (2, 0.6, 400),  # beyond the cap: 0.6
        (3, 0.95, 30),  # still active: not losing touch
        (4, 0.3, 300),  # not valuable enough
        (5, 0.8, None),  # never in touch: nothing to lose
        (6, 0.5, 60),  # just at both thresholds: 0.082
        (7, 0.6, 365),  # same urgency as 2, fewer days
    ]

    assert health.losing_touch(ties) == [
        {"contact": 2, "value": 0.6, "days": 400, "urgency": 0.6},
        {"contact": 7, "value": 0.6, "days": 365, "urgency": 0.6},
        {"contact": 1, "value": 0.9, "days": 200, "urgency": 0.493},
        {"contact": 6, "value": 0.5, "days": 60, "urgency": 0.082},
    ]
    assert [r["contact"] for r in health.losing_touch(ties, limit=2, min_value=0.7)] == [1]
