"""Writes of the capture at an event: a person met there joins the network and the event."""

from django.db import transaction
from django.utils import timezone

from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.models import Event
from vinculo.activity.services import event_attendee_add, followup_after_meeting, interaction_log
from vinculo.people.models import Contact
from vinculo.people.services import contact_create


def event_met_defaults(*, event: Event) -> dict:
    """How a person captured at ``event`` was met: that day (today when it has no date),
    at its place (its name when it has none)."""
    return {
        "met_on": event.date or timezone.localdate(),
        "met_where": event.place or event.name,
    }


@transaction.atomic
def event_contact_capture(*, owner, event: Event, name: str, **fields) -> Contact:
    """A person met at ``event``: a new contact (the arguments of ``contact_create``) who met
    me there, one of its attendees, with the meeting on their timeline and a follow-up due
    the next day. ``met_on`` and ``met_where`` default to the event's day and place."""
    defaults = event_met_defaults(event=event)
    for key, value in defaults.items():
        if not fields.get(key):
            fields[key] = value
    contact = contact_create(owner=owner, name=name, met_event=event, **fields)
    event_attendee_add(event=event, contact=contact)
    interaction_log(
        owner=owner,
        contact=contact,
        kind=InteractionKind.EVENT,
        direction=Direction.MUTUAL,
        date=contact.met_on,
        summary=event.name,
    )
    followup_after_meeting(owner=owner, contact=contact, met_on=contact.met_on, event=event)
    return contact
