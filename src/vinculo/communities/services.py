"""Writes of communities: workspaces, roles, invitations, joining, leaving, profiles.

Every service takes the acting membership (``actor``) and checks the role there, so the
web pages and the API cannot disagree on who may do what. A refused action raises
``PermissionDenied`` (403); a rule of the community (the last owner) raises
``ValidationError`` with a message to show.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vinculo.engines.text import fold_words

from . import tasks
from .enums import (
    VISIBLE_FIELDS,
    IntroductionAnswer,
    IntroductionOutcome,
    IntroductionStatus,
    InvitationKind,
    Role,
    Visibility,
)
from .events.services import member_places_free
from .matching import version_bump
from .models import (
    Invitation,
    MemberIntroduction,
    MemberMatch,
    MemberNeed,
    MemberOffer,
    Membership,
    Workspace,
)
from .selectors import invitation_problem

LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}


def _language(*candidates: str) -> str:
    for code in candidates:
        if code in LANGUAGE_CODES:
            return code
    return settings.LANGUAGE_CODE


# Addresses the pages use under communities/ that no workspace may take.
RESERVED_SLUGS = {"join"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "community"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_organiser(actor: Membership) -> None:
    if not actor.is_organiser:
        raise PermissionDenied(_("Only the community's organisers can do that."))


def _require_owner(actor: Membership) -> None:
    if not actor.is_owner:
        raise PermissionDenied(_("Only the community's owners can do that."))


def _refresh_search(membership: Membership) -> None:
    """Recompute the folded columns from the profile as it stands."""
    shown = [membership.name]
    for field in ("does", "pitch", "sector", "city"):
        if getattr(membership, f"{field}_visibility") == Visibility.MEMBERS:
            shown.append(getattr(membership, field))
    for field, model in (("offers", MemberOffer), ("needs", MemberNeed)):
        items = []
        if membership.pk:
            items = list(model.objects.filter(membership=membership).values_list("text", "folded"))
        if getattr(membership, f"{field}_visibility") == Visibility.MEMBERS:
            shown.extend(text for text, _folded in items)
        # All of them, one per line: the directory's filters check the visibility.
        setattr(membership, f"{field}_folded", "\n".join(folded for _text, folded in items))
    membership.search_text = fold_words(" ".join(s for s in shown if s))
    membership.sector_folded = fold_words(membership.sector)[:120]
    membership.city_folded = fold_words(membership.city)[:120]


def _membership_create(*, workspace: Workspace, user, role: str) -> Membership:
    """A new member, the profile pre-filled from the user's own profile."""
    membership = Membership(
        workspace=workspace,
        user=user,
        role=role,
        name=user.name,
        does=user.does,
        pitch=user.pitch,
        language=_language(user.language, workspace.language),
    )
    _refresh_search(membership)
    membership.save()
    return membership


