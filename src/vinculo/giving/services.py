"""Writes of the give–give side: the double opt-in introduction flow and the ledger.

suggested → proposed (we ask ``a``, in ``a``'s language) → accepted or declined →
made (one email to both, each in their language) → closed with an outcome. Every step
is logged as an interaction on both contacts.
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.services import interaction_log
from vinculo.people.models import Contact

from .enums import IntroductionStatus as S
from .models import Favor, Introduction, Match, Referral
from .selectors import suggestion_reason


@dataclass
class Draft:
    """A message ready to send, copy, or open in the user's mail program."""

    to: list[str]
    subject: str
    body: str
    language: str

    @property
    def mailto(self) -> str:
        return "mailto:{}?subject={}&body={}".format(
            ",".join(self.to), quote(self.subject), quote(self.body)
        )


def _message(template: str, *, language: str, **context) -> tuple[str, str]:
    with translation.override(language):
        text = render_to_string(f"giving/messages/{template}.txt", context).strip()
    subject, _blank, body = text.partition("\n\n")
    return subject.strip(), body.strip() + "\n"


def _log_both(introduction: Introduction, summary_for) -> None:
    today = timezone.localdate()
    for contact, other in ((introduction.a, introduction.b), (introduction.b, introduction.a)):
        with translation.override(contact.language):
            summary = summary_for(other)
        interaction_log(
            owner=introduction.owner,
            contact=contact,
            kind=InteractionKind.INTRO,
            direction=Direction.GAVE,
            date=today,
            summary=summary,
        )


def _require(introduction: Introduction, *allowed: str) -> None:
    if introduction.status not in allowed:
        raise ValidationError(
            _("This introduction is %(status)s; that step is not possible now.")
            % {"status": introduction.get_status_display()},
            code="introduction_state",
        )


def introduction_draft_ask(*, introduction: Introduction) -> Draft:
    """The message asking ``a`` whether they want to meet ``b``, in ``a``'s language."""
    owner, a, b = introduction.owner, introduction.a, introduction.b
    subject, body = _message(
        "ask",
        language=a.language,
        a=a,
        b=b,
        owner=owner,
        need=introduction.need.text if introduction.need else "",
        offer=introduction.offer.text if introduction.offer else "",
    )
    return Draft(to=a.emails[:1], subject=subject, body=body, language=a.language)


def introduction_drafts_make(*, introduction: Introduction) -> list[Draft]:
    """The introduction itself: one message to each, each in their own language."""
    drafts = []
    for person, other in ((introduction.a, introduction.b), (introduction.b, introduction.a)):
        subject, body = _message(
            "introduce",
            language=person.language,
            person=person,
            other=other,
            owner=introduction.owner,
            introduction=introduction,
            reason=introduction.reason,
            need=introduction.need.text if introduction.need else "",
            offer=introduction.offer.text if introduction.offer else "",
        )
        drafts.append(
            Draft(to=person.emails[:1], subject=subject, body=body, language=person.language)
        )
    return drafts


@transaction.atomic
def introduction_propose(
    *,
    owner,
    a: Contact,
    b: Contact,
    reason: str = "",
    need=None,
    offer=None,
    send: bool = False,
) -> tuple[Introduction, Draft]:
    """Ask ``a`` (who needs something) whether they want to meet ``b`` (who offers it)."""
    if a.pk == b.pk:
        raise ValidationError(_("A contact cannot be introduced to themselves."))
    introduction = Introduction.objects.create(
        owner=owner,
        a=a,
        b=b,
        need=need,
        offer=offer,
        reason=reason,
        status=S.PROPOSED,
        date=timezone.localdate(),
        proposed_at=timezone.now(),
    )
    draft = introduction_draft_ask(introduction=introduction)
    if send and draft.to:
        send_mail(draft.subject, draft.body, None, draft.to)
    _log_both(
        introduction,
        lambda other: _("Introduction to %(name)s proposed") % {"name": other.name},
    )
    return introduction, draft


