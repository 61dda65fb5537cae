import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

import icalendar
from django.conf import settings
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from vinculo.engines import followups as followups_engine
from vinculo.engines.text import fold
from vinculo.giving.models import Introduction, Match
from vinculo.giving.selectors import STRONG_TIE, Suggestion, suggestion_reason
from vinculo.giving.services import Draft
from vinculo.people.models import Contact, Need, Offer, Tie
from vinculo.people.selectors import contact_list

from .enums import FollowUpReason
from .models import Cadence, CalendarFeed, Event, FollowUp, Interaction


def interaction_get(*, user, interaction_id: int) -> Interaction:
    return get_object_or_404(
        Interaction.objects.for_user(user).select_related("contact"), pk=interaction_id
    )


def interactions_recent(*, user, limit: int = 10) -> list[Interaction]:
    return list(
        Interaction.objects.for_user(user)
        .select_related("contact")
        .order_by("-date", "-id")[:limit]
    )


# --- Events ------------------------------------------------------------------------------


def event_list(*, user) -> tuple[list[Event], list[Event]]:
    """The owner's events as (upcoming, past), each with ``attendee_count``.

    Upcoming: from today on, soonest first, the undated ones last; past: latest first.
    """
    today = timezone.localdate()
    events = Event.objects.for_user(user).annotate(attendee_count=Count("attendees"))
    upcoming = events.filter(Q(date__gte=today) | Q(date__isnull=True)).order_by(
        F("date").asc(nulls_last=True), "name", "id"
    )
    past = events.filter(date__lt=today).order_by("-date", "name", "id")
    return list(upcoming), list(past)


def event_get(*, user, event_id: int) -> Event:
    return get_object_or_404(Event.objects.for_user(user), pk=event_id)


def event_attendees(*, event: Event) -> list[Contact]:
    return list(event.attendees.select_related("organization").order_by("name", "id"))


def event_people_to_meet(*, event: Event) -> list[Contact]:
    return list(event.to_meet.select_related("organization").order_by("name", "id"))


def event_contact_candidates(
    *, user, event: Event, query: str, limit: int = 8
) -> QuerySet[Contact] | list:
    """Contacts matching ``query`` (as the contact search does) who are not attendees yet."""
    if not query.strip():
        return []
    return (
        contact_list(user=user, query=query)
        .exclude(pk__in=event.attendees.values("pk"))
        .only("name", "title", "organization__name")[:limit]
    )


@dataclass
class PersonSheet:
    """One person on the prepare sheet: who they are, and how I am connected to them."""

    contact: Contact
    offers: list[str]
    needs: list[str]
    interactions: int = 0
    last_seen: date | None = None
    # My contacts who know them, strongest tie first: (contact, strength or None).
    through: list[tuple[Contact, float | None]] = field(default_factory=list)
    attending: bool = True
    to_meet: bool = False

    @property
    def known(self) -> bool:
        """A direct tie: my own judgement of it above 0, or something logged together."""
        return (self.contact.strength or 0) > 0 or self.interactions > 0


@dataclass
class PrepareSheet:
    event: Event
    pitch: str
    my_offers: list[str]
    my_needs: list[str]
    attendees: list[PersonSheet]
    to_meet: list[PersonSheet]
    # Introductions I could make between two attendees…
    among: list[Suggestion]
    # …between an attendee and someone else in my network…
    network: list[Suggestion]
    # …and attendees who could help me, or whom I could help.
    for_me: list[Suggestion]


THROUGH_LIMIT = 3  # my contacts named for each person ("through Ana, Luis…")
SUGGESTION_LIMIT = 15  # introductions of each kind on the sheet


