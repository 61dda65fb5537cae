"""Writes to the timeline: interactions, events and follow-ups."""

import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinculo.people.models import Contact, Tag

from .enums import Direction, FollowUpReason
from .models import Cadence, CalendarFeed, Event, FollowUp, Interaction


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


def followup_create(
    *,
    owner,
    contact: Contact,
    due: date,
    note: str = "",
    done=False,
    extra=None,
    reason: str = FollowUpReason.MANUAL,
):
    return FollowUp.objects.create(
        owner=owner,
        contact=contact,
        due=due,
        note=note,
        done=done,
        done_on=timezone.localdate() if done else None,
        reason=reason,
        extra=extra or {},
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


def event_delete(*, event: Event) -> None:
    """The event goes; its attendees stay in the network (``met_event`` becomes empty)."""
    event.delete()


def event_attendee_add(*, event: Event, contact: Contact) -> None:
    """``contact`` will be (or was) at ``event``; adding them twice changes nothing."""
    event.attendees.add(contact)


def event_attendee_remove(*, event: Event, contact: Contact) -> None:
    event.attendees.remove(contact)


def event_to_meet_add(*, event: Event, contact: Contact) -> None:
    """I want to meet ``contact`` at ``event`` (they need not be among the attendees)."""
    event.to_meet.add(contact)


def event_to_meet_remove(*, event: Event, contact: Contact) -> None:
    event.to_meet.remove(contact)


def event_to_meet_set(*, event: Event, contacts) -> None:
    """Make the people I want to meet at ``event`` exactly ``contacts``."""
    event.to_meet.set(contacts)


# --- Follow-ups and keep-in-touch cadences ------------------------------------------------

# A contact met within this many days gets a follow-up the day after; older meetings (an
# imported address book, a card typed in weeks later) do not flood the Today list.
MEETING_FOLLOWUP_WINDOW_DAYS = 7


def followup_after_meeting(*, owner, contact: Contact, met_on: date | None, event=None):
    """The follow-up due the day after meeting ``contact`` (at ``event``, when given).

    Idempotent: a contact gets one such follow-up, whoever asks again. Returns it, or
    ``None`` when there is no meeting date or the meeting is older than
    ``MEETING_FOLLOWUP_WINDOW_DAYS``.
    """
    if met_on is None:
        return None
    if met_on < timezone.localdate() - timedelta(days=MEETING_FOLLOWUP_WINDOW_DAYS):
        return None
    reasons = (FollowUpReason.MET, FollowUpReason.EVENT)
    existing = FollowUp.objects.for_user(owner).filter(contact=contact, reason__in=reasons).first()
    if existing is not None:
        if event is not None and existing.event_id is None:
            existing.event = event
            existing.reason = FollowUpReason.EVENT
            existing.save(update_fields=["event", "reason", "updated_at"])
        return existing
    return FollowUp.objects.create(
        owner=owner,
        contact=contact,
        due=met_on + timedelta(days=1),
        reason=FollowUpReason.EVENT if event is not None else FollowUpReason.MET,
        event=event,
    )


def _done_and_logged(*, owner, contact: Contact, log_kind: str | None, summary: str) -> None:
    if log_kind:
        interaction_log(
            owner=owner,
            contact=contact,
            kind=log_kind,
            direction=Direction.MUTUAL,
            date=timezone.localdate(),
            summary=summary,
        )


@transaction.atomic
def followup_done(*, followup: FollowUp, log_kind: str | None = None, summary: str = ""):
    """Mark it done today; with ``log_kind``, also log that interaction on the timeline
    (which resets the contact's keep-in-touch cadence as any interaction does)."""
    followup.done = True
    followup.done_on = timezone.localdate()
    followup.save(update_fields=["done", "done_on", "updated_at"])
    _done_and_logged(
        owner=followup.owner, contact=followup.contact, log_kind=log_kind, summary=summary
    )
    return followup


def followup_snooze(*, followup: FollowUp, days: int) -> FollowUp:
    """Put it off: due ``days`` from today."""
    if days < 1:
        raise ValueError("snooze by one day or more")
    today = timezone.localdate()
    followup.due = today + timedelta(days=days)
    followup.snoozed_on = today
    followup.save(update_fields=["due", "snoozed_on", "updated_at"])
    return followup


@transaction.atomic
def keep_in_touch_done(
    *, owner, contact: Contact, log_kind: str | None = None, summary: str = ""
) -> FollowUp:
    """A cadence that came due was kept: recorded as a done follow-up (which resets the
    cadence), with the interaction logged too when ``log_kind`` is given."""
    followup = followup_create(
        owner=owner,
        contact=contact,
        due=timezone.localdate(),
        done=True,
        reason=FollowUpReason.CADENCE,
    )
    _done_and_logged(owner=owner, contact=contact, log_kind=log_kind, summary=summary)
    return followup


def keep_in_touch_snooze(*, owner, contact: Contact, days: int) -> FollowUp:
    """Put a due cadence off: an open follow-up ``days`` from today stands for it."""
    if days < 1:
        raise ValueError("snooze by one day or more")
    today = timezone.localdate()
    followup = followup_create(
        owner=owner,
        contact=contact,
        due=today + timedelta(days=days),
        reason=FollowUpReason.CADENCE,
    )
    followup.snoozed_on = today
    followup.save(update_fields=["snoozed_on"])
    return followup


def cadence_set(
    *,
    owner,
    ideal_days: int,
    max_days: int,
    tag: Tag | None = None,
    contact: Contact | None = None,
) -> Cadence:
    """Keep in touch with a contact, or everyone of a tag, every ``ideal_days`` (at most
    ``max_days``); a second call for the same one changes it."""
    if (tag is None) == (contact is None):
        raise TypeError("cadence_set() takes a tag or a contact")
    if ideal_days < 1 or max_days < ideal_days:
        raise ValidationError(
            _("The ideal interval is at least one day, and the maximum no shorter than it."),
            code="cadence_interval",
        )
    cadence, _created = Cadence.objects.update_or_create(
        owner=owner,
        tag=tag,
        contact=contact,
        defaults={"ideal_days": ideal_days, "max_days": max_days},
    )
    return cadence


def cadence_delete(*, cadence: Cadence) -> None:
    cadence.delete()


def calendar_feed_renew(*, owner) -> CalendarFeed:
    """Turn the calendar feed on, or give it a new secret address (the old one stops)."""
    feed, _created = CalendarFeed.objects.update_or_create(
        owner=owner, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_revoke(*, owner) -> None:
    """Turn the calendar feed off: its address answers 404 from now on."""
    CalendarFeed.objects.for_user(owner).delete()