@transaction.atomic
def workspace_create(*, user, name: str, description: str = "", language: str = "") -> Membership:
    """A new workspace with ``user`` as its owner; returns the owner's membership."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the community a name.")})
    workspace = Workspace.objects.create(
        name=name,
        slug=_unique_slug(name),
        description=description.strip(),
        language=_language(language, user.language),
    )
    return _membership_create(workspace=workspace, user=user, role=Role.OWNER)


def workspace_update(
    *,
    actor: Membership,
    description: str,
    name: str | None = None,
    language: str | None = None,
) -> Workspace:
    """Organisers edit the description; only owners rename or change the language."""
    _require_organiser(actor)
    workspace = actor.workspace
    if name is not None or language is not None:
        _require_owner(actor)
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": _("Give the community a name.")})
        workspace.name = name.strip()
    if language is not None:
        if language not in LANGUAGE_CODES:
            raise ValidationError({"language": _("Choose one of the languages offered.")})
        workspace.language = language
    workspace.description = description.strip()
    workspace.save()
    return workspace


def workspace_delete(*, actor: Membership) -> None:
    _require_owner(actor)
    actor.workspace.delete()


def _owner_count(workspace_id: int) -> int:
    return Membership.objects.filter(workspace_id=workspace_id, role=Role.OWNER).count()


def _last_owner_error() -> ValidationError:
    return ValidationError(
        _(
            "A community always keeps at least one owner: make another member an owner "
            "first, or delete the community."
        )
    )


@transaction.atomic
def member_set_role(*, actor: Membership, member: Membership, role: str) -> Membership:
    """Only owners change roles; the last owner cannot be demoted."""
    _require_owner(actor)
    if member.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    # Lock the workspace's owners so two demotions at once cannot leave none.
    list(
        Membership.objects.select_for_update().filter(
            workspace_id=actor.workspace_id, role=Role.OWNER
        )
    )
    if member.role == Role.OWNER and role != Role.OWNER and _owner_count(member.workspace_id) <= 1:
        raise _last_owner_error()
    member.role = role
    member.save(update_fields=["role", "updated_at"])
    return member


@transaction.atomic
def member_remove(*, actor: Membership, member: Membership) -> None:
    """Organisers remove members; owners also organisers and other owners.

    The membership and its community profile go; the user's own network is untouched.
    """
    _require_organiser(actor)
    if member.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if member.pk == actor.pk:
        raise ValidationError(_("To leave the community, use “Leave”."))
    if member.is_organiser and not actor.is_owner:
        raise PermissionDenied(_("Only owners can remove an owner or an organiser."))
    member_places_free(membership=member)  # the waiting lists move up
    member.delete()
    version_bump(workspace_id=actor.workspace_id)


@transaction.atomic
def member_leave(*, membership: Membership) -> None:
    """Leave a workspace; the last owner cannot."""
    if membership.is_owner:
        list(
            Membership.objects.select_for_update().filter(
                workspace_id=membership.workspace_id, role=Role.OWNER
            )
        )
        if _owner_count(membership.workspace_id) <= 1:
            raise _last_owner_error()
    member_places_free(membership=membership)  # the waiting lists move up
    membership.delete()
    version_bump(workspace_id=membership.workspace_id)


def _items_save(model, membership: Membership, texts: list[str], language: str) -> None:
    model.objects.filter(membership=membership).delete()
    cleaned = []
    for text in texts:
        text = " ".join(text.split())[:500]
        if text and text not in cleaned:
            cleaned.append(text)
    model.objects.bulk_create(
        model(
            membership=membership,
            text=text,
            language=language,
            folded=fold_words(text)[:500],
            position=i,
        )
        for i, text in enumerate(cleaned)
    )


@transaction.atomic
def profile_update(
    *,
    membership: Membership,
    name: str | None = None,
    does: str | None = None,
    pitch: str | None = None,
    sector: str | None = None,
    city: str | None = None,
    language: str | None = None,
    offers: list[str] | None = None,
    needs: list[str] | None = None,
    visibility: dict[str, str] | None = None,
) -> Membership:
    """Change one's own community profile; fields left None stay as they are."""
    errors = {}
    if name is not None:
        if not name.strip():
            errors["name"] = _("Say how the community should call you.")
        membership.name = name.strip()[:200]
    for field, value, limit in (
        ("does", does, None),
        ("pitch", pitch, None),
        ("sector", sector, 120),
        ("city", city, 120),
    ):
        if value is not None:
            setattr(membership, field, value.strip()[:limit] if limit else value.strip())
    if language is not None:
        if language and language not in LANGUAGE_CODES:
            errors["language"] = _("Choose one of the languages offered.")
        membership.language = language
    for field, level in (visibility or {}).items():
        if field not in VISIBLE_FIELDS:
            errors[field] = _("There is no such field.")
        elif level not in Visibility.values:
            errors[f"{field}_visibility"] = _("Choose who sees this field.")
        else:
            setattr(membership, f"{field}_visibility", level)
    if errors:
        raise ValidationError(errors)
    text_language = membership.language or membership.workspace.language
    if offers is not None:
        _items_save(MemberOffer, membership, offers, text_language)
    if needs is not None:
        _items_save(MemberNeed, membership, needs, text_language)
    _refresh_search(membership)
    membership.save()
    getattr(membership, "_prefetched_objects_cache", {}).clear()
    if offers is not None or needs is not None:
        # Cached indexes catch up with this profile; a worker re-scores this member's
        # matches (as needer and as offerer).
        version_bump(workspace_id=membership.workspace_id)
        member_id = membership.pk
        transaction.on_commit(lambda: tasks.member_matches_member.enqueue(membership_id=member_id))
    return membership