def _chunked(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _by_name(sheet: PersonSheet) -> tuple:
    return (fold(sheet.contact.name), sheet.contact.pk)


def _suggestion(match: Match, language: str) -> Suggestion:
    return Suggestion(
        match_id=match.pk,
        need_contact=match.need.contact,
        offer_contact=match.offer.contact,
        need_id=match.need_id,
        offer_id=match.offer_id,
        need=match.need.text,
        offer=match.offer.text,
        score=match.score,
        terms=[t[1] if language == "es" else t[2] for t in match.matched],
        reason=suggestion_reason(match=match, language=language),
    )


def event_prepare(*, user, event: Event) -> PrepareSheet:
    """Everything to read before going to ``event``, in a fixed number of queries.

    Suggestions come from the stored matches (``giving.matching``) whose need or offer
    belongs to an attendee; as on the suggestions page, pairs who already know each other
    well (a tie of at least ``STRONG_TIE``), pairs already introduced and dismissed
    suggestions are left out.
    """
    through_model = Event.attendees.through
    attendee_ids = list(
        through_model.objects.filter(event=event)
        .order_by("id")
        .values_list("contact_id", flat=True)
    )
    to_meet_ids = list(event.to_meet.values_list("pk", flat=True))
    attending, wanted = set(attendee_ids), set(to_meet_ids)
    ids = attending | wanted
    # Only the columns the sheet shows: a network's contacts carry JSON columns (emails,
    # phones…) whose decoding took most of the time with hundreds of attendees.
    contacts = {
        c.pk: c
        for c in Contact.objects.for_user(user)
        .filter(pk__in=ids)
        .select_related("organization")
        .only("name", "title", "does", "strength", "organization__name")
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.only("text", "contact_id")),
            Prefetch("needs", queryset=Need.objects.only("text", "contact_id")),
        )
    }
    sheets = {
        pk: PersonSheet(
            contact=c,
            offers=[o.text for o in c.offers.all()],
            needs=[n.text for n in c.needs.all()],
            attending=pk in attending,
            to_meet=pk in wanted,
        )
        for pk, c in contacts.items()
    }
    counts = (
        Interaction.objects.for_user(user)
        .filter(contact_id__in=ids)
        .values_list("contact_id")
        .annotate(n=Count("id"), last=Max("date"))
        .order_by()
    )
    for contact_id, n, last in counts:
        sheets[contact_id].interactions, sheets[contact_id].last_seen = n, last

    ties = (
        Tie.objects.for_user(user).select_related("a", "b").only("strength", "a__name", "b__name")
    )
    strong: set[tuple[int, int]] = set()
    for tie in [*ties.filter(a_id__in=ids), *ties.filter(b_id__in=ids)]:
        if (tie.strength or 0) >= STRONG_TIE:
            strong.add((tie.a_id, tie.b_id))
        for person, other in ((tie.a, tie.b), (tie.b, tie.a)):
            sheet = sheets.get(person.pk)
            if sheet is not None and all(c.pk != other.pk for c, _s in sheet.through):
                sheet.through.append((other, tie.strength))
    for sheet in sheets.values():
        sheet.through.sort(key=lambda p: (-(p[1] or 0), p[0].name))
        del sheet.through[THROUGH_LIMIT:]

    need_ids = list(
        Need.objects.for_user(user).filter(contact_id__in=attending).values_list("pk", flat=True)
    )
    offer_ids = list(
        Offer.objects.for_user(user).filter(contact_id__in=attending).values_list("pk", flat=True)
    )
    # The matches of the attendees' needs and offers, light rows first. The ids come from
    # the owner's own needs and offers, so every row found is the owner's; filtering on the
    # owner as well would let SQLite read them through the owner's index, that is every
    # suggestion of the network (seconds with 50,000 contacts) instead of a few per need.
    columns = ("pk", "score", "need__contact_id", "offer__contact_id")
    rows = {}
    for ids, lookup in ((need_ids, "need_id__in"), (offer_ids, "offer_id__in")):
        for chunk in _chunked(ids):
            found = Match.objects.filter(**{lookup: chunk}, dismissed=False)
            rows.update((row[0], row) for row in found.values_list(*columns))
    introduced = {
        tuple(sorted(pair))
        for pair in Introduction.objects.for_user(user)
        .filter(Q(a_id__in=attending) | Q(b_id__in=attending))
        .values_list("a_id", "b_id")
    }
    buckets: dict[str, list[int]] = {"among": [], "network": [], "for_me": []}
    seen = set()
    for pk, _score, need_person, offer_person in sorted(rows.values(), key=lambda r: (-r[1], r[0])):
        if (need_person, offer_person) in seen:
            continue  # one suggestion per pair of people, the best
        seen.add((need_person, offer_person))
        if need_person is None or offer_person is None:
            bucket = buckets["for_me"]
        else:
            pair = tuple(sorted((need_person, offer_person)))
            if pair in strong or pair in introduced:
                continue
            both = need_person in attending and offer_person in attending
            bucket = buckets["among" if both else "network"]
        if len(bucket) < SUGGESTION_LIMIT:
            bucket.append(pk)
    chosen = {
        m.pk: m
        for m in Match.objects.for_user(user)
        .filter(pk__in=[pk for pks in buckets.values() for pk in pks])
        .select_related("owner", "need__contact", "offer__contact")
    }
    language = (get_language() or "es")[:2]
    among, network, for_me = (
        [_suggestion(chosen[pk], language) for pk in buckets[name]]
        for name in ("among", "network", "for_me")
    )

    return PrepareSheet(
        event=event,
        pitch=user.pitch,
        my_offers=list(
            Offer.objects.for_user(user).filter(contact=None).values_list("text", flat=True)
        ),
        my_needs=list(
            Need.objects.for_user(user).filter(contact=None).values_list("text", flat=True)
        ),
        attendees=sorted((s for s in sheets.values() if s.attending), key=_by_name),
        to_meet=sorted((s for s in sheets.values() if s.to_meet), key=_by_name),
        among=among,
        network=network,
        for_me=for_me,
    )


