"""Reads of the CardDAV address book: app passwords and the contacts as cards."""

import hashlib
import json
from dataclasses import dataclass, field

from vinculo.people.models import Contact
from vinculo.portability import exchange
from vinculo.portability.exporters.vcard import contact_card

from .models import AppPassword

DROPPED = {"carddav_replaced", "carddav_uid"}  # kept in the app, not sent as X-VINCULO-EXTRA


# Bump when the way a card is written changes, so every ETag changes with it.
CARD_FORMAT = "vcard-4.0/1"


@dataclass(frozen=True)
class Card:
    href: str  # "<contact's id in an export>.vcf"
    contact_id: int
    uid: str
    etag: str  # a hash of what the card is written from: changes whenever the card does
    updated_at: object
    entry: dict = field(repr=False)
    events: dict = field(repr=False)

    def text(self) -> str:
        """The card, written by the vCard exporter (only when a client asks for it)."""
        card = contact_card(self.entry, version="4.0", events=self.events)
        card.uid.value = self.uid
        return card.serialize()


def app_password_list(*, user) -> list[AppPassword]:
    return list(AppPassword.objects.for_user(user))


def app_password_get(*, user, password_id: int) -> AppPassword:
    return AppPassword.objects.for_user(user).get(pk=password_id)


def cards_list(*, user) -> list[Card]:
    """Every contact of ``user`` as a card of the address book. Cards are written only when
    read; their ETags come from the exchange entries they are written from."""
    document = exchange.network_export(user=user, contacts_only=True)
    events = {e["id"]: e["name"] for e in document.get("events", ())}
    ids = exchange.contact_ids(user=user)
    by_ref = {ref: pk for pk, ref in ids.items()}
    updated = dict(Contact.objects.for_user(user).values_list("pk", "updated_at"))
    cards = []
    for entry in document["contacts"]:
        uid = entry.get("carddav_uid")
        uid = uid if isinstance(uid, str) and uid else entry["id"]
        entry = {k: v for k, v in entry.items() if k not in DROPPED}
        met_event = (entry.get("met") or {}).get("event")
        basis = json.dumps(
            [CARD_FORMAT, uid, entry, events.get(met_event)], ensure_ascii=False, sort_keys=True
        )
        etag = f'"{hashlib.sha256(basis.encode()).hexdigest()}"'
        pk = by_ref[entry["id"]]
        cards.append(Card(f"{entry['id']}.vcf", pk, uid, etag, updated[pk], entry, events))
    return cards