@transaction.atomic
def introduction_propose_match(*, owner, match: Match, send: bool = False):
    """Propose the introduction a suggestion describes."""
    a, b = match.need.contact, match.offer.contact
    if a is None or b is None:
        raise ValidationError(_("You are one of the two: just get in touch directly."))
    introduction, draft = introduction_propose(
        owner=owner,
        a=a,
        b=b,
        need=match.need,
        offer=match.offer,
        reason=suggestion_reason(match=match, language=a.language),
        send=send,
    )
    match.dismissed = True
    match.save(update_fields=["dismissed", "updated_at"])
    return introduction, draft


@transaction.atomic
def introduction_answer(*, introduction: Introduction, accepted: bool) -> Introduction:
    _require(introduction, S.PROPOSED, S.SUGGESTED)
    introduction.status = S.ACCEPTED if accepted else S.DECLINED
    introduction.answered_at = timezone.now()
    introduction.save()
    if accepted:
        _log_both(introduction, lambda o: _("Agreed to meet %(name)s") % {"name": o.name})
    else:
        _log_both(introduction, lambda o: _("Introduction to %(name)s declined") % {"name": o.name})
    return introduction


@transaction.atomic
def introduction_make(*, introduction: Introduction, send: bool = True) -> list[Draft]:
    """Introduce them: one email to both, each in their language."""
    _require(introduction, S.ACCEPTED)
    drafts = introduction_drafts_make(introduction=introduction)
    introduction.status = S.MADE
    introduction.made_at = timezone.now()
    introduction.save()
    if send:
        for draft in drafts:
            if draft.to:
                send_mail(draft.subject, draft.body, None, draft.to)
    _log_both(introduction, lambda o: _("Introduced to %(name)s") % {"name": o.name})
    return drafts


@transaction.atomic
def introduction_close(
    *,
    introduction: Introduction,
    outcome_kind: str,
    outcome: str = "",
    value: Decimal | None = None,
    currency: str = "",
) -> Introduction:
    """What came of it: they met, did business (with its value), or nothing."""
    _require(introduction, S.MADE, S.CLOSED)
    introduction.status = S.CLOSED
    introduction.outcome_kind = outcome_kind
    introduction.outcome = outcome
    introduction.value = value
    introduction.currency = currency.upper()
    introduction.save()
    _log_both(
        introduction,
        lambda o: (
            _("Introduction to %(name)s: %(outcome)s")
            % {"name": o.name, "outcome": introduction.get_outcome_kind_display()}
        ),
    )
    return introduction


def match_dismiss(*, match: Match) -> None:
    match.dismissed = True
    match.save(update_fields=["dismissed", "updated_at"])


@transaction.atomic
def favor_record(
    *,
    owner,
    contact: Contact,
    flow: str,
    description: str,
    kind: str = "help",
    date=None,
    value: Decimal | None = None,
    currency: str = "",
) -> Favor:
    """Help, advice, a contact or a resource given to or received from a contact."""
    date = date or timezone.localdate()
    interaction = interaction_log(
        owner=owner,
        contact=contact,
        kind=InteractionKind.OTHER,
        direction=Direction.GAVE if flow == "gave" else Direction.RECEIVED,
        date=date,
        summary=description,
    )
    return Favor.objects.create(
        owner=owner,
        contact=contact,
        flow=flow,
        kind=kind,
        description=description,
        date=date,
        value=value,
        currency=currency.upper(),
        interaction=interaction,
    )


def draft_send(*, draft: Draft) -> None:
    """Send a drafted message through the configured mail backend."""
    send_mail(draft.subject, draft.body, None, draft.to)


@transaction.atomic
def referral_record(
    *,
    owner,
    contact: Contact,
    flow: str,
    description: str,
    value: Decimal | None = None,
    currency: str = "",
    date=None,
    status: str = "",
) -> Referral:
    """Business passed on: to the contact (``flow="gave"``) or from them to the owner."""
    date = date or timezone.localdate()
    referral = Referral.objects.create(
        owner=owner,
        from_contact=None if flow == "gave" else contact,
        to_contact=contact if flow == "gave" else None,
        description=description,
        value=value,
        currency=currency.upper(),
        date=date,
        status=status,
    )
    interaction_log(
        owner=owner,
        contact=contact,
        kind=InteractionKind.OTHER,
        direction=Direction.GAVE if flow == "gave" else Direction.RECEIVED,
        date=date,
        summary=description,
    )
    return referral