# --- Follow-ups, keep-in-touch cadences and the calendar feed -----------------------------


@dataclass
class Due:
    """One line of the Today list: whom, by when, and why."""

    item: followups_engine.DueItem
    contact: Contact
    followup: FollowUp | None
    why: str

    @property
    def due(self) -> date:
        return self.item.due

    @property
    def overdue_days(self) -> int:
        return self.item.overdue_days

    @property
    def is_cadence(self) -> bool:
        return self.item.kind == followups_engine.CADENCE

    @property
    def past_max(self) -> bool:
        return self.item.past_max

    @property
    def reason(self) -> str:
        return self.item.reason


@dataclass
class DueList:
    items: list[Due]
    total: int  # items due, of which ``items`` holds the first ``limit``


@functools.lru_cache(maxsize=4096)
def _day_in(value: date, language: str) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _day(value: date) -> str:
    """A date in words of the active language (a long list repeats the same few dates)."""
    return _day_in(value, translation.get_language())


@functools.lru_cache(maxsize=256)
def _every_in(days: int, language: str) -> str:
    return ngettext("every %(count)d day", "every %(count)d days", days) % {"count": days}


def _why(item: followups_engine.DueItem, contact: Contact, followup: FollowUp | None) -> str:
    """Why it is due, in words of the active language."""
    if followup is None:
        every = _every_in(item.interval.ideal_days, translation.get_language())
        if item.last_touch:
            text = _("Keep in touch %(every)s; last contact on %(date)s.") % {
                "every": every,
                "date": _day(item.last_touch),
            }
        else:
            since = item.due - timedelta(days=item.interval.ideal_days)
            text = _("Keep in touch %(every)s; nothing logged since %(date)s.") % {
                "every": every,
                "date": _day(since),
            }
        if item.past_max:
            text += " " + ngettext(
                "Going cold: more than %(count)d day without contact.",
                "Going cold: more than %(count)d days without contact.",
                item.interval.max_days,
            ) % {"count": item.interval.max_days}
        return text
    if followup.reason in (FollowUpReason.MET, FollowUpReason.EVENT):
        met_on = contact.met_on or followup.due - timedelta(days=1)
        if followup.event is not None:
            text = _("You met at %(place)s on %(date)s: follow up.") % {
                "place": followup.event.name,
                "date": _day(met_on),
            }
        elif contact.met_where:
            text = _("You met at %(place)s on %(date)s: follow up.") % {
                "place": contact.met_where,
                "date": _day(met_on),
            }
        else:
            text = _("You met on %(date)s: follow up.") % {"date": _day(met_on)}
    elif followup.reason == FollowUpReason.CADENCE:
        text = _("Keep in touch (put off on %(date)s).") % {
            "date": _day(followup.snoozed_on or timezone.localdate(followup.created_at))
        }
    else:
        return followup.note or _("A follow-up you planned.")
    return f"{text} {followup.note}" if followup.note else text


