"""How fast, and how good, are an organiser's meeting rounds for a large event?

    python -m benchmarks.rounds [--attendees 200] [--rounds 6] [--network 5000] [--seed 1]
                                [--repeat 3] [--no-networkx] [--json out.json]

1. engine (no database): ``--attendees`` people with two needs and three offers each (the
   phrases of ``benchmarks/matching.py``, Spanish 70 %, English 30 %), two in five working
   in one of ``attendees // 5`` organizations; their complementarity scored by a match
   index of their texts, as the app does. Then ``schedule_rounds`` for ``--rounds``
   rounds of 1:1 meetings and of tables of 4, the median of ``--repeat`` runs; side by
   side, the same 1:1 plan with networkx's pure-Python blossom in place of rustworkx's
   (the same algorithm, the same weights: the same total). Quality, against two
   baselines: ``fair=False`` (complementarity alone) and random rounds that keep the rules
   (what a hand-made plan does): the summed complementarity, and how many people have had
   a good meeting (at their goal) after the first round and after all of them; on the
   event, and on a sparse one (only pairs with one of a fifth of the people kept).
2. app (SQLite, a temporary ``VINCULO_HOME``): a network of ``--network`` contacts with the
   same phrases (``contacts_upsert_bulk``, then ``matches_rebuild``), an event with the
   first ``--attendees`` of them. How the complementarity of the attendees is read, both
   ways the task allows: an index of the attendees' own texts
   (``rounds.selectors.attendee_matches``, what the app does; the first call of a process
   also loads the word lists) against the stored suggestions (``giving.Match`` rows whose
   need and offer are both attendees'); the time, and how many pairs of attendees each
   finds complementary. Then ``event_schedule_create`` end to end (attendees, scores,
   plan, stored), 1:1 and tables of 4, and ``schedule_sheet`` (the printable plan).

Timings are wall-clock with the process's CPU time alongside; the load average is given.
"""

import argparse
import itertools
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.matching import Phrases  # noqa: E402
from benchmarks.suggestions import Clock, load_average, machine, setup_django  # noqa: E402


def median_run(fn, repeat: int):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        with Clock() as clock:
            result = fn()
        walls.append(clock.wall)
        cpus.append(clock.cpu)
    return statistics.median(walls), statistics.median(cpus), result


def synthetic_event(attendees: int, seed: int):
    """People, organizations and their complementarity scored by the matching engine."""
    from vinculo.engines.matching import MatchIndex
    from vinculo.engines.rounds import Attendee

    phrases = Phrases(seed)
    r = random.Random(seed)
    needs, offers, people = [], [], []
    for pid in range(attendees):
        _lang, ns, os_ = phrases.person_rows(pid)
        needs.extend((pid, i, t, lang) for i, t, lang in ns)
        offers.extend((pid, i, t, lang) for i, t, lang in os_)
        org = f"org{r.randrange(max(1, attendees // 5))}" if r.random() < 0.4 else None
        people.append(Attendee(pid, org))
    index = MatchIndex.from_rows(needs=needs, offers=offers, workers=1)
    directed: dict[tuple, float] = {}
    for m in index.all_matches(per_need=attendees):
        key = (m.need_person, m.offer_person)
        directed[key] = max(directed.get(key, 0.0), m.score)
    scores = {}
    for a, b in directed:
        key = (min(a, b), max(a, b))
        x, y = directed.get(key, 0.0), directed.get(key[::-1], 0.0)
        scores[key] = 1 - (1 - x) * (1 - y)
    return people, scores


def random_rounds(people, scores, rounds: int, seed: int):
    """A plan by hand: shuffle, then pair each person with the next one the rules allow."""
    r = random.Random(seed)
    org = {p.id: p.organization for p in people}
    met: set[frozenset] = set()
    plan = []
    for _ in range(rounds):
        order = [p.id for p in people]
        r.shuffle(order)
        groups = []
        while order:
            a = order.pop(0)
            for k, b in enumerate(order):
                pair = frozenset((a, b))
                if pair not in met and (org[a] is None or org[a] != org[b]):
                    groups.append((a, b))
                    met.add(pair)
                    order.pop(k)
                    break
        plan.append(groups)
    return plan


