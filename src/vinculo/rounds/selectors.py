"""Reads of meeting rounds: the event a command names, the plans kept, a plan laid out to
print (by round and by attendee, each pair with why they should meet), and how
complementary an event's attendees are."""

import re
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _

from vinculo.activity.models import Event
from vinculo.engines.matching import Lexicon, MatchIndex
from vinculo.engines.matching import Match as EngineMatch
from vinculo.engines.text import fold
from vinculo.people.models import Contact, Need, Offer

from .models import EventSchedule

_lexicons: dict[tuple, Lexicon] = {}  # the word lists, loaded once per process (a second)
_lock = threading.Lock()


def event_find(*, user, ref: str) -> list[Event]:
    """Events whose external id is ``ref``, else whose name is ``ref`` (accents and case
    ignored), else the event whose id in an export is ``ref`` (``e12``). Used where an event
    is named on the command line."""
    events = Event.objects.for_user(user)
    by_id = list(events.filter(external_id=ref))
    if by_id:
        return by_id
    folded = " ".join(fold(ref).split())
    by_name = [
        e
        for e in events.order_by("-date", "name", "id")
        if " ".join(fold(e.name).split()) == folded
    ]
    if by_name or not re.fullmatch(r"e[0-9]{1,18}", ref):
        return by_name
    return list(events.filter(pk=int(ref[1:]), external_id=""))


def event_ref(event: Event) -> str:
    """How an export names the event: its external id, else ``e<pk>``."""
    return event.external_id or f"e{event.pk}"


def event_attendees(*, user, event: Event) -> list[Contact]:
    """The attendees of an event, by name."""
    return list(
        Contact.objects.for_user(user)
        .filter(events=event)
        .select_related("organization")
        .order_by("name", "id")
    )


def schedule_get(*, user, schedule_id: int) -> EventSchedule:
    return get_object_or_404(
        EventSchedule.objects.for_user(user).select_related("event"), pk=schedule_id
    )


def schedule_list(*, user, event: Event) -> list[EventSchedule]:
    return list(EventSchedule.objects.for_user(user).filter(event=event))


def _lexicon(groups) -> Lexicon:
    key = tuple(tuple(g) for g in groups or ())
    with _lock:
        lexicon = _lexicons.get(key)
        if lexicon is None:
            if len(_lexicons) >= 4:
                _lexicons.clear()
            lexicon = _lexicons[key] = Lexicon([list(g) for g in key])
    return lexicon


def attendee_matches(*, user, event: Event, contacts: list[Contact]) -> dict[tuple, EngineMatch]:
    """For every two attendees ``(a, b)`` where a need of ``a`` meets an offer of ``b``, the
    best such match (``need_person`` a, ``offer_person`` b).

    Scored by an index of the attendees' own needs and offers, so every pair of them is
    scored (the stored suggestions keep only the best offers of each need in the whole
    network, which seldom are at the same event); the owner's synonyms count.
    """
    language = {c.pk: (c.languages[0] if c.languages else None) for c in contacts}

    def rows(model):
        texts = model.objects.for_user(user).filter(contact__events=event)
        return [
            (contact_id, pk, text, language.get(contact_id))
            for contact_id, pk, text in texts.values_list("contact_id", "id", "text")
            if contact_id in language
        ]

    lexicon = _lexicon(user.synonym_groups)
    with _lock:  # the word lists keep caches that are not shared safely between threads
        index = MatchIndex.from_rows(
            needs=rows(Need), offers=rows(Offer), lexicon=lexicon, workers=1
        )
        best: dict[tuple, EngineMatch] = {}
        for m in index.all_matches(per_need=max(1, len(contacts))):
            key = (m.need_person, m.offer_person)
            if key not in best or m.score > best[key].score:
                best[key] = m
    return best


# --- a plan laid out to read and print ---------------------------------------------------


@dataclass
class Person:
    id: int
    name: str
    contact: Contact | None  # None: deleted since the plan was made


@dataclass
class Group:
    number: int
    people: list[Person]
    reasons: list[str]


@dataclass
class RoundSheet:
    number: int
    groups: list[Group]
    rests: list[Person]


@dataclass
class Meeting:
    round: int
    table: int | None  # None: resting this round
    others: list[Person] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@dataclass
