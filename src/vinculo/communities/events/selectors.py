"""Reads of community events, always from the viewer's membership.

An event, a plan or an answer of another workspace answers 404. The attendee list shows
each member as the viewer may see them (``member_card``). The meeting rounds weigh pairs
by the offers and needs members share with every member, so the printed reasons never
reveal what a member keeps for the organisers or for themselves.

The health page reads the board (``community_board``: posts, replies, "I know someone")
and the member introductions (``communities.MemberIntroduction``).
"""

import datetime
import threading
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vinculo.communities.board.enums import PostKind, PostStatus, ReferralStatus
from vinculo.communities.board.models import Post, Referral, Reply
from vinculo.communities.enums import IntroductionStatus, Visibility
from vinculo.communities.models import (
    MemberIntroduction,
    MemberMatch,
    MemberNeed,
    MemberOffer,
    Membership,
)
from vinculo.communities.selectors import MemberCard, _members, member_card
from vinculo.engines.matching import MatchIndex
from vinculo.rounds.selectors import AttendeeSheet, RoundSheet, sheet_lay_out  # the same layout

from .enums import RsvpAnswer
from .models import CommunityEvent, CommunityEventSchedule, Rsvp

ACTIVE_WINDOWS = (30, 90)
GIVERS_DAYS = 90
GIVERS_LIMIT = 10
_lock = threading.Lock()  # the matching engine's word lists are not shared between threads


# --- events and answers ------------------------------------------------------------------


def _events(*, viewer: Membership):
    return CommunityEvent.objects.filter(workspace_id=viewer.workspace_id).annotate(
        going=Count("rsvps", filter=Q(rsvps__answer=RsvpAnswer.YES, rsvps__waitlisted=False)),
        maybe=Count("rsvps", filter=Q(rsvps__answer=RsvpAnswer.MAYBE)),
        waiting=Count("rsvps", filter=Q(rsvps__answer=RsvpAnswer.YES, rsvps__waitlisted=True)),
    )


def _with_my_answer(viewer: Membership, events) -> list[CommunityEvent]:
    events = list(events)
    mine = {
        r.event_id: r
        for r in Rsvp.objects.filter(membership=viewer, event_id__in=[e.pk for e in events])
    }
    for event in events:
        event.my_rsvp = mine.get(event.pk)
    return events


def event_list(*, viewer: Membership, now: datetime.datetime | None = None) -> dict:
    """``{"upcoming": [...], "past": [...]}``: upcoming soonest first, past latest first;
    each event with ``going``, ``maybe``, ``waiting`` and the viewer's ``my_rsvp``."""
    now = now or timezone.now()
    events = _events(viewer=viewer)
    return {
        "upcoming": _with_my_answer(
            viewer, events.filter(starts_at__gte=now).order_by("starts_at", "pk")
        ),
        "past": _with_my_answer(
            viewer, events.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
        ),
    }


def event_get(*, viewer: Membership, event_id: int) -> CommunityEvent:
    """An event of the viewer's workspace; any other id answers 404."""
    event = _events(viewer=viewer).filter(pk=event_id).select_related("created_by").first()
    if event is None:
        raise Http404
    event.my_rsvp = Rsvp.objects.filter(event=event, membership=viewer).first()
    return event


@dataclass
class Attendance:
    going: list[MemberCard] = field(default_factory=list)
    maybe: list[MemberCard] = field(default_factory=list)
    waiting: list[MemberCard] = field(default_factory=list)
    not_going: list[MemberCard] = field(default_factory=list)


def event_attendance(*, viewer: Membership, event: CommunityEvent) -> Attendance:
    """Who answered what, each as the viewer may see them; the waiting list in order."""
    if event.workspace_id != viewer.workspace_id:
        raise Http404
    rsvps = list(Rsvp.objects.filter(event=event).order_by("answered_at", "pk"))
    members = {
        m.pk: m for m in _members(viewer=viewer).filter(pk__in=[r.membership_id for r in rsvps])
    }
    out = Attendance()
    for rsvp in rsvps:
        member = members.get(rsvp.membership_id)
        if member is None:
            continue
        card = member_card(viewer=viewer, member=member)
        if rsvp.answer == RsvpAnswer.YES:
            (out.waiting if rsvp.waitlisted else out.going).append(card)
        elif rsvp.answer == RsvpAnswer.MAYBE:
            out.maybe.append(card)
        else:
            out.not_going.append(card)
    for cards in (out.going, out.maybe, out.not_going):
        cards.sort(key=lambda c: (c.name.casefold(), c.id))
    return out


