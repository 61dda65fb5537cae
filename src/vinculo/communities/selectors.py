"""Reads of communities, always from the viewer's own membership.

Every read starts from ``workspace_membership_get(user=..., slug=...)``: a workspace the
user is not a member of answers 404, so its existence is never revealed. Profiles are
built for a viewer with each field's visibility applied here, once, for the directory,
the profile page and the API alike. These selectors read only the communities models:
never a member's contacts, notes, ties, interactions or ledger.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vinculo.engines.text import fold

from .enums import Role, Visibility
from .models import Invitation, MemberNeed, MemberOffer, Membership

DIRECTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class MemberCard:
    """A member as one viewer may see them: a hidden field is None, never its value."""

    id: int
    name: str
    role: str
    role_label: str
    joined_at: datetime
    is_me: bool
    does: str | None
    pitch: str | None
    sector: str | None
    city: str | None
    offers: list[str] | None
    needs: list[str] | None


def workspace_list(*, user) -> list[Membership]:
    """The user's memberships, each with its workspace and member count."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .annotate(member_count=Count("workspace__memberships"))
        .order_by("workspace__name", "workspace__pk")
    )


def workspace_membership_get(*, user, slug: str) -> Membership:
    """The viewer's membership in the workspace at ``slug``; 404 when not a member."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.filter(user=user, workspace__slug=slug)
        .select_related("workspace")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def membership_of(*, user, workspace_id: int) -> Membership | None:
    """``user``'s membership in a workspace, or None: for the invitation landing page."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, workspace_id=workspace_id).first()


def workspace_counts(*, viewer: Membership) -> dict[str, int]:
    members = Membership.objects.filter(workspace_id=viewer.workspace_id)
    return members.aggregate(
        members=Count("pk"),
        organisers=Count("pk", filter=Q(role__in=[Role.OWNER, Role.ORGANISER])),
    )


def visible_levels(*, viewer: Membership) -> list[str]:
    """The visibility levels whose fields ``viewer`` sees on another member's profile."""
    if viewer.is_organiser:
        return [Visibility.MEMBERS, Visibility.ORGANISERS]
    return [Visibility.MEMBERS]


def _members(*, viewer: Membership) -> QuerySet:
    return Membership.objects.filter(workspace_id=viewer.workspace_id).prefetch_related(
        Prefetch("offers", queryset=MemberOffer.objects.order_by("position", "pk")),
        Prefetch("needs", queryset=MemberNeed.objects.order_by("position", "pk")),
    )


def member_get(*, viewer: Membership, member_id: int) -> Membership:
    """A member of the viewer's workspace; any other id answers 404."""
    member = _members(viewer=viewer).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def member_card(*, viewer: Membership, member: Membership) -> MemberCard:
    """``member``'s profile with only the fields ``viewer`` may see."""
    if member.workspace_id != viewer.workspace_id:
        raise Http404
    is_me = member.pk == viewer.pk
    levels = visible_levels(viewer=viewer)

    def shown(field: str) -> bool:
        return is_me or getattr(member, f"{field}_visibility") in levels

    return MemberCard(
        id=member.pk,
        name=member.name,
        role=member.role,
        role_label=member.get_role_display(),
        joined_at=member.joined_at,
        is_me=is_me,
        does=member.does if shown("does") else None,
        pitch=member.pitch if shown("pitch") else None,
        sector=member.sector if shown("sector") else None,
        city=member.city if shown("city") else None,
        offers=[o.text for o in member.offers.all()] if shown("offers") else None,
        needs=[n.text for n in member.needs.all()] if shown("needs") else None,
    )


def _visible(*, viewer: Membership, field: str, levels: list[str]) -> Q:
    return Q(pk=viewer.pk) | Q(**{f"{field}_visibility__in": levels})


def directory_search(
    *,
    viewer: Membership,
    query: str = "",
    sector: str = "",
    city: str = "",
    offer: str = "",
    need: str = "",
) -> QuerySet:
    """Members of the viewer's workspace, by name, accents and case ignored.

    ``query`` matches what every member may see; the filters match only fields the viewer
    may see, so a filter never reveals a hidden sector, city, offer or need.
    """
    members = _members(viewer=viewer)
    levels = visible_levels(viewer=viewer)
    for word in fold(query).split():
        members = members.filter(search_text__contains=word)
    if folded := " ".join(fold(sector).split()):
        members = members.filter(
            _visible(viewer=viewer, field="sector", levels=levels), sector_folded__contains=folded
        )
    if folded := " ".join(fold(city).split()):
        members = members.filter(
            _visible(viewer=viewer, field="city", levels=levels), city_folded__contains=folded
        )
    for model, field, text in ((MemberOffer, "offers", offer), (MemberNeed, "needs", need)):
        words = fold(text).split()
        if not words:
            continue
        members = members.filter(_visible(viewer=viewer, field=field, levels=levels))
        for word in words:
            members = members.filter(
                Exists(model.objects.filter(membership=OuterRef("pk"), folded__contains=word))
            )
    return members.order_by("name", "pk")


def directory_cards(*, viewer: Membership, members) -> list[MemberCard]:
    return [member_card(viewer=viewer, member=m) for m in members]


def invitation_list(*, viewer: Membership) -> list[Invitation]:
    """The workspace's invitations still usable, for its organisers."""
    now = timezone.now()
    return list(
        Invitation.objects.filter(
            workspace_id=viewer.workspace_id, revoked_at__isnull=True, used_at__isnull=True
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("created_by")
    )


def invitation_get(*, viewer: Membership, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(
        workspace_id=viewer.workspace_id, pk=invitation_id
    ).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_by_token(*, token: str) -> Invitation:
    """The invitation at a secret address; an unknown address answers 404."""
    invitation = Invitation.objects.filter(token=token).select_related("workspace").first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_problem(*, invitation: Invitation) -> str | None:
    """Why the invitation cannot be used: "revoked", "used", "expired", or None."""
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at is not None and invitation.expires_at <= timezone.now():
        return "expired"
    return None
