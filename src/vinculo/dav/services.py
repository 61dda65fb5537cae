"""Writes of the CardDAV address book: app passwords, and one card uploaded or deleted.

A card in is read by the vCard importer (the same mapping as a file import) and written by
``exchange.network_import``; a card replaces the contact's standard fields (a field the card
no longer has is cleared), while what only Vínculo knows (offers, needs, strength …) stays
when a phone leaves its ``X-VINCULO-*`` properties out. Whatever an upload replaces is kept
in the contact's ``extra`` under ``carddav_replaced``, so an edit made in the app and
overwritten by a phone's older copy is never lost.
"""

import hashlib
import secrets
from urllib.parse import unquote

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinculo.giving.matching import matches_refresh
from vinculo.people import services as people_services
from vinculo.people.models import Contact
from vinculo.portability import exchange
from vinculo.portability.importers.services import DEFAULT_STRENGTH, entry_item
from vinculo.portability.importers.vcard import vcard_parse

from .models import AppPassword

SECRET_BYTES = 32
MAX_REF = Contact._meta.get_field("external_id").max_length
# Standard fields a card holds in full: absent from an uploaded card means cleared.
CLEARED = {
    "organization": None,
    "title": None,
    "emails": [],
    "phones": [],
    "urls": [],
    "city": None,
    "country": None,
    "notes": None,
    "tags": [],
    "does": None,
}


class CardError(ValueError):
    """A card that cannot be stored; the text says why."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def app_password_create(*, user, label: str) -> tuple[AppPassword, str]:
    """A new app password; the secret is returned once and only its hash is kept."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    password = AppPassword.objects.create(
        owner=user, label=label.strip() or _("Phone"), secret_hash=_digest(secret)
    )
    return password, secret


def app_password_revoke(*, password: AppPassword) -> None:
    password.delete()


def dav_authenticate(*, request, username: str, password: str):
    """The user for HTTP Basic credentials: an app password of that user, else the
    account's password (through Django's authentication, so failures count towards the
    lock-out like logins do). None when neither matches."""
    found = (
        AppPassword.objects.filter(secret_hash=_digest(password), owner__username=username)
        .select_related("owner")
        .first()
    )
    if found is not None and found.owner.is_active:
        AppPassword.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found.owner
    return authenticate(request=request, username=username, password=password)


def href_ref(href: str) -> str:
    """The contact's id in the address book from an item's name: ``abc.vcf`` → ``abc``."""
    ref = unquote(href)
    return ref[: -len(".vcf")] if ref.lower().endswith(".vcf") else ref


def _snapshot(contact: Contact) -> dict:
    return {
        "name": contact.name,
        "organization": contact.organization.name if contact.organization else "",
        "title": contact.title,
        "emails": list(contact.emails),
        "phones": list(contact.phones),
        "urls": list(contact.urls),
        "city": contact.city,
        "country": contact.country,
        "notes": contact.notes,
        "does": contact.does,
        "tags": sorted(contact.tags.values_list("name", flat=True)),
    }


def _matched(contact: Contact) -> tuple:
    """What the contact's suggestions are worked out from (``matches_refresh``)."""
    return (
        list(contact.offers.order_by("position", "id").values_list("text", flat=True)),
        list(contact.needs.order_by("position", "id").values_list("text", flat=True)),
        list(contact.languages),
    )


@transaction.atomic
def card_upload(*, user, href: str, text: str, contact: Contact | None) -> Contact:
    """Create (``contact`` None) or replace a contact from one uploaded card at ``href``."""
    parsed = vcard_parse(text.encode("utf-8"))
    if parsed.fatal or not parsed.entries:
        why = parsed.fatal or (parsed.problems[0].why if parsed.problems else "")
        raise CardError(why or _("no BEGIN:VCARD … END:VCARD in the file"))
    entry = parsed.entries[0]
    fresh = dict(entry.extra)
    errors: list[dict] = []
    item = entry_item(entry=entry, kind="vcard", source=href, errors=errors)
    if item is None:
        raise CardError(errors[-1]["why"])
    if fresh:
        # The card's own properties win over the copy kept in X-VINCULO-EXTRA.
        kept = item.get("vcard") if isinstance(item.get("vcard"), dict) else {}
        item["vcard"] = {**kept, **entry.extra}
    ref = href_ref(href)
    if len(ref) > MAX_REF or not ref:
        raise CardError(_("the name of the card is too long"))
    item["id"] = ref
    if entry.uid and entry.uid != ref:
        item["carddav_uid"] = entry.uid  # written back as the card's UID
    before = matched = None
    if contact is None:
        item.setdefault("strength", DEFAULT_STRENGTH)
    else:
        if contact.external_id != ref:
            contact.external_id = ref
            contact.save(update_fields=["external_id"])
        before, matched = _snapshot(contact), _matched(contact)
        for key, empty in CLEARED.items():
            item.setdefault(key, empty)
        if " ".join((item["organization"] or "").split()) == before["organization"]:
            # Unchanged (most edits): the import would look every organization up for it.
            del item["organization"]
    report = exchange.network_import(
        user=user,
        document={"format": exchange.FORMAT, "contacts": [item]},
        source_name=href,
        rescore=False,
    )
    if report.rejected or report.skipped or not report.written:
        raise CardError("; ".join(e["why"] for e in report.errors) or _("the card was not saved"))
    saved = Contact.objects.for_user(user).exclude(external_id="").get(external_id=ref)
    if matched is None or _matched(saved) != matched:  # most edits leave suggestions be
        matches_refresh(owner=user, contact=saved)
    if before is not None:
        after = _snapshot(saved)
        replaced = {k: v for k, v in before.items() if v and after[k] != v}
        if replaced:
            extra = saved.extra if isinstance(saved.extra, dict) else {}
            kept = extra.get("carddav_replaced")
            kept = kept if isinstance(kept, dict) else {}
            kept.update(replaced)
            extra["carddav_replaced"] = kept
            Contact.objects.for_user(user).filter(pk=saved.pk).update(extra=extra)
            saved.extra = extra
    return saved


def card_delete(*, contact: Contact) -> None:
    people_services.contact_delete(contact=contact)