def _cadence_touches(*, user, cadences: list[tuple]) -> tuple[list, dict, dict, dict]:
    """The plain rows the engine needs for the contacts some cadence governs.

    A fixed number of queries whatever the size of the network: the contacts of the tags
    with a cadence, then, for the tag-governed and for the contact-governed contacts (two
    id subqueries, each looked up by index rather than testing every contact), their last
    interaction and last done follow-up (aggregates grouped by contact) and the day they
    were met or added.
    """
    Interval = followups_engine.Interval
    tag_intervals = {t: Interval(i, m) for t, c, i, m in cadences if t is not None}
    contact_intervals = {c: Interval(i, m) for t, c, i, m in cadences if c is not None}
    through = Contact.tags.through
    contact_tags: dict[int, list[int]] = {}
    groups = []
    if tag_intervals:
        # The tags are the owner's (their cadences are), so their links are too.
        tagged = through.objects.filter(tag_id__in=list(tag_intervals)).values_list(
            "contact_id", "tag_id"
        )
        for contact_id, tag_id in tagged:
            contact_tags.setdefault(contact_id, []).append(tag_id)
        groups.append(tagged.values("contact_id"))
    if contact_intervals:
        groups.append(
            Cadence.objects.for_user(user).filter(contact__isnull=False).values("contact_id")
        )
    last: dict[int, date] = {}
    since: dict[int, date] = {}
    started = Coalesce("met_on", TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
    for governed in groups:
        interactions = (
            Interaction.objects.for_user(user)
            .filter(contact_id__in=governed)
            .values("contact_id")
            .annotate(last=Max("date"))
            .values_list("contact_id", "last")
            .order_by()
        )
        done = (
            FollowUp.objects.for_user(user)
            .filter(contact_id__in=governed, done=True, done_on__isnull=False)
            .values("contact_id")
            .annotate(last=Max("done_on"))
            .values_list("contact_id", "last")
            .order_by()
        )
        for contact_id, day in [*interactions, *done]:
            if contact_id not in last or last[contact_id] < day:
                last[contact_id] = day
        since.update(
            Contact.objects.for_user(user)
            .filter(pk__in=governed)
            .annotate(started=started)
            .values_list("pk", "started")
            .order_by()
        )
    touches = [
        followups_engine.Touch(contact_id=pk, last_touch=last.get(pk), since=day)
        for pk, day in since.items()
    ]
    return touches, contact_intervals, tag_intervals, contact_tags


# What a line of the list shows and drafts from; a column more costs a query per line.
DUE_CONTACT_COLUMNS = ("owner_id", "name", "met_on", "met_where", "emails", "languages")
DUE_FOLLOWUP_COLUMNS = (
    "owner_id",
    "contact_id",
    "due",
    "note",
    "reason",
    "snoozed_on",
    "created_at",
    "event__name",
    *(f"contact__{column}" for column in DUE_CONTACT_COLUMNS),
)


def followups_due(
    *,
    user,
    due_by: date | None = None,
    limit: int | None = None,
    cadence_from: date | None = None,
) -> DueList:
    """What is due by ``due_by`` (today when not given), most overdue first: the open
    follow-ups, and the contacts whose keep-in-touch cadence has come due.

    ``limit`` keeps only the first so many items (``total`` still counts them all);
    ``cadence_from`` leaves out the cadences that came due before that day.
    """
    today = timezone.localdate()
    due_by = due_by or today
    open_rows = [
        followups_engine.OpenFollowUp(id=pk, contact_id=c, due=d, reason=r)
        for pk, c, d, r in FollowUp.objects.for_user(user)
        .filter(done=False)
        .values_list("pk", "contact_id", "due", "reason")
    ]
    cadences = list(
        Cadence.objects.for_user(user).values_list("tag_id", "contact_id", "ideal_days", "max_days")
    )
    touches, contact_intervals, tag_intervals, contact_tags = (
        _cadence_touches(user=user, cadences=cadences) if cadences else ([], {}, {}, {})
    )
    items = followups_engine.due_items(
        today=today,
        due_by=due_by,
        followups=open_rows,
        touches=touches,
        contact_intervals=contact_intervals,
        tag_intervals=tag_intervals,
        contact_tags=contact_tags,
        cadence_from=cadence_from,
    )
    shown = items if limit is None else items[:limit]
    followups = {
        f.pk: f
        for f in FollowUp.objects.for_user(user)
        .filter(pk__in=[i.followup_id for i in shown if i.followup_id])
        .select_related("contact", "event")
        .only(*DUE_FOLLOWUP_COLUMNS)
    }
    wanted = [i.contact_id for i in shown if not i.followup_id]
    contacts: dict[int, Contact] = {}
    for start in range(0, len(wanted), 500):
        contacts.update(
            Contact.objects.for_user(user)
            .only(*DUE_CONTACT_COLUMNS)
            .in_bulk(wanted[start : start + 500])
        )
    rows = []
    for item in shown:
        followup = followups.get(item.followup_id) if item.followup_id else None
        contact = followup.contact if followup else contacts[item.contact_id]
        rows.append(
            Due(item=item, contact=contact, followup=followup, why=_why(item, contact, followup))
        )
    return DueList(items=rows, total=len(items))


def contact_followups_open(*, user, contact: Contact) -> list[FollowUp]:
    return list(
        FollowUp.objects.for_user(user).filter(contact=contact, done=False).order_by("due", "id")
    )


def followup_get(*, user, followup_id: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.for_user(user).select_related("contact", "event"), pk=followup_id
    )


@dataclass
class FollowUpRate:
    """People met at events in the last ``days`` days, and how many of them got an
    interaction (or a follow-up marked done) within two days after the meeting."""

    met: int
    followed_up: int
    days: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.followed_up / self.met) if self.met else None


