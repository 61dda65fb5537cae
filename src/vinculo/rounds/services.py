"""Writes of meeting rounds: an event's plan computed and kept, so it can be printed later.

The web page, the API and ``vinculo event schedule`` all call :func:`event_schedule_create`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vinculo.activity.models import Event
from vinculo.engines.rounds import Attendee
from vinculo.giving.selectors import STRONG_TIE
from vinculo.people.models import Tie

from .models import EventSchedule
from .planning import MAX_ROUNDS, MAX_TABLE_SIZE, schedule_plan, schedule_validate
from .selectors import attendee_matches, event_attendees

__all__ = [
    "MAX_ROUNDS",
    "MAX_TABLE_SIZE",
    "event_schedule_create",
    "event_schedule_delete",
    "schedule_validate",
]


def _reason(m) -> list:
    return [
        m.need_person, m.offer_person, m.need_text, m.offer_text,
        m.score, [[t.key, t.es, t.en] for t in m.terms],
    ]  # fmt: skip


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
    ids = [c.pk for c in contacts]
    strong = (
        Tie.objects.for_user(owner)
        .filter(a_id__in=ids, b_id__in=ids, strength__gte=STRONG_TIE)
        .values_list("a_id", "b_id")
    )
    plan = schedule_plan(
        attendees=[Attendee(c.pk, c.organization_id) for c in contacts],
        matches=attendee_matches(user=owner, event=event, contacts=contacts),
        reason=_reason,
        rounds=rounds,
        table_size=table_size,
        avoid=strong,
    )
    return EventSchedule.objects.create(
        owner=owner, event=event, people={str(c.pk): c.name for c in contacts}, **plan
    )


def event_schedule_delete(*, schedule: EventSchedule) -> None:
    schedule.delete()