LAST_ID = 2**62  # the largest id a chunk's range may end at


def member_matches_refresh(*, workspace: Workspace, chunk_size: int = 2000) -> int:
    """Recompute every member introduction of ``workspace`` in the background: one task
    per ``chunk_size`` needers (members with needs, by id); returns how many tasks.

    The chunks cover every id (the first from 0, the last to the largest), so the rows of
    a member who has no needs any more go as well. The workspace's ``match_version`` goes
    up first, so every worker brings the index it cached up to date.
    """
    if chunk_size < 1:
        raise ValidationError({"chunk_size": _("A chunk holds at least one member.")})
    # Every worker brings its index up to date before it computes a chunk.
    version_bump(workspace_id=workspace.pk)
    needers = list(
        MemberNeed.objects.filter(membership__workspace_id=workspace.pk)
        .order_by("membership_id")
        .values_list("membership_id", flat=True)
        .distinct()
    )
    if not needers:
        MemberMatch.objects.filter(workspace_id=workspace.pk).delete()
        return 0
    starts = needers[::chunk_size]
    bounds = [
        (0 if n == 0 else start, starts[n + 1] - 1 if n + 1 < len(starts) else LAST_ID)
        for n, start in enumerate(starts)
    ]
    for first_id, last_id in bounds:
        tasks.member_matches_chunk.enqueue(
            workspace_id=workspace.pk, first_id=first_id, last_id=last_id
        )
    return len(bounds)


def _token() -> str:
    return secrets.token_urlsafe(24)


def invitation_link_create(*, actor: Membership, expires_at: datetime | None = None) -> Invitation:
    """A secret link that many people can use to join, until revoked or expired."""
    _require_organiser(actor)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    return Invitation.objects.create(
        workspace=actor.workspace,
        kind=InvitationKind.LINK,
        token=_token(),
        created_by=actor.user,
        expires_at=expires_at,
    )