FOLLOWUP_WITHIN_DAYS = 2


def followup_rate_after_events(*, user, days: int = 90) -> FollowUpRate:
    """The follow-up rate after events: of the people met at an event (a recorded event,
    or a place) in the last ``days`` days, those followed up within two days.

    Someone met in the last two days counts once followed up, or when their two days are
    over; until then they still have time.
    """
    today = timezone.localdate()
    met = (
        Contact.objects.for_user(user)
        .filter(met_on__gte=today - timedelta(days=days), met_on__lte=today)
        .filter(Q(met_event__isnull=False) | ~Q(met_where=""))
    )
    met_on = dict(met.values_list("pk", "met_on"))
    touched: dict[int, list[date]] = {}
    since = today - timedelta(days=days)
    for contact_id, day in (
        Interaction.objects.for_user(user)
        .filter(contact__in=met.values("pk"), date__gt=since)
        .values_list("contact_id", "date")
    ):
        touched.setdefault(contact_id, []).append(day)
    for contact_id, day in (
        FollowUp.objects.for_user(user)
        .filter(contact__in=met.values("pk"), done=True, done_on__gt=since)
        .values_list("contact_id", "done_on")
    ):
        touched.setdefault(contact_id, []).append(day)
    counted, followed = followups_engine.followup_rate(
        met=met_on, touched=touched, today=today, within_days=FOLLOWUP_WITHIN_DAYS
    )
    return FollowUpRate(met=counted, followed_up=followed, days=days)