def waiting_position(*, event: CommunityEvent, rsvp: Rsvp | None) -> int | None:
    """Where ``rsvp`` stands on the waiting list (1 = next in), or None when not on it."""
    if rsvp is None or not rsvp.waitlisted:
        return None
    ahead = Rsvp.objects.filter(event=event, answer=RsvpAnswer.YES, waitlisted=True).filter(
        Q(answered_at__lt=rsvp.answered_at) | Q(answered_at=rsvp.answered_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def going_members(*, event: CommunityEvent) -> list[Membership]:
    """The members with a place at the event (said yes, not waiting), by name."""
    return list(
        Membership.objects.filter(
            workspace_id=event.workspace_id,
            community_rsvps__event=event,
            community_rsvps__answer=RsvpAnswer.YES,
            community_rsvps__waitlisted=False,
        ).order_by("name", "pk")
    )


# --- how complementary the members going are ---------------------------------------------


@dataclass(frozen=True)
class PairMatch:
    """A need of ``needer`` met by an offer of ``offerer``."""

    needer: int
    offerer: int
    need: str
    offer: str
    score: float


def _stored_matches(event: CommunityEvent, ids: list[int]) -> dict[tuple[int, int], PairMatch]:
    """The matches the community's background workers stored (``MemberMatch``), between
    members going, from needs and offers shared with every member."""
    rows = (
        MemberMatch.objects.filter(
            workspace_id=event.workspace_id,
            needer_id__in=ids,
            offerer_id__in=ids,
            needer__needs_visibility=Visibility.MEMBERS,
            offerer__offers_visibility=Visibility.MEMBERS,
        )
        .exclude(needer_id=F("offerer_id"))
        .values_list("needer_id", "offerer_id", "need__text", "offer__text", "score")
    )
    best: dict[tuple[int, int], PairMatch] = {}
    for needer, offerer, need, offer, score in rows:
        key = (needer, offerer)
        if key not in best or score > best[key].score:
            best[key] = PairMatch(needer, offerer, need, offer, float(score))
    return best


def _computed_matches(members: list[Membership]) -> dict[tuple[int, int], PairMatch]:
    """The same, scored here by the matching engine over the members' shared texts."""
    ids = [m.pk for m in members]
    language = {m.pk: (m.language or None) for m in members}

    def rows(model, field):
        return [
            (person, pk, text, language.get(person))
            for person, pk, text in model.objects.filter(
                membership_id__in=ids, **{f"membership__{field}_visibility": Visibility.MEMBERS}
            ).values_list("membership_id", "id", "text")
        ]

    with _lock:
        index = MatchIndex.from_rows(
            needs=rows(MemberNeed, "needs"), offers=rows(MemberOffer, "offers"), workers=1
        )
        best: dict[tuple[int, int], PairMatch] = {}
        for m in index.all_matches(per_need=max(1, len(ids))):
            if m.need_person == m.offer_person:
                continue
            key = (m.need_person, m.offer_person)
            if key not in best or m.score > best[key].score:
                best[key] = PairMatch(
                    m.need_person, m.offer_person, m.need_text, m.offer_text, m.score
                )
    return best


def member_pair_matches(
    *, event: CommunityEvent, members: list[Membership]
) -> dict[tuple[int, int], PairMatch]:
    """For every two members going ``(a, b)`` where a need of ``a`` meets an offer of ``b``,
    the best such match: the stored ``MemberMatch`` rows when the community has them,
    otherwise scored now by the matching engine."""
    stored = _stored_matches(event, [m.pk for m in members])
    return stored if stored else _computed_matches(members)


# --- plans -------------------------------------------------------------------------------


def schedule_list(*, viewer: Membership, event: CommunityEvent) -> list[CommunityEventSchedule]:
    if event.workspace_id != viewer.workspace_id:
        raise Http404
    return list(CommunityEventSchedule.objects.filter(event=event))


def schedule_get(
    *, viewer: Membership, event: CommunityEvent, schedule_id: int
) -> CommunityEventSchedule:
    schedule = CommunityEventSchedule.objects.filter(
        event__workspace_id=viewer.workspace_id, event=event, pk=schedule_id
    ).first()
    if schedule is None:
        raise Http404
    return schedule


def schedule_latest(*, event: CommunityEvent) -> CommunityEventSchedule | None:
    return CommunityEventSchedule.objects.filter(event=event).first()


@dataclass
class Person:
    id: int
    name: str


@dataclass
class ScheduleSheet:
    schedule: CommunityEventSchedule
    rounds: list[RoundSheet]
    attendees: list[AttendeeSheet]


def _spoken(language: str, fallback: str) -> str:
    codes = {code for code, _label in settings.LANGUAGES}
    language = (language or "")[:2]
    return language if language in codes else fallback


def _reasons(schedule, names, ids, language, templates) -> list[str]:
    template = templates.get(language)
    if template is None:
        with translation.override(language):
            template = templates[language] = _(
                "%(need_name)s needs “%(need)s”; %(offer_name)s offers “%(offer)s”"
            )
    out = []
    for k, a in enumerate(ids):
        for b in ids[k + 1 :]:
            key = f"{min(a, b)}-{max(a, b)}"
            for needer, offerer, need, offer, _score in schedule.reasons.get(key, []):
                out.append(
                    template
                    % {
                        "need_name": names.get(needer, "?"),
                        "need": need,
                        "offer_name": names.get(offerer, "?"),
                        "offer": offer,
                    }
                )
    return out


def schedule_sheet(
    *,
    viewer: Membership,
    schedule: CommunityEventSchedule,
    language: str,
    only_member: int | None = None,
) -> ScheduleSheet:
    """The plan by round (reasons in ``language``, the reader's) and by attendee (each
    attendee's page in their own language: theirs, else the community's). With
    ``only_member``, just that member's page (what a member sees of a plan)."""
    if schedule.event.workspace_id != viewer.workspace_id:
        raise Http404
    stored = {int(pk): name for pk, name in schedule.people.items()}
    current = dict(
        Membership.objects.filter(
            workspace_id=viewer.workspace_id, pk__in=list(stored)
        ).values_list("pk", "language")
    )
    names = dict(stored)
    names.update(
        Membership.objects.filter(workspace_id=viewer.workspace_id, pk__in=list(stored))
        .values_list("pk", "name")
        .iterator()
    )
    people = {pk: Person(pk, names[pk]) for pk in stored}
    workspace_language = _spoken(viewer.workspace.language, settings.LANGUAGE_CODE[:2])
    language = _spoken(language, workspace_language)
    templates: dict[str, str] = {}
    rounds, attendees = sheet_lay_out(
        schedule=schedule,
        people=people,
        language=language,
        languages={pk: _spoken(current.get(pk, ""), workspace_language) for pk in stored},
        reasons=lambda ids, lang: _reasons(schedule, names, ids, lang, templates),
        only_person=only_member,
    )
    return ScheduleSheet(schedule, rounds, attendees)


# --- the organisers' health page ---------------------------------------------------------


def _active_count(workspace_id: int, since: datetime.datetime) -> int:
    """Members who joined, posted, replied, answered an event or took part in an
    introduction since ``since``."""
    members = Membership.objects.filter(workspace_id=workspace_id)
    active = Q(joined_at__gte=since) | Exists(
        Rsvp.objects.filter(membership=OuterRef("pk"), answered_at__gte=since)
    )
    active |= Exists(Post.objects.filter(author=OuterRef("pk"), created_at__gte=since))
    active |= Exists(Reply.objects.filter(author=OuterRef("pk"), created_at__gte=since))
    took_part = Q(first=OuterRef("pk")) | Q(second=OuterRef("pk")) | Q(proposed_by=OuterRef("pk"))
    when = Q(created_at__gte=since) | Q(made_at__gte=since)
    active |= Exists(MemberIntroduction.objects.filter(took_part, when))
    return members.filter(active).count()


def _asks(workspace_id: int) -> dict[str, int]:
    """Asks on the board: all, those with at least one reply, and those solved."""
    asks = Post.objects.filter(workspace_id=workspace_id, kind=PostKind.ASK)
    return asks.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(Exists(Reply.objects.filter(post=OuterRef("pk"))))),
        solved=Count("pk", filter=Q(status=PostStatus.SOLVED)),
    )