def invitation_email_send(
    *,
    actor: Membership,
    email: str,
    join_url_for,
    expires_at: datetime | None = None,
) -> Invitation:
    """Invite one person by email, in their language (their account's if they have one,
    otherwise the workspace's). ``join_url_for(token)`` gives the absolute address."""
    _require_organiser(actor)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter the email address of the person you invite.")}
        ) from None
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    workspace = actor.workspace
    account = get_user_model().objects.filter(email__iexact=email).only("language").first()
    language = _language(account.language if account else "", workspace.language)
    invitation = Invitation.objects.create(
        workspace=workspace,
        kind=InvitationKind.EMAIL,
        token=_token(),
        email=email,
        language=language,
        created_by=actor.user,
        expires_at=expires_at,
    )
    context = {
        "workspace": workspace,
        "inviter": actor.name,
        "url": join_url_for(invitation.token),
        "expires_at": expires_at,
    }
    with translation.override(language):
        subject = _("%(name)s invites you to the community %(community)s") % {
            "name": actor.name,
            "community": workspace.name,
        }
        body = render_to_string("communities/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


def invitation_revoke(*, actor: Membership, invitation: Invitation) -> Invitation:
    _require_organiser(actor)
    if invitation.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


class InvitationUnusable(ValidationError):
    """The invitation is revoked, used or expired: ``code`` says which."""


@transaction.atomic
def invitation_accept(*, user, invitation: Invitation) -> tuple[Membership, bool]:
    """Join through an invitation; returns the membership and whether it is new.

    Someone already a member just gets their membership back, and the invitation is left
    as it was.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    existing = Membership.objects.filter(workspace_id=invitation.workspace_id, user=user).first()
    if existing is not None:
        return existing, False
    problem = invitation_problem(invitation=invitation)
    if problem:
        raise InvitationUnusable(problem, code=problem)
    try:
        with transaction.atomic():
            membership = _membership_create(
                workspace=invitation.workspace, user=user, role=Role.MEMBER
            )
    except IntegrityError:  # joined a moment ago in another request
        return Membership.objects.get(workspace_id=invitation.workspace_id, user=user), False
    invitation.uses += 1
    if invitation.kind == InvitationKind.EMAIL:
        invitation.used_at = timezone.now()
    invitation.save(update_fields=["uses", "used_at"])
    return membership, True


# --- member introductions (double opt-in) -------------------------------------------------


def _member_language(member: Membership) -> str:
    return _language(member.language, member.workspace.language)


def _introduction_mail(
    member: Membership, template: str, subject: str, context: dict, subject_values: dict
) -> None:
    """One email to ``member``, in their language, sent once the transaction commits."""
    with translation.override(_member_language(member)):
        subject_text = _(subject) % subject_values
        # One line end at the end, as the board's emails: the template's last tag leaves two.
        body = render_to_string(template, {**context, "member": member}).strip() + "\n"
    email = member.user.email
    if email:
        transaction.on_commit(lambda: send_mail(subject_text, body, None, [email]))


def _pair_check(first: Membership, second: Membership, workspace_id: int) -> None:
    if first.workspace_id != workspace_id or second.workspace_id != workspace_id:
        raise PermissionDenied
    if first.pk == second.pk:
        raise ValidationError(_("An introduction needs two different members."))
    existing = MemberIntroduction.objects.filter(workspace_id=workspace_id).filter(
        Q(first=first, second=second) | Q(first=second, second=first)
    )
    if existing.exists():
        raise ValidationError(_("These two members already have an introduction."))


def _reasons_between(first: Membership, second: Membership) -> list[list[str]]:
    match = (
        MemberMatch.objects.filter(workspace_id=first.workspace_id)
        .filter(Q(needer=first, offerer=second) | Q(needer=second, offerer=first))
        .order_by("-score", "pk")
        .first()
    )
    return match.reasons if match else []


@transaction.atomic
def introduction_request(
    *, actor: Membership, other: Membership, message: str = "", url_for=None
) -> MemberIntroduction:
    """A member asks to be introduced to another: the asker has accepted already, the
    other is asked by email (in their language) and answers on the introduction's page."""
    _pair_check(actor, other, actor.workspace_id)
    introduction = MemberIntroduction.objects.create(
        workspace_id=actor.workspace_id,
        first=actor,
        second=other,
        proposed_by=actor,
        status=IntroductionStatus.ACCEPTED,
        first_answer=IntroductionAnswer.ACCEPTED,
        message=message.strip()[:2000],
        reasons=_reasons_between(actor, other),
    )
    _introduction_mail(
        other,
        "communities/introduction_request_email.txt",
        gettext_noop("%(name)s would like to meet you in %(community)s"),
        {"asker": actor.name, "workspace": actor.workspace, "introduction": introduction,
         "url": url_for(introduction) if url_for else ""},
        {"name": actor.name, "community": actor.workspace.name},
    )  # fmt: skip
    return introduction


@transaction.atomic
def introduction_propose(
    *, actor: Membership, first: Membership, second: Membership, message: str = "", url_for=None
) -> MemberIntroduction:
    """An organiser proposes that two members meet; each accepts or declines."""
    _require_organiser(actor)
    _pair_check(first, second, actor.workspace_id)
    introduction = MemberIntroduction.objects.create(
        workspace_id=actor.workspace_id,
        first=first,
        second=second,
        proposed_by=actor,
        message=message.strip()[:2000],
        reasons=_reasons_between(first, second),
    )
    for member, other in ((first, second), (second, first)):
        _introduction_mail(
            member,
            "communities/introduction_proposed_email.txt",
            gettext_noop("%(organiser)s suggests you meet %(name)s in %(community)s"),
            {"organiser": actor.name, "other": other.name, "workspace": actor.workspace,
             "introduction": introduction, "url": url_for(introduction) if url_for else ""},
            {"organiser": actor.name, "name": other.name, "community": actor.workspace.name},
        )  # fmt: skip
    return introduction


def _side(actor: Membership, introduction: MemberIntroduction) -> str:
    if introduction.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if introduction.first_id == actor.pk:
        return "first"
    if introduction.second_id == actor.pk:
        return "second"
    raise PermissionDenied(_("Only the two members of an introduction can answer it."))


@transaction.atomic
def introduction_answer(
    *, actor: Membership, introduction: MemberIntroduction, accepted: bool, url_for=None
) -> MemberIntroduction:
    """One side accepts or declines. Declined by either: it ends there. Accepted by both:
    it is made, and each receives the other's email, in their own language."""
    side = _side(actor, introduction)
    introduction = MemberIntroduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status in (IntroductionStatus.MADE, IntroductionStatus.DECLINED):
        raise ValidationError(_("This introduction has already been answered by both sides."))
    answer = IntroductionAnswer.ACCEPTED if accepted else IntroductionAnswer.DECLINED
    setattr(introduction, f"{side}_answer", answer)
    answers = {introduction.first_answer, introduction.second_answer}
    if IntroductionAnswer.DECLINED in answers:
        introduction.status = IntroductionStatus.DECLINED
    elif answers == {IntroductionAnswer.ACCEPTED}:
        introduction.status = IntroductionStatus.MADE
        introduction.made_at = timezone.now()
    else:
        introduction.status = IntroductionStatus.ACCEPTED
    introduction.save()
    if introduction.status == IntroductionStatus.DECLINED:
        # The other side is told, so they do not wait for an answer that came.
        other = Membership.objects.select_related("user", "workspace").get(
            pk=introduction.second_id if side == "first" else introduction.first_id
        )
        _introduction_mail(
            other,
            "communities/introduction_declined_email.txt",
            gettext_noop("%(name)s cannot take up the introduction this time"),
            {"other": actor.name, "workspace": other.workspace, "introduction": introduction,
             "url": url_for(introduction) if url_for else ""},
            {"name": actor.name},
        )  # fmt: skip
    if introduction.status == IntroductionStatus.MADE:
        first = Membership.objects.select_related("user", "workspace").get(pk=introduction.first_id)
        second = Membership.objects.select_related("user", "workspace").get(
            pk=introduction.second_id
        )
        for member, other in ((first, second), (second, first)):
            _introduction_mail(
                member,
                "communities/introduction_made_email.txt",
                gettext_noop("You and %(name)s are introduced"),
                {"other": other.name, "other_email": other.user.email,
                 "workspace": member.workspace, "introduction": introduction,
                 "url": url_for(introduction) if url_for else ""},
                {"name": other.name},
            )  # fmt: skip
    return introduction


@transaction.atomic
def introduction_outcome_set(
    *, actor: Membership, introduction: MemberIntroduction, outcome: str
) -> MemberIntroduction:
    """Either side says afterwards whether the introduction helped them; one side's answer
    never replaces the other's. What organisers count (``outcome``) follows from both."""
    side = _side(actor, introduction)
    # Read again under a lock: both sides may answer at the same moment.
    introduction = MemberIntroduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status != IntroductionStatus.MADE:
        raise ValidationError(_("Say how it went once the introduction is made."))
    if outcome not in IntroductionOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the answers offered.")})
    setattr(introduction, f"{side}_outcome", outcome)
    answers = {introduction.first_outcome, introduction.second_outcome}
    if IntroductionOutcome.HELPED in answers:
        summary = IntroductionOutcome.HELPED
    elif IntroductionOutcome.NOT_HELPED in answers:
        summary = IntroductionOutcome.NOT_HELPED
    else:
        summary = IntroductionOutcome.NONE
    if summary != introduction.outcome:
        introduction.outcome = summary
        introduction.outcome_at = timezone.now() if summary else None
    introduction.save(update_fields=[f"{side}_outcome", "outcome", "outcome_at"])
    return introduction
