"""Reads of the CardDAV address book: app passwords and the contacts as cards."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max
from django.db.models.fields.json import KT

from vinculo.people.models import Contact
from vinculo.portability import exchange
from vinculo.portability.exporters.vcard import contact_card

from .models import AppPassword

DROPPED = {"carddav_replaced", "carddav_uid"}  # kept in the app, not sent as X-VINCULO-EXTRA


# Bump when the way a card is written changes, so every ETag changes with it.
CARD_FORMAT = "vcard-4.0/2"
_PLAIN_REF = re.compile(r"c(\d+)(?:-\d+)?")


@dataclass(frozen=True)
class Card:
    """A contact as an item of the address book, without its text (see ``cards_text``)."""

    href: str  # "<contact's id in an export>.vcf"
    contact_id: int
    uid: str
    etag: str  # changes whenever the card does (see ``cards_list``)
    updated_at: object


def app_password_list(*, user) -> list[AppPassword]:
    return list(AppPassword.objects.for_user(user))


def app_password_get(*, user, password_id: int) -> AppPassword:
    return AppPassword.objects.for_user(user).get(pk=password_id)


def _uid(value, ref: str) -> str:
    return value if isinstance(value, str) and value else ref


def cards_list(*, user, contacts: Iterable[int] | None = None) -> list[Card]:
    """``user``'s contacts (all, or the pks in ``contacts``) as cards of the address book, in
    one read of a few columns per contact; no card is written.

    A card shows the contact's row, its tags, offers and needs (the services that change
    those mark the contact changed, ``updated_at``), and three things of other rows: the
    name of its organization, the name of the event where the owner met them and the id of
    who introduced them. The ETag is a hash of those and the card's href and UID.
    """
    rows = Contact.objects.for_user(user).order_by("id")
    if contacts is not None:
        rows = rows.filter(pk__in=list(contacts))
    rows = list(
        rows.values_list(
            "id",
            "updated_at",
            "introduced_by_id",
            "organization__name",
            "met_event__name",
            KT("extra__carddav_uid"),
        )
    )
    if contacts is None:
        ids = exchange.contact_ids(user=user)
    else:
        ids = exchange.contact_ids(
            user=user, contacts=({r[0] for r in rows} | {r[2] for r in rows}) - {None}
        )
    cards = []
    for pk, updated_at, introducer, organization, event, uid in rows:
        ref = ids[pk]
        uid = _uid(uid, ref)
        introducer = ids.get(introducer, "")
        when = updated_at.isoformat()
        basis = "\x1f".join(
            (CARD_FORMAT, ref, uid, when, organization or "", event or "", introducer)
        )
        etag = f'"{hashlib.sha256(basis.encode()).hexdigest()}"'
        cards.append(Card(f"{ref}.vcf", pk, uid, etag, updated_at))
    return cards


def cards_find(*, user, hrefs: Iterable[str]) -> dict[str, Card]:
    """The cards at ``hrefs`` (names of items in the address book; unknown ones are left out),
    reading only the contacts they can name: an external id, or ``c<pk>``."""
    refs = {href[: -len(".vcf")] for href in hrefs if href.endswith(".vcf")}
    if not refs:
        return {}
    pks = set()
    for ref in refs:
        if plain := _PLAIN_REF.fullmatch(ref):
            pks.add(int(plain.group(1)))
    everyone = Contact.objects.for_user(user).order_by()
    pks.update(
        everyone.exclude(external_id="").filter(external_id__in=refs).values_list("pk", flat=True)
    )
    return {
        card.href: card for card in cards_list(user=user, contacts=pks) if card.href[:-4] in refs
    }


def cards_text(*, user, contacts: Iterable[int] | None = None) -> dict[int, str]:
    """The text of the cards of ``user``'s contacts (all, or the pks in ``contacts``), written
    by the vCard exporter from their exchange entries: contact pk → card."""
    contacts = None if contacts is None else set(contacts)
    document = exchange.network_export(user=user, contacts_only=True, contacts=contacts)
    events = {e["id"]: e["name"] for e in document.get("events", ())}
    ids = exchange.contact_ids(user=user, contacts=contacts)
    by_ref = {ref: pk for pk, ref in ids.items()}
    texts = {}
    for entry in document["contacts"]:
        uid = _uid(entry.get("carddav_uid"), entry["id"])
        entry = {k: v for k, v in entry.items() if k not in DROPPED}
        card = contact_card(entry, version="4.0", events=events)
        card.uid.value = uid
        texts[by_ref[entry["id"]]] = card.serialize()
    return texts


def card_uid_taken(*, user, uid: str) -> bool:
    """Whether a card of ``user``'s address book has the UID ``uid`` (the one its phone gave
    it, else its id)."""
    given = Contact.objects.for_user(user).order_by().filter(extra__carddav_uid=uid)
    pks = set(given.values_list("pk", flat=True))
    pks.update(card.contact_id for card in cards_find(user=user, hrefs=[f"{uid}.vcf"]).values())
    return any(card.uid == uid for card in cards_list(user=user, contacts=pks))


def cards_last_modified(*, user):
    """When a contact of ``user`` last changed; None without contacts."""
    return Contact.objects.for_user(user).aggregate(latest=Max("updated_at"))["latest"]
