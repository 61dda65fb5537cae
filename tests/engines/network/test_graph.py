import itertools
import math
import random
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import numpy as np
import pytest

from vinculo.engines.network import Network, Path
from vinculo.engines.network import graph as graph_module


def network(n: int, ties: list[tuple[int, int, float]]) -> Network:
    a, b, w = zip(*ties, strict=True) if ties else ((), (), ())
    return Network.from_edges(n, list(a), list(b), list(w))


def shown(paths: list[Path]) -> list[tuple[tuple[int, ...], float]]:
    return [(p.nodes, round(p.score, 6)) for p in paths]


# 0 —.9— 1 —.9— 2 —.9— 3   and   0 —.5— 4 —.5— 3
STRONG_AND_WEAK = [(0, 1, 0.9), (1, 2, 0.9), (2, 3, 0.9), (0, 4, 0.5), (4, 3, 0.5)]


# --- building -----------------------------------------------------------------------------


def test_from_edges_keeps_the_strongest_duplicate_and_drops_zero_and_self_ties():
    net = network(4, [(0, 1, 0.3), (1, 0, 0.7), (0, 2, 0.0), (3, 3, 1.0), (2, 3, 0.25)])

    assert net.neighbours(0) == [(1, 0.7)]
    assert net.neighbours(1) == [(0, 0.7)]
    assert net.neighbours(2) == [(3, 0.25)]
    assert net.neighbours(3) == [(2, 0.25)]
    assert net.ties == 2


def test_from_edges_rows_are_sorted_by_neighbour():
    net = network(6, [(3, 5, 0.1), (3, 0, 0.2), (1, 3, 0.3), (4, 3, 0.4), (3, 2, 0.5)])

    assert net.neighbours(3) == [(0, 0.2), (1, 0.3), (2, 0.5), (4, 0.4), (5, 0.1)]
    assert [net.degree(v) for v in range(6)] == [1, 1, 1, 5, 1, 1]


def test_from_edges_matches_a_dense_build_on_random_edges():
    rng = np.random.default_rng(3)
    n, m = 50, 400
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    w = rng.integers(0, 101, m) / 100

    net = Network.from_edges(n, a, b, w)

    best: dict[tuple[int, int], float] = {}
    for x, y, s in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
        if x != y and s > 0:
            key = (min(x, y), max(x, y))
            best[key] = max(best.get(key, 0.0), s)
    for v in range(n):
        expected = sorted((y if x == v else x, s) for (x, y), s in best.items() if v in (x, y))
        assert net.neighbours(v) == expected


def test_an_owner_without_contacts_is_a_network_of_one():
    net = Network.from_edges(1, [], [], [])

    assert (net.n, net.ties, net.neighbours(0)) == (1, 0, [])
    assert (net.paths(0, [0]), net.within_two(0), net.brokers(0)) == ([], 0, [])


@pytest.mark.parametrize(
    ("a", "b", "w", "message"),
    [
        ([0], [5], [0.5], "node ids"),
        ([-1], [1], [0.5], "node ids"),
        ([0], [1], [1.5], "between 0 and 1"),
        ([0], [1], [float("nan")], "between 0 and 1"),
        ([0, 1], [1], [0.5], "same length"),
    ],
)
def test_from_edges_rejects_bad_input(a, b, w, message):
    with pytest.raises(ValueError, match=message):
        Network.from_edges(3, a, b, w)


def test_queries_reject_a_node_outside_the_network():
    net = network(3, [(0, 1, 0.5)])

    with pytest.raises(ValueError, match="node 7 is not in the network"):
        net.paths(0, [7])
    with pytest.raises(ValueError, match="node 3 is not in the network"):
        net.neighbours(3)


# --- warm paths ---------------------------------------------------------------------------


def test_paths_a_strong_three_step_path_beats_a_weak_two_step_one():
    net = network(5, STRONG_AND_WEAK)

    assert shown(net.paths(0, [3])) == [((0, 1, 2, 3), 0.729), ((0, 4, 3), 0.25)]


def test_paths_each_alternative_has_a_different_first_step():
    # The second best path overall (0, 1, 2, 3) shares its first step with the best one.
    net = network(6, [(0, 1, 0.9), (1, 3, 0.9), (1, 2, 0.9), (2, 3, 0.8), (0, 5, 0.4), (5, 3, 0.4)])

    assert shown(net.paths(0, [3])) == [((0, 1, 3), 0.81), ((0, 5, 3), 0.16)]


def test_paths_limit_keeps_the_best():
    ties = [(0, k, 0.1 * k) for k in range(1, 6)] + [(k, 9, 0.5) for k in range(1, 6)]
    net = network(10, ties)

    assert shown(net.paths(0, [9], limit=2)) == [((0, 5, 9), 0.25), ((0, 4, 9), 0.2)]
    assert len(net.paths(0, [9], limit=10)) == 5


