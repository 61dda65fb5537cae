"""Writes of meeting rounds: an event's plan computed and kept, so it can be printed later.

The web page, the API and ``vinculo event schedule`` all call :func:`event_schedule_create`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vinculo.activity.models import Event
from vinculo.engines.rounds import Attendee, schedule_rounds
from vinculo.giving.selectors import STRONG_TIE
from vinculo.people.models import Tie

from .models import EventSchedule
from .selectors import attendee_matches, event_attendees

MAX_ROUNDS = 20
MAX_TABLE_SIZE = 12


def _complementarity(a: float, b: float) -> float:
    """One score for two people from how well each one's offer meets the other's need: one
    direction is enough, both is better."""
    return 1.0 - (1.0 - a) * (1.0 - b)


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


@transaction.atomic
def event_schedule_create(*, owner, event: Event, rounds: int, table_size: int = 2):
    """``rounds`` rounds of 1:1 meetings (``table_size`` 2) or tables among the attendees
    of ``event``: complementary people first, no pair twice, no two colleagues, nobody who
    already knows the other well (a tie of ``STRONG_TIE`` or more), fairly. Kept as an
    :class:`EventSchedule`, which is returned."""
    schedule_validate(rounds=rounds, table_size=table_size)
    contacts = event_attendees(user=owner, event=event)
    if len(contacts) < 2:
        raise ValidationError(_("Add at least two attendees to the event to plan meetings."))
    matches = attendee_matches(user=owner, event=event, contacts=contacts)
    directed = {key: m.score for key, m in matches.items()}
    scores = {}
    for a, b in directed:
        key = (min(a, b), max(a, b))
        scores[key] = _complementarity(directed.get(key, 0.0), directed.get(key[::-1], 0.0))
    ids = [c.pk for c in contacts]
    strong = (
        Tie.objects.for_user(owner)
        .filter(a_id__in=ids, b_id__in=ids, strength__gte=STRONG_TIE)
        .values_list("a_id", "b_id")
    )
    plan = schedule_rounds(
        [Attendee(c.pk, c.organization_id) for c in contacts],
        scores,
        rounds=rounds,
        table_size=table_size,
        avoid=list(strong),
    )
    reasons = {}
    for entry in plan.rounds:
        for group in entry.groups:
            for k, a in enumerate(group):
                for b in group[k + 1 :]:
                    found = [m for m in (matches.get((a, b)), matches.get((b, a))) if m]
                    found.sort(key=lambda m: -m.score)
                    if found:
                        reasons[f"{min(a, b)}-{max(a, b)}"] = [
                            [
                                m.need_person, m.offer_person, m.need_text, m.offer_text,
                                m.score, [[t.key, t.es, t.en] for t in m.terms],
                            ]
                            for m in found
                        ]  # fmt: skip
    return EventSchedule.objects.create(
        owner=owner,
        event=event,
        rounds=[
            {"groups": [list(g) for g in r.groups], "rests": list(r.rests), "score": r.score}
            for r in plan.rounds
        ],
        table_size=table_size,
        score=plan.score,
        people={str(c.pk): c.name for c in contacts},
        reasons=reasons,
    )


def event_schedule_delete(*, schedule: EventSchedule) -> None:
    schedule.delete()
