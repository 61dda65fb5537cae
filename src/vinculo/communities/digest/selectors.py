"""Reads of the digest: a member's subscription, and what their next digest tells them.

A digest is built for one member as a viewer of their own community: the new members
through ``member_card`` (only the fields this member may see), the board's new asks and
offers, the introductions suggested to this member, the community's coming events. It
reads only community models, never anyone's own network.

The board, the introductions and the events live in other parts of communities; each is
read by one small function here that answers nothing when that part is not installed.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from vinculo.communities import selectors as community_selectors
from vinculo.communities.models import Membership

from .enums import PERIODS, Frequency
from .models import DigestSubscription

MEMBERS_LIMIT = 10
POSTS_LIMIT = 10
INTRODUCTIONS_LIMIT = 3
EVENTS_LIMIT = 5
EVENTS_AHEAD = datetime.timedelta(days=31)


@dataclass(frozen=True)
class DigestPost:
    kind: str  # "ask" or "offer"
    author: str
    text: str
    created_at: datetime.datetime
    url: str = ""


@dataclass(frozen=True)
class DigestIntroduction:
    """Someone this member could help (``they_need``) or who could help them (``they_offer``)."""

    name: str
    they_offer: str = ""
    they_need: str = ""
    url: str = ""


@dataclass(frozen=True)
class DigestEvent:
    title: str
    starts_at: datetime.datetime
    place: str = ""
    url: str = ""


@dataclass
class Digest:
    membership: Membership
    language: str
    since: datetime.datetime
    until: datetime.datetime
    new_members: list = field(default_factory=list)  # MemberCard, with ``url``
    more_members: int = 0
    asks: list[DigestPost] = field(default_factory=list)
    offers: list[DigestPost] = field(default_factory=list)
    introductions: list[DigestIntroduction] = field(default_factory=list)
    events: list[DigestEvent] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_members or self.asks or self.offers or self.introductions or self.events
        )

    def counts(self) -> dict[str, int]:
        return {
            "new_members": len(self.new_members) + self.more_members,
            "asks": len(self.asks),
            "offers": len(self.offers),
            "introductions": len(self.introductions),
            "events": len(self.events),
        }


def absolute_url(name: str, **kwargs) -> str:
    """The address of a page for an email: ``VINCULO_BASE_URL`` plus the path; "" when the
    page does not exist (a part of communities not installed)."""
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
    return settings.BASE_URL.rstrip("/") + path


def member_language(membership: Membership) -> str:
    """The language of a member's emails: theirs, else the community's."""
    codes = {code for code, _label in settings.LANGUAGES}
    for code in (membership.language, membership.workspace.language):
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def subscription_by_token(*, token: str) -> DigestSubscription:
    """The subscription at a secret unsubscribe address; an unknown one answers 404."""
    subscription = (
        DigestSubscription.objects.filter(token=token)
        .select_related("membership__workspace")
        .first()
        if token
        else None
    )
    if subscription is None:
        raise Http404
    return subscription


def due_subscriptions(*, now: datetime.datetime, limit: int):
    """Subscriptions whose digest is due, the longest waiting first."""
    return (
        DigestSubscription.objects.filter(next_at__lte=now)
        .exclude(frequency=Frequency.NEVER)
        .select_related("membership__workspace", "membership__user")
        .order_by("next_at", "pk")[:limit]
    )


def digest_window_start(*, subscription: DigestSubscription, now: datetime.datetime):
    """Since when the digest tells what is new: the end of the last one, else one period."""
    if subscription.checked_at is not None:
        return subscription.checked_at
    return now - PERIODS.get(subscription.frequency, PERIODS[Frequency.WEEKLY])


def digest_build(
    *, subscription: DigestSubscription, now: datetime.datetime, since: datetime.datetime
) -> Digest:
    """What ``subscription``'s member is told of their community between ``since`` and ``now``."""
    viewer = subscription.membership
    digest = Digest(membership=viewer, language=member_language(viewer), since=since, until=now)
    digest.new_members, digest.more_members = _new_members(viewer=viewer, since=since, now=now)
    posts = _board_posts(viewer=viewer, since=since, now=now)
    digest.asks = [p for p in posts if p.kind == "ask"]
    digest.offers = [p for p in posts if p.kind == "offer"]
    digest.introductions = _introductions(viewer=viewer)
    digest.events = _events(viewer=viewer, now=now)
    return digest


