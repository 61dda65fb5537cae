"""Writes of the board: posts, replies, solving, moderation and “I know someone”.

Every service takes the acting membership (``actor``). Authors edit and delete their own
posts and replies; organisers may remove any (moderation) and mark any ask solved. A
referral moves offered → accepted/declined (by the asker) → made (by the helper, once the
person agreed); only then are the person's name and the contact details the helper chose
copied to the referral for the asker. Emails go after the transaction commits, each in
its recipient's language.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.services import interaction_log
from vinculo.communities.matching import members_who_offer
from vinculo.communities.models import Membership
from vinculo.engines.text import fold_words
from vinculo.people.models import Contact

from .enums import PostKind, PostStatus, ReferralStatus
from .models import Post, Referral, Reply

LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}
# How many members who could answer a new ask are told by email.
NOTIFY_TOP = 3
TEXT_LIMIT = 4000

# ``url_for(post)`` gives the absolute address of a post's page, for emails.
UrlFor = Callable[[Post], str]


def _language_of(member: Membership) -> str:
    for code in (member.language, member.workspace.language):
        if code in LANGUAGE_CODES:
            return code
    return settings.LANGUAGE_CODE


def _email(*, to: Membership, template: str, subject: str, **context) -> None:
    """Render ``subject`` (a lazy callable) and ``template`` in ``to``'s language, and
    send them once the transaction commits."""
    address = to.user.email
    if not address:
        return
    with translation.override(_language_of(to)):
        text_subject = subject()
        body = render_to_string(f"community_board/{template}.txt", {"member": to, **context})
    body = body.strip() + "\n"
    transaction.on_commit(lambda: send_mail(text_subject, body, None, [address]))


def _require_organiser_or(actor: Membership, member_id: int) -> None:
    if actor.pk != member_id and not actor.is_organiser:
        raise PermissionDenied(_("Only its author or the community's organisers can do that."))


def _clean_text(text: str, *, field: str = "text", empty: str | None = None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty or _("Write something first.")})
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            {field: _("Keep it under %(limit)s characters.") % {"limit": TEXT_LIMIT}}
        )
    return text


def _clean_language(language: str, actor: Membership) -> str:
    if not language:
        return _language_of(actor)
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    return language


def _same_workspace(actor: Membership, obj_workspace_id: int) -> None:
    if actor.workspace_id != obj_workspace_id:
        raise PermissionDenied


@transaction.atomic
def post_create(
    *, actor: Membership, kind: str, text: str, language: str = "", url_for: UrlFor | None = None
) -> Post:
    """Post an ask or an offer. A new ask is emailed to the few members whose offers meet
    it best (``url_for`` gives the address of the post in those emails)."""
    if kind not in PostKind.values:
        raise ValidationError({"kind": _("Say whether you ask or offer something.")})
    text = _clean_text(text)
    post = Post.objects.create(
        workspace=actor.workspace,
        author=actor,
        kind=kind,
        text=text,
        language=_clean_language(language, actor),
        folded=fold_words(text),
    )
    if post.is_ask:
        _notify_helpers(post, url_for)
    return post


def _notify_helpers(post: Post, url_for: UrlFor | None) -> None:
    found = members_who_offer(
        workspace=post.workspace,
        text=post.text,
        language=post.language,
        limit=NOTIFY_TOP,
        exclude_member_ids=(post.author_id,),
    )
    members = Membership.objects.filter(pk__in=[m.pk for m, _o, _s in found]).select_related(
        "user", "workspace"
    )
    by_id = {m.pk: m for m in members}
    for member, offer, _score in found:
        recipient = by_id.get(member.pk)
        if recipient is None:
            continue
        _email(
            to=recipient,
            template="ask_for_you",
            subject=lambda: (
                _("%(name)s asks something you may help with, in %(community)s")
                % {"name": post.author.name, "community": post.workspace.name}
            ),
            post=post,
            offer=offer.text,
            url=url_for(post) if url_for else "",
        )


def post_update(*, actor: Membership, post: Post, text: str, language: str = "") -> Post:
    """Authors edit their own posts."""
    _same_workspace(actor, post.workspace_id)
    if post.author_id != actor.pk:
        raise PermissionDenied(_("Only its author can edit a post."))
    post.text = _clean_text(text)
    post.folded = fold_words(post.text)
    post.language = _clean_language(language or post.language, actor)
    post.save(update_fields=["text", "folded", "language", "updated_at"])
    return post


def post_delete(*, actor: Membership, post: Post) -> None:
    """Authors delete their own posts; organisers remove any (moderation)."""
    _same_workspace(actor, post.workspace_id)
    _require_organiser_or(actor, post.author_id)
    post.delete()


def post_set_solved(*, actor: Membership, post: Post, solved: bool = True) -> Post:
    """Its author or an organiser marks an ask solved, or opens it again."""
    _same_workspace(actor, post.workspace_id)
    _require_organiser_or(actor, post.author_id)
    if not post.is_ask:
        raise ValidationError(_("Only an ask can be marked solved."))
    if solved and post.status != PostStatus.SOLVED:
        post.status, post.solved_at = PostStatus.SOLVED, timezone.now()
    elif not solved and post.status != PostStatus.OPEN:
        post.status, post.solved_at = PostStatus.OPEN, None
    post.save(update_fields=["status", "solved_at", "updated_at"])
    return post


def reply_create(*, actor: Membership, post: Post, text: str) -> Reply:
    _same_workspace(actor, post.workspace_id)
    return Reply.objects.create(post=post, author=actor, text=_clean_text(text))


def reply_delete(*, actor: Membership, reply: Reply) -> None:
    """Authors delete their own replies; organisers remove any."""
    _same_workspace(actor, reply.post.workspace_id)
    _require_organiser_or(actor, reply.author_id)
    reply.delete()


def _require_status(referral: Referral, *allowed: str) -> None:
    if referral.status not in allowed:
        raise ValidationError(
            _("This offer of help is %(status)s; that step is not possible now.")
            % {"status": referral.get_status_display()},
            code="referral_state",
        )


@transaction.atomic
def referral_offer(
    *,
    actor: Membership,
    post: Post,
    message: str,
    contact_id: int | None = None,
    description: str = "",
    url_for: UrlFor | None = None,
) -> Referral:
    """“I know someone”: offer the asker an introduction to a person, one of the actor's
    own contacts or described in words, without naming them. The asker is told who
    offers, and the actor's words."""
    _same_workspace(actor, post.workspace_id)
    if not post.is_ask:
        raise ValidationError(_("You can offer an introduction on an ask only."))
    if not post.is_open:
        raise ValidationError(_("This ask is already solved."))
    if post.author_id == actor.pk:
        raise ValidationError(_("This is your own ask."))
    message = _clean_text(
        message, field="message", empty=_("Tell the asker how this person could help.")
    )
    contact = None
    if contact_id is not None:
        contact = Contact.objects.for_user(actor.user).filter(pk=contact_id).first()
        if contact is None:
            raise ValidationError({"contact": _("Choose one of your own contacts.")})
    description = (description or "").strip()
    if contact is None and not description:
        raise ValidationError(
            {"description": _("Choose one of your contacts, or say in a few words who they are.")}
        )
    referral = Referral.objects.create(
        post=post, helper=actor, message=message, contact=contact, description=description
    )
    asker = Membership.objects.select_related("user", "workspace").get(pk=post.author_id)
    _email(
        to=asker,
        template="referral_offered",
        subject=lambda: _("%(name)s knows someone who could help you") % {"name": actor.name},
        post=post,
        helper=actor.name,
        message=message,
        url=url_for(post) if url_for else "",
    )
    return referral