class AttendeeSheet:
    person: Person
    language: str
    meetings: list[Meeting]


@dataclass
class ScheduleSheet:
    schedule: EventSchedule
    rounds: list[RoundSheet]
    attendees: list[AttendeeSheet]


def _pair_key(a: int, b: int) -> str:
    return f"{min(a, b)}-{max(a, b)}"


def _reason_template(language: str) -> str:
    with translation.override(language):
        return _(
            "%(need_name)s needs “%(need)s”; %(offer_name)s offers “%(offer)s” "
            "(in common: %(terms)s)"
        )


def _reasons(schedule: EventSchedule, names: dict[int, str], ids, language: str, templates):
    """Why the people of one group should meet, one line per need met, in ``language``."""
    template = templates.get(language)
    if template is None:
        template = templates[language] = _reason_template(language)
    out = []
    for k, a in enumerate(ids):
        for b in ids[k + 1 :]:
            for need_person, offer_person, need, offer, _score, terms in schedule.reasons.get(
                _pair_key(a, b), []
            ):
                out.append(
                    template
                    % {
                        "need_name": names.get(need_person, "?"),
                        "need": need,
                        "offer_name": names.get(offer_person, "?"),
                        "offer": offer,
                        "terms": ", ".join(es if language == "es" else en for _k, es, en in terms),
                    }
                )
    return out


def sheet_lay_out(
    *,
    schedule,
    people: dict[int, Person],
    language: str,
    languages: dict[int, str],
    reasons,
    only_person: int | None = None,
) -> tuple[list[RoundSheet], list[AttendeeSheet]]:
    """A plan laid out by round (reasons in ``language``, the reader's) and by attendee
    (each attendee's page in ``languages[id]``), for an owner's event and a community
    event alike. ``reasons(ids, language)`` says why the people of one group meet. With
    ``only_person``, that attendee's page alone and no rounds."""
    rounds = []
    meetings: dict[int, list[Meeting]] = {pk: [] for pk in people}
    for number, entry in enumerate(schedule.rounds, start=1):
        groups = []
        for table, ids in enumerate(entry["groups"], start=1):
            if only_person is None:
                groups.append(Group(table, [people[pk] for pk in ids], reasons(ids, language)))
            for pk in ids:
                meetings[pk].append(Meeting(number, table, [people[o] for o in ids if o != pk]))
        for pk in entry["rests"]:
            meetings[pk].append(Meeting(number, None))
        if only_person is None:
            rounds.append(RoundSheet(number, groups, [people[pk] for pk in entry["rests"]]))
    attendees = []
    for pk in sorted(people, key=lambda pk: (people[pk].name.casefold(), pk)):
        if only_person is not None and pk != only_person:
            continue
        own = languages[pk]
        for meeting in meetings[pk]:
            for other in meeting.others:
                meeting.reasons.extend(reasons([pk, other.id], own))
        attendees.append(AttendeeSheet(people[pk], own, meetings[pk]))
    return rounds, attendees


def schedule_sheet(*, user, schedule: EventSchedule, language: str) -> ScheduleSheet:
    """The plan by round (reasons in ``language``, the reader's) and by attendee (each
    attendee's page in their own language, when the app speaks it)."""
    stored = {int(pk): name for pk, name in schedule.people.items()}
    contacts = {
        c.pk: c for c in Contact.objects.for_user(user).filter(pk__in=list(stored)).only(
            "id", "name", "languages"
        )
    }  # fmt: skip
    names = {pk: (contacts[pk].name if pk in contacts else name) for pk, name in stored.items()}
    people = {pk: Person(pk, names[pk], contacts.get(pk)) for pk in stored}
    spoken = {code for code, _label in settings.LANGUAGES}
    language = language[:2] if language[:2] in spoken else settings.LANGUAGE_CODE[:2]
    languages = {}
    for pk in stored:
        own = contacts[pk].language[:2] if pk in contacts else language
        languages[pk] = own if own in spoken else language
    templates: dict[str, str] = {}
    rounds, attendees = sheet_lay_out(
        schedule=schedule,
        people=people,
        language=language,
        languages=languages,
        reasons=lambda ids, lang: _reasons(schedule, names, ids, lang, templates),
    )
    return ScheduleSheet(schedule, rounds, attendees)