def test_paths_never_use_a_tie_of_strength_zero():
    net = network(4, [(0, 1, 0.0), (1, 3, 1.0), (0, 2, 0.1), (2, 3, 0.1)])

    assert shown(net.paths(0, [3])) == [((0, 2, 3), 0.01)]
    assert shown(net.paths(0, [1])) == [((0, 2, 3, 1), 0.01)]  # around the 0-strength tie


def test_paths_avoid_nodes():
    net = network(5, STRONG_AND_WEAK)

    assert shown(net.paths(0, [3], avoid=[2])) == [((0, 4, 3), 0.25)]
    assert net.paths(0, [3], avoid=[2, 4]) == []
    assert net.paths(0, [3], avoid=[3]) == []


def test_paths_no_path_is_an_empty_list():
    net = network(6, [*STRONG_AND_WEAK[:3], (5, 5, 1.0)])

    assert net.paths(0, [5]) == []
    assert net.paths(0, []) == []
    assert net.paths(0, [0]) == []
    assert net.paths(0, [3], limit=0) == []


def test_paths_a_direct_neighbour_gives_a_one_tie_path():
    net = network(5, STRONG_AND_WEAK)

    assert shown(net.paths(0, [1])) == [((0, 1), 0.9), ((0, 4, 3, 2, 1), 0.2025)]
    assert shown(net.paths(0, [1], max_hops=1)) == [((0, 1), 0.9)]


def test_paths_respect_max_hops():
    chain = [(k, k + 1, 0.9) for k in range(5)]  # 0 — 1 — 2 — 3 — 4 — 5
    net = network(6, chain)

    assert net.paths(0, [5], max_hops=4) == []
    assert shown(net.paths(0, [5], max_hops=5)) == [((0, 1, 2, 3, 4, 5), 0.59049)]


def test_paths_to_any_of_several_targets_never_through_another_target():
    # 0 — 1 — 2 and 0 — 3 — 2: with targets 1 and 2, the way to 2 through 1 is not a path.
    net = network(4, [(0, 1, 0.9), (1, 2, 1.0), (0, 3, 0.5), (3, 2, 0.5)])

    assert shown(net.paths(0, [1, 2])) == [((0, 1), 0.9), ((0, 3, 2), 0.25)]


def test_paths_through_a_hub_with_many_targets():
    # A hub (node 1) tied to 200 people; the targets are the ones who offer what is needed.
    ties = [(0, 1, 0.8), (0, 2, 0.3)] + [(1, k, 0.01 * (k % 90 + 1)) for k in range(10, 210)]
    ties += [(2, 10, 0.9)]
    net = network(210, ties)
    targets = range(100, 210)

    # 1 — 179 is the hub's strongest tie (0.9); 1 — 10 is 0.11
    assert shown(net.paths(0, targets)) == [((0, 1, 179), 0.72), ((0, 2, 10, 1, 179), 0.02673)]


def test_paths_from_several_threads_at_once_give_the_same_answers():
    rng = np.random.default_rng(5)
    n = 400
    graph = nx.connected_watts_strogatz_graph(n, 8, 0.2, seed=5)
    a, b = np.array(graph.edges).T
    net = Network.from_edges(n, a, b, rng.integers(1, 101, len(a)) / 100)
    asks = [
        (int(s), rng.choice(n, int(k), replace=False).tolist())
        for s, k in zip(rng.integers(0, n, 200), rng.integers(1, 20, 200), strict=True)
    ]
    alone = [net.paths(s, t) for s, t in asks]

    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda ask: net.paths(*ask), asks * 4))

    assert together == alone * 4
    assert sum(len(found) for found in alone) == 579  # 200 asks, mostly 3 paths each


def test_paths_after_an_error_answer_as_before():
    net = network(5, STRONG_AND_WEAK)
    before = net.paths(0, [3], avoid=[4])

    with pytest.raises(ValueError, match="node 9"):
        net.paths(0, [3, 9], avoid=[4])

    assert net.paths(0, [3], avoid=[4]) == before
    assert shown(net.paths(0, [3])) == [((0, 1, 2, 3), 0.729), ((0, 4, 3), 0.25)]


def brute_force(graph: nx.Graph, source, targets, *, limit, max_hops, avoid):
    """Every simple path within max_hops, the best per first step, as the oracle."""
    allowed = graph.subgraph(set(graph) - set(avoid) | {source})
    targets = set(targets) - {source} - set(avoid)
    best = {}
    for target in targets:
        if target not in allowed:
            continue
        for nodes in nx.all_simple_paths(allowed, source, target, cutoff=max_hops):
            if targets & set(nodes[1:-1]):
                continue
            score = math.prod(allowed[x][y]["weight"] for x, y in itertools.pairwise(nodes))
            if score > best.get(nodes[1], (0.0,))[0]:
                best[nodes[1]] = (score, nodes)
    return sorted((round(s, 9) for s, _ in best.values()), reverse=True)[:limit]


