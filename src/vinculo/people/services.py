"""Writes to people: contacts, their offers and needs, organizations, tags and ties.

Every function takes keyword-only arguments and the owner explicitly (or an
object that already belongs to one), so the web, the API and the CLI share them.
"""

from collections.abc import Iterable
from django.db import transaction
from django.utils import timezone

from vinculo.activity.services import interaction_log
from vinculo.engines.text import fold_words

from .models import Contact, Need, Offer, Organization, Tag, Tie

# Fields of Contact that callers may set directly.
CONTACT_FIELDS = (
    "name",
    "title",
    "emails",
    "phones",
    "urls",
    "city",
    "country",
    "languages",
    "does",
    "expects",
    "notes",
    "met_on",
    "met_where",
    "met_event",
    "introduced_by",
    "strength",
    "external_id",
    "extra",
)


def organization_get_or_create(*, owner, name: str) -> Organization | None:
    name = " ".join((name or "").split())
    if not name:
        return None
    org = Organization.objects.for_user(owner).filter(name__iexact=name).first()
    if org is None:
        org = Organization.objects.create(owner=owner, name=name)
    return org


def tags_for_names(*, owner, names: Iterable[str]) -> list[Tag]:
    wanted = []
    for name in names:
        name = " ".join(name.split())
        if name and name not in wanted:
            wanted.append(name)
    existing = {t.name: t for t in Tag.objects.for_user(owner).filter(name__in=wanted)}
    missing = [Tag(owner=owner, name=n) for n in wanted if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing)
        existing.update({t.name: t for t in Tag.objects.for_user(owner).filter(name__in=wanted)})
    return [existing[n] for n in wanted]


def contact_search_text(contact: Contact) -> str:
    parts = [contact.name, contact.title, contact.city]
    if contact.organization_id:
        parts.append(contact.organization.name)
    parts.extend(contact.emails)
    parts.extend(contact.phones)
    return fold_words(" ".join(p for p in parts if p))


def _texts_set(model, *, contact: Contact | None, owner, texts: Iterable[str]) -> None:
    """Make the contact's (or owner's) offers or needs exactly ``texts``, in order.

    Rows whose text did not change are kept (same id), so whatever indexes them
    only sees the real changes.
    """
    texts = [t.strip() for t in texts if t and t.strip()]
    rows = list(model.objects.for_user(owner).filter(contact=contact).order_by("position", "id"))
    by_text: dict[str, list] = {}
    for row in rows:
        by_text.setdefault(row.text, []).append(row)
    keep, create = [], []
    for position, text in enumerate(texts):
        if by_text.get(text):
            row = by_text[text].pop(0)
            if row.position != position:
                row.position = position
                row.save(update_fields=["position", "updated_at"])
            keep.append(row.pk)
        else:
            create.append(model(owner=owner, contact=contact, text=text, position=position))
    model.objects.for_user(owner).filter(contact=contact).exclude(pk__in=keep).delete()
    model.objects.bulk_create(create)


def offers_set(*, owner, contact: Contact | None, texts: Iterable[str]) -> None:
    _texts_set(Offer, contact=contact, owner=owner, texts=texts)


def needs_set(*, owner, contact: Contact | None, texts: Iterable[str]) -> None:
    _texts_set(Need, contact=contact, owner=owner, texts=texts)


def _next_position(model, *, owner, contact) -> int:
    last = model.objects.for_user(owner).filter(contact=contact).order_by("-position").first()
    return last.position + 1 if last else 0


def offer_create(*, owner, contact: Contact | None, text: str) -> Offer:
    position = _next_position(Offer, owner=owner, contact=contact)
    return Offer.objects.create(owner=owner, contact=contact, text=text.strip(), position=position)


def need_create(*, owner, contact: Contact | None, text: str) -> Need:
    position = _next_position(Need, owner=owner, contact=contact)
    return Need.objects.create(owner=owner, contact=contact, text=text.strip(), position=position)


def trait_update(*, trait: Offer | Need, text: str) -> Offer | Need:
    trait.text = text.strip()
    trait.save(update_fields=["text", "updated_at"])
    return trait


def trait_delete(*, trait: Offer | Need) -> None:
    trait.delete()