def _new_members(*, viewer: Membership, since, now) -> tuple[list, int]:
    members = community_selectors.directory_search(viewer=viewer).filter(
        joined_at__gt=since, joined_at__lte=now
    )
    members = members.exclude(pk=viewer.pk).order_by("joined_at", "pk")
    total = members.count()
    cards = []
    for member in members[:MEMBERS_LIMIT]:
        card = community_selectors.member_card(viewer=viewer, member=member)
        url = absolute_url(
            "communities.member", workspace_slug=viewer.workspace.slug, member_id=member.pk
        )
        cards.append((card, url))
    return cards, max(0, total - MEMBERS_LIMIT)


def _model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def _board_posts(*, viewer: Membership, since, now) -> list[DigestPost]:
    """The board's asks and offers posted since, still open, by others."""
    post_model = _model("community_board", "Post")
    if post_model is None:
        return []
    posts = (
        post_model.objects.filter(
            workspace_id=viewer.workspace_id, created_at__gt=since, created_at__lte=now
        )
        .exclude(author_id=viewer.pk)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    if any(f.name == "status" for f in post_model._meta.get_fields()):
        posts = posts.filter(status="open")
    found = []
    for post in posts[: POSTS_LIMIT * 2]:
        url = absolute_url(
            "communities.board.post", workspace_slug=viewer.workspace.slug, post_id=post.pk
        ) or absolute_url("communities.board", workspace_slug=viewer.workspace.slug)
        found.append(
            DigestPost(
                kind=post.kind,
                author=post.author.name,
                text=post.text,
                created_at=post.created_at,
                url=url,
            )
        )
    asks = [p for p in found if p.kind == "ask"][:POSTS_LIMIT]
    offers = [p for p in found if p.kind == "offer"][:POSTS_LIMIT]
    return asks + offers


def _introductions(*, viewer: Membership) -> list[DigestIntroduction]:
    """The introductions suggested to this member, as the introductions part gives them."""
    suggest = getattr(community_selectors, "suggested_introductions", None)
    if suggest is None:
        return []
    found = []
    for suggestion in suggest(viewer=viewer, limit=INTRODUCTIONS_LIMIT):
        found.append(_introduction_line(viewer=viewer, suggestion=suggestion))
    return [line for line in found if line is not None]


def _introduction_line(*, viewer: Membership, suggestion) -> DigestIntroduction | None:
    """One suggestion (``communities.selectors.Suggestion``, already limited to what the
    viewer may see) as a line of the digest."""
    kind = getattr(suggestion, "kind", "")
    if kind not in ("helps_you", "you_help"):
        return None
    return DigestIntroduction(
        name=suggestion.other_name,
        they_offer=suggestion.offer if kind == "helps_you" else "",
        they_need=suggestion.need if kind == "you_help" else "",
        url=absolute_url(
            "communities.member",
            workspace_slug=viewer.workspace.slug,
            member_id=suggestion.other_id,
        ),
    )


def _events(*, viewer: Membership, now) -> list[DigestEvent]:
    """The community's events starting within a month."""
    event_model = _model("community_events", "CommunityEvent")
    if event_model is None:
        return []
    events = event_model.objects.filter(
        workspace_id=viewer.workspace_id, starts_at__gt=now, starts_at__lte=now + EVENTS_AHEAD
    )
    if any(f.name == "cancelled_at" for f in event_model._meta.get_fields()):
        events = events.filter(cancelled_at__isnull=True)
    events = events.order_by("starts_at", "pk")
    return [
        DigestEvent(
            title=event.title,
            starts_at=event.starts_at,
            place=getattr(event, "place", "") or "",
            url=absolute_url(
                "communities.events.detail",
                workspace_slug=viewer.workspace.slug,
                community_event_id=event.pk,
            ),
        )
        for event in events[:EVENTS_LIMIT]
    ]
