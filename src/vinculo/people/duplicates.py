"""Reads for probable duplicates: the owner's contacts fed to ``engines.duplicates``.

The writes (merging two contacts, saying two are not the same) are in ``services``.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from vinculo.engines.duplicates import (
    EMAIL,
    NAME,
    PHONE,
    Pair,
    Person,
    duplicates_find,
    duplicates_find_in_parts,
)

from .models import Contact, DuplicateDismissal, Organization
from .selectors import contact_get

# The keys of at most about this many contacts are held at once: a larger network is
# searched in parts (``engines.duplicates.duplicates_find_in_parts``), so the memory of the
# search does not grow with it (about 600 bytes a contact in one search).
PART_CONTACTS = 20_000


@dataclass(frozen=True)
class Duplicate:
    """Two contacts that are probably one person, and why."""

    a: Contact
    b: Contact
    reason: str
    detail: str

    @property
    def why(self) -> str:
        return duplicate_reason_text(self.reason, self.detail)


def duplicate_reason_text(reason: str, detail: str) -> str:
    if reason == EMAIL:
        return _("Same email: %(email)s") % {"email": detail}
    if reason == PHONE:
        return _("Same phone: %(phone)s") % {"phone": detail}
    if reason == NAME:
        return _("Close names in the same organization")
    return ""


def _people(user, contacts) -> Iterator[Person]:
    """The contacts as the engine's people, read in one query and handed over as they come
    (the engine keeps only its keys, never the whole network at once). Emails and phones
    come as their JSON text and are decoded here only when not empty: Django's decoding of
    every JSON value took most of the time with 50,000 contacts."""
    organizations = dict(Organization.objects.for_user(user).values_list("id", "name"))
    rows = contacts.order_by().values_list(
        "id",
        "name",
        "organization_id",
        Cast("emails", output_field=TextField()),
        Cast("phones", output_field=TextField()),
    )
    for pk, name, organization_id, emails, phones in rows.iterator(chunk_size=2000):
        yield Person(pk, name, organizations.get(organization_id, ""), _list(emails), _list(phones))


def _list(text: str | None) -> list:
    if not text or text == "[]":
        return []
    value = json.loads(text)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dismissed(user) -> list[tuple[int, int]]:
    return list(DuplicateDismissal.objects.for_user(user).values_list("a_id", "b_id"))


def duplicate_pairs(*, user, contact_ids=None) -> list[Pair]:
    """The owner's probable duplicate pairs (dismissed ones left out), in order of ids.

    With ``contact_ids`` (e.g. the contacts an import just wrote), only the pairs that
    involve one of them.
    """
    contacts = Contact.objects.for_user(user)
    pairs = duplicates_find_in_parts(
        _people(user, contacts),
        parts=-(-contacts.count() // PART_CONTACTS),
        dismissed=_dismissed(user),
        region=settings.PHONE_DEFAULT_REGION,
    )
    if contact_ids is not None:
        wanted = set(contact_ids)
        pairs = [p for p in pairs if p.a in wanted or p.b in wanted]
    return pairs


def duplicate_count(*, user, contact_ids=None) -> int:
    """How many probable duplicate pairs there are ("probable duplicates: N")."""
    return len(duplicate_pairs(user=user, contact_ids=contact_ids))


def duplicate_list(*, user, contact_ids=None) -> list[Duplicate]:
    """The pairs of :func:`duplicate_pairs` with their contacts, for a page or the API."""
    pairs = duplicate_pairs(user=user, contact_ids=contact_ids)
    ids = {p.a for p in pairs} | {p.b for p in pairs}
    contacts = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        query = Contact.objects.for_user(user).filter(pk__in=chunk).select_related("organization")
        contacts.update((c.pk, c) for c in query)
    return [Duplicate(contacts[p.a], contacts[p.b], p.reason, p.detail) for p in pairs]


def duplicate_get(*, user, contact_id: int, other_id: int) -> Duplicate:
    """Two of the owner's contacts side by side, with why they look like one person (404
    when either is not the owner's; ``reason`` empty when nothing says they are)."""
    a = contact_get(user=user, contact_id=contact_id)
    b = contact_get(user=user, contact_id=other_id)
    found = duplicates_find(
        _people(user, Contact.objects.for_user(user).filter(pk__in=[a.pk, b.pk])),
        region=settings.PHONE_DEFAULT_REGION,
    )
    if found:
        return Duplicate(a, b, found[0].reason, found[0].detail)
    return Duplicate(a, b, "", "")
