"""Network engine: tie strength, warm paths, reach, brokers and network health.

Plain Python and numpy (no Django): a selector reads the owner's contacts, ties and
interactions, and this package answers.

Strength of one tie, with its reasons (:mod:`.strength` lists the weights, the half-life
and every reason code)::

    from vinculo.engines.network import Touch, strength

    s = strength([Touch(on=date(2026, 3, 12), kind="meeting", direction="mutual")],
                 today=date(2026, 3, 20), manual=None)
    s.value, s.manual, s.touches, s.last, s.reasons
    # 0.52, False, 1, date(2026, 3, 12),
    # (("recent", {"days": 8}), ("in_person", {"count": 1}),
    #  ("both_ways", {"gave": 1, "received": 1}))

The graph (:mod:`.graph`): undirected, nodes ``0..n-1``, ties of strength in (0, 1]::

    net = Network.from_edges(n, a, b, w)       # arrays or sequences; w <= 0 is no tie
    net.neighbours(0)                          # [(node, strength), ...]
    net.paths(0, [target, ...], limit=3, max_hops=4, avoid=())
    # [Path(nodes=(0, 4, 9), score=0.56), ...]: best product of strengths first, each
    # with a different first step; [] when there is no path (exact within max_hops;
    # about 1 ms of CPU at 1,000,000 people and 10,000,000 ties: see BENCHMARKS.md)
    net.within_two(0)                          # how many nodes are exactly 2 steps away
    net.brokers(0)                             # [(node, how many it cuts off), ...]

Network health (:mod:`.health`): ``growth``, ``tie_state``/``tie_states``,
``follow_up_rate``, ``balance``, ``diversity``, ``losing_touch``.
"""

from vinculo.engines.network import health
from vinculo.engines.network.graph import Network, Path
from vinculo.engines.network.strength import Strength, Touch, strength

__all__ = ["Network", "Path", "Strength", "Touch", "health", "strength"]
