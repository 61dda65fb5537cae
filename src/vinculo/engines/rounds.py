"""Meeting rounds for an event: who meets whom, round after round.

Plain Python (no Django). The organiser of an event wants ``rounds`` rounds of 1:1
meetings (or tables of ``table_size`` people) among the attendees, such that:

- complementary people meet: one's need meets the other's offer, in either direction
  (``scores``: how complementary two attendees are, 0..1, symmetric);
- no pair meets twice (in tables: no two people share a table twice), nor a pair in
  ``avoid`` (people who know each other well already);
- two colleagues (the same ``organization`` key) never meet;
- fairly: everyone gets a good meeting before anyone gets a second one. A person's *goal*
  is ``good`` (0.3), or less when nobody present can do better for them; until a person
  has had a meeting at their goal, a meeting that gives them one weighs more than any
  difference in complementarity;
- with an odd number of people one rests each round, a different one each time while
  there is someone who has not rested yet (people may also rest when the rules leave
  them nobody to meet).

Pairs: each round is a maximum-weight matching (``rustworkx``'s blossom algorithm, exact)
with, in order of importance: as many meetings as possible; the rest on who has rested
least; first good meetings for those still without one; then complementarity, boosted
for people whose best meeting so far is weak. The weights are integers scaled so that
each level outweighs everything below it.

Tables of ``table_size`` (3 or more): tables of balanced sizes (at most ``table_size``,
at least one less) seated one place per table at a time, each round of places an
assignment of people to tables (``scipy.optimize.linear_sum_assignment``), then improved
by swapping people between tables while a swap raises the total; the same weights,
summed over the pairs of a table. When someone finds no seat that the rules allow, the
seating starts again with them first, then from a few shuffled orders (seeded: the same
every time), and whoever still has none rests.

Deterministic: the same input gives the same schedule. Use::

    from vinculo.engines.rounds import Attendee, schedule_rounds

    plan = schedule_rounds(
        [Attendee(1, "acme"), Attendee(2, "acme"), Attendee(3), Attendee(4)],
        {(1, 3): 0.8, (2, 4): 0.5},     # or a function (a, b) -> score
        rounds=2,
    )
    plan.rounds[0].groups   # ((1, 3), (2, 4))
    plan.rounds[0].rests    # ()
    plan.score              # complementarity of every meeting, summed
"""

import math
import random
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import rustworkx as rx
from scipy.optimize import linear_sum_assignment

Id = Hashable
Scores = Mapping[tuple[Id, Id], float] | Callable[[Id, Id], float]

GOOD = 0.3  # a meeting at least this complementary is a good one
BOOST = 1.0  # weight of what a meeting adds to a person's best one, up to their goal
SCALE = 1000  # pairs: scores become integers with this many steps per unit
SWAP_PASSES = 50  # tables: at most this many swaps per attendee in a round
RESTARTS = 30  # tables: seatings tried from other orders while someone finds no seat
RESTART_SEED = 1


@dataclass(frozen=True, slots=True)
class Attendee:
    """One person at the event: an id, and the organization (colleagues share it)."""

    id: Id
    organization: Hashable | None = None


@dataclass(frozen=True, slots=True)
class Round:
    """One round: the pairs (or tables) that meet, in the attendees' order, who rests, and
    the complementarity of the round's meetings (a table counts each pair at it)."""

    groups: tuple[tuple[Id, ...], ...]
    rests: tuple[Id, ...]
    score: float


@dataclass(frozen=True, slots=True)
class Schedule:
    rounds: tuple[Round, ...]
    score: float
    table_size: int


