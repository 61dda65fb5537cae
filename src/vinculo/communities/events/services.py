"""Writes of community events: organisers create, edit and cancel events and plan their
meeting rounds; members answer (RSVP).

Every service takes the acting membership and checks the role there, so the pages and the
API cannot disagree. A refused action raises ``PermissionDenied``; a rule of the event
(cancelled, already held, full) raises ``ValidationError`` with a message to show.

Capacity: a "yes" when every place is taken goes on the waiting list; when someone with a
place changes their answer, leaves the community or is removed, or the organisers add
places, the first on the list moves up at once and is told by email (in their language,
after the transaction commits).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vinculo.communities.models import Membership
from vinculo.engines.rounds import Attendee
from vinculo.rounds.planning import schedule_plan, schedule_validate

from .enums import RsvpAnswer
from .models import CommunityEvent, CommunityEventSchedule, Rsvp
from .selectors import going_members, member_pair_matches

LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}


def _require_organiser(actor: Membership) -> None:
    if not actor.is_organiser:
        raise PermissionDenied(_("Only the community's organisers can do that."))


def _same_workspace(actor: Membership, event: CommunityEvent) -> None:
    if event.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _clean(
    *,
    title: str,
    description: str,
    starts_at: datetime.datetime | None,
    place: str,
    capacity: int | None,
) -> dict:
    errors = {}
    title = " ".join((title or "").split())[:200]
    if not title:
        errors["title"] = _("Give the event a title.")
    if starts_at is None:
        errors["starts_at"] = _("Say when the event starts.")
    elif timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("The capacity is at least one person; leave it empty for no limit.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": (description or "").strip(),
        "starts_at": starts_at,
        "place": " ".join((place or "").split())[:300],
        "capacity": capacity,
    }


def event_create(
    *,
    actor: Membership,
    title: str,
    starts_at: datetime.datetime | None,
    description: str = "",
    place: str = "",
    capacity: int | None = None,
) -> CommunityEvent:
    """A new event of the actor's community; organisers only."""
    _require_organiser(actor)
    data = _clean(
        title=title, description=description, starts_at=starts_at, place=place, capacity=capacity
    )
    return CommunityEvent.objects.create(workspace=actor.workspace, created_by=actor, **data)


@transaction.atomic
def event_update(
    *,
    actor: Membership,
    event: CommunityEvent,
    title: str,
    starts_at: datetime.datetime | None,
    description: str = "",
    place: str = "",
    capacity: int | None = None,
) -> CommunityEvent:
    """Organisers edit an event. More places let the waiting list in; fewer places take
    nobody's place away (new answers wait until there is room)."""
    _require_organiser(actor)
    _same_workspace(actor, event)
    data = _clean(
        title=title, description=description, starts_at=starts_at, place=place, capacity=capacity
    )
    event = CommunityEvent.objects.select_for_update().get(pk=event.pk)
    for name, value in data.items():
        setattr(event, name, value)
    event.save()
    _promote(event)
    return event


def event_cancel(*, actor: Membership, event: CommunityEvent) -> CommunityEvent:
    """Organisers cancel an event: it stays listed as cancelled and takes no answers."""
    _require_organiser(actor)
    _same_workspace(actor, event)
    if event.cancelled_at is None:
        event.cancelled_at = timezone.now()
        event.save(update_fields=["cancelled_at", "updated_at"])
    return event


def _confirmed(event: CommunityEvent) -> int:
    return Rsvp.objects.filter(event=event, answer=RsvpAnswer.YES, waitlisted=False).count()


def _tell_moved_up(rsvp: Rsvp) -> None:
    member = rsvp.membership
    event = rsvp.event
    email = member.user.email
    if not email:
        return
    language = next(
        (c for c in (member.language, event.workspace.language) if c in LANGUAGE_CODES),
        settings.LANGUAGE_CODE,
    )
    with translation.override(language):
        subject = _("A place is free for you: %(event)s") % {"event": event.title}
        body = render_to_string(
            "community_events/moved_up_email.txt", {"member": member, "event": event}
        )
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


