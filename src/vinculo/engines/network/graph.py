"""The network as an undirected weighted graph, and warm paths through it.

Storage is compressed sparse rows in numpy: ``indptr`` (int64, n + 1), ``indices`` (int32,
both directions of every tie, each row sorted by neighbour) and ``weights`` (float32, the
tie's strength, about 7 significant digits: read back rounded to 6 decimals, so a strength
given as 0.35 reads 0.35). 10,000,000 ties take about 170 MB.

Warm paths (:meth:`Network.paths`) rank a path by the product of the strengths along it, the
same as the shortest path under costs ``-log(strength)``. The search is exact within
``max_hops`` and bidirectional: it grows hop layers from the source (keeping, for every node
reached, the best value through each first step) and from the targets (the best value to any
target), always growing the side whose next layer is cheaper, until the layers together
cover ``max_hops``. Every path of at most ``max_hops`` hops crosses both sides at one node,
so the best path through each first step is the best product ``forward × backward`` over the
nodes where they meet. A query reads the few thousand ties around the source and targets,
never the whole graph. Each thread that searches keeps four dense per-node arrays to reuse
(18 bytes a node: 18 MB for 1,000,000 nodes); a network is read-only once built, so
threads can share it.
"""

import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

_EMPTY_I = np.empty(0, dtype=np.int64)
_EMPTY_F = np.empty(0, dtype=np.float64)


@dataclass(frozen=True)
class Path:
    """A path from the source (first) to a target (last), ranked by ``score``."""

    nodes: tuple[int, ...]
    score: float  # product of the edge strengths along the path


