"""Writes to the timeline: interactions, events and follow-ups."""

from datetime import date, datetime

from vinculo.people.models import Contact

from .models import Event, FollowUp, Interaction


def interaction_log(
    *,
    owner,
    contact: Contact,
    kind: str,
    direction: str,
    date: date,
    summary: str = "",
    at: datetime | None = None,
    extra=None,
) -> Interaction:
    return Interaction.objects.create(
        owner=owner,
        contact=contact,
        kind=kind,
        direction=direction,
        date=date,
        at=at,
        summary=summary,
        extra=extra or {},
    )


def interaction_update(*, interaction: Interaction, **fields) -> Interaction:
    allowed = {"kind", "direction", "date", "at", "summary"}
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(f"interaction_update() got unexpected field {field!r}")
        setattr(interaction, field, value)
    interaction.save()
    return interaction


def interaction_delete(*, interaction: Interaction) -> None:
    interaction.delete()


def event_create(*, owner, name: str, attendees=(), **fields) -> Event:
    event = Event.objects.create(owner=owner, name=name, **fields)
    if attendees:
        event.attendees.set(attendees)
    return event


def followup_create(*, owner, contact: Contact, due: date, note: str = "", done=False, extra=None):
    return FollowUp.objects.create(
        owner=owner, contact=contact, due=due, note=note, done=done, extra=extra or {}
    )


def event_update(*, event: Event, **fields) -> Event:
    """Change only the fields given (attendees: ``event_attendees_set``)."""
    allowed = {"name", "date", "place", "kind", "notes", "external_id", "extra"}
    for field, value in fields.items():
        if field not in allowed:
            raise TypeError(f"event_update() got unexpected field {field!r}")
        setattr(event, field, value)
    event.save()
    return event


def event_attendees_set(*, event: Event, contacts) -> None:
    """Make the attendees exactly ``contacts``, kept in the order given."""
    wanted = list(dict.fromkeys(c.pk for c in contacts))
    through = Event.attendees.through
    rows = through.objects.filter(event=event).order_by("id")
    if list(rows.values_list("contact_id", flat=True)) == wanted:
        return
    rows.delete()
    through.objects.bulk_create([through(event=event, contact_id=pk) for pk in wanted])
