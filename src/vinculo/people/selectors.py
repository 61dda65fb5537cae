"""Reads of people. Every selector takes the requesting user and starts from it."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connections
from django.db.models import Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.urls import reverse

from vinculo.activity.models import Event, FollowUp, Interaction
from vinculo.engines.text import fold
from vinculo.giving.models import Introduction, Referral

from .models import Contact, Need, Offer, Organization, Tag, Tie
from .search_index import FTS, MIN_WORD, match_phrase


def contact_list(*, user, query: str = "", tag: str = "") -> QuerySet[Contact]:
    """Contacts whose name, organization, title, city, email or phone contain every word of
    ``query`` (accents and case ignored), optionally with the tag named ``tag``."""
    contacts = _matching(Contact.objects.for_user(user), words=fold(query).split())
    if tag:
        contacts = contacts.filter(tags__name=tag)
    return contacts.select_related("organization").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def _matching(contacts: QuerySet[Contact], *, words: list[str]) -> QuerySet[Contact]:
    """``contacts`` whose ``search_text`` contains every word, through the trigram index
    (``search_index``): on SQLite the ids its FTS5 table finds for the words of three
    letters or more, on PostgreSQL ``LIKE`` served by the pg_trgm index."""
    if connections[contacts.db].vendor == "sqlite":
        indexed = [w for w in words if len(w) >= MIN_WORD]
        if indexed:
            found = RawSQL(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", (match_phrase(indexed),)
            )
            contacts = contacts.filter(pk__in=found)
        words = [w for w in words if len(w) < MIN_WORD]
    for word in words:
        contacts = contacts.filter(search_text__contains=word)
    return contacts


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One line of the contact list: what it shows, as plain values."""

    id: int
    name: str
    url: str
    line: str  # title · organization · city, those that are known
    tags: list[str]


def contact_url_maker():
    """``contact id → URL of its page``, with the URL resolved once instead of per row."""
    head, tail = reverse("contacts.detail", kwargs={"contact_id": 0}).rsplit("0", 1)
    return lambda pk: f"{head}{pk}{tail}"


def contact_rows(*, user, ids: list[int]) -> list[ContactRow]:
    """The contacts ``ids`` as rows of the contact list, in the order of ``ids``.

    Two queries whatever the page, read as plain values: building a model instance per
    row (and per tag) and looking its fields up in the template cost more than the SQL.
    """
    found = {
        row[0]: row
        for row in Contact.objects.for_user(user)
        .filter(pk__in=ids)
        .order_by()
        .values_list("id", "name", "title", "organization__name", "city")
    }
    tags: dict[int, list[str]] = defaultdict(list)
    if found:
        tagged = Contact.tags.through.objects.filter(contact_id__in=list(found))
        for contact_id, name in tagged.order_by("tag__name").values_list("contact_id", "tag__name"):
            tags[contact_id].append(name)
    url = contact_url_maker()
    # A row deleted between reading the ids and the rows is left out.
    return [
        ContactRow(
            id=pk,
            name=name,
            url=url(pk),
            line=" · ".join(x for x in (title, organization, city) if x),
            tags=tags.get(pk, []),
        )
        for pk, name, title, organization, city in (found[pk] for pk in ids if pk in found)
    ]


def contact_get(*, user, contact_id: int) -> Contact:
    return get_object_or_404(
        Contact.objects.for_user(user).select_related("organization", "introduced_by", "met_event"),
        pk=contact_id,
    )


def contact_find(*, user, ref: str) -> list[Contact]:
    """Contacts whose external id is ``ref``, else whose name is ``ref`` (accents and case
    ignored). Used where a person is named on the command line."""
    contacts = Contact.objects.for_user(user)
    by_id = list(contacts.filter(external_id=ref))
    if by_id:
        return by_id
    folded = " ".join(fold(ref).split())
    candidates = contacts.filter(search_text__startswith=folded.split(" ")[0]) if folded else []
    return [c for c in candidates if " ".join(fold(c.name).split()) == folded]


def contact_timeline(*, contact: Contact) -> QuerySet[Interaction]:
    """The contact's interactions, newest first, with the columns the timeline shows."""
    return contact.interactions.order_by("-date", "-id").only(
        "kind", "direction", "date", "summary", "contact"
    )


def contact_ties(*, contact: Contact) -> list[tuple[Tie, Contact]]:
    """The contact's ties, each with the person on the other end, strongest first."""
    ties = Tie.objects.for_user(contact.owner)
    # One indexed lookup per side, joined by UNION ALL: with ``a = x OR b = x`` next to the
    # owner, SQLite walks every tie of the owner (25 ms with 100,000 ties) instead.
    mine = ties.filter(a=contact).values("pk").union(ties.filter(b=contact).values("pk"), all=True)
    # Only the name of the people at either end: their other columns (JSON lists) are
    # not shown and cost more to decode than the query.
    ties = (
        ties.filter(pk__in=mine)
        .select_related("a", "b")
        .only("a", "b", "strength", "how", "a__name", "b__name")
    )
    pairs = [(tie, tie.other(contact)) for tie in ties]
    pairs.sort(key=lambda p: (-(p[0].strength or 0), p[1].name))
    return pairs


def tie_get(*, user, tie_id: int) -> Tie:
    return get_object_or_404(Tie.objects.for_user(user).select_related("a", "b"), pk=tie_id)


def offer_get(*, user, offer_id: int) -> Offer:
    return get_object_or_404(Offer.objects.for_user(user), pk=offer_id)


def need_get(*, user, need_id: int) -> Need:
    return get_object_or_404(Need.objects.for_user(user), pk=need_id)


def tag_list(*, user) -> QuerySet[Tag]:
    return Tag.objects.for_user(user).order_by("name")


def organization_list(*, user) -> QuerySet[Organization]:
    return Organization.objects.for_user(user).order_by("name")


def profile_offers(*, user) -> list[str]:
    return list(Offer.objects.for_user(user).filter(contact=None).values_list("text", flat=True))


def profile_needs(*, user) -> list[str]:
    return list(Need.objects.for_user(user).filter(contact=None).values_list("text", flat=True))


def network_counts(*, user) -> dict[str, int]:
    """How many of each thing the user's network holds (``vinculo stats``).

    ``offers`` and ``needs`` count the owner's own too; ``followups_open`` are the
    follow-ups not done yet.
    """
    return {
        "contacts": Contact.objects.for_user(user).count(),
        "organizations": Organization.objects.for_user(user).count(),
        "ties": Tie.objects.for_user(user).count(),
        "interactions": Interaction.objects.for_user(user).count(),
        "offers": Offer.objects.for_user(user).count(),
        "needs": Need.objects.for_user(user).count(),
        "events": Event.objects.for_user(user).count(),
        "introductions": Introduction.objects.for_user(user).count(),
        "referrals": Referral.objects.for_user(user).count(),
        "followups_open": FollowUp.objects.for_user(user).filter(done=False).count(),
    }