INTRO_STATUSES = tuple(IntroductionStatus.values)  # proposed, accepted, declined, made
OUTCOMES = ("helped", "not_helped", "")


def _introductions(workspace_id: int) -> dict:
    out = {
        "total": 0,
        "statuses": dict.fromkeys(INTRO_STATUSES, 0),
        "outcomes": dict.fromkeys(OUTCOMES, 0),
    }
    intros = MemberIntroduction.objects.filter(workspace_id=workspace_id)
    for status, n in (
        intros.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n")
    ):
        out["statuses"][status] = out["statuses"].get(status, 0) + n
        out["total"] += n
    made = intros.filter(status=IntroductionStatus.MADE)
    for outcome, n in (
        made.values("outcome").annotate(n=Count("pk")).order_by().values_list("outcome", "n")
    ):
        out["outcomes"][outcome or ""] = out["outcomes"].get(outcome or "", 0) + n
    return out


@dataclass
class Giver:
    id: int
    name: str
    replies: int
    referrals: int
    introductions: int

    @property
    def total(self) -> int:
        return self.replies + self.referrals + self.introductions


def _count_by(queryset, field: str) -> Counter:
    return Counter(
        dict(queryset.values(field).annotate(n=Count("pk")).order_by().values_list(field, "n"))
    )


