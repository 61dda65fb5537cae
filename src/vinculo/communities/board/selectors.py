"""Reads of the board, always from the viewer's own membership.

A post, reply or referral of another workspace answers 404. A referral is seen by two
members only: its helper, and the author of the ask. The helper's contact is read for the
helper alone; the asker sees the ``shared_*`` columns, empty until the referral is made.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from vinculo.communities.matching import members_who_offer
from vinculo.communities.models import Membership
from vinculo.communities.selectors import visible_levels
from vinculo.engines.text import fold
from vinculo.people.models import Contact
from vinculo.people.selectors import contact_list

from .enums import PostKind, PostStatus, ReferralStatus
from .models import Post, Referral, Reply

PAGE_SIZE = 20
# How many members "who could help" an ask's page shows.
HELPERS_SHOWN = 5
FILTERS = ("open", "solved", "mine")


def post_search(
    *, viewer: Membership, query: str = "", show: str = "", kind: str = ""
) -> QuerySet[Post]:
    """The workspace's posts, newest first; ``show`` is "open", "solved" or "mine",
    ``kind`` "ask" or "offer"; ``query`` matches every word, accents and case ignored."""
    posts = Post.objects.filter(workspace_id=viewer.workspace_id)
    if show == "open":
        posts = posts.filter(status=PostStatus.OPEN)
    elif show == "solved":
        posts = posts.filter(status=PostStatus.SOLVED)
    elif show == "mine":
        posts = posts.filter(author=viewer)
    if kind in PostKind.values:
        posts = posts.filter(kind=kind)
    for word in fold(query).split():
        posts = posts.filter(folded__contains=word)
    return (
        posts.select_related("author")
        .annotate(reply_count=Count("replies", distinct=True))
        .order_by("-created_at", "-pk")
    )


def post_get(*, viewer: Membership, post_id: int) -> Post:
    post = (
        Post.objects.filter(workspace_id=viewer.workspace_id, pk=post_id)
        .select_related("author", "workspace")
        .first()
    )
    if post is None:
        raise Http404
    return post


def post_replies(*, post: Post) -> list[Reply]:
    return list(post.replies.select_related("author").order_by("created_at", "pk"))


def reply_get(*, viewer: Membership, reply_id: int) -> Reply:
    reply = (
        Reply.objects.filter(post__workspace_id=viewer.workspace_id, pk=reply_id)
        .select_related("author", "post")
        .first()
    )
    if reply is None:
        raise Http404
    return reply


def _referrals_seen_by(viewer: Membership) -> QuerySet[Referral]:
    return Referral.objects.filter(post__workspace_id=viewer.workspace_id).filter(
        Q(helper=viewer) | Q(post__author=viewer)
    )


def referral_get(*, viewer: Membership, referral_id: int) -> Referral:
    """A referral the viewer is part of (its helper or the asker); any other answers 404."""
    referral = (
        _referrals_seen_by(viewer)
        .filter(pk=referral_id)
        .select_related("post", "post__author", "helper")
        .first()
    )
    if referral is None:
        raise Http404
    return referral


@dataclass(frozen=True)
class ReferralView:
    """A referral as one viewer may see it: the person is None until the viewer may
    know them (always for the helper, for the asker once made)."""

    id: int
    helper_id: int
    helper_name: str
    status: str
    status_label: str
    message: str
    is_mine: bool  # the viewer is the helper
    person_name: str | None
    person_email: str | None
    person_phone: str | None
    description: str | None
    created_at: object
    made_at: object


def referral_view(*, viewer: Membership, referral: Referral) -> ReferralView:
    is_helper = referral.helper_id == viewer.pk
    if not is_helper and referral.post.author_id != viewer.pk:
        raise Http404
    made = referral.status == ReferralStatus.MADE
    if is_helper and not made:
        contact = referral.contact if referral.contact_id else None
        name = contact.name if contact else None
        email = (contact.emails or [None])[0] if contact else None
        phone = (contact.phones or [None])[0] if contact else None
    elif made:
        name = referral.shared_name
        email = referral.shared_email or None
        phone = referral.shared_phone or None
    else:
        name = email = phone = None
    return ReferralView(
        id=referral.pk,
        helper_id=referral.helper_id,
        helper_name=referral.helper.name,
        status=referral.status,
        status_label=referral.get_status_display(),
        message=referral.message,
        is_mine=is_helper,
        person_name=name,
        person_email=email,
        person_phone=phone,
        description=referral.description if is_helper else None,
        created_at=referral.created_at,
        made_at=referral.made_at,
    )


def post_referrals(*, viewer: Membership, post: Post) -> list[ReferralView]:
    """The referrals on ``post`` the viewer is part of: all of them for the asker (but
    those the helper withdrew), the viewer's own for anyone else."""
    referrals = _referrals_seen_by(viewer).filter(post=post)
    if post.author_id == viewer.pk:
        referrals = referrals.exclude(status=ReferralStatus.WITHDRAWN)
    referrals = referrals.select_related("helper", "post").prefetch_related(
        Prefetch("contact", queryset=Contact.objects.for_user(viewer.user))
    )
    return [referral_view(viewer=viewer, referral=r) for r in referrals.order_by("created_at")]


def my_contacts_search(*, viewer: Membership, query: str, limit: int = 10) -> list[Contact]:
    """The viewer's own private contacts matching ``query``, to say whom they know."""
    if not fold(query).strip():
        return []
    return list(contact_list(user=viewer.user, query=query).order_by("name", "pk")[:limit])


@dataclass(frozen=True)
class Helper:
    id: int
    name: str
    offer: str
    score: float


def members_who_could_help(
    *, viewer: Membership, post: Post, limit: int = HELPERS_SHOWN
) -> list[Helper]:
    """Members whose offers meet an open ask, as the viewer may see them: a member
    whose offers are hidden from the viewer is left out, so their offers stay hidden."""
    if not post.is_ask or not post.is_open:
        return []
    found = members_who_offer(
        workspace=post.workspace,
        text=post.text,
        language=post.language,
        limit=limit * 2,
        exclude_member_ids=(post.author_id,),
    )
    levels = visible_levels(viewer=viewer)
    helpers = []
    for member, offer, score in found:
        if member.pk != viewer.pk and member.offers_visibility not in levels:
            continue
        helpers.append(Helper(id=member.pk, name=member.name, offer=offer.text, score=score))
    return helpers[:limit]