def quality(people, scores, plan_groups, good: float = 0.3) -> dict:
    """Summed complementarity, and who has had a good meeting after round 1 and at the end."""
    ids = [p.id for p in people]
    org = {p.id: p.organization for p in people}

    def s(a, b):
        return scores.get((min(a, b), max(a, b)), 0.0)

    goal = {
        a: min(good, max((s(a, b) for b in ids if b != a and (org[a] is None or org[a] != org[b])),
                         default=0.0))
        for a in ids
    }  # fmt: skip
    best = dict.fromkeys(ids, 0.0)
    after_first = None
    total = 0.0
    for number, groups in enumerate(plan_groups, start=1):
        for group in groups:
            for a, b in itertools.combinations(group, 2):
                total += s(a, b)
                best[a], best[b] = max(best[a], s(a, b)), max(best[b], s(a, b))
        if number == 1:
            after_first = sum(1 for a in ids if goal[a] > 0 and best[a] >= goal[a])
    can = sum(1 for a in ids if goal[a] > 0)
    return {
        "score": round(total, 2),
        "good_after_round_1": after_first,
        "good_at_the_end": sum(1 for a in ids if goal[a] > 0 and best[a] >= goal[a]),
        "could_have_a_good_one": can,
    }


def engine_part(args, out: dict) -> None:
    import networkx as nx

    from vinculo.engines import rounds as engine

    people, scores = synthetic_event(args.attendees, args.seed)
    out["engine"] = {"attendees": len(people), "complementary_pairs": len(scores)}
    print(
        f"event: {len(people)} attendees, {len(scores):,} complementary pairs, "
        f"{sum(1 for p in people if p.organization)} with a colleague's organization"
    )
    results = {}
    for label, size in (("1:1", 2), ("tables of 4", 4)):
        wall, cpu, plan = median_run(
            lambda size=size: engine.schedule_rounds(
                people, scores, rounds=args.rounds, table_size=size
            ),
            args.repeat,
        )
        results[label] = plan
        out["engine"][label] = {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3)}
        print(f"schedule_rounds {label}: {wall:.3f} s ({cpu:.3f} s CPU), score {plan.score}")

    def networkx_matching(graph, max_cardinality, weight_fn):
        g = nx.Graph()
        g.add_nodes_from(graph.node_indices())
        g.add_weighted_edges_from((a, b, weight_fn(w)) for a, b, w in graph.weighted_edge_list())
        return nx.max_weight_matching(g, maxcardinality=max_cardinality)

    if args.networkx:
        saved = engine.rx.max_weight_matching
        engine.rx.max_weight_matching = networkx_matching
        try:
            wall, cpu, plan = median_run(
                lambda: engine.schedule_rounds(people, scores, rounds=args.rounds), 1
            )
        finally:
            engine.rx.max_weight_matching = saved
        mine, mine_cpu = out["engine"]["1:1"]["seconds"], out["engine"]["1:1"]["cpu_seconds"]
        out["engine"]["1:1 with networkx"] = {
            "seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 3),
            "ratio": round(wall / mine, 1),
            "cpu_ratio": round(cpu / mine_cpu, 1),
            "same_score": plan.score == results["1:1"].score,
        }
        print(
            f"the same with networkx's blossom: {wall:.3f} s ({cpu:.3f} s CPU), "
            f"{wall / mine:.1f}× slower ({cpu / mine_cpu:.1f}× the CPU); "
            f"same score: {plan.score == results['1:1'].score}"
        )
    # The same event, and a sparse one where a few people are wanted by many: every pair's
    # score kept only where one of them is among a fifth of the attendees (the "stars").
    r = random.Random(args.seed)
    stars = {p.id for p in people if r.random() < 0.2}
    sparse = {k: v for k, v in scores.items() if stars & set(k)}
    out["quality"] = {}
    for event_label, event_scores in (("the event", scores), ("the sparse event", sparse)):
        fair = engine.schedule_rounds(people, event_scores, rounds=args.rounds)
        greedy = engine.schedule_rounds(people, event_scores, rounds=args.rounds, fair=False)
        tables = engine.schedule_rounds(people, event_scores, rounds=args.rounds, table_size=4)
        plans = {
            "fair (the app)": [x.groups for x in fair.rounds],
            "complementarity alone (fair=False)": [x.groups for x in greedy.rounds],
            "random, keeping the rules": random_rounds(
                people, event_scores, args.rounds, args.seed
            ),
            "fair, tables of 4": [x.groups for x in tables.rounds],
        }
        out["quality"][event_label] = {"complementary_pairs": len(event_scores)}
        print(f"{event_label} ({len(event_scores):,} complementary pairs):")
        for label, groups in plans.items():
            q = quality(people, event_scores, groups)
            out["quality"][event_label][label] = q
            print(
                f"  {label}: complementarity {q['score']}, a good meeting after round 1 "
                f"{q['good_after_round_1']} / {q['could_have_a_good_one']}, at the end "
                f"{q['good_at_the_end']}"
            )


