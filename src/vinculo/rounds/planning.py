"""What planning meeting rounds shares, for an owner's event (``rounds.services``) and for a
community event (``communities.events.services``): the limits, weighing each pair of
attendees, and the plan in the shape both schedule models store.

Each caller picks its attendees and scores their needs against their offers its own way;
from the best match of each direction of a pair on, the plan is made here, once.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vinculo.engines.rounds import Attendee, schedule_rounds

MAX_ROUNDS = 20
MAX_TABLE_SIZE = 12


def schedule_validate(*, rounds: int, table_size: int) -> None:
    errors = {}
    if not 1 <= rounds <= MAX_ROUNDS:
        errors["rounds"] = _("Choose between 1 and %(max)d rounds.") % {"max": MAX_ROUNDS}
    if not 2 <= table_size <= MAX_TABLE_SIZE:
        errors["table_size"] = _("Choose between 2 and %(max)d people per table.") % {
            "max": MAX_TABLE_SIZE
        }
    if errors:
        raise ValidationError(errors)


def complementarity(a: float, b: float) -> float:
    """One score for two people from how well each one's offer meets the other's need: one
    direction is enough, both is better."""
    return 1.0 - (1.0 - a) * (1.0 - b)


def pair_scores(directed: Mapping[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """``{(need person, offer person): score}`` as one score per pair ``(a, b)``, ``a < b``,
    both directions combined."""
    scores = {}
    for a, b in directed:
        key = (min(a, b), max(a, b))
        scores[key] = complementarity(directed.get(key, 0.0), directed.get(key[::-1], 0.0))
    return scores


def schedule_plan(
    *,
    attendees: list[Attendee],
    matches: Mapping[tuple[int, int], Any],
    reason: Callable[[Any], list],
    rounds: int,
    table_size: int,
    avoid: Iterable[tuple[int, int]] = (),
) -> dict:
    """Plan ``rounds`` rounds among ``attendees``, weighing each pair by the best match of
    each direction (``matches``: ``{(need person, offer person): match}``, each with a
    ``score``). Returns the fields a schedule stores: ``rounds``, ``table_size``, ``score``
    and ``reasons``, ``{"a-b": [reason(match), …]}`` for the pairs that meet, ``a < b``,
    the better match first."""
    plan = schedule_rounds(
        attendees,
        pair_scores({key: m.score for key, m in matches.items()}),
        rounds=rounds,
        table_size=table_size,
        avoid=list(avoid),
    )
    reasons = {}
    for entry in plan.rounds:
        for group in entry.groups:
            for k, a in enumerate(group):
                for b in group[k + 1 :]:
                    found = [m for m in (matches.get((a, b)), matches.get((b, a))) if m]
                    found.sort(key=lambda m: -m.score)
                    if found:
                        reasons[f"{min(a, b)}-{max(a, b)}"] = [reason(m) for m in found]
    return {
        "rounds": [
            {"groups": [list(g) for g in r.groups], "rests": list(r.rests), "score": r.score}
            for r in plan.rounds
        ],
        "table_size": table_size,
        "score": plan.score,
        "reasons": reasons,
    }