def cadence_list(*, user) -> tuple[list[Cadence], list[Cadence]]:
    """The keep-in-touch cadences as (per tag, per contact), each by name."""
    cadences = Cadence.objects.for_user(user).select_related("tag", "contact")
    return (
        list(cadences.filter(tag__isnull=False).order_by("tag__name", "id")),
        list(cadences.filter(contact__isnull=False).order_by("contact__name", "id")),
    )


def cadence_get(*, user, cadence_id: int) -> Cadence:
    return get_object_or_404(
        Cadence.objects.for_user(user).select_related("tag", "contact"), pk=cadence_id
    )


def contact_cadence(*, user, contact: Contact) -> Cadence | None:
    return Cadence.objects.for_user(user).filter(contact=contact).first()


def message_language(*, owner, contact: Contact) -> str:
    """The language to write to a contact in: theirs, else the owner's, else Spanish."""
    if contact.languages:
        return contact.languages[0]
    return owner.language or settings.LANGUAGE_CODE


def followup_draft(*, owner, contact: Contact, reason: str, event: Event | None = None) -> Draft:
    """A suggested message for a follow-up, in the contact's language."""
    template = "met" if reason in (FollowUpReason.MET, FollowUpReason.EVENT) else "keep_in_touch"
    language = message_language(owner=owner, contact=contact)
    with translation.override(language):
        text = render_to_string(
            f"activity/messages/{template}.txt",
            {
                "contact": contact,
                "owner": owner,
                "place": event.name if event is not None else contact.met_where,
                "needs": [need.text for need in contact.needs.all()][:1],
            },
        ).strip()
    subject, _blank, body = text.partition("\n\n")
    return Draft(
        to=contact.emails[:1], subject=subject.strip(), body=body.strip() + "\n", language=language
    )


def calendar_feed_get(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.for_user(user).first()


def calendar_feed_owner(*, token: str):
    """The user whose feed has this secret token; 404 for a wrong or revoked one."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("owner"), token=token)
    return feed.owner


CALENDAR_DAYS_AHEAD = 90  # keep-in-touch dates computed this far ahead
CALENDAR_EVENTS_SINCE = 365  # past events kept in the feed, in days


def calendar_feed_ics(*, user) -> bytes:
    """The user's open follow-ups, the keep-in-touch dates of the next 90 days and the
    events of the last year and ahead, as an iCalendar document: all-day events with
    stable UIDs, in the user's language."""
    today = timezone.localdate()
    stamp = timezone.now()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        # Cadences already overdue stay on the Today list: a calendar is read forward.
        due = followups_due(
            user=user, due_by=today + timedelta(days=CALENDAR_DAYS_AHEAD), cadence_from=today
        )
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Vinculo//Follow-ups and events//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Vínculo: follow-ups and events"))
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        for entry in due.items:
            vevent = icalendar.Event()
            if entry.followup is not None:
                uid = f"followup-{entry.followup.pk}@vinculo"
                summary = _("Follow up with %(name)s") % {"name": entry.contact.name}
            else:
                uid = f"keep-in-touch-{entry.contact.pk}@vinculo"
                summary = _("Keep in touch with %(name)s") % {"name": entry.contact.name}
            vevent.add("uid", uid)
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", entry.due)
            vevent.add("dtend", entry.due + timedelta(days=1))
            vevent.add("summary", summary)
            vevent.add("description", entry.why)
            vevent.add("transp", "TRANSPARENT")
            calendar.add_component(vevent)
        events = Event.objects.for_user(user).filter(
            date__gte=today - timedelta(days=CALENDAR_EVENTS_SINCE)
        )
        for event in events.order_by("date", "id"):
            vevent = icalendar.Event()
            vevent.add("uid", f"event-{event.pk}@vinculo")
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", event.date)
            vevent.add("dtend", event.date + timedelta(days=1))
            vevent.add("summary", event.name)
            if event.place:
                vevent.add("location", event.place)
            if event.notes:
                vevent.add("description", event.notes)
            calendar.add_component(vevent)
    return calendar.to_ical()
