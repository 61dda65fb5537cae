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