def _promote(event: CommunityEvent) -> list[Rsvp]:
    """Move the first of the waiting list into the places that are free (the event row is
    locked by the caller)."""
    waiting = Rsvp.objects.filter(event=event, answer=RsvpAnswer.YES, waitlisted=True)
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _confirmed(event)
        if free <= 0:
            return []
    moved = list(
        waiting.select_related("membership__user", "event__workspace").order_by(
            "answered_at", "pk"
        )[:free]
    )
    for rsvp in moved:
        rsvp.waitlisted = False
        rsvp.save(update_fields=["waitlisted"])
        _tell_moved_up(rsvp)
    return moved


@transaction.atomic
def rsvp_set(*, membership: Membership, event: CommunityEvent, answer: str) -> Rsvp:
    """A member's answer to an event: yes, maybe or no. A "yes" when the event is full goes
    on the waiting list (saying yes again keeps one's place in it)."""
    if event.workspace_id != membership.workspace_id:
        raise PermissionDenied
    if answer not in RsvpAnswer.values:
        raise ValidationError({"answer": _("Answer yes, maybe or no.")})
    # Lock the event so two last-place answers at once cannot both take it.
    event = CommunityEvent.objects.select_for_update().get(pk=event.pk)
    if event.cancelled_at is not None:
        raise ValidationError(_("This event was cancelled."))
    if event.starts_at < timezone.now():
        raise ValidationError(_("This event has already taken place."))
    rsvp = Rsvp.objects.filter(event=event, membership=membership).first()
    if rsvp is not None and rsvp.answer == answer:
        return rsvp
    was_going = rsvp is not None and rsvp.answer == RsvpAnswer.YES and not rsvp.waitlisted
    if rsvp is None:
        rsvp = Rsvp(event=event, membership=membership)
    rsvp.answer = answer
    rsvp.answered_at = timezone.now()
    rsvp.waitlisted = (
        answer == RsvpAnswer.YES
        and event.capacity is not None
        and _confirmed(event) >= event.capacity
    )
    rsvp.save()
    if was_going:
        _promote(event)
    return rsvp


@transaction.atomic
def member_places_free(*, membership: Membership) -> list[Rsvp]:
    """When a member leaves the community or is removed: their answers go, and at every
    coming event where they had a place the first on the waiting list takes it at once and
    is told by email. Called before the membership is deleted; returns who moved up."""
    places = Rsvp.objects.filter(
        membership=membership,
        answer=RsvpAnswer.YES,
        waitlisted=False,
        event__cancelled_at__isnull=True,
        event__starts_at__gte=timezone.now(),
    )
    # Lock the events, as an answer does, so a "yes" at the same moment cannot take the
    # place the waiting list is owed.
    events = list(
        CommunityEvent.objects.select_for_update()
        .filter(pk__in=places.values("event_id"))
        .order_by("pk")
    )
    Rsvp.objects.filter(membership=membership).delete()
    moved = []
    for event in events:
        moved.extend(_promote(event))
    return moved


def _reason(m) -> list:
    return [m.needer, m.offerer, m.need, m.offer, round(m.score, 4)]


@transaction.atomic
def event_schedule_create(
    *, actor: Membership, event: CommunityEvent, rounds: int, table_size: int = 2
) -> CommunityEventSchedule:
    """``rounds`` rounds of 1:1 meetings (``table_size`` 2) or tables among the members
    going: complementary people first (one's shared need meets the other's shared offer),
    no pair twice, fairly. Kept, and returned; organisers only."""
    _require_organiser(actor)
    _same_workspace(actor, event)
    schedule_validate(rounds=rounds, table_size=table_size)
    members = going_members(event=event)
    if len(members) < 2:
        raise ValidationError(
            _("At least two members must be going to the event to plan meetings.")
        )
    plan = schedule_plan(
        attendees=[Attendee(m.pk) for m in members],
        matches=member_pair_matches(event=event, members=members),
        reason=_reason,
        rounds=rounds,
        table_size=table_size,
    )
    return CommunityEventSchedule.objects.create(
        event=event, created_by=actor, people={str(m.pk): m.name for m in members}, **plan
    )


def event_schedule_delete(*, actor: Membership, schedule: CommunityEventSchedule) -> None:
    _require_organiser(actor)
    _same_workspace(actor, schedule.event)
    schedule.delete()