@transaction.atomic
def referral_answer(
    *, actor: Membership, referral: Referral, accepted: bool, url_for: UrlFor | None = None
) -> Referral:
    """The asker accepts or declines the offer; the helper is told."""
    referral = Referral.objects.select_for_update().select_related("post").get(pk=referral.pk)
    _same_workspace(actor, referral.post.workspace_id)
    if referral.post.author_id != actor.pk:
        raise PermissionDenied(_("Only the asker can answer this offer."))
    _require_status(referral, ReferralStatus.OFFERED)
    referral.status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.DECLINED
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "answered_at"])
    helper = Membership.objects.select_related("user", "workspace").get(pk=referral.helper_id)
    if accepted:
        _email(
            to=helper,
            template="referral_accepted",
            subject=lambda: _("%(name)s would like your introduction") % {"name": actor.name},
            post=referral.post,
            asker=actor.name,
            url=url_for(referral.post) if url_for else "",
        )
    return referral


@transaction.atomic
def referral_confirm(
    *,
    actor: Membership,
    referral: Referral,
    name: str = "",
    email: str = "",
    phone: str = "",
    url_for: UrlFor | None = None,
) -> Referral:
    """The helper confirms the person agreed, and chooses what the asker may see of them.

    Only now does the asker see the name and the details given here. Both get an email
    in their language with a message to start the conversation. When the person is one of
    the helper's own contacts, the introduction goes on the helper's own timeline.
    """
    referral = (
        Referral.objects.select_for_update()
        .select_related("post", "post__workspace")
        .get(pk=referral.pk)
    )
    _same_workspace(actor, referral.post.workspace_id)
    if referral.helper_id != actor.pk:
        raise PermissionDenied(_("Only the member who offered can confirm."))
    _require_status(referral, ReferralStatus.ACCEPTED)
    contact = (
        Contact.objects.for_user(actor.user).filter(pk=referral.contact_id).first()
        if referral.contact_id
        else None
    )
    name = (name or "").strip() or (contact.name if contact else "")
    if not name:
        raise ValidationError({"name": _("Say the name of the person you introduce.")})
    email, phone = (email or "").strip(), (phone or "").strip()
    if not email and not phone:
        raise ValidationError(
            {"email": _("Share at least an email or a phone, so they can get in touch.")}
        )
    referral.shared_name, referral.shared_email, referral.shared_phone = (
        name[:200],
        email[:254],
        phone[:60],
    )
    referral.status, referral.made_at = ReferralStatus.MADE, timezone.now()
    referral.save(
        update_fields=["shared_name", "shared_email", "shared_phone", "status", "made_at"]
    )
    post = referral.post
    asker = Membership.objects.select_related("user", "workspace").get(pk=post.author_id)
    helper = Membership.objects.select_related("user", "workspace").get(pk=actor.pk)
    context = {"post": post, "referral": referral, "asker": asker, "helper": helper}
    context["url"] = url_for(post) if url_for else ""
    _email(
        to=asker,
        template="referral_made_asker",
        subject=lambda: (
            _("%(helper)s introduces you to %(person)s")
            % {"helper": helper.name, "person": referral.shared_name}
        ),
        **context,
    )
    # The message the helper forwards to the person: in the person's language.
    person_language = contact.language if contact is not None else _language_of(helper)
    with translation.override(
        person_language if person_language in LANGUAGE_CODES else _language_of(helper)
    ):
        draft = render_to_string("community_board/draft_to_person.txt", context).strip()
    _email(
        to=helper,
        template="referral_made_helper",
        draft=draft,
        subject=lambda: (
            _("Your introduction of %(person)s to %(asker)s")
            % {"person": referral.shared_name, "asker": asker.name}
        ),
        **context,
    )
    if contact is not None:
        with translation.override(_language_of(helper)):
            summary = _("Introduced to %(asker)s (community %(community)s): %(ask)s") % {
                "asker": asker.name,
                "community": post.workspace.name,
                "ask": post.text[:200],
            }
        interaction_log(
            owner=actor.user,
            contact=contact,
            kind=InteractionKind.INTRO,
            direction=Direction.GAVE,
            date=timezone.localdate(),
            summary=summary,
        )
    return referral


def referral_withdraw(*, actor: Membership, referral: Referral) -> Referral:
    """The helper takes the offer back (the person did not agree, or changed their mind)."""
    _same_workspace(actor, referral.post.workspace_id)
    if referral.helper_id != actor.pk:
        raise PermissionDenied(_("Only the member who offered can withdraw it."))
    _require_status(referral, ReferralStatus.OFFERED, ReferralStatus.ACCEPTED)
    referral.status = ReferralStatus.WITHDRAWN
    referral.save(update_fields=["status"])
    return referral
