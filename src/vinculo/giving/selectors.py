"""Reads of the give–give side: suggested introductions, introductions, the ledger."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vinculo.activity.models import Interaction
from vinculo.people.models import Contact, Need, Offer, Tie

from .enums import Flow, IntroductionStatus
from .models import Favor, Introduction, Match, Referral

# Two contacts whose tie is at least this strong already know each other well:
# introducing them adds nothing.
STRONG_TIE = 0.7


@dataclass
class Suggestion:
    match_id: int
    need_contact: Contact | None  # None: the owner
    offer_contact: Contact | None
    need_id: int
    offer_id: int
    need: str
    offer: str
    score: float
    terms: list[str]
    reason: str


def _display(contact: Contact | None, owner) -> str:
    return contact.name if contact else owner.name


def _reason(owner, need_contact, offer_contact, need, offer, terms) -> str:
    return _(
        "%(need_name)s needs “%(need)s”; %(offer_name)s offers “%(offer)s” (in common: %(terms)s)"
    ) % {
        "need_name": _display(need_contact, owner),
        "need": need,
        "offer_name": _display(offer_contact, owner),
        "offer": offer,
        "terms": ", ".join(terms),
    }


def _terms(match: Match, language: str) -> list[str]:
    return [t[1] if language == "es" else t[2] for t in match.matched]


def suggestion_reason(*, match: Match, language: str) -> str:
    """The one-line reason of a suggestion, in ``language``."""
    with translation.override(language):
        return _reason(
            match.owner,
            match.need.contact,
            match.offer.contact,
            match.need.text,
            match.offer.text,
            _terms(match, language[:2]),
        )


def _strong_pairs(owner, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    if not pairs:
        return set()
    ids = {x for pair in pairs for x in pair}
    ties = Tie.objects.for_user(owner).filter(a_id__in=ids, b_id__in=ids, strength__gte=STRONG_TIE)
    return {(t.a_id, t.b_id) for t in ties.only("a_id", "b_id")}


def _person_matches(owner, contact: Contact | None, side: str, limit: int) -> list[Match]:
    """The best matches of one person's needs (side "needs": who can help them) and offers
    ("offers": whom they can help; "": both); ``contact`` None is the owner.

    One indexed read per need or offer, each already in score order, merged here: asked
    as one query ("the owner's matches whose need is X's"), a database walks every match
    of the network in score order looking for X's, a second with half a million matches.
    """
    wanted = []
    for model, column, name in ((Need, "need_id", "needs"), (Offer, "offer_id", "offers")):
        if side in ("", name):
            rows = model.objects.for_user(owner)
            rows = rows.filter(contact=contact) if contact else rows.filter(contact__isnull=True)
            wanted += [(column, pk) for pk in rows.values_list("id", flat=True)]
    matches = Match.objects.for_user(owner).filter(dismissed=False)
    if contact is not None:  # between two contacts: the owner's own are suggested elsewhere
        matches = matches.filter(need__contact__isnull=False, offer__contact__isnull=False)
    found = {}
    for column, pk in wanted:
        for match in (
            matches.filter(**{column: pk})
            .select_related("need__contact", "offer__contact")
            .order_by("-score", "id")[:limit]
        ):
            found[match.pk] = match
    return sorted(found.values(), key=lambda m: (-m.score, m.pk))[:limit]


def _introduced_pairs(owner, ids: set[int]) -> set[tuple[int, int]]:
    rows = Introduction.objects.for_user(owner).filter(a_id__in=ids, b_id__in=ids)
    return {tuple(sorted(p)) for p in rows.values_list("a_id", "b_id")}


def suggestion_list(
    *,
    user,
    limit: int = 50,
    contact: Contact | None = None,
    side: str = "",
    mine: bool = False,
) -> list[Suggestion]:
    """Introductions worth making, best first, one per pair of people.

    ``mine``: the owner's own (who can help me, whom I can help). ``contact`` with
    ``side="needs"``: who could help that contact; ``side="offers"``: whom they could
    help; no side: both. Otherwise: pairs of contacts, leaving out those who already know
    each other well and those already introduced.
    """
    if mine or contact is not None:
        rows = _person_matches(user, None if mine else contact, side, limit * 5)
    else:
        rows = list(
            Match.objects.for_user(user)
            .filter(dismissed=False, need__contact__isnull=False, offer__contact__isnull=False)
            .select_related("need__contact", "offer__contact")
            .order_by("-score", "id")[: limit * 5]
        )
    pairs = {
        tuple(sorted((m.need.contact_id, m.offer.contact_id)))
        for m in rows
        if m.need.contact_id and m.offer.contact_id
    }
    skip = _strong_pairs(user, pairs) if not mine else set()
    if not mine:
        skip |= _introduced_pairs(user, {x for p in pairs for x in p})
    lang = (get_language() or "es")[:2]
    out, seen = [], set()
    for m in rows:
        a, b = m.need.contact, m.offer.contact
        key = (m.need.contact_id, m.offer.contact_id)
        pair = tuple(sorted((key[0] or 0, key[1] or 0)))
        if key in seen or pair in skip:
            continue
        seen.add(key)
        terms = _terms(m, lang)
        out.append(
            Suggestion(
                match_id=m.pk,
                need_contact=a,
                offer_contact=b,
                need_id=m.need_id,
                offer_id=m.offer_id,
                need=m.need.text,
                offer=m.offer.text,
                score=m.score,
                terms=terms,
                reason=_reason(user, a, b, m.need.text, m.offer.text, terms),
            )
        )
        if len(out) == limit:
            break
    return out


def match_get(*, user, match_id: int) -> Match:
    return get_object_or_404(
        Match.objects.for_user(user).select_related("need__contact", "offer__contact"),
        pk=match_id,
    )


def introduction_get(*, user, introduction_id: int) -> Introduction:
    return get_object_or_404(
        Introduction.objects.for_user(user).select_related("a", "b", "need", "offer"),
        pk=introduction_id,
    )


def introduction_list(*, user, contact: Contact | None = None):
    rows = Introduction.objects.for_user(user).select_related("a", "b")
    if contact is not None:
        rows = rows.filter(Q(a=contact) | Q(b=contact))
    return rows.order_by("-id")


@dataclass
class Ledger:
    """What was given and received, counted by kind; ``mutual``: the interactions where
    value went both ways, on neither side of the balance."""

    gave: dict[str, int] = field(default_factory=dict)
    received: dict[str, int] = field(default_factory=dict)
    mutual: int = 0
    referral_value_gave: dict[str, Decimal] = field(default_factory=dict)
    referral_value_received: dict[str, Decimal] = field(default_factory=dict)

    @property
    def gave_total(self) -> int:
        return sum(self.gave.values())

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def balance(self) -> int:
        """Positive: you gave more than you received."""
        return self.gave_total - self.received_total


def _money(rows) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for currency, value in rows:
        if value is not None:
            totals[currency or ""] = totals.get(currency or "", Decimal(0)) + value
    return totals


def ledger_get(*, user, contact: Contact | None = None) -> Ledger:
    """The give/receive ledger with one contact, or with the whole network."""
    introductions = Introduction.objects.for_user(user).filter(
        status__in=[IntroductionStatus.MADE, IntroductionStatus.CLOSED]
    )
    introduced_me = Contact.objects.for_user(user).filter(introduced_by__isnull=False)
    referrals = Referral.objects.for_user(user)
    favors = Favor.objects.for_user(user)
    interactions = Interaction.objects.for_user(user)
    if contact is not None:
        introductions = introductions.filter(Q(a=contact) | Q(b=contact))
        introduced_me = introduced_me.filter(introduced_by=contact)
        referrals = referrals.filter(Q(from_contact=contact) | Q(to_contact=contact))
        favors = favors.filter(contact=contact)
        interactions = interactions.filter(contact=contact)
    gave_referrals = referrals.filter(from_contact__isnull=True)
    got_referrals = referrals.filter(to_contact__isnull=True)
    favor_counts = dict(favors.values_list("flow").annotate(n=Count("id")))
    interaction_counts = dict(
        interactions.exclude(kind="intro").values_list("direction").annotate(n=Count("id"))
    )
    # A favour logs an interaction too: counted once, as the favour. Subtracted rather than
    # joined, so the count over every interaction stays on its covering index.
    logged = favors.filter(interaction__isnull=False).exclude(interaction__kind="intro")
    for direction, n in logged.values_list("interaction__direction").annotate(n=Count("id")):
        interaction_counts[direction] = interaction_counts.get(direction, 0) - n
    return Ledger(
        gave={
            "introductions": introductions.count(),
            "referrals": gave_referrals.count(),
            "favors": favor_counts.get(Flow.GAVE, 0),
            "interactions": interaction_counts.get("gave", 0),
        },
        received={
            "introductions": introduced_me.count(),
            "referrals": got_referrals.count(),
            "favors": favor_counts.get(Flow.RECEIVED, 0),
            "interactions": interaction_counts.get("received", 0),
        },
        mutual=interaction_counts.get("mutual", 0),
        referral_value_gave=_money(gave_referrals.values_list("currency", "value")),
        referral_value_received=_money(got_referrals.values_list("currency", "value")),
    )


@dataclass
class Giver:
    contact: Contact
    introductions: int
    needs: list[str]


def givers_to_thank(*, user, limit: int = 3) -> list[Giver]:
    """Contacts who introduced you to the most people: what do they need?"""
    # Counted on the index of who introduced whom, without reading a contact's row; then
    # the few with the most are read, ties broken by name.
    counts = (
        Contact.objects.for_user(user)
        .filter(introduced_by__isnull=False)
        .values_list("introduced_by")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    top = list(counts[:limit])
    if not top:
        return []
    least = top[-1][1]
    tied = dict(counts.filter(n__gte=least)) if len(top) == limit else dict(top)
    rows = sorted(
        Contact.objects.for_user(user).filter(pk__in=tied).prefetch_related("needs"),
        key=lambda c: (-tied[c.pk], c.name),
    )[:limit]
    return [
        Giver(contact=c, introductions=tied[c.pk], needs=[x.text for x in c.needs.all()])
        for c in rows
    ]


def favor_list(*, user, contact: Contact):
    return Favor.objects.for_user(user).filter(contact=contact).order_by("-date", "-id")


def referral_list(*, user, contact: Contact):
    return (
        Referral.objects.for_user(user)
        .filter(Q(from_contact=contact) | Q(to_contact=contact))
        .order_by("-date", "-id")
    )