class _Problem:
    """The attendees as indexes 0..n-1, the scores as a matrix, and what may not meet."""

    def __init__(self, attendees, scores, avoid, good):
        self.ids = [a.id for a in attendees]
        if len(set(self.ids)) != len(self.ids):
            raise ValueError("each attendee must appear once")
        n = self.n = len(self.ids)
        index = {pid: i for i, pid in enumerate(self.ids)}
        s = np.zeros((n, n))
        if callable(scores):
            for i in range(n):
                for j in range(i + 1, n):
                    s[i, j] = s[j, i] = scores(self.ids[i], self.ids[j])
        else:
            for (a, b), value in scores.items():
                i, j = index.get(a), index.get(b)
                if i is not None and j is not None and i != j:
                    s[i, j] = s[j, i] = max(s[i, j], value)
        self.s = np.clip(s, 0.0, 1.0)
        allowed = ~np.eye(n, dtype=bool)
        orgs: dict[Hashable, list[int]] = {}
        for i, a in enumerate(attendees):
            if a.organization is not None and a.organization != "":
                orgs.setdefault(a.organization, []).append(i)
        for members in orgs.values():
            allowed[np.ix_(members, members)] = False
        for a, b in avoid:
            i, j = index.get(a), index.get(b)
            if i is not None and j is not None:
                allowed[i, j] = allowed[j, i] = False
        self.allowed = allowed
        # a person's goal: a good meeting, or the best anyone present can give them
        best_possible = np.where(allowed, self.s, 0.0).max(axis=1) if n else np.zeros(0)
        self.goal = np.minimum(good, best_possible)
        self.best = np.zeros(n)  # the best meeting of each person so far
        self.rests = np.zeros(n, dtype=np.int64)

    def lacking(self) -> np.ndarray:
        """Who has not had a meeting at their goal yet (and can have one)."""
        return (self.goal > 0) & (self.best < self.goal - 1e-9)

    def fairness(self, fair: bool) -> tuple[np.ndarray, np.ndarray]:
        """Per ordered pair (i, j): whether meeting j is i's first good meeting (0/1), and
        how much it raises i's best meeting towards i's goal."""
        n = self.n
        if not fair or not n:
            return np.zeros((n, n)), np.zeros((n, n))
        lacking = self.lacking()[:, None]
        goal = self.goal[:, None]
        first = (lacking & (self.s >= goal - 1e-9)).astype(float)
        gain = np.where(
            lacking,
            np.clip(np.minimum(self.s, goal) - np.minimum(self.best[:, None], goal), 0, None),
            0,
        )
        return first, gain

    def record(self, groups: list[list[int]], resting: list[int]) -> None:
        for group in groups:
            for x in group:
                for y in group:
                    if x != y:
                        self.allowed[x, y] = False
                        self.best[x] = max(self.best[x], self.s[x, y])
        for x in resting:
            self.rests[x] += 1

    def group_score(self, group: Sequence[int]) -> float:
        return float(sum(self.s[x, y] for k, x in enumerate(group) for y in group[k + 1 :]))


def _pairs_round(p: _Problem, fair: bool) -> list[list[int]]:
    """One round of 1:1 meetings: a maximum-weight matching with lexicographic weights."""
    n = p.n
    first, gain = p.fairness(fair)
    # level 4: complementarity and the boost; level 3: first good meetings; level 2: rests
    low = np.rint(SCALE * (p.s + BOOST * (gain + gain.T))).astype(np.int64)
    low_max = int(SCALE * (1 + 2 * BOOST)) + 2
    pairs_max = n // 2 + 1
    unit_first = pairs_max * low_max + 1
    unit_rest = n * unit_first + pairs_max * low_max + 1
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n + 1))
    iu, ju = np.nonzero(np.triu(p.allowed, 1))
    if unit_rest * (2 * int(p.rests.max(initial=0)) + 3) >= 2**62:
        raise ValueError("too many attendees for one schedule")
    weights = (
        1
        + unit_rest * (p.rests[iu] + p.rests[ju])
        + unit_first * np.rint(first[iu, ju] + first[ju, iu]).astype(np.int64)
        + low[iu, ju]
    )
    edges = list(zip(iu.tolist(), ju.tolist(), weights.tolist(), strict=True))
    if n % 2:  # one must rest: a partner for the rester, worth no more than a meeting's base
        edges.extend((i, n, 1) for i in range(n))
    graph.add_edges_from(edges)
    matching = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=lambda w: w)
    return [sorted(pair) for pair in matching if n not in pair]


