"""The meeting-rounds engine, without a database: exact plans on hand-made events, and the
rules (no pair twice, no colleagues, a different rester, fairness) on random ones."""

import itertools
import random

import pytest

from vinculo.engines.rounds import Attendee, schedule_rounds

# Ana needs a web designer, Bea designs webs; Carlos needs a lawyer, Dani is one; Ana could
# also use Dani a little.
DESIGN_LAW = {("ana", "bea"): 0.8, ("carlos", "dani"): 0.6, ("ana", "dani"): 0.2}


def people(*ids, orgs=None):
    orgs = orgs or {}
    return [Attendee(i, orgs.get(i)) for i in ids]


def pairs_of(plan):
    return [
        frozenset(p) for r in plan.rounds for g in r.groups for p in itertools.combinations(g, 2)
    ]


def random_event(seed: int, n: int, *, orgs: int = 0, density: float = 0.4):
    rng = random.Random(seed)
    attendees = [
        Attendee(f"p{i}", f"org{rng.randrange(orgs)}" if orgs and rng.random() < 0.6 else None)
        for i in range(n)
    ]
    scores = {
        (a.id, b.id): round(rng.random(), 2)
        for a, b in itertools.combinations(attendees, 2)
        if rng.random() < density
    }
    return attendees, scores


def test_complementary_pairs_meet_in_the_first_round():
    plan = schedule_rounds(people("ana", "bea", "carlos", "dani"), DESIGN_LAW, rounds=1)

    assert plan.rounds[0].groups == (("ana", "bea"), ("carlos", "dani"))
    assert plan.rounds[0].rests == ()
    assert plan.score == 1.4


def test_three_rounds_of_four_people_meet_everyone_once():
    plan = schedule_rounds(people("ana", "bea", "carlos", "dani"), DESIGN_LAW, rounds=3)

    assert [r.groups for r in plan.rounds] == [
        (("ana", "bea"), ("carlos", "dani")),
        (("ana", "dani"), ("bea", "carlos")),
        (("ana", "carlos"), ("bea", "dani")),
    ]
    assert [r.score for r in plan.rounds] == [1.4, 0.2, 0.0]
    assert plan.score == 1.6


def test_when_everyone_has_met_a_round_is_empty_and_everyone_rests():
    plan = schedule_rounds(people("ana", "bea", "carlos", "dani"), DESIGN_LAW, rounds=4)

    assert plan.rounds[3].groups == ()
    assert plan.rounds[3].rests == ("ana", "bea", "carlos", "dani")


def test_no_pair_meets_twice():
    attendees, scores = random_event(1, 12)

    plan = schedule_rounds(attendees, scores, rounds=9)

    met = pairs_of(plan)
    assert len(met) == 54  # 6 pairs in each of 9 rounds
    assert len(set(met)) == 54


def test_colleagues_never_meet_even_when_they_match_best():
    orgs = {"ana": "acme", "bea": "acme"}
    scores = {("ana", "bea"): 0.9, ("ana", "carlos"): 0.3, ("bea", "dani"): 0.2}

    plan = schedule_rounds(people("ana", "bea", "carlos", "dani", orgs=orgs), scores, rounds=3)

    assert [r.groups for r in plan.rounds] == [
        (("ana", "carlos"), ("bea", "dani")),
        (("ana", "dani"), ("bea", "carlos")),
        (("carlos", "dani"),),
    ]
    assert plan.rounds[2].rests == ("ana", "bea")


def test_colleagues_never_meet_on_a_random_event():
    attendees, scores = random_event(2, 30, orgs=6)
    org = {a.id: a.organization for a in attendees}

    plan = schedule_rounds(attendees, scores, rounds=6)

    together = [p for p in pairs_of(plan) if len({org[x] for x in p} - {None}) == 1]
    assert [p for p in together if None not in {org[x] for x in p}] == []
    assert [len(r.groups) for r in plan.rounds] == [15] * 6


def test_pairs_in_avoid_never_meet():
    plan = schedule_rounds(
        people("ana", "bea", "carlos", "dani"), DESIGN_LAW, rounds=3, avoid=[("bea", "ana")]
    )

    assert frozenset(("ana", "bea")) not in pairs_of(plan)
    assert plan.rounds[0].groups == (("ana", "dani"), ("bea", "carlos"))


def test_odd_count_a_different_person_rests_each_round():
    attendees, scores = random_event(3, 7)

    plan = schedule_rounds(attendees, scores, rounds=7)

    rests = [r.rests for r in plan.rounds]
    assert [len(r) for r in rests] == [1] * 7
    assert sorted(r[0] for r in rests) == [f"p{i}" for i in range(7)]
    assert [len(r.groups) for r in plan.rounds] == [3] * 7


def test_odd_count_rests_rotate_before_anyone_rests_twice():
    attendees, scores = random_event(4, 9, orgs=3)

    plan = schedule_rounds(attendees, scores, rounds=5)

    resters = [x for r in plan.rounds for x in r.rests]
    assert len(resters) == 5
    assert len(set(resters)) == 5