@pytest.mark.parametrize("seed", range(60))
def test_paths_agree_with_brute_force_on_random_graphs(seed):
    rng = random.Random(seed)
    n = rng.randrange(8, 25)
    graph = nx.gnm_random_graph(n, rng.randrange(n, 3 * n), seed=seed)
    for x, y in graph.edges:
        graph[x][y]["weight"] = rng.choice([0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 1.0])
    ties = [(x, y, d["weight"]) for x, y, d in graph.edges(data=True)]
    net = network(n, ties)
    for _ in range(5):
        source = rng.randrange(n)
        targets = rng.sample(range(n), rng.choice([1, 1, 2, 4]))
        avoid = rng.sample(range(n), rng.choice([0, 0, 1, 2]))
        max_hops = rng.choice([1, 2, 3, 4, 5])
        limit = rng.choice([1, 3, 10])

        found = net.paths(source, targets, limit=limit, max_hops=max_hops, avoid=avoid)

        expected = brute_force(graph, source, targets, limit=limit, max_hops=max_hops, avoid=avoid)
        assert [round(p.score, 9) for p in found] == expected
        for path in found:
            nodes = path.nodes
            assert nodes[0] == source
            assert nodes[-1] in targets
            assert len(set(nodes)) == len(nodes) <= max_hops + 1
            assert not set(nodes[1:-1]) & (set(avoid) | set(targets))
            weights = [graph[x][y]["weight"] for x, y in itertools.pairwise(nodes)]
            assert round(path.score, 9) == round(math.prod(weights), 9)
        assert len({p.nodes[1] for p in found}) == len(found)


@pytest.mark.parametrize("seed", range(20))
def test_paths_best_score_agrees_with_networkx_dijkstra(seed):
    rng = np.random.default_rng(seed)
    n = 300
    graph = nx.connected_watts_strogatz_graph(n, 6, 0.1, seed=seed)
    a, b = np.array(graph.edges).T
    w = rng.integers(1, 101, len(a)) / 100
    for x, y, s in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
        graph[x][y]["cost"] = -math.log(s)
    net = Network.from_edges(n, a, b, w)
    for source, target in rng.integers(0, n, (20, 2)).tolist():
        if source == target:
            continue
        cost, nodes = nx.bidirectional_dijkstra(graph, source, target, weight="cost")

        found = net.paths(source, [target], limit=1, max_hops=len(nodes) - 1)

        assert found[0].score == pytest.approx(math.exp(-cost), rel=1e-9)


# --- reach and brokers --------------------------------------------------------------------


def test_within_two_counts_nodes_exactly_two_steps_away():
    # 0's friends are 1 and 2; 1 knows 2 (already a friend), 3 and 4; 2 knows 4 and 5;
    # 5 knows 6 (three steps).
    ties = [(0, 1, 0.5), (0, 2, 0.5), (1, 2, 0.5), (1, 3, 0.5), (1, 4, 0.5), (2, 4, 0.5)]
    net = network(8, [*ties, (2, 5, 0.5), (5, 6, 0.5)])

    assert net.within_two(0) == 3  # 3, 4, 5
    assert net.within_two(7) == 0
    assert net.within_two(6) == 1  # 2


@pytest.mark.parametrize("seed", range(10))
def test_within_two_agrees_with_networkx_distances(seed):
    graph = nx.gnm_random_graph(60, 90, seed=seed)
    net = network(60, [(x, y, 0.5) for x, y in graph.edges])

    for source in range(0, 60, 7):
        distances = nx.single_source_shortest_path_length(graph, source, cutoff=2)
        assert net.within_two(source) == sum(1 for d in distances.values() if d == 2)


def test_brokers_on_a_hand_made_network():
    # 0 — 1 — 2 — {3, 4 (a triangle with 2)};  0 — 5 — 6 — 0 (a triangle);  6 — 7
    ties = [(0, 1), (1, 2), (2, 3), (2, 4), (3, 4), (0, 5), (5, 6), (0, 6), (6, 7)]
    net = network(9, [(x, y, 0.5) for x, y in ties])

    assert net.brokers(0) == [(1, 3), (2, 2), (6, 1)]
    assert net.brokers(8) == []
    assert net.brokers(2) == [(1, 4), (0, 3), (6, 1)]


@pytest.mark.parametrize("seed", range(30))
def test_brokers_agree_with_removing_each_node(seed, monkeypatch):
    if seed % 2:  # read the rows one by one, as on a large network
        monkeypatch.setattr(graph_module, "_LIST_LIMIT", 0)
    graph = nx.gnm_random_graph(30, 36, seed=seed)
    net = network(30, [(x, y, 0.5) for x, y in graph.edges])
    source = seed % 30
    reach = nx.node_connected_component(graph, source)

    expected = []
    for node in reach - {source}:
        rest = graph.subgraph(reach - {node})
        cut = len(reach) - 1 - len(nx.node_connected_component(rest, source))
        if cut:
            expected.append((node, cut))
    expected.sort(key=lambda item: (-item[1], item[0]))

    assert net.brokers(source) == expected