def _sizes(people: int, table_size: int) -> list[int]:
    """Balanced table sizes: as few tables as ``table_size`` allows, sizes differing by 1."""
    tables = math.ceil(people / table_size)
    base, extra = divmod(people, tables)
    return [base + 1] * extra + [base] * (tables - extra)


def _tables_round(p: _Problem, table_size: int, fair: bool) -> list[list[int]]:
    """One round of tables: seated a place per table at a time, then improved by swaps."""
    n = p.n
    if n < 2:
        return []
    first, gain = p.fairness(fair)
    forbidden = 1e6 * (n + 1)
    w = p.s + BOOST * (gain + gain.T) + 2.0 * (first + first.T)
    w = np.where(p.allowed, w, -forbidden)
    np.fill_diagonal(w, 0.0)
    sizes = _sizes(n, table_size)
    # who is seated first: who rested most, then who has the fewest people they may meet
    options = p.allowed.sum(axis=1)
    order = sorted(range(n), key=lambda x: (-p.rests[x], options[x], x))
    priority = 1e-3 * p.rests  # between equal gains, who rested before sits down

    def attempt(order):
        tables = _seat(w, sizes, order, priority, forbidden)
        _improve_by_swaps(w, tables)
        return tables, _unseat_conflicts(w, tables, forbidden)

    tables, unseated = attempt(order)
    if unseated:  # whoever found no seat is seated first next time
        first_ones = set(unseated)
        again, left = attempt(unseated + [x for x in order if x not in first_ones])
        if len(left) < len(unseated):
            tables, unseated = again, left
    shuffler = random.Random(RESTART_SEED)  # the same restarts for the same event
    for _attempt in range(RESTARTS):
        if not unseated:
            break
        shuffled = order[:]
        shuffler.shuffle(shuffled)
        again, left = attempt(shuffled)
        if len(left) < len(unseated):
            tables, unseated = again, left
    return [sorted(t) for t in tables if len(t) > 1]


def _unseat_conflicts(w, tables, forbidden) -> list[int]:
    """Take colleagues and repeated pairs apart (whoever has most of them at the table
    leaves it first), and whoever is left alone at a table; returns who lost their seat."""
    out = []
    for members in tables:
        while len(members) > 1:
            clashes = (w[np.ix_(members, members)] < -forbidden / 2).sum(axis=1)
            if not clashes.any():
                break
            worst = max(range(len(members)), key=lambda k: (clashes[k], members[k]))
            out.append(members.pop(worst))
        if len(members) == 1:
            out.append(members.pop())
    return out


def _seat(w, sizes, order, priority, forbidden) -> list[list[int]]:
    """Tables of these ``sizes``: the first of ``order`` one per table, then a place per table
    at a time, each time the assignment of free people to tables that gains most; whoever
    is left takes a seat where the clash costs least."""
    tables: list[list[int]] = [[x] for x in order[: len(sizes)]]
    free = order[len(sizes) :]
    while free:
        open_tables = [t for t, size in enumerate(sizes) if len(tables[t]) < size]
        if not open_tables:
            break
        gains = np.array([w[tables[t]].sum(axis=0)[free] for t in open_tables]) + priority[free]
        rows, cols = linear_sum_assignment(gains, maximize=True)
        seated = []
        for r, c in zip(rows, cols, strict=True):
            if gains[r, c] > -forbidden / 2:
                tables[open_tables[r]].append(free[c])
                seated.append(free[c])
        if not seated:
            break
        taken = set(seated)
        free = [x for x in free if x not in taken]

    def fits(x, members) -> bool:
        return not members or w[x, members].min() > -forbidden / 2

    for x in list(free):  # the last ones: a table with room where they may sit, or a seat
        room = [t for t, size in enumerate(sizes) if len(tables[t]) < size]  # made free there
        places = [t for t in room if fits(x, tables[t])]
        if places:
            best = max(places, key=lambda t: (w[x, tables[t]].sum(), -t))
            tables[best].append(x)
            free.remove(x)
            continue
        moves = (
            (t2, z, t)
            for t2, members in enumerate(tables)
            for z in members
            if fits(x, [y for y in members if y != z])
            for t in room
            if t != t2 and fits(z, tables[t])
        )
        move = next(moves, None)
        if move is not None:  # z moves to a table with room, x takes z's seat
            t2, z, t = move
            tables[t2][tables[t2].index(z)] = x
            tables[t].append(z)
            free.remove(x)
    for x in free:  # no seat without a clash: the swaps that follow may still find one
        room = [t for t, size in enumerate(sizes) if len(tables[t]) < size]
        tables[max(room, key=lambda t: (w[x, tables[t]].sum(), -t))].append(x)
    return tables