def test_fairness_gives_everyone_a_good_meeting_before_anyone_a_second():
    # Ana and Bea suit each other best; Carlos suits only Ana, Dani only Bea.
    scores = {("ana", "bea"): 0.95, ("ana", "carlos"): 0.3, ("bea", "dani"): 0.3}
    four = people("ana", "bea", "carlos", "dani")

    fair = schedule_rounds(four, scores, rounds=2)
    greedy = schedule_rounds(four, scores, rounds=2, fair=False)

    assert [r.groups for r in fair.rounds] == [
        (("ana", "carlos"), ("bea", "dani")),
        (("ana", "bea"), ("carlos", "dani")),
    ]
    assert [r.groups for r in greedy.rounds] == [
        (("ana", "bea"), ("carlos", "dani")),
        (("ana", "carlos"), ("bea", "dani")),
    ]


def _perfect_matchings(nodes):
    if not nodes:
        yield []
        return
    first, rest = nodes[0], nodes[1:]
    for k, other in enumerate(rest):
        for tail in _perfect_matchings(rest[:k] + rest[k + 1 :]):
            yield [(first, other), *tail]


@pytest.mark.parametrize("seed", range(6))
def test_each_round_gives_as_many_first_good_meetings_as_any_plan_could(seed):
    """Fairness as a property: in every round, the number of people who get their first
    good meeting is the most that any set of pairs allowed in that round gives."""
    attendees, scores = random_event(10 + seed, 8, density=0.35)
    ids = [a.id for a in attendees]

    def score(a, b):
        return scores.get((a, b), scores.get((b, a), 0.0))

    goal = {a: min(0.3, max(score(a, b) for b in ids if b != a)) for a in ids}
    plan = schedule_rounds(attendees, scores, rounds=4)

    met: set[frozenset] = set()
    best = dict.fromkeys(ids, 0.0)

    def firsts(pairs):
        return sum(
            1
            for a, b in pairs
            for x, y in ((a, b), (b, a))
            if goal[x] > 0 and best[x] < goal[x] and score(x, y) >= goal[x]
        )

    for entry in plan.rounds:
        allowed = [m for m in _perfect_matchings(ids) if not any(frozenset(p) in met for p in m)]
        assert firsts(entry.groups) == max(firsts(m) for m in allowed)
        for a, b in entry.groups:
            met.add(frozenset((a, b)))
            best[a], best[b] = max(best[a], score(a, b)), max(best[b], score(a, b))
    assert all(best[a] >= goal[a] for a in ids)


def test_tables_group_complementary_people():
    scores = {}
    for trio, value in ((("ana", "bea", "carlos"), 0.8), (("dani", "eva", "fran"), 0.7)):
        for a, b in itertools.combinations(trio, 2):
            scores[a, b] = value
    six = people("ana", "bea", "carlos", "dani", "eva", "fran")

    plan = schedule_rounds(six, scores, rounds=1, table_size=3)

    assert plan.rounds[0].groups == (("ana", "bea", "carlos"), ("dani", "eva", "fran"))
    assert plan.score == 4.5  # three pairs at 0.8, three at 0.7


def test_tables_never_seat_a_pair_twice_nor_colleagues():
    attendees, scores = random_event(5, 22, orgs=5)
    org = {a.id: a.organization for a in attendees}

    plan = schedule_rounds(attendees, scores, rounds=4, table_size=4)

    for entry in plan.rounds:
        assert sorted(len(g) for g in entry.groups) == [3, 3, 4, 4, 4, 4]
        assert entry.rests == ()
        for group in entry.groups:
            orgs = [org[x] for x in group if org[x] is not None]
            assert len(orgs) == len(set(orgs))
    met = pairs_of(plan)
    assert len(met) == len(set(met))


def test_the_same_event_gives_the_same_plan():
    attendees, scores = random_event(6, 15, orgs=4)
    flipped = {(b, a): v for (a, b), v in scores.items()}

    first = schedule_rounds(attendees, scores, rounds=5)
    again = schedule_rounds(attendees, flipped, rounds=5)
    tables = schedule_rounds(attendees, scores, rounds=3, table_size=3)

    assert first == again
    assert tables == schedule_rounds(attendees, scores, rounds=3, table_size=3)


def test_scores_may_be_a_function():
    def score(a, b):
        return DESIGN_LAW.get((a, b), DESIGN_LAW.get((b, a), 0.0))

    plan = schedule_rounds(people("ana", "bea", "carlos", "dani"), score, rounds=1)

    assert plan.rounds[0].groups == (("ana", "bea"), ("carlos", "dani"))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="table_size"):
        schedule_rounds(people("a", "b"), {}, rounds=1, table_size=1)
    with pytest.raises(ValueError, match="once"):
        schedule_rounds(people("a", "a"), {}, rounds=1)
