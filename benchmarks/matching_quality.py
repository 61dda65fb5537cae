"""How good are the suggestions? Recall and precision of the matching engine on a labelled set.

    python benchmarks/matching_quality.py [--verbose] [--min-score 0.12]

The set (tests/engines/matching/data/eval_people.json) holds people as they would type in a
networking app, in Spanish and English, with labelled pairs:

- must_match: (need, offer) pairs where the offer meets the need;
- must_not: traps (false friends such as "red de distribuidores" / "red wine", "local
  comercial" / "SEO local", negations, competitors, pairs that share only a common word or
  a place).

Figures, over each need's top 5 offers (``matches_for_need(limit=5)``, default threshold):

- recall@5: share of must_match pairs found in the need's top 5;
- precision@1: for needs with at least one must_match label and at least one result, share
  whose first result is a must_match pair;
- precision@5 (labelled): share of the top-5 results of those needs that are must_match
  pairs (a lower bound: an unlabelled result may be fine);
- trap rate: share of all top-5 results, over all needs, that are must_not pairs (should be
  0), and the traps that showed up;
- search recall@5: expected offers found by ``search_offers`` in the top 5.

No database: plain Python on the engine. The set was written by hand before the engine was
tuned on it; treat the figures as a regression check, not as a measure of real use.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vinculo.engines.matching import MatchIndex, reason_text  # noqa: E402

EVAL = ROOT / "tests" / "engines" / "matching" / "data" / "eval_people.json"


def load(path: Path = EVAL) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build(data: dict, **options) -> MatchIndex:
    needs, offers = [], []
    for person in data["people"]:
        for need in person["needs"]:
            needs.append((person["id"], need["id"], need["text"], person["language"]))
        for offer in person["offers"]:
            offers.append((person["id"], offer["id"], offer["text"], person["language"]))
    return MatchIndex.from_rows(needs, offers, **options)


def evaluate(data: dict, index: MatchIndex, k: int = 5) -> dict:
    must = {(p["need"], p["offer"]) for p in data["must_match"]}
    must_not = {(p["need"], p["offer"]) for p in data["must_not"]}
    labelled_needs = {n for n, _o in must}
    top: dict[str, list] = {}
    for person in data["people"]:
        for need in person["needs"]:
            top[need["id"]] = index.matches_for_need(need["id"], limit=k)
    found = sum(1 for n, o in must if any(m.offer_id == o for m in top[n]))
    p1 = [top[n][0].offer_id for n in labelled_needs if top[n]]
    p1_good = sum(1 for n in labelled_needs if top[n] and (n, top[n][0].offer_id) in must)
    labelled_results = [(n, m.offer_id) for n in labelled_needs for m in top[n]]
    all_results = [(n, m.offer_id) for n, ms in top.items() for m in ms]
    traps = [pair for pair in all_results if pair in must_not]
    searches = data.get("searches", [])
    s_total = sum(len(s["expected"]) for s in searches)
    s_found = 0
    for s in searches:
        hits = {h.offer_id for h in index.search_offers(s["query"], limit=k)}
        s_found += sum(1 for e in s["expected"] if e in hits)
    return {
        "people": len(data["people"]),
        "needs": len(top),
        "offers": sum(len(p["offers"]) for p in data["people"]),
        "must_match": len(must),
        "must_not": len(must_not),
        "recall@5": found / len(must),
        "precision@1": p1_good / len(p1) if p1 else 0.0,
        "precision@5_labelled": (
            sum(1 for pair in labelled_results if pair in must) / len(labelled_results)
            if labelled_results
            else 0.0
        ),
        "results": len(all_results),
        "trap_rate": len(traps) / len(all_results) if all_results else 0.0,
        "traps": traps,
        "search_recall@5": s_found / s_total if s_total else 0.0,
        "top": top,
        "missed": [(n, o) for n, o in must if not any(m.offer_id == o for m in top[n])],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and traps")
    parser.add_argument("--min-score", type=float, default=None)
    args = parser.parse_args(argv)
    data = load()
    options = {} if args.min_score is None else {"min_score": args.min_score}
    started = time.perf_counter()
    index = build(data, **options)
    built = time.perf_counter() - started
    r = evaluate(data, index)
    texts = {x["id"]: x["text"] for p in data["people"] for x in p["needs"] + p["offers"]}
    print(
        f"eval set: {r['people']} people, {r['needs']} needs, {r['offers']} offers, "
        f"{r['must_match']} must-match and {r['must_not']} must-not pairs (built in {built:.2f} s)"
    )
    print(f"recall@5              {r['recall@5']:.3f}")
    print(f"precision@1           {r['precision@1']:.3f}")
    print(f"precision@5 labelled  {r['precision@5_labelled']:.3f}  (lower bound)")
    print(f"trap rate             {r['trap_rate']:.3f}  ({len(r['traps'])} of {r['results']})")
    print(f"search recall@5       {r['search_recall@5']:.3f}")
    if args.verbose:
        print("\nmissed must-match pairs:")
        for n, o in r["missed"]:
            got = ", ".join(f"{m.offer_id} {m.score:.2f}" for m in r["top"][n])
            print(f"  {n} «{texts[n]}» -> {o} «{texts[o]}»   got: {got}")
        print("\ntraps suggested:")
        for n, o in r["traps"]:
            m = next(m for m in r["top"][n] if m.offer_id == o)
            print(f"  {m.score:.2f} {reason_text(m, 'en')}")
        print("\nunlabelled results of labelled needs:")
        must = {(p["need"], p["offer"]) for p in data["must_match"]}
        for n, ms in r["top"].items():
            for m in ms:
                if (n, m.offer_id) not in must:
                    print(f"  {m.score:.2f} {n}->{m.offer_id} {reason_text(m, 'en')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