def _member(sorted_values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Which of ``x`` are in ``sorted_values`` (sorted, unique)."""
    if not len(sorted_values) or not len(x):
        return np.zeros(len(x), dtype=bool)
    at = np.searchsorted(sorted_values, x)
    at[at == len(sorted_values)] = 0
    return sorted_values[at] == x


def _lookup(keys: np.ndarray, values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The value of each of ``x`` in the sorted ``keys`` → ``values`` map, 0.0 when absent."""
    out = np.zeros(len(x), dtype=np.float64)
    if not len(keys) or not len(x):
        return out
    at = np.searchsorted(keys, x)
    at[at == len(keys)] = 0
    found = keys[at] == x
    out[found] = values[at[found]]
    return out


def _best_per_key(keys: np.ndarray, values: np.ndarray, *extra: np.ndarray):
    """Keep the highest value of each key (the smallest tie-breaking position on equal
    values); returns the keys sorted, their values, and the matching ``extra`` columns."""
    order = np.lexsort((-values, keys))
    keys = keys[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    chosen = order[first]
    return (keys[first], values[chosen], *(column[chosen] for column in extra))


def _merge(keys: np.ndarray, values: np.ndarray, new_keys: np.ndarray, new_values: np.ndarray):
    """The map ``keys → values`` updated with better ``new_keys → new_values``."""
    if not len(keys):
        return new_keys, new_values
    return _best_per_key(np.concatenate((keys, new_keys)), np.concatenate((values, new_values)))


_BLOCKED, _TARGET = 1, 2
_LIST_LIMIT = 4_000_000  # brokers(): below this many row entries, rows as one Python list


class _Scratch:
    """Dense per-node arrays a search reuses (one set per thread), clean between searches:
    ``mark`` (blocked or target), ``back`` (best value towards a target), ``best`` (best
    score per first step) and ``reached`` (nodes the forward side has reached)."""

    def __init__(self, n: int):
        self.mark = np.zeros(n, dtype=np.int8)
        self.back = np.zeros(n, dtype=np.float64)
        self.best = np.zeros(n, dtype=np.float64)
        self.reached = np.zeros(n, dtype=bool)
        self.touched: list[np.ndarray] = []
        self.touched_best: list[np.ndarray] = []

    def clean(self, blocked: np.ndarray, source: int, goal: np.ndarray) -> None:
        self.mark[blocked] = 0
        self.mark[source] = 0
        self.mark[goal] = 0
        for nodes in self.touched:
            self.back[nodes] = 0.0
        for nodes in self.touched_best:
            self.best[nodes] = 0.0
        self.touched.clear()
        self.touched_best.clear()


class Network:
    """Undirected weighted graph over node ids 0..n-1 (the Django side maps owner -> 0)."""

    __slots__ = ("_local", "indices", "indptr", "n", "weights")

    def __init__(self, n: int, indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray):
        self.n = int(n)
        self.indptr = indptr
        self.indices = indices
        self.weights = weights
        self._local = threading.local()

    # --- building ---------------------------------------------------------------------

    @classmethod
    def from_edges(cls, n: int, a, b, w) -> "Network":
        """A network of ``n`` nodes from the ties ``a[i] — b[i]`` of strength ``w[i]``.

        Strengths are in (0, 1]; ties with strength 0 (or below) are no ties and are left
        out, as are self-ties; a tie given twice (in either direction) keeps its strongest.
        """
        n = int(n)
        if n < 0 or n >= 2**31:
            raise ValueError(f"n must be between 0 and 2**31 - 1, not {n}")
        a = np.asarray(a)
        b = np.asarray(b)
        w = np.asarray(w, dtype=np.float32)
        if not (a.ndim == b.ndim == w.ndim == 1 and len(a) == len(b) == len(w)):
            raise ValueError("a, b and w must be one-dimensional and of the same length")
        if len(a) and (min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= n):
            raise ValueError(f"node ids must be between 0 and {n - 1}")
        if np.isnan(w).any() or (w > 1).any():
            raise ValueError("strengths must be between 0 and 1")
        a = a.astype(np.int32, copy=False)
        b = b.astype(np.int32, copy=False)
        keep = (w > 0) & (a != b)
        if not keep.all():
            a, b, w = a[keep], b[keep], w[keep]
        del keep

        # One row per tie, smaller end first, sorted; duplicates keep the strongest.
        lo = np.minimum(a, b)
        hi = np.maximum(a, b)
        del a, b
        key = lo.astype(np.int64)
        del lo
        key *= n
        key += hi
        del hi
        order = _stable_order(key, n * n)
        key = key[order]
        w = w[order]
        del order
        if len(key):
            first = np.ones(len(key), dtype=bool)
            first[1:] = key[1:] != key[:-1]
            starts = np.flatnonzero(first)
            del first
            if len(starts) < len(key):
                w = np.maximum.reduceat(w, starts)
                key = key[starts]
            del starts
        lo = (key // n).astype(np.int32)
        hi = (key % n).astype(np.int32)
        del key
        m = len(lo)

        # Row v lists first the ties where v is the larger end (neighbours below v, in
        # order), then those where v is the smaller end (neighbours above v, in order).
        small = np.int32 if 2 * m < 2**31 else np.int64  # positions, to save memory
        count_hi = np.bincount(hi, minlength=n).astype(small)
        count_lo = np.bincount(lo, minlength=n).astype(small)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(count_hi + count_lo, out=indptr[1:])
        row_start = indptr[:-1].astype(small)
        indices = np.empty(2 * m, dtype=np.int32)
        weights = np.empty(2 * m, dtype=np.float32)

        # lo is sorted, so the ties where v is the smaller end are consecutive: the k-th
        # of them goes after v's count_hi[v] smaller neighbours.
        pos = np.arange(m, dtype=small)
        pos += (row_start + count_hi - (np.cumsum(count_lo, dtype=small) - count_lo))[lo]
        indices[pos] = hi
        weights[pos] = w
        order = _stable_order(hi, n)  # stable: each group stays sorted by lo
        hi = hi[order]
        pos = np.arange(m, dtype=small)
        pos += (row_start - (np.cumsum(count_hi, dtype=small) - count_hi))[hi]
        del hi
        indices[pos] = lo[order]
        del lo
        weights[pos] = w[order]
        return cls(n, indptr, indices, weights)

    # --- reading ----------------------------------------------------------------------

    def _check(self, node: int) -> int:
        node = int(node)
        if not 0 <= node < self.n:
            raise ValueError(f"node {node} is not in the network (0..{self.n - 1})")
        return node

    @property
    def ties(self) -> int:
        """How many ties (undirected edges) the network has."""
        return len(self.indices) // 2

    def degree(self, node: int) -> int:
        node = self._check(node)
        return int(self.indptr[node + 1] - self.indptr[node])

    def neighbours(self, node: int) -> list[tuple[int, float]]:
        """The nodes tied to ``node`` with the tie's strength, by node id."""
        node = self._check(node)
        start, end = self.indptr[node], self.indptr[node + 1]
        strengths = [round(x, 6) for x in self.weights[start:end].tolist()]
        return list(zip(self.indices[start:end].tolist(), strengths, strict=True))

    def weight(self, a: int, b: int) -> float:
        """The strength of the tie ``a — b``, 0.0 when there is none."""
        return self._weight(self._check(a), self._check(b))

    def _weight(self, a: int, b: int) -> float:
        start, end = self.indptr[a], self.indptr[a + 1]
        at = start + np.searchsorted(self.indices[start:end], b)
        if at < end and self.indices[at] == b:
            return round(float(self.weights[at]), 6)
        return 0.0

    def _gather(self, nodes: np.ndarray):
        """Every tie of ``nodes``: (position in ``nodes``, neighbour, strength)."""
        starts = self.indptr[nodes]
        counts = self.indptr[nodes + 1] - starts
        total = int(counts.sum())
        if not total:
            return _EMPTY_I, _EMPTY_I, _EMPTY_F
        owner = np.repeat(np.arange(len(nodes)), counts)
        at = np.arange(total, dtype=np.int64)
        at += np.repeat(starts - (np.cumsum(counts) - counts), counts)
        return owner, self.indices[at].astype(np.int64), self.weights[at].astype(np.float64)

    def _cost(self, nodes: np.ndarray) -> int:
        if not len(nodes):
            return 0
        return int((self.indptr[nodes + 1] - self.indptr[nodes]).sum())

    # --- warm paths -------------------------------------------------------------------

    def paths(
        self,
        source: int,
        targets: Iterable[int],
        *,
        limit: int = 3,
        max_hops: int = 4,
        avoid: Iterable[int] = (),
    ) -> list[Path]:
        """The best paths from ``source`` to any of ``targets``, best score first.

        At most ``limit`` paths, each with a different first step (the second node): for
        each first step its best path within ``max_hops`` ties. A path never passes through
        a node in ``avoid`` nor through another target, never repeats a node, and never
        uses a tie of strength 0. A target tied to the source directly gives a 1-tie path.
        ``[]`` when there is no path.
        """
        source = self._check(source)
        blocked = np.unique(np.fromiter((self._check(x) for x in avoid), dtype=np.int64))
        goal = np.unique(np.fromiter((self._check(x) for x in targets), dtype=np.int64))
        goal = goal[(goal != source) & ~_member(blocked, goal)]
        if limit < 1 or max_hops < 1 or not len(goal):
            return []
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:  # per thread: several threads may search the same network
            scratch = self._local.scratch = _Scratch(self.n)
        try:
            scratch.mark[blocked] = _BLOCKED
            scratch.mark[source] = _BLOCKED  # nothing enters the source again
            scratch.mark[goal] = _TARGET
            return self._search(source, goal, limit, max_hops, scratch)
        finally:
            scratch.clean(blocked, source, goal)

    def _search(self, source, goal, limit, max_hops, scratch) -> list[Path]:
        n, mark, back = self.n, scratch.mark, scratch.back
        # Forward layers: key = first step * n + node, sorted; layer 1 is the source's ties.
        start, end = self.indptr[source], self.indptr[source + 1]
        first = self.indices[start:end].astype(np.int64)
        w = self.weights[start:end].astype(np.float64)
        ok = mark[first] != _BLOCKED
        first, w = first[ok], w[ok]
        forward = [(first * n + first, w, np.full(len(first), source, dtype=np.int64))]
        f_front = forward[0][:2]
        # Backward layers: the best value from each node to any target (dense in ``back``).
        back[goal] = 1.0
        scratch.touched.append(goal)
        backward = [(goal, goal)]
        b_front = goal

        hops, f_cost, b_cost = 1, None, None
        final = (_EMPTY_I, _EMPTY_F, _EMPTY_I)
        while hops < max_hops:
            if f_cost is None:
                f_open = mark[f_front[0] % n] == 0  # a path does not go on through a target
                f_keys, f_values = f_front[0][f_open], f_front[1][f_open]
                f_cost = self._cost(f_keys % n)
            if b_cost is None:
                b_cost = self._cost(b_front)
            if not f_cost and not b_cost:
                break
            last = hops == max_hops - 1
            if f_cost and (f_cost <= b_cost or not b_cost):
                if last:  # the last hop goes straight to the meeting: no layer to keep
                    final = self._forward_last(f_keys, f_values, back)
                    break
                f_front, f_cost = self._forward(f_keys, f_values, forward, mark), None
            else:
                b_front, b_cost = self._backward(b_front, backward, scratch, forward, last), None
            hops += 1

        # Where the two sides meet: the best forward × backward per first step; ``via`` is
        # the node after the forward part when the last hop was not kept as a layer.
        keys = np.concatenate([layer[0] for layer in forward])
        scores = np.concatenate([layer[1] for layer in forward]) * back[keys % n]
        found = scores > 0
        keys = np.concatenate((keys[found], final[0]))
        scores = np.concatenate((scores[found], final[1]))
        via = np.concatenate((np.full(int(found.sum()), -1, dtype=np.int64), final[2]))
        if not len(keys):
            return []
        firsts = keys // n
        best = scratch.best
        np.maximum.at(best, firsts, scores)
        scratch.touched_best.append(firsts)
        win = scores == best[firsts]
        firsts, at = np.unique(firsts[win], return_index=True)
        keys, via, scores = keys[win][at], via[win][at], best[firsts]
        order = np.lexsort((firsts, -scores))[:limit]
        result = [self._path(int(keys[i]), int(via[i]), forward, backward) for i in order]
        result.sort(key=lambda p: (-p.score, len(p.nodes), p.nodes))
        return result

    def _forward(self, keys, values, forward, mark):
        """One more forward layer from the open frontier ``keys → values``."""
        n = self.n
        nodes = keys % n
        owner, nxt, w = self._gather(nodes)
        ok = mark[nxt] != _BLOCKED
        owner, nxt = owner[ok], nxt[ok]
        new_keys = (keys[owner] // n) * n + nxt
        new_values = values[owner] * w[ok]
        parents = nodes[owner]
        if len(forward) > 1:  # from layer 1 every (first step, node) is new, and in order
            new_keys, new_values, parents = _best_per_key(new_keys, new_values, parents)
            better = np.ones(len(new_keys), dtype=bool)
            for layer_keys, layer_values, _ in forward:
                better &= new_values > _lookup(layer_keys, layer_values, new_keys)
            new_keys, new_values, parents = new_keys[better], new_values[better], parents[better]
        forward.append((new_keys, new_values, parents))
        return new_keys, new_values

    def _forward_last(self, keys, values, back):
        """The last hop forward, met with the backward values at once: (forward key, score,
        the node after it) for every (first step, node) that reaches a target."""
        nodes = keys % self.n
        owner, nxt, w = self._gather(nodes)
        scores = values[owner] * w * back[nxt]  # 0 for blocked nodes and the source
        ok = scores > 0
        return keys[owner[ok]], scores[ok], nxt[ok]

    def _backward(self, front, backward, scratch, forward, last):
        """One more backward layer from the nodes ``front`` (improved in the last one); the
        last one only towards nodes the forward side has reached."""
        back = scratch.back
        owner, nxt, w = self._gather(front)
        values = back[front][owner] * w
        ok = (scratch.mark[nxt] == 0) & (values > back[nxt])
        if last:
            reached = scratch.reached
            layers = [layer[0] % self.n for layer in forward]
            for nodes in layers:
                reached[nodes] = True
            ok &= reached[nxt]
            for nodes in layers:
                reached[nodes] = False
        nxt, values, parents = nxt[ok], values[ok], front[owner[ok]]
        np.maximum.at(back, nxt, values)
        win = values == back[nxt]
        nodes, at = np.unique(nxt[win], return_index=True)
        scratch.touched.append(nodes)
        backward.append((nodes, parents[win][at]))
        return nodes

    def _path(self, key: int, via: int, forward: list, backward: list) -> Path:
        n = self.n
        head: list[int] = []
        layer = len(forward) - 1
        while key >= 0:  # forward: walk the layers back to the source
            while layer >= 0:
                keys = forward[layer][0]
                at = np.searchsorted(keys, key)
                if at < len(keys) and keys[at] == key:
                    break
                layer -= 1
            head.append(key % n)
            parent = int(forward[layer][2][at])
            if layer == 0:
                head.append(parent)
                key = -1
            else:
                key = (key // n) * n + parent
                layer -= 1
        head.reverse()
        if via >= 0:
            head.append(via)
        node, layer = head[-1], len(backward) - 1
        while layer > 0:  # backward: follow the next node towards the target
            nodes, parents = backward[layer]
            at = np.searchsorted(nodes, node)
            if at < len(nodes) and nodes[at] == node:
                node = int(parents[at])
                head.append(node)
            layer -= 1
        nodes = _without_loops(head)
        score = 1.0
        for a, b in itertools.pairwise(nodes):
            score *= self._weight(a, b)
        return Path(tuple(nodes), score)

    # --- reach and brokers ------------------------------------------------------------

    def within_two(self, source: int) -> int:
        """How many nodes are exactly two steps away from ``source``."""
        source = self._check(source)
        near = self.indices[self.indptr[source] : self.indptr[source + 1]].astype(np.int64)
        _, second, _ = self._gather(near)
        reached = np.zeros(self.n, dtype=bool)
        reached[second] = True
        reached[near] = False
        reached[source] = False
        return int(np.count_nonzero(reached))

    def brokers(self, source: int) -> list[tuple[int, int]]:
        """The nodes (not ``source``) whose removal cuts nodes off from ``source``, each
        with how many it cuts off, most first (then by node id): the articulation points
        of the source's component. One depth-first pass over that component."""
        source = self._check(source)
        if len(self.indices) <= _LIST_LIMIT:  # small: every row as a Python list at once
            flat, bounds = self.indices.tolist(), self.indptr.tolist()

            def row(v: int) -> list[int]:
                return flat[bounds[v] : bounds[v + 1]]
        else:
            indptr, indices = self.indptr, self.indices

            def row(v: int) -> list[int]:
                return indices[indptr[v] : indptr[v + 1]].tolist()

        disc: dict[int, int] = {source: 0}
        low: dict[int, int] = {source: 0}
        size: dict[int, int] = {source: 1}
        cut: dict[int, int] = {}
        stack = [(source, -1, iter(row(source)))]
        clock = 1
        while stack:
            v, parent, near = stack[-1]
            for x in near:  # resumes where this node's row was left
                seen = disc.get(x)
                if seen is None:
                    disc[x] = low[x] = clock
                    size[x] = 1
                    clock += 1
                    stack.append((x, v, iter(row(x))))
                    break
                if x != parent and seen < low[v]:
                    low[v] = seen
            else:
                stack.pop()
                if parent >= 0:
                    size[parent] += size[v]
                    if low[v] < low[parent]:
                        low[parent] = low[v]
                    if parent != source and low[v] >= disc[parent]:
                        cut[parent] = cut.get(parent, 0) + size[v]
        return sorted(cut.items(), key=lambda item: (-item[1], item[0]))


def _stable_order(keys: np.ndarray, bound: int) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for integers in ``[0, bound)``, faster: when key
    and position fit in 64 bits together, one plain sort of ``key << bits | position``."""
    m = len(keys)
    position_bits = max(1, (m - 1).bit_length())
    if max(1, (bound - 1).bit_length()) + position_bits > 64:
        return np.argsort(keys, kind="stable")
    packed = keys.astype(np.uint64)
    packed <<= np.uint64(position_bits)
    packed |= np.arange(m, dtype=np.uint64)
    packed.sort()
    packed &= np.uint64((1 << position_bits) - 1)
    return packed.view(np.int64)


def _without_loops(nodes: list[int]) -> list[int]:
    """The walk with every loop cut out (a node seen again resumes from its first visit)."""
    out: list[int] = []
    at: dict[int, int] = {}
    for node in nodes:
        if node in at:
            del out[at[node] + 1 :]
            at = {x: i for i, x in enumerate(out)}
        else:
            at[node] = len(out)
            out.append(node)
    return out