def app_part(args, out: dict, home: Path) -> None:
    setup_django(home)
    from django.contrib.auth import get_user_model

    from vinculo.activity import services as activity
    from vinculo.giving.matching import matches_rebuild
    from vinculo.giving.models import Match
    from vinculo.people import services
    from vinculo.people.models import Contact
    from vinculo.rounds import selectors
    from vinculo.rounds.services import event_schedule_create

    phrases = Phrases(args.seed)
    r = random.Random(args.seed)
    owner = get_user_model().objects.create_user(username="bench", password="x", language="es")
    items = []
    for n in range(args.network):
        lang, needs, offers = phrases.person_rows(n)
        items.append(
            {
                "external_id": f"bench-{n}",
                "name": f"Persona {n}" if lang == "es" else f"Person {n}",
                "languages": [lang],
                "organization": f"Empresa {r.randrange(args.network // 5)}"
                if r.random() < 0.4
                else "",
                "needs": [text for _id, text, _lang in needs],
                "offers": [text for _id, text, _lang in offers],
            }
        )
    with Clock() as load:
        services.contacts_upsert_bulk(owner=owner, items=items)
        matches_rebuild(owner=owner)
    print(f"network: {args.network:,} contacts loaded and scored in {load.wall:.1f} s")
    contacts = list(Contact.objects.for_user(owner).order_by("id")[: args.attendees])
    event = activity.event_create(owner=owner, name="Feria", attendees=contacts)
    attendees = selectors.event_attendees(user=owner, event=event)
    ids = [c.pk for c in attendees]

    with Clock() as cold:
        found = selectors.attendee_matches(user=owner, event=event, contacts=attendees)
    wall, cpu, found = median_run(
        lambda: selectors.attendee_matches(user=owner, event=event, contacts=attendees),
        args.repeat,
    )

    def stored():
        rows = Match.objects.for_user(owner).filter(
            need__contact_id__in=ids, offer__contact_id__in=ids
        )
        return set(rows.values_list("need__contact_id", "offer__contact_id"))

    s_wall, s_cpu, stored_pairs = median_run(stored, args.repeat)
    index_pairs = set(found)
    out["scores"] = {
        "attendee index": {
            "first_call_seconds": round(cold.wall, 3),
            "seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 3),
            "directed_pairs": len(index_pairs),
        },
        "stored suggestions": {
            "seconds": round(s_wall, 3),
            "cpu_seconds": round(s_cpu, 3),
            "directed_pairs": len(stored_pairs),
            "pairs_the_index_also_finds": len(stored_pairs & index_pairs),
        },
    }
    print(
        f"complementarity of {len(ids)} attendees: their own index {wall:.3f} s "
        f"(first call of the process {cold.wall:.3f} s), {len(index_pairs):,} directed pairs; "
        f"stored suggestions {s_wall:.3f} s, {len(stored_pairs):,} pairs "
        f"({len(stored_pairs & index_pairs):,} of them also found by the index)"
    )
    out["service"] = {}
    for label, size in (("1:1", 2), ("tables of 4", 4)):
        wall, cpu, schedule = median_run(
            lambda size=size: event_schedule_create(
                owner=owner, event=event, rounds=args.rounds, table_size=size
            ),
            args.repeat,
        )
        s_wall, _s_cpu, _sheet = median_run(
            lambda schedule=schedule: selectors.schedule_sheet(
                user=owner, schedule=schedule, language="es"
            ),
            args.repeat,
        )
        out["service"][label] = {
            "seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 3),
            "sheet_seconds": round(s_wall, 3),
        }
        print(
            f"event_schedule_create {label}: {wall:.3f} s ({cpu:.3f} s CPU); "
            f"schedule_sheet {s_wall:.3f} s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attendees", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--network", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-networkx",
        dest="networkx",
        action="store_false",
        help="skip the networkx side by side (minutes)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    out: dict = {"machine": machine(), "args": vars(args), "load_average": load_average()}
    m = out["machine"]
    print(
        f"{m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, SQLite {m['sqlite']}; "
        f"load average {out['load_average']}"
    )
    started = time.perf_counter()
    home = Path(tempfile.mkdtemp(prefix="vinculo-rounds-"))
    try:
        engine_part(args, out)
        app_part(args, out, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    out["load_average_end"] = load_average()
    print(f"done in {time.perf_counter() - started:.0f} s; load average {load_average()}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
