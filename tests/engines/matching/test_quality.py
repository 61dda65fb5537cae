"""The labelled evaluation set (data/eval_people.json) as a regression check."""

import json
from pathlib import Path

import pytest

from vinculo.engines.matching import MatchIndex

DATA = Path(__file__).parent / "data" / "eval_people.json"


@pytest.fixture(scope="module")
def data():
    return json.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def top5(data, lexicon):
    rows = {"needs": [], "offers": []}
    for person in data["people"]:
        for kind in rows:
            rows[kind] += [
                (person["id"], x["id"], x["text"], person["language"]) for x in person[kind]
            ]
    index = MatchIndex.from_rows(rows["needs"], rows["offers"], lexicon=lexicon)
    return {
        need["id"]: [m.offer_id for m in index.matches_for_need(need["id"], limit=5)]
        for person in data["people"]
        for need in person["needs"]
    }


def test_eval_set_is_large_and_bilingual(data):
    languages = sorted({p["language"] for p in data["people"]})
    assert (len(data["people"]) >= 60, languages) == (True, ["en", "es"])


def test_eval_set_no_trap_is_suggested(data, top5):
    traps = [(p["need"], p["offer"]) for p in data["must_not"] if p["offer"] in top5[p["need"]]]
    assert traps == []


def test_eval_set_recall_in_the_top_5(data, top5):
    found = [p["offer"] in top5[p["need"]] for p in data["must_match"]]
    assert sum(found) / len(found) >= 0.95


def test_eval_set_first_suggestion_is_right(data, top5):
    good = {(p["need"], p["offer"]) for p in data["must_match"]}
    labelled = {n for n, _o in good if top5[n]}
    assert sum((n, top5[n][0]) in good for n in labelled) / len(labelled) >= 0.8