def _givers(workspace_id: int, since: datetime.datetime) -> list[Giver]:
    """Who gave most since ``since``: replies on the board, "I know someone" (not
    withdrawn), and introductions made between two other members."""
    replies = _count_by(
        Reply.objects.filter(post__workspace_id=workspace_id, created_at__gte=since), "author"
    )
    referrals = _count_by(
        Referral.objects.filter(post__workspace_id=workspace_id, created_at__gte=since).exclude(
            status=ReferralStatus.WITHDRAWN
        ),
        "helper",
    )
    intros = _count_by(
        MemberIntroduction.objects.filter(
            workspace_id=workspace_id,
            status=IntroductionStatus.MADE,
            proposed_by__isnull=False,
            made_at__gte=since,
        )
        .exclude(proposed_by=F("first"))
        .exclude(proposed_by=F("second")),
        "proposed_by",
    )
    ids = set(replies) | set(referrals) | set(intros)
    names = dict(
        Membership.objects.filter(workspace_id=workspace_id, pk__in=ids).values_list("pk", "name")
    )
    givers = [
        Giver(pk, names[pk], replies[pk], referrals[pk], intros[pk]) for pk in ids if pk in names
    ]
    givers.sort(key=lambda g: (-g.total, g.name.casefold(), g.id))
    return givers[:GIVERS_LIMIT]


def community_health(*, viewer: Membership, now: datetime.datetime | None = None) -> dict:
    """The organisers' figures of the community (see the module's docstring)."""
    now = now or timezone.now()
    workspace_id = viewer.workspace_id
    events = CommunityEvent.objects.filter(workspace_id=workspace_id, cancelled_at__isnull=True)
    return {
        "members": Membership.objects.filter(workspace_id=workspace_id).count(),
        "active": {
            days: _active_count(workspace_id, now - datetime.timedelta(days=days))
            for days in ACTIVE_WINDOWS
        },
        "asks": _asks(workspace_id),
        "introductions": _introductions(workspace_id),
        "givers": _givers(workspace_id, now - datetime.timedelta(days=GIVERS_DAYS)),
        "events": {
            "upcoming": events.filter(starts_at__gte=now).count(),
            "past": events.filter(starts_at__lt=now).count(),
        },
    }


def health_charts(health: dict) -> dict:
    """The figures as the health page's charts draw them (labels in the reader's language)."""
    intros = health["introductions"]
    return {
        "active": {
            "labels": [_("members"), _("active, 30 days"), _("active, 90 days")],
            "values": [health["members"], health["active"][30], health["active"][90]],
        },
        "asks": {
            "labels": [_("asks"), _("answered"), _("solved")],
            "values": [
                health["asks"]["total"],
                health["asks"]["answered"],
                health["asks"]["solved"],
            ],
        },
        "introductions": {
            "labels": [_("proposed"), _("accepted"), _("declined"), _("made")],
            "values": [intros["statuses"][s] for s in INTRO_STATUSES],
        },
        "outcomes": {
            "labels": [_("helped"), _("did not help"), _("not said yet")],
            "values": [intros["outcomes"][o] for o in OUTCOMES],
        },
        "givers": {
            "labels": [g.name for g in health["givers"]],
            "series": [
                {"label": _("replies"), "values": [g.replies for g in health["givers"]]},
                {"label": _("I know someone"), "values": [g.referrals for g in health["givers"]]},
                {
                    "label": _("introductions"),
                    "values": [g.introductions for g in health["givers"]],
                },
            ],
        },
    }