@transaction.atomic
def contact_create(
    *,
    owner,
    name: str,
    organization: str = "",
    tags: Iterable[str] = (),
    offers: Iterable[str] = (),
    needs: Iterable[str] = (),
    **fields,
) -> Contact:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_create() got unexpected fields {sorted(unknown)}")
    contact = Contact(owner=owner, name=name.strip(), **fields)
    contact.organization = organization_get_or_create(owner=owner, name=organization)
    contact.search_text = contact_search_text(contact)
    contact.save()
    if tags:
        contact.tags.set(tags_for_names(owner=owner, names=tags))
    offers_set(owner=owner, contact=contact, texts=offers)
    needs_set(owner=owner, contact=contact, texts=needs)
    return contact


_UNSET = object()


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    organization=_UNSET,
    tags=_UNSET,
    offers=_UNSET,
    needs=_UNSET,
    **fields,
) -> Contact:
    """Change only the fields given; lists given replace the old ones."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update() got unexpected fields {sorted(unknown)}")
    owner = contact.owner
    for field, value in fields.items():
        setattr(contact, field, value.strip() if field == "name" else value)
    if organization is not _UNSET:
        contact.organization = organization_get_or_create(owner=owner, name=organization or "")
    contact.search_text = contact_search_text(contact)
    contact.save()
    if tags is not _UNSET:
        contact.tags.set(tags_for_names(owner=owner, names=tags))
    if offers is not _UNSET:
        offers_set(owner=owner, contact=contact, texts=offers)
    if needs is not _UNSET:
        needs_set(owner=owner, contact=contact, texts=needs)
    return contact


def contact_delete(*, contact: Contact) -> None:
    contact.delete()


@transaction.atomic
def contact_quick_add(*, owner, name: str, where: str = "", line: str = "") -> Contact:
    """The two-tap capture at an event: met today, there, with one line to remember them by."""
    today = timezone.localdate()
    contact = contact_create(owner=owner, name=name, met_on=today, met_where=where, notes=line)
    interaction_log(
        owner=owner, contact=contact, kind="meeting", direction="mutual", date=today, summary=where
    )
    return contact


def _ordered(a: Contact, b: Contact) -> tuple[Contact, Contact]:
    if a.pk == b.pk:
        raise ValueError("a contact cannot be tied to itself")
    return (a, b) if a.pk < b.pk else (b, a)


def tie_create(
    *, owner, a: Contact, b: Contact, strength: float | None = None, how: str = "", extra=None
) -> Tie:
    """Record that ``a`` and ``b`` know each other; a second call updates the same tie."""
    a, b = _ordered(a, b)
    tie, _created = Tie.objects.update_or_create(
        owner=owner, a=a, b=b, defaults={"strength": strength, "how": how, "extra": extra or {}}
    )
    return tie


def tie_update(*, tie: Tie, strength=_UNSET, how=_UNSET) -> Tie:
    if strength is not _UNSET:
        tie.strength = strength
    if how is not _UNSET:
        tie.how = how
    tie.save()
    return tie


def tie_delete(*, tie: Tie) -> None:
    tie.delete()


def organization_rename(*, organization: Organization, name: str) -> Organization:
    organization.name = " ".join(name.split())
    organization.save()
    contacts = list(organization.contacts.all())
    for contact in contacts:
        contact.organization = organization
        contact.search_text = contact_search_text(contact)
    Contact.objects.bulk_update(contacts, ["search_text"])
    return organization


def profile_update(
    *,
    user,
    display_name=_UNSET,
    does=_UNSET,
    pitch=_UNSET,
    offers=_UNSET,
    needs=_UNSET,
    language=_UNSET,
) -> None:
    """The owner's own profile: what I do, offer, need, and my pitch."""
    with transaction.atomic():
        for field, value in (
            ("display_name", display_name),
            ("does", does),
            ("pitch", pitch),
            ("language", language),
        ):
            if value is not _UNSET:
                setattr(user, field, value)
        user.save()
        if offers is not _UNSET:
            offers_set(owner=user, contact=None, texts=offers)
        if needs is not _UNSET:
            needs_set(owner=user, contact=None, texts=needs)

