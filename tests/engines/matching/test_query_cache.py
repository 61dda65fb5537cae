"""Queries of one need share their work (ranked offers, each signature's members in order)
until the index changes: the answers are those of a fresh index, before and after edits."""

from vinculo.engines.matching import MatchIndex


def _crowd() -> MatchIndex:
    """300 people offering the very same thing, a few something close, two needing it."""
    index = MatchIndex()
    for person in range(100, 400):
        index.add_offer(f"o{person}", person, "asesoría fiscal para autónomos", "es")
    index.add_offer("o-close", 50, "asesoría legal y fiscal", "es")
    index.add_need("n1", 1, "busco asesoría fiscal", "es")
    index.add_need("n2", 2, "busco asesoría fiscal", "es")
    return index


def _best(index: MatchIndex, need: str, limit: int = 3) -> list[tuple[str, int]]:
    return [(m.offer_id, m.offer_person) for m in index.matches_for_need(need, limit=limit)]


def test_ties_among_hundreds_of_identical_offers_go_by_person():
    index = _crowd()

    assert _best(index, "n1") == [("o100", 100), ("o101", 101), ("o102", 102)]
    assert _best(index, "n2") == [("o100", 100), ("o101", 101), ("o102", 102)]
    assert _best(index, "n1", limit=1) == [("o100", 100)]


def test_the_answers_follow_every_edit():
    index = _crowd()
    assert _best(index, "n1") == [("o100", 100), ("o101", 101), ("o102", 102)]

    index.add_offer("o-new", 99, "asesoría fiscal para autónomos", "es")
    after_add = _best(index, "n1")
    index.remove_offer("o100")
    after_remove = _best(index, "n1")
    excluded = [
        (m.offer_id, m.offer_person)
        for m in index.matches_for_need("n1", limit=3, exclude=[(1, 99)])
    ]

    assert after_add == [("o-new", 99), ("o100", 100), ("o101", 101)]
    assert after_remove == [("o-new", 99), ("o101", 101), ("o102", 102)]
    assert excluded == [("o101", 101), ("o102", 102), ("o103", 103)]


def test_a_person_never_meets_their_own_offer_even_first_in_the_tie():
    index = _crowd()
    index.add_need("n-own", 100, "busco asesoría fiscal", "es")

    assert _best(index, "n-own") == [("o101", 101), ("o102", 102), ("o103", 103)]