def _improve_by_swaps(w: np.ndarray, tables: list[list[int]]) -> None:
    """Swap two people of different tables while it raises the total weight (best swap
    first); a swap that seats colleagues or a repeated pair together never does."""
    seated = [x for t in tables for x in t]
    if len(tables) < 2 or not seated:
        return
    people = np.array(seated)
    ws = w[np.ix_(people, people)]
    tab = np.array([t for t, members in enumerate(tables) for _x in members])
    member = np.zeros((len(people), len(tables)))
    member[np.arange(len(people)), tab] = 1.0
    pt = ws @ member  # pt[p, t]: p's weight with the people at table t
    same = tab[:, None] == tab[None, :]
    for _ in range(SWAP_PASSES * len(people)):
        own = pt[np.arange(len(people)), tab]
        cross = pt[:, tab]  # cross[p, q]: p's weight with q's table
        delta = cross + cross.T - 2 * ws - own[:, None] - own[None, :]
        delta[same] = -np.inf
        best = int(np.argmax(delta))
        a, b = divmod(best, len(people))
        if not delta[a, b] > 1e-9:
            break
        ta, tb = tab[a], tab[b]
        pt[:, ta] += ws[:, b] - ws[:, a]
        pt[:, tb] += ws[:, a] - ws[:, b]
        tab[a], tab[b] = tb, ta
        same = tab[:, None] == tab[None, :]
    for t in range(len(tables)):
        tables[t] = [int(people[k]) for k in np.nonzero(tab == t)[0]]


def schedule_rounds(
    attendees: Sequence[Attendee],
    scores: Scores,
    *,
    rounds: int,
    table_size: int = 2,
    good: float = GOOD,
    fair: bool = True,
    avoid: Iterable[tuple[Id, Id]] = (),
) -> Schedule:
    """``rounds`` rounds of meetings among ``attendees`` (see the module's docstring).

    ``scores``: ``{(a, b): score}`` (either order; missing pairs score 0) or a function
    ``(a, b) -> score``. ``table_size``: 2 for 1:1 meetings, more for tables.
    ``fair=False`` drops the fairness weights (complementarity alone).
    """
    if rounds < 0:
        raise ValueError("rounds must be 0 or more")
    if table_size < 2:
        raise ValueError("table_size must be 2 or more")
    p = _Problem(list(attendees), scores, avoid, good)
    out = []
    total = 0.0
    for _ in range(rounds):
        groups = _pairs_round(p, fair) if table_size == 2 else _tables_round(p, table_size, fair)
        groups.sort()
        seated = {x for g in groups for x in g}
        resting = [x for x in range(p.n) if x not in seated]
        score = sum(p.group_score(g) for g in groups)
        p.record(groups, resting)
        total += score
        out.append(
            Round(
                groups=tuple(tuple(p.ids[x] for x in g) for g in groups),
                rests=tuple(p.ids[x] for x in resting),
                score=round(score, 4),
            )
        )
    return Schedule(rounds=tuple(out), score=round(total, 4), table_size=table_size)
