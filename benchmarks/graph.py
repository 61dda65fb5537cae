"""How fast is the network engine at community scale, next to rustworkx, igraph and networkx?

    python -m benchmarks.graph [--nodes 1000000] [--edges 10000000] [--seed 1]
                               [--queries 300] [--nx-queries 100] [--skip networkx]

1. Generates a community network reproducibly (``--seed``): people in communities of
   about 150 (log-normal sizes), each with an "activity" drawn from a Pareto law so that a
   few people are hubs; 85 % of the ties stay inside the community, the rest go anywhere
   (a small world: friends of friends reach far). Strengths in (0, 1], two decimals, mostly
   weak (Beta(2, 4)), ties inside a community a little stronger (Beta(2.5, 3)). Saved as
   ``a.npy``, ``b.npy`` (int32) and ``w.npy`` (float32) under
   ``benchmarks/data/graph/<nodes>-<edges>-s<seed>/`` and reused when present.
2. Load: in a separate process per library, from the ``.npy`` files to a graph ready to
   query: wall time and the process's peak resident set (``ru_maxrss``), with the peak
   after the imports alone (the floor). ``ours`` is ``Network.from_edges`` (it also
   dedups); rustworkx ``PyGraph`` and igraph ``Graph`` get the strengths as edge weights;
   networkx ``Graph`` gets the cost ``-log(strength)`` as the edge attribute ``cost``.
3. Warm paths, each library in its own process on the same queries (seeded):
   ``fof``: a random person and someone 2 to 4 random steps away (friends of friends);
   ``random``: a random pair (often nothing within 4 ties: the search's worst case);
   ``offer``: a random person and 50 random people who offer what they need (any of them).
   Ours answers ``paths(limit=3, max_hops=4)`` (three alternatives) and ``limit=1``;
   networkx answers the best path by ``-log`` cost with ``bidirectional_dijkstra`` (for
   ``offer``, ``multi_source_dijkstra`` from the 50 to the person), without a hop limit.
   Where networkx's best path has at most 4 ties ours must give the same best score;
   where it is longer, ours may only find a weaker one or none. networkx stops a kind of
   query after ``NX_BUDGET`` (60) CPU seconds: the counts say how many it answered.
4. Personal scale (``--personal-nodes`` 3,000 contacts, ``--personal-edges`` 15,000 ties
   between them, the owner node 0 tied to 80 % of them): the same queries from the owner,
   ours and networkx, plus ``within_two`` and ``brokers`` of the owner.

Prints a summary and writes everything, with the machine's load average, to
``benchmarks/data/graph.json`` (not committed). Times are wall-clock (``perf_counter``).
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "benchmarks" / "data"
MAX_HOPS = 4
OFFER_TARGETS = 50
NX_BUDGET = 60  # CPU seconds per kind of query for networkx; the queries after it are left out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(seconds: list[float]) -> dict:
    if not seconds:
        return {}
    ms = np.array(seconds) * 1000
    return {
        "p50": round(float(np.percentile(ms, 50)), 3),
        "p95": round(float(np.percentile(ms, 95)), 3),
        "p99": round(float(np.percentile(ms, 99)), 3),
        "max": round(float(ms.max()), 3),
        "count": len(seconds),
    }


# --- the network ----------------------------------------------------------------------------


def generate(nodes: int, edges: int, seed: int, *, owner: bool = False):
    """Community ties (``a``, ``b``, ``w``), unique and without self-ties. With ``owner``,
    node 0 is the owner of a personal network, tied to 80 % of the others."""
    rng = np.random.default_rng(seed)
    sizes = []
    total = 0
    while total < nodes:
        size = max(5, int(rng.lognormal(math.log(120), 0.6)))
        sizes.append(min(size, nodes - total))
        total += sizes[-1]
    sizes = np.array(sizes, dtype=np.int64)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    community = np.repeat(np.arange(len(sizes)), sizes)
    activity = rng.pareto(2.5, nodes) + 1.0
    cum = np.cumsum(activity)

    a_parts, b_parts, w_parts, have = [], [], [], 0
    seen = np.empty(0, dtype=np.int64)
    while have < edges:
        batch = int((edges - have) * 1.2) + 1000
        u = np.searchsorted(cum, rng.random(batch) * cum[-1])
        local = rng.random(batch) < 0.85
        c = community[u]
        low = np.where(starts[c] > 0, cum[starts[c] - 1], 0.0)
        high = cum[ends[c] - 1]
        v_local = np.searchsorted(cum, low + rng.random(batch) * (high - low))
        v_far = np.searchsorted(cum, rng.random(batch) * cum[-1])
        v = np.where(local, v_local, v_far)
        v = np.minimum(v, nodes - 1)
        u = np.minimum(u, nodes - 1)
        keep = u != v
        u, v, local = u[keep], v[keep], local[keep]
        key = np.minimum(u, v) * nodes + np.maximum(u, v)
        key, first = np.unique(key, return_index=True)
        fresh = ~np.isin(key, seen, assume_unique=True)
        key, first = key[fresh], first[fresh]
        first = rng.permutation(first)[: edges - have]
        u, v, local = u[first], v[first], local[first]
        w = np.where(local, rng.beta(2.5, 3, len(u)), rng.beta(2, 4, len(u)))
        w = np.clip(np.round(w, 2), 0.01, 1.0)
        seen = np.union1d(seen, np.minimum(u, v) * nodes + np.maximum(u, v))
        a_parts.append(u)
        b_parts.append(v)
        w_parts.append(w)
        have += len(u)
    a = np.concatenate(a_parts).astype(np.int32)
    b = np.concatenate(b_parts).astype(np.int32)
    w = np.concatenate(w_parts).astype(np.float32)
    if owner:  # the owner: node 0 tied to 80 % of the contacts (their strengths)
        a, b = a + 1, b + 1
        mine = np.sort(rng.choice(np.arange(1, nodes + 1), int(nodes * 0.8), replace=False))
        own_w = np.clip(np.round(rng.beta(2, 3, len(mine)), 2), 0.01, 1.0)
        a = np.concatenate((np.zeros(len(mine), dtype=np.int32), a))
        b = np.concatenate((mine.astype(np.int32), b))
        w = np.concatenate((own_w.astype(np.float32), w))
    return a, b, w


def dataset(nodes: int, edges: int, seed: int) -> Path:
    folder = DATA / "graph" / f"{nodes}-{edges}-s{seed}"
    if not (folder / "w.npy").exists():
        started = time.perf_counter()
        a, b, w = generate(nodes, edges, seed)
        folder.mkdir(parents=True, exist_ok=True)
        for name, array in (("a", a), ("b", b), ("w", w)):
            np.save(folder / f"{name}.npy", array)
        print(
            f"generated {nodes:,} nodes, {len(a):,} ties in {time.perf_counter() - started:.1f} s"
        )
    return folder


def queries(folder: Path, nodes: int, count: int, seed: int, *, source: int | None = None):
    """``fof``, ``random`` and ``offer`` queries: (source, [targets])."""
    path = folder / f"queries-{count}-s{seed}.json"
    if path.exists():
        return json.loads(path.read_text())
    from vinculo.engines.network import Network

    a, b, w = (np.load(folder / f"{x}.npy") for x in "abw")
    n = nodes + (1 if source is not None else 0)
    net = Network.from_edges(n, a, b, w)
    rng = np.random.default_rng(seed + 100)

    def pick_source() -> int:
        while True:
            node = int(rng.integers(n)) if source is None else source
            if net.degree(node):
                return node

    out: dict[str, list] = {"fof": [], "random": [], "offer": []}
    while len(out["fof"]) < count:
        start = node = pick_source()
        for _ in range(int(rng.integers(2, 5))):
            near = net.indices[net.indptr[node] : net.indptr[node + 1]]
            node = int(near[rng.integers(len(near))])
        if node != start and net.weight(start, node) == 0.0:
            out["fof"].append([start, [node]])
    for _ in range(count // 3):
        s, t = pick_source(), int(rng.integers(n))
        if s != t:
            out["random"].append([s, [t]])
        targets = rng.choice(n, OFFER_TARGETS, replace=False).tolist()
        out["offer"].append([pick_source(), [t for t in targets if t != s]])
    path.write_text(json.dumps(out))
    return out


# --- workers (each in its own process) --------------------------------------------------------


def load_graph(library: str, folder: Path, nodes: int):
    a, b, w = (np.load(folder / f"{x}.npy") for x in "abw")
    if library == "ours":
        from vinculo.engines.network import Network

        return Network.from_edges(nodes, a, b, w)
    if library == "rustworkx":
        import rustworkx as rx

        graph = rx.PyGraph()
        graph.add_nodes_from(range(nodes))
        step = 1_000_000
        for i in range(0, len(a), step):
            chunk = zip(
                a[i : i + step].tolist(),
                b[i : i + step].tolist(),
                w[i : i + step].tolist(),
                strict=True,
            )
            graph.extend_from_weighted_edge_list(list(chunk))
        return graph
    if library == "igraph":
        import igraph as ig

        graph = ig.Graph(n=nodes, edges=np.column_stack((a, b)))
        graph.es["weight"] = w.tolist()
        return graph
    if library == "networkx":
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(nodes))
        step = 1_000_000
        for i in range(0, len(a), step):
            cost = (-np.log(w[i : i + step].astype(np.float64))).tolist()
            chunk = zip(a[i : i + step].tolist(), b[i : i + step].tolist(), cost, strict=True)
            graph.add_weighted_edges_from(chunk, weight="cost")
        return graph
    raise ValueError(library)


def imports(library: str) -> None:
    if library == "ours":
        import vinculo.engines.network  # noqa: F401
    elif library == "rustworkx":
        import rustworkx  # noqa: F401
    elif library == "igraph":
        import igraph  # noqa: F401
    elif library == "networkx":
        import networkx  # noqa: F401


def worker_load(library: str, folder: Path, nodes: int) -> dict:
    imports(library)
    floor = peak_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    graph = load_graph(library, folder, nodes)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    del graph
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mb": round(peak_mb()),
        "floor_mb": round(floor),
    }


def worker_queries(library: str, folder: Path, nodes: int, plan: dict, limit: int) -> dict:
    graph = load_graph(library, folder, nodes)
    result: dict = {}
    for kind, items in plan.items():
        items = items[:limit]
        if library == "ours":
            for alternatives in (3, 1):
                times, cpu, scores, hops = [], [], [], []
                for source, targets in items:
                    started, cpu_started = time.perf_counter(), time.thread_time()
                    found = graph.paths(source, targets, limit=alternatives, max_hops=MAX_HOPS)
                    times.append(time.perf_counter() - started)
                    cpu.append(time.thread_time() - cpu_started)
                    scores.append(found[0].score if found else 0.0)
                    hops.append(len(found[0].nodes) - 1 if found else None)
                result[f"{kind}/limit={alternatives}"] = {
                    "times": percentiles(times),
                    "cpu": percentiles(cpu),
                    "scores": scores,
                    "hops": hops,
                    "found": sum(s > 0 for s in scores),
                }
        else:
            import networkx as nx

            times, cpu, scores, hops = [], [], [], []
            for source, targets in items:
                if sum(cpu) > NX_BUDGET:
                    break
                started, cpu_started = time.perf_counter(), time.thread_time()
                try:
                    if len(targets) == 1:
                        cost, path = nx.bidirectional_dijkstra(
                            graph, source, targets[0], weight="cost"
                        )
                    else:
                        cost, path = nx.multi_source_dijkstra(
                            graph, set(targets), target=source, weight="cost"
                        )
                    score, length = math.exp(-cost), len(path) - 1
                except nx.NetworkXNoPath:
                    score, length = 0.0, None
                times.append(time.perf_counter() - started)
                cpu.append(time.thread_time() - cpu_started)
                scores.append(score)
                hops.append(length)
            result[kind] = {
                "times": percentiles(times),
                "cpu": percentiles(cpu),
                "scores": scores,
                "hops": hops,
            }
    return result


def worker_personal(library: str, folder: Path, nodes: int, plan: dict) -> dict:
    out = worker_queries(library, folder, nodes, plan, limit=10**9)
    if library == "ours":
        graph = load_graph(library, folder, nodes)
        for name, call in (("within_two", graph.within_two), ("brokers", graph.brokers)):
            times, cpu = [], []
            for _ in range(20):
                started, cpu_started = time.perf_counter(), time.thread_time()
                value = call(0)
                times.append(time.perf_counter() - started)
                cpu.append(time.thread_time() - cpu_started)
            out[name] = {"times": percentiles(times), "cpu": percentiles(cpu),
                         "value": value if name == "within_two" else len(value)}  # fmt: skip
    return out


def run_worker(*args: str) -> dict:
    command = [sys.executable, "-m", "benchmarks.graph", "--worker", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout)


# --- comparing ---------------------------------------------------------------------------------


def agreement(ours: dict, theirs: dict) -> dict:
    """Where networkx's best path has at most MAX_HOPS ties, the same best score; beyond,
    ours weaker or none."""
    same = differ = longer = worse_ok = 0
    for mine, score, hops in zip(ours["scores"], theirs["scores"], theirs["hops"], strict=False):
        if hops is not None and hops <= MAX_HOPS:
            if math.isclose(mine, score, rel_tol=1e-6):
                same += 1
            else:
                differ += 1
        else:
            longer += 1
            worse_ok += mine <= score * (1 + 1e-6)
    return {"same_best": same, "different": differ, "nx_longer_or_none": longer,
            "ours_not_better_there": worse_ok}  # fmt: skip


def row(name: str, stats: dict) -> str:
    t, c = stats.get("times", {}), stats.get("cpu", {})
    return (
        f"| {name} | {t.get('p50', '-')} | {t.get('p95', '-')} | {t.get('p99', '-')} "
        f"| {c.get('p50', '-')} | {c.get('p95', '-')} |"
    )


HEADER = "| p50 ms | p95 ms | p99 ms | CPU p50 ms | CPU p95 ms |\n| --- |" + " ---: |" * 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.graph", description=__doc__)
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--edges", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=300, help="fof queries (random, offer: 1/3)")
    parser.add_argument("--nx-queries", type=int, default=100, help="per kind, for networkx")
    parser.add_argument("--personal-nodes", type=int, default=3_000)
    parser.add_argument("--personal-edges", type=int, default=15_000)
    parser.add_argument("--skip", nargs="*", default=[], help="libraries to leave out")
    parser.add_argument("--output", type=Path, default=DATA / "graph.json")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        task, library, folder, nodes, *rest = args.worker
        folder, nodes = Path(folder), int(nodes)
        if task == "load":
            out = worker_load(library, folder, nodes)
        else:
            plan = json.loads(Path(rest[0]).read_text())
            if task == "queries":
                out = worker_queries(library, folder, nodes, plan, int(rest[1]))
            else:
                out = worker_personal(library, folder, nodes, plan)
        print(json.dumps(out))
        return 0

    load_before = os.getloadavg()
    report: dict = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "nodes": args.nodes,
        "edges": args.edges,
        "seed": args.seed,
    }
    print(f"python {report['python']}; load average {load_before} on {report['cpus']} CPUs")
    folder = dataset(args.nodes, args.edges, args.seed)
    libraries = [x for x in ("ours", "rustworkx", "igraph", "networkx") if x not in args.skip]

    report["load"] = {}
    print("\n| library | load s | CPU s | peak RSS MB | after imports MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for library in libraries:
        got = run_worker("load", library, str(folder), str(args.nodes))
        report["load"][library] = got
        cells = [got.get(x) for x in ("seconds", "cpu_seconds", "peak_mb", "floor_mb")]
        error = f" {got['error']}" if "error" in got else ""
        print(f"| {library} | " + " | ".join(str(x) for x in cells) + " |" + error)

    plan = queries(folder, args.nodes, args.queries, args.seed)
    plan_path = folder / f"queries-{args.queries}-s{args.seed}.json"
    ours = run_worker("queries", "ours", str(folder), str(args.nodes), str(plan_path), "100000")
    report["paths"] = {"ours": ours}
    print("\n| warm paths, community " + HEADER)
    for name, stats in ours.items():
        print(row(f"ours {name} (found {stats.get('found')})", stats))
    if "networkx" in libraries:
        theirs = run_worker(
            "queries", "networkx", str(folder), str(args.nodes), str(plan_path),
            str(args.nx_queries),
        )  # fmt: skip
        report["paths"]["networkx"] = theirs
        report["agreement"] = {}
        for kind, stats in theirs.items():
            print(row(f"networkx {kind}", stats))
            report["agreement"][kind] = agreement(ours[f"{kind}/limit=1"], stats)
            print(f"  agreement {kind}: {report['agreement'][kind]}")

    # Personal scale: the owner (node 0) and their contacts.
    personal = DATA / "graph" / f"personal-{args.personal_nodes}-{args.personal_edges}-s{args.seed}"
    if not (personal / "w.npy").exists():
        a, b, w = generate(args.personal_nodes, args.personal_edges, args.seed, owner=True)
        personal.mkdir(parents=True, exist_ok=True)
        for name, array in (("a", a), ("b", b), ("w", w)):
            np.save(personal / f"{name}.npy", array)
    p_nodes = args.personal_nodes + 1
    queries(personal, args.personal_nodes, args.queries, args.seed, source=0)
    p_path = personal / f"queries-{args.queries}-s{args.seed}.json"
    report["personal"] = {}
    print("\n| warm paths, personal " + HEADER)
    for library in ("ours", "networkx"):
        if library not in libraries:
            continue
        got = run_worker("personal", library, str(personal), str(p_nodes), str(p_path))
        report["personal"][library] = got
        for name, stats in got.items():
            if isinstance(stats, dict):
                print(row(f"{library} {name}", stats))
    if "networkx" in report["personal"]:
        report["personal"]["agreement"] = {
            kind: agreement(report["personal"]["ours"][f"{kind}/limit=1"], stats)
            for kind, stats in report["personal"]["networkx"].items()
        }
        print(f"  agreement: {report['personal']['agreement']}")

    report["load_average"] = {"before": load_before, "after": os.getloadavg()}
    print(f"\nload average before {load_before}, after {report['load_average']['after']}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
