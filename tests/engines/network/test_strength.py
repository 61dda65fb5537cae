import datetime as dt
import random

import pytest

from vinculo.engines.network import Strength, Touch, strength

TODAY = dt.date(2026, 6, 30)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def test_strength_manual_wins_over_the_interactions():
    touches = [Touch(ago(1), "meeting", "mutual"), Touch(ago(400), "email", "gave")]

    result = strength(touches, today=TODAY, manual=0.8)

    assert result == Strength(
        value=0.8, manual=True, touches=2, last=ago(1), reasons=(("manual", {"value": 0.8}),)
    )


def test_strength_manual_zero_means_no_tie_whatever_happened():
    result = strength([Touch(ago(0), "meeting", "mutual")] * 5, today=TODAY, manual=0)

    assert (result.value, result.manual) == (0.0, True)


def test_strength_manual_out_of_range_is_an_error():
    with pytest.raises(ValueError, match="between 0 and 1"):
        strength([], today=TODAY, manual=1.5)


def test_strength_without_touches_is_zero():
    assert strength([], today=TODAY) == Strength(
        value=0.0, manual=False, touches=0, last=None, reasons=(("none", {}),)
    )


def test_strength_in_person_weighs_more_than_a_call_more_than_a_message():
    values = {
        kind: strength([Touch(TODAY, kind, "gave")], today=TODAY).value
        for kind in ("meeting", "event", "call", "intro", "email", "message", "other", "odd")
    }

    # 1 - exp(-weight / 2) with weights 1.0, 1.0, 0.7, 0.5, 0.4, 0.4, 0.3 and 0.3 (unknown)
    assert values == {
        "meeting": 0.39,
        "event": 0.39,
        "call": 0.3,
        "intro": 0.22,
        "email": 0.18,
        "message": 0.18,
        "other": 0.14,
        "odd": 0.14,
    }


def test_strength_decays_with_a_half_life_of_180_days():
    values = [
        strength([Touch(ago(days), "meeting", "gave")], today=TODAY).value
        for days in (0, 90, 180, 360, 720)
    ]

    # weight 1, 0.707, 0.5, 0.25, 0.0625 → 1 - exp(-x / 2)
    assert values == [0.39, 0.3, 0.22, 0.12, 0.03]


def test_strength_a_touch_in_the_future_counts_as_today():
    future = strength([Touch(TODAY + dt.timedelta(days=10), "meeting", "gave")], today=TODAY)

    assert future.value == 0.39
    assert future.reasons[0] == ("recent", {"days": 0})


def test_strength_both_ways_beats_one_way():
    one_way = strength([Touch(TODAY, "meeting", "gave")] * 2, today=TODAY)
    both_ways = strength(
        [Touch(TODAY, "meeting", "gave"), Touch(TODAY, "meeting", "received")], today=TODAY
    )
    mutual = strength([Touch(TODAY, "meeting", "mutual")], today=TODAY)

    # 2 → 0.63; 2 + 0.5 * 1 → 0.71; 1 + 0.5 * 1 → 0.53
    assert (one_way.value, both_ways.value, mutual.value) == (0.63, 0.71, 0.53)


def test_strength_saturates_below_one():
    many = strength([Touch(ago(k), "meeting", "mutual") for k in range(30)], today=TODAY)

    assert many.value == 1.0
    assert strength([Touch(TODAY, "meeting", "mutual")] * 3, today=TODAY).value == 0.89


def test_strength_a_new_touch_never_lowers_it():
    kinds = ["meeting", "call", "email", "message", "event", "intro", "other"]
    directions = ["gave", "received", "mutual"]
    rng = random.Random(7)
    for _ in range(500):
        touches = [
            Touch(ago(rng.randrange(1000)), rng.choice(kinds), rng.choice(directions))
            for _ in range(rng.randrange(6))
        ]
        before = strength(touches, today=TODAY).value
        new = Touch(ago(rng.randrange(30)), rng.choice(kinds), rng.choice(directions))
        assert strength([*touches, new], today=TODAY).value >= before


def test_strength_reasons_of_a_lively_tie():
    touches = [
        Touch(ago(3), "meeting", "mutual"),
        Touch(ago(29), "email", "gave"),
        Touch(ago(46), "call", "received"),
        Touch(ago(171), "message", "gave"),
        Touch(ago(211), "event", "mutual"),
    ]

    result = strength(touches, today=TODAY)

    assert result == Strength(
        value=0.83,
        manual=False,
        touches=5,
        last=ago(3),
        reasons=(
            ("recent", {"days": 3}),
            ("frequent", {"count": 3, "days": 90}),
            ("in_person", {"count": 2}),
            ("both_ways", {"gave": 4, "received": 3}),
        ),
    )


def test_strength_reasons_of_a_fading_one_way_tie():
    result = strength([Touch(ago(200), "email", "received")], today=TODAY)

    assert result.value == 0.09
    assert result.reasons == (
        ("fading", {"days": 200}),
        ("one_way", {"direction": "received", "count": 1}),
    )


def test_strength_reasons_between_recent_and_fading_say_neither():
    result = strength(
        [Touch(ago(120), "call", "gave"), Touch(ago(150), "call", "gave")], today=TODAY
    )

    assert result.reasons == (("one_way", {"direction": "gave", "count": 2}),)
