"""Writes to people: contacts, their offers and needs, organizations, tags and ties.

Every function takes keyword-only arguments and the owner explicitly (or an
object that already belongs to one), so the web, the API and the CLI share them.
"""

import functools
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from vinculo.activity.services import followup_after_meeting, interaction_log
from vinculo.engines.duplicates import email_key, phone_key
from vinculo.engines.text import fold_words
from vinculo.giving.matching import (
    index_ready,
    matches_forget,
    matches_rebuild,
    matches_refresh,
)
from vinculo.giving.models import Introduction, Match

from .models import Contact, DuplicateDismissal, Need, Offer, Organization, Tag, Tie

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
_UNSET = object()  # an argument not given: that field is left as it is


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


def _tags_replace(*, contact: Contact, tags: list[Tag]) -> None:
    """``contact.tags.set`` keeping the order given (``set`` adds them in no set order, and
    the export lists a contact's tags in the order they were stored)."""
    through = Contact.tags.through
    wanted = [tag.pk for tag in tags]
    stored = list(
        through.objects.filter(contact=contact).order_by("id").values_list("tag_id", flat=True)
    )
    if stored == wanted:
        return
    through.objects.filter(contact=contact).delete()
    through.objects.bulk_create([through(contact=contact, tag_id=pk) for pk in wanted])


def contact_search_text(contact: Contact) -> str:
    parts = [contact.name, contact.title, contact.city]
    if contact.organization_id:
        parts.append(contact.organization.name)
    parts.extend(contact.emails)
    parts.extend(contact.phones)
    return fold_words(" ".join(p for p in parts if p))


def _contacts_touch(pks: Iterable[int], *, contact: Contact | None = None) -> None:
    """Mark contacts as changed (``updated_at``) when a row they show changed (an offer, a
    need, a tag): a synced address book tells what changed by it (``dav``). ``contact``, an
    instance in hand among them, gets the same time, so what the caller returns is current."""
    now = timezone.now()
    for chunk in _chunked(sorted(set(pks))):
        Contact.objects.filter(pk__in=chunk).update(updated_at=now)
    if contact is not None:
        contact.updated_at = now


def _texts_set(model, *, contact: Contact | None, owner, texts: Iterable[str]) -> bool:
    """Make the contact's (or owner's) offers or needs exactly ``texts``, in order; says
    whether any text changed.

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
    changed = bool(create) or len(keep) != len(rows)
    if contact is not None and (changed or keep != [r.pk for r in rows]):
        _contacts_touch([contact.pk], contact=contact)
    return changed


def offers_set(*, owner, contact: Contact | None, texts: Iterable[str]) -> bool:
    return _texts_set(Offer, contact=contact, owner=owner, texts=texts)


def needs_set(*, owner, contact: Contact | None, texts: Iterable[str]) -> bool:
    return _texts_set(Need, contact=contact, owner=owner, texts=texts)


def _texts_change(*, owner, contact: Contact | None, offers, needs) -> bool:
    """Whether ``offers_set`` / ``needs_set`` with these lists (or ``_UNSET``) would change
    what is matched, order aside: read before a write's transaction opens."""
    for model, texts in ((Offer, offers), (Need, needs)):
        if texts is _UNSET:
            continue
        stored = model.objects.for_user(owner).filter(contact=contact).values_list("text")
        if sorted(t.strip() for t in texts if t and t.strip()) != sorted(t for (t,) in stored):
            return True
    return False


def _rescoring(owner_of):
    """For a service that re-scores suggestions inside its transaction: ``owner_of``, called
    with the service's arguments, names the owner whose network it will re-score (None: it
    will not), and that owner's match index is brought up to date in this process before
    the transaction opens (``giving.matching.index_ready``), not inside it."""

    def decorate(service):
        atomic = transaction.atomic(service)

        @functools.wraps(service)
        def run(**kwargs):
            if (owner := owner_of(**kwargs)) is not None:
                index_ready(owner)
            return atomic(**kwargs)

        return run

    return decorate


def _next_position(model, *, owner, contact) -> int:
    last = model.objects.for_user(owner).filter(contact=contact).order_by("-position").first()
    return last.position + 1 if last else 0


@_rescoring(lambda *, owner, **_: owner)
def offer_create(*, owner, contact: Contact | None, text: str) -> Offer:
    position = _next_position(Offer, owner=owner, contact=contact)
    offer = Offer.objects.create(owner=owner, contact=contact, text=text.strip(), position=position)
    _contacts_touch([contact.pk] if contact else [], contact=contact)
    matches_refresh(owner=owner, contact=contact)
    return offer


@_rescoring(lambda *, owner, **_: owner)
def need_create(*, owner, contact: Contact | None, text: str) -> Need:
    position = _next_position(Need, owner=owner, contact=contact)
    need = Need.objects.create(owner=owner, contact=contact, text=text.strip(), position=position)
    _contacts_touch([contact.pk] if contact else [], contact=contact)
    matches_refresh(owner=owner, contact=contact)
    return need


@_rescoring(lambda *, trait, **_: trait.owner)
def trait_update(*, trait: Offer | Need, text: str) -> Offer | Need:
    trait.text = text.strip()
    trait.save(update_fields=["text", "updated_at"])
    _contacts_touch([trait.contact_id] if trait.contact_id else [])
    # A new text is a new thing to match: earlier suggestions and dismissals go.
    Match.objects.filter(**{trait._meta.model_name: trait}).delete()
    matches_refresh(owner=trait.owner, contact=trait.contact)
    return trait


@_rescoring(lambda *, trait, **_: trait.owner)
def trait_delete(*, trait: Offer | Need) -> None:
    owner, contact = trait.owner, trait.contact
    trait.delete()
    _contacts_touch([contact.pk] if contact else [], contact=contact)
    matches_refresh(owner=owner, contact=contact)


# An empty list of offers and needs re-scores nothing (any other iterable may hold texts).
@_rescoring(lambda *, owner, offers=(), needs=(), **_: owner if offers or needs else None)
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
        _tags_replace(contact=contact, tags=tags_for_names(owner=owner, names=tags))
    # Met someone: a follow-up due the next day (recent meetings only; see the service).
    followup_after_meeting(
        owner=owner, contact=contact, met_on=contact.met_on, event=contact.met_event
    )
    changed = offers_set(owner=owner, contact=contact, texts=offers)
    changed |= needs_set(owner=owner, contact=contact, texts=needs)
    if changed:
        matches_refresh(owner=owner, contact=contact)
    return contact


def contact_update(*, contact: Contact, offers=_UNSET, needs=_UNSET, **fields) -> Contact:
    """Change only the fields given; lists given replace the old ones."""
    offers = offers if offers is _UNSET else list(offers)
    needs = needs if needs is _UNSET else list(needs)
    languages = list(fields.get("languages", contact.languages) or [])
    if languages != list(contact.languages or []) or _texts_change(
        owner=contact.owner, contact=contact, offers=offers, needs=needs
    ):
        index_ready(contact.owner)
    return _contact_update(contact=contact, offers=offers, needs=needs, **fields)


@transaction.atomic
def _contact_update(
    *,
    contact: Contact,
    organization=_UNSET,
    tags=_UNSET,
    offers=_UNSET,
    needs=_UNSET,
    **fields,
) -> Contact:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update() got unexpected fields {sorted(unknown)}")
    owner = contact.owner
    languages_before = list(contact.languages or [])
    for field, value in fields.items():
        setattr(contact, field, value.strip() if field == "name" else value)
    if organization is not _UNSET:
        contact.organization = organization_get_or_create(owner=owner, name=organization or "")
    contact.search_text = contact_search_text(contact)
    contact.save()
    if tags is not _UNSET:
        _tags_replace(contact=contact, tags=tags_for_names(owner=owner, names=tags))
    if "met_on" in fields or "met_event" in fields:
        followup_after_meeting(
            owner=owner, contact=contact, met_on=contact.met_on, event=contact.met_event
        )
    # Only a real change re-scores: the edit form sends every field, and a re-score holds
    # SQLite's one write lock while it lasts (BENCHMARKS.md, "Load"); the index it needs
    # was brought up to date before the transaction (``contact_update``).
    changed = list(contact.languages or []) != languages_before
    if offers is not _UNSET:
        changed |= offers_set(owner=owner, contact=contact, texts=offers)
    if needs is not _UNSET:
        changed |= needs_set(owner=owner, contact=contact, texts=needs)
    if changed:
        matches_refresh(owner=owner, contact=contact)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    owner, had_texts = contact.owner, contact.offers.exists() or contact.needs.exists()
    contact.delete()
    if had_texts:
        matches_forget(owner=owner)


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
    synonyms=_UNSET,
) -> None:
    """The owner's own profile: what I do, offer, need, my pitch, and my own synonyms."""
    offers = offers if offers is _UNSET else list(offers)
    needs = needs if needs is _UNSET else list(needs)
    if (language is not _UNSET and language != user.language) or _texts_change(
        owner=user, contact=None, offers=offers, needs=needs
    ):
        index_ready(user)
    with transaction.atomic():
        changed_fields = []
        for field, value in (
            ("display_name", display_name),
            ("does", does),
            ("pitch", pitch),
            ("language", language),
            ("synonyms", synonyms),
        ):
            if value is not _UNSET and getattr(user, field) != value:
                setattr(user, field, value)
                changed_fields.append(field)
        if changed_fields:
            user.save(update_fields=changed_fields)
        changed = "language" in changed_fields
        if offers is not _UNSET:
            changed |= offers_set(owner=user, contact=None, texts=offers)
        if needs is not _UNSET:
            changed |= needs_set(owner=user, contact=None, texts=needs)
        if "synonyms" in changed_fields:
            # New synonyms change how every text reads: score the network again.
            matches_rebuild(owner=user)
        elif changed:
            matches_refresh(owner=user, contact=None)


# --- Bulk writes, for imports ------------------------------------------------------------
# The same results as contact_create / contact_update called one contact at a time, in a
# handful of queries whatever the number of contacts, so a file of thousands imports in seconds.

_BATCH = 500


def _chunked(values, size: int = _BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def organizations_for_names(*, owner, names: Iterable[str]) -> dict[str, Organization]:
    """``organization_get_or_create`` for many names at once.

    Returns a dict from each tidied, lower-cased name to its organization; the missing ones
    are created.
    """
    wanted: dict[str, str] = {}
    for name in names:
        name = " ".join((name or "").split())
        if name:
            wanted.setdefault(name.lower(), name)
    if not wanted:
        return {}
    known: dict[str, Organization] = {}
    for org in Organization.objects.for_user(owner).order_by("id"):
        known.setdefault(org.name.lower(), org)
    missing = [
        Organization(owner=owner, name=name) for key, name in wanted.items() if key not in known
    ]
    Organization.objects.bulk_create(missing, batch_size=_BATCH)
    known.update((org.name.lower(), org) for org in missing)
    return {key: known[key] for key in wanted}


def rows_insert(model, rows: list[dict]) -> None:
    """INSERT many new rows of ``model`` at once (COPY on PostgreSQL, else a thousand or so
    rows per statement).

    For the many small rows of an import (offers, needs, tag links, ties, interactions…):
    a model instance and compiled SQL per row, as ``bulk_create`` makes, takes most of the
    time of a large import. Each row names its values by attribute (``contact_id`` for a
    foreign key); the columns it leaves out get their default, and ``created_at`` /
    ``updated_at`` the current time. Values whose database form differs from the Python one
    (dates, times, decimals, JSON) go through the field's own ``get_db_prep_save``, so every
    row is stored exactly as the ORM would store it. No ids are returned.
    """
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepared = (models.DateField, models.DecimalField, models.JSONField)
    plan = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        else:
            default = f.get_default()  # the ORM's: "" for text, None where null is allowed
        prepare = isinstance(f, prepared)
        if prepare:
            default = f.get_db_prep_save(default, connection)
        plan.append((f.attname, default, f if prepare else None))

    def values(row):
        for attname, default, field in plan:
            if attname not in row:
                yield default
            elif field is None:
                yield row[attname]
            else:
                yield field.get_db_prep_save(row[attname], connection)

    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: PostgreSQL's own bulk load
            # The driver's own cursor: its errors are made Django's here (a DatabaseError).
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:
                for row in rows:
                    copy.write_row(tuple(values(row)))
            return
        placeholders = "({})".format(", ".join(["%s"] * len(fields)))
        # Many rows per statement, within the 32,766 parameters SQLite accepts.
        for chunk in _chunked(rows, max(1, min(1000, 30000 // len(fields)))):
            params = [value for row in chunk for value in values(row)]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([placeholders] * len(chunk)),
                params,
            )


def _texts_set_bulk(model, *, owner, wanted: dict[int, list[str]], fresh: set[int]) -> None:
    """``_texts_set`` for many contacts at once; ``wanted`` maps contact ids to their texts,
    ``fresh`` holds the ids of contacts created just now (nothing stored to compare with)."""
    stored: dict[int, list[tuple]] = {}
    if set(wanted) - fresh:
        rows = model.objects.for_user(owner).filter(contact__isnull=False)
        if len(set(wanted) - fresh) <= _BATCH:  # a few contacts (a card): only theirs
            rows = rows.filter(contact_id__in=set(wanted) - fresh)
        for pk, contact_id, text, position in rows.order_by(
            "contact_id", "position", "id"
        ).values_list("id", "contact_id", "text", "position"):
            if contact_id in wanted:
                stored.setdefault(contact_id, []).append((pk, text, position))
    now = timezone.now()
    moved, create, drop, touched = [], [], [], set()
    for contact_id, texts in wanted.items():
        texts = [t.strip() for t in texts if t and t.strip()]
        rows = stored.get(contact_id, [])
        by_text: dict[str, list] = {}
        for row in rows:
            by_text.setdefault(row[1], []).append(row)
        keep, moved_before = set(), len(moved)
        for position, text in enumerate(texts):
            if by_text.get(text):
                pk, _text, old_position = by_text[text].pop(0)
                if old_position != position:
                    moved.append(model(pk=pk, position=position, updated_at=now))
                keep.add(pk)
            else:
                create.append(
                    {
                        "owner_id": owner.pk,
                        "contact_id": contact_id,
                        "text": text,
                        "position": position,
                    }
                )
        drop.extend(pk for pk, _text, _position in rows if pk not in keep)
        if len(keep) != len(rows) or len(keep) != len(texts) or len(moved) > moved_before:
            touched.add(contact_id)
    for chunk in _chunked(drop):
        model.objects.for_user(owner).filter(pk__in=chunk).delete()
    model.objects.bulk_update(moved, ["position", "updated_at"], batch_size=_BATCH)
    rows_insert(model, create)
    _contacts_touch(touched - fresh)


def _tags_set_bulk(*, owner, wanted: dict[int, list[int]], fresh: set[int]) -> None:
    """``contact.tags.set`` for many contacts at once, keeping the order given."""
    through = Contact.tags.through
    stored: dict[int, list[int]] = {}
    if set(wanted) - fresh:
        rows = through.objects.filter(contact__in=Contact.objects.for_user(owner)).order_by("id")
        if len(set(wanted) - fresh) <= _BATCH:  # a few contacts (a card): only theirs
            rows = through.objects.filter(contact_id__in=set(wanted) - fresh).order_by("id")
        for contact_id, tag_id in rows.values_list("contact_id", "tag_id"):
            if contact_id in wanted:
                stored.setdefault(contact_id, []).append(tag_id)
    stale = [pk for pk, tag_ids in wanted.items() if stored.get(pk, []) != tag_ids]
    for chunk in _chunked(pk for pk in stale if pk in stored):
        through.objects.filter(contact_id__in=chunk).delete()
    rows_insert(
        through, [{"contact_id": pk, "tag_id": tag_id} for pk in stale for tag_id in wanted[pk]]
    )
    _contacts_touch(set(stale) - fresh)


@functools.lru_cache(maxsize=1 << 14)
def _token_folded(token: str) -> str:
    return " ".join(fold_words(token).split())


def _search_fold(text: str) -> str:
    """``fold_words(text)``, word by word: most words of a contact are ASCII (lower-casing
    is their whole folding) and the others repeat from contact to contact (names, cities).
    The same text as folding the whole: case folding and NFKD change each character on its
    own, and a space stays a space (``tests/people/test_bulk.py`` compares them)."""
    text = text.replace("\x00", "")  # as ``fold`` drops it
    if text.isascii():
        return " ".join(text.lower().split())
    words = []
    for token in text.split():
        words.append(token.lower() if token.isascii() else _token_folded(token))
    return " ".join(w for w in words if w)


def _search_text(name, title, city, organization, emails, phones) -> str:
    """``contact_search_text`` of these values (``organization``: an Organization or None)."""
    parts = [name, title, city]
    if organization is not None:
        parts.append(organization.name)
    parts.extend(emails)
    parts.extend(phones)
    return _search_fold(" ".join(p for p in parts if p))


def contacts_external_ids_stored(*, owner, refs: Iterable[str]) -> set[str]:
    """Which of ``refs`` are external ids of the owner's contacts. One plain statement per
    500, the owner's id its first condition: through the ORM, compiling ``external_id__in``
    of 500 values took longer than running it."""
    refs = [ref for ref in dict.fromkeys(refs) if ref]
    found: set[str] = set()
    qn = connection.ops.quote_name
    table, column = qn(Contact._meta.db_table), qn("external_id")
    with connection.cursor() as cursor:
        for chunk in _chunked(refs):
            # The partial unique index's own condition, word for word: SQLite uses a partial
            # index only where the query repeats its WHERE, and ``<> ''`` is not taken for
            # ``NOT (… = '')``. Spelled otherwise, it read every contact of the owner for
            # each 500 ids (35 s of a 100,000-card import).
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE {qn('owner_id')} = %s "
                f"AND NOT ({column} = '') AND {column} IN ({', '.join(['%s'] * len(chunk))})",
                [owner.pk, *chunk],
            )
            found.update(ref for (ref,) in cursor.fetchall())
    return found


def _contacts_insert(owner, rows: list[dict]) -> list[Contact]:
    """INSERT new contacts, each given as its attribute values (``Contact`` field attnames,
    the primary key left out, every other field present), and return them as instances
    with their ids (returned by the INSERT on SQLite, read back by external id, distinct
    among them, after the COPY on PostgreSQL).

    What ``bulk_create`` does, without it: a model instance filled field by field and SQL
    compiled per row took most of the time of a large import. Rows go to the database as
    tuples in one statement per thousand (COPY on PostgreSQL); every value is stored as
    the ORM stores it (JSON through ``json.dumps``, as Django's own adapter; dates and times
    through the field), so the triggers of the table (search index, network version) see
    the same rows. The instances are made positionally, as the ORM makes fetched rows."""
    if not rows:
        return []
    now = timezone.now()
    fields = [f for f in Contact._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    json_columns = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
    date_columns = {
        i
        for i, f in enumerate(fields)
        if isinstance(f, models.DateField) and not (f.auto_now or f.auto_now_add)
    }
    stamped = [
        i
        for i, f in enumerate(fields)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    stamp = fields[stamped[0]].get_db_prep_save(now, connection) if stamped else None
    dumps = json.dumps
    values, params = [], []
    for row in rows:
        for i in stamped:
            row[names[i]] = now
        python = [row[n] for n in names]
        values.append(python)
        stored = list(python)
        for i in json_columns:
            value = python[i]
            stored[i] = None if value is None else "[]" if value == [] else dumps(value)
        for i in date_columns:
            if python[i] is not None:
                stored[i] = fields[i].get_db_prep_save(python[i], connection)
        for i in stamped:
            stored[i] = stamp
        params.append(stored)
    qn = connection.ops.quote_name
    table = qn(Contact._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    external = names.index("external_id")
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY, as rows_insert (JSON as its text)
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:
                for stored in params:
                    copy.write_row(stored)
        else:  # the ids come back with their external ids (in no promised order)
            one = "({})".format(", ".join(["%s"] * len(fields)))
            for chunk in _chunked(params, max(1, min(1000, 30000 // len(fields)))):
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES "
                    + ", ".join([one] * len(chunk))
                    + f" RETURNING {qn('id')}, {qn('external_id')}",
                    [value for stored in chunk for value in stored],
                )
                ids.update((ref, pk) for pk, ref in cursor.fetchall())
    if not ids:
        for chunk in _chunked([python[external] for python in values]):
            query = Contact.objects.for_user(owner).order_by().exclude(external_id="")
            query = query.filter(external_id__in=chunk)
            ids.update((ref, pk) for pk, ref in query.values_list("pk", "external_id"))
    contacts = []
    for python in values:
        contact = Contact(ids[python[external]], *python)
        contact._state.adding, contact._state.db = False, connection.alias
        contacts.append(contact)
    return contacts


# Columns compared to tell whether an existing contact really changed.
_CONTACT_COLUMNS = (
    *(f for f in CONTACT_FIELDS if f not in ("met_event", "introduced_by")),
    "met_event_id",
    "introduced_by_id",
    "organization_id",
    "search_text",
)


@transaction.atomic
def contacts_upsert_bulk(*, owner, items: Iterable[dict]) -> list[tuple[Contact, bool]]:
    """Create or update many contacts, matched by ``external_id`` (required in every item).

    Each item holds the arguments of ``contact_create`` (``name``, ``organization``, ``tags``,
    ``offers``, ``needs`` and the CONTACT_FIELDS), except that ``introduced_by`` may also be
    given as the external id of a contact (one of ``items`` or one already stored). As with
    ``contact_update``, only the keys given change an existing contact, and the lists given
    replace the old ones; names, organizations, tags, offers and needs are tidied the same way.
    Returns each item's contact and whether it was created, in the order of ``items``.
    """
    items = list(items)
    allowed = {*CONTACT_FIELDS, "organization", "tags", "offers", "needs"}
    seen = set()
    for item in items:
        unknown = set(item) - allowed
        if unknown:
            raise TypeError(f"contacts_upsert_bulk() got unexpected fields {sorted(unknown)}")
        if not item.get("external_id") or item["external_id"] in seen:
            raise ValueError("contacts_upsert_bulk() needs a distinct external_id in every item")
        seen.add(item["external_id"])

    organizations = organizations_for_names(
        owner=owner, names=(item["organization"] for item in items if "organization" in item)
    )
    tags = {
        tag.name: tag
        for tag in tags_for_names(
            owner=owner, names=[name for item in items for name in item.get("tags", ())]
        )
    }
    stored: dict[str, Contact] = {}
    # Only the contacts already there are read whole (none, for a file imported once).
    for chunk in _chunked(contacts_external_ids_stored(owner=owner, refs=seen)):
        # No ordering, and ``!= ""`` spelled out: SQLite then seeks the external id index.
        query = Contact.objects.for_user(owner).order_by().exclude(external_id="")
        query = query.filter(external_id__in=chunk)
        stored.update((c.external_id, c) for c in query.select_related("organization"))

    now = timezone.now()
    results: list[tuple[Contact, bool] | None] = []
    before: dict[int, tuple] = {}
    # A new contact is a row of values (the fields' defaults, then the item's), not an
    # instance filled field by field: see ``_contacts_insert``.
    fields = [f for f in Contact._meta.concrete_fields if not f.primary_key]
    made = [(f.attname, f.default) for f in fields if f.has_default() and callable(f.default)]
    constant = {f.attname: f.get_default() for f in fields if f.attname not in dict(made)}
    new_rows, new_places = [], []
    for item in items:
        contact = stored.get(item["external_id"])
        organization = None
        if "organization" in item:
            key = " ".join((item["organization"] or "").split()).lower()
            organization = organizations.get(key)
        if contact is None:
            row = constant.copy()
            for name, make in made:
                row[name] = make()
            row["owner_id"] = owner.pk
            for field, value in item.items():
                if field in CONTACT_FIELDS and field != "introduced_by":
                    if field == "name":
                        value = value.strip()
                    elif field == "met_event":
                        field, value = "met_event_id", None if value is None else value.pk
                    row[field] = value
            row["organization_id"] = None if organization is None else organization.pk
            row["search_text"] = _search_text(
                row["name"], row["title"], row["city"], organization, row["emails"], row["phones"]
            )
            new_rows.append(row)
            new_places.append(len(results))
            results.append(None)
            continue
        before[contact.pk] = tuple(getattr(contact, f) for f in _CONTACT_COLUMNS)
        for field, value in item.items():
            if field in CONTACT_FIELDS and field != "introduced_by":
                setattr(contact, field, value.strip() if field == "name" else value)
        if "organization" in item:
            contact.organization = organization
        contact.search_text = _search_text(
            contact.name,
            contact.title,
            contact.city,
            contact.organization,
            contact.emails,
            contact.phones,
        )
        results.append((contact, False))
    for place, contact in zip(new_places, _contacts_insert(owner, new_rows), strict=True):
        results[place] = (contact, True)

    by_external_id = {c.external_id: c for c, _created in results}
    wanted_refs = {
        item["introduced_by"]
        for item in items
        if isinstance(item.get("introduced_by"), str) and item["introduced_by"]
    }
    for chunk in _chunked(wanted_refs - set(by_external_id)):
        for c in Contact.objects.for_user(owner).filter(external_id__in=chunk):
            by_external_id.setdefault(c.external_id, c)
    introduced = []
    for (contact, created), item in zip(results, items, strict=True):
        if "introduced_by" not in item:
            continue
        ref = item["introduced_by"]
        if isinstance(ref, str) and ref:
            if ref not in by_external_id:
                raise ValueError(f"contacts_upsert_bulk(): unknown contact {ref!r}")
            ref = by_external_id[ref]
        contact.introduced_by = ref or None
        if created and contact.introduced_by_id:
            introduced.append(contact)
    Contact.objects.bulk_update(introduced, ["introduced_by"], batch_size=_BATCH)

    changed = []
    for contact, created in results:
        if not created and before[contact.pk] != tuple(
            getattr(contact, f) for f in _CONTACT_COLUMNS
        ):
            contact.updated_at = now
            changed.append(contact)
    columns = [f for f in CONTACT_FIELDS if f != "external_id"] + [
        "organization",
        "search_text",
        "updated_at",
    ]
    Contact.objects.bulk_update(changed, columns, batch_size=_BATCH)

    fresh = {c.pk for c, created in results if created}
    _tags_set_bulk(
        owner=owner,
        wanted={
            c.pk: list(
                dict.fromkeys(tags[" ".join(n.split())].pk for n in item["tags"] if n.split())
            )
            for (c, _created), item in zip(results, items, strict=True)
            if "tags" in item
        },
        fresh=fresh,
    )
    for model, key in ((Offer, "offers"), (Need, "needs")):
        _texts_set_bulk(
            model,
            owner=owner,
            wanted={
                c.pk: list(item[key])
                for (c, _created), item in zip(results, items, strict=True)
                if key in item
            },
            fresh=fresh,
        )
    return results


# --- Duplicates: merging two contacts into one, or saying they are two -------------------


def _ordered_ids(x: int, y: int) -> tuple[int, int]:
    return (x, y) if x < y else (y, x)


def duplicate_dismiss(*, owner, a: Contact, b: Contact) -> DuplicateDismissal:
    """``a`` and ``b`` are not the same person: never propose them as duplicates again."""
    if a.owner_id != owner.pk or b.owner_id != owner.pk or a.pk == b.pk:
        raise ValueError("duplicate_dismiss() needs two different contacts of the owner")
    low, high = _ordered_ids(a.pk, b.pk)
    dismissal, _created = DuplicateDismissal.objects.get_or_create(owner=owner, a_id=low, b_id=high)
    return dismissal


def _merged_list(kept: list, other: list, key) -> list:
    seen = {key(v) for v in kept}
    merged = list(kept)
    for value in other:
        if key(value) not in seen:
            seen.add(key(value))
            merged.append(value)
    return merged


def _phone_identity(phone: str) -> str:
    return phone_key(phone, settings.PHONE_DEFAULT_REGION) or phone.strip()


def _email_identity(email: str) -> str:
    return email_key(email) or email.strip()


def _traits_merge(model, *, owner, keep: Contact, other: Contact) -> None:
    """``other``'s offers (or needs) become ``keep``'s, after keep's own; one with the same
    text as one of keep's is the same thing: what pointed at it points at keep's."""
    kept = {row.text: row for row in model.objects.for_user(owner).filter(contact=keep)}
    position = _next_position(model, owner=owner, contact=keep)
    field = model._meta.model_name  # "offer" or "need", as Introduction names them
    for row in model.objects.for_user(owner).filter(contact=other).order_by("position", "id"):
        same = kept.get(row.text)
        if same is not None:
            Introduction.objects.for_user(owner).filter(**{field: row}).update(**{field: same})
            row.delete()
            continue
        row.contact, row.position = keep, position
        row.save(update_fields=["contact", "position", "updated_at"])
        kept[row.text] = row
        position += 1


def _ties_merge(*, owner, keep: Contact, other: Contact) -> None:
    """``other``'s ties become ``keep``'s: one to keep itself goes, one to somebody keep
    already knows is joined with keep's (the strongest strength kept)."""
    ties = Tie.objects.for_user(owner)
    known = {}
    for tie in ties.filter(models.Q(a=keep) | models.Q(b=keep)):
        known[tie.b_id if tie.a_id == keep.pk else tie.a_id] = tie
    for tie in ties.filter(models.Q(a=other) | models.Q(b=other)):
        friend = tie.b_id if tie.a_id == other.pk else tie.a_id
        if friend == keep.pk:
            tie.delete()
            continue
        mine = known.get(friend)
        if mine is None:
            tie.a_id, tie.b_id = _ordered_ids(keep.pk, friend)
            tie.save()
            known[friend] = tie
            continue
        strengths = [s for s in (mine.strength, tie.strength) if s is not None]
        mine.strength = max(strengths) if strengths else None
        if tie.how and tie.how != mine.how:
            mine.how = f"{mine.how}; {tie.how}" if mine.how else tie.how
        mine.extra = {**(tie.extra or {}), **(mine.extra or {})}
        tie.delete()
        mine.save()


def _dismissals_merge(*, owner, keep: Contact, other: Contact) -> None:
    """Who ``other`` was said not to be, ``keep`` is not either."""
    dismissals = DuplicateDismissal.objects.for_user(owner)
    mine = dismissals.filter(models.Q(a=other) | models.Q(b=other))
    strangers = {d.b_id if d.a_id == other.pk else d.a_id for d in mine} - {keep.pk}
    mine.delete()
    for stranger in strangers:
        low, high = _ordered_ids(keep.pk, stranger)
        DuplicateDismissal.objects.get_or_create(owner=owner, a_id=low, b_id=high)


# Relations to Contact that contact_merge handles itself; every other one is re-pointed.
_MERGED_BY_HAND = {
    (Tie, "a"),
    (Tie, "b"),
    (Offer, "contact"),
    (Need, "contact"),
    (Contact, "introduced_by"),
    (DuplicateDismissal, "a"),
    (DuplicateDismissal, "b"),
}


def _repoint(model, field: str, *, keep: Contact, other: Contact) -> None:
    """Rows of ``model`` whose ``field`` is ``other`` point at ``keep``; a row that cannot
    (keep already has its one row of that kind) stays and goes with ``other``."""
    rows = model._base_manager.filter(**{field: other})
    try:
        with transaction.atomic():
            rows.update(**{field: keep})
    except IntegrityError:
        for pk in rows.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{field: keep})
            except IntegrityError:
                pass


def _links_merge(through, source: str, target: str, *, keep: Contact, other: Contact) -> None:
    """Many-to-many links of ``other`` (tags, events attended…) become ``keep``'s."""
    has = through.objects.filter(**{source: keep}).values_list(f"{target}_id", flat=True)
    through.objects.filter(**{source: other}).exclude(**{f"{target}__in": list(has)}).update(
        **{source: keep}
    )


def _relations_merge(*, owner, keep: Contact, other: Contact) -> None:
    for relation in Contact._meta.get_fields(include_hidden=True):
        if relation.many_to_many:
            if relation.auto_created:  # e.g. Event.attendees, seen from Contact
                m2m = relation.field
                through = m2m.remote_field.through
                source, target = m2m.m2m_reverse_field_name(), m2m.m2m_field_name()
            else:  # Contact.tags
                through = relation.remote_field.through
                source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            _links_merge(through, source, target, keep=keep, other=other)
        elif relation.one_to_many or relation.one_to_one:
            if not relation.auto_created or relation.concrete:
                continue
            model, field = relation.related_model, relation.field.name
            if model._meta.auto_created or (model, field) in _MERGED_BY_HAND:
                continue  # links of a many-to-many (done above), or done by hand
            _repoint(model, field, keep=keep, other=other)


_FILLED_FROM_OTHER = ("title", "city", "country", "does", "expects", "met_where")


@transaction.atomic
def contact_merge(*, owner, keep: Contact, other: Contact) -> Contact:
    """``other`` and ``keep`` are one person: everything of ``other`` moves to ``keep`` and
    ``other`` is deleted. Nothing is lost: every email, phone, web page, language, tag,
    offer, need, tie, interaction, follow-up, event, introduction, referral and favour of
    both is ``keep``'s afterwards; fields empty on ``keep`` take ``other``'s, notes are
    joined, ties to the same person are joined keeping the strongest, and a tie between the
    two goes (nobody is tied to themselves), as does an introduction of one to the other.
    """
    if keep.pk == other.pk:
        raise ValueError("contact_merge() needs two different contacts")
    contacts = Contact.objects.for_user(owner).select_for_update()
    keep = contacts.get(pk=keep.pk)  # a contact of another owner is not found
    other = contacts.get(pk=other.pk)

    for model in (Offer, Need):
        _traits_merge(model, owner=owner, keep=keep, other=other)
    _ties_merge(owner=owner, keep=keep, other=other)
    _dismissals_merge(owner=owner, keep=keep, other=other)
    _relations_merge(owner=owner, keep=keep, other=other)
    Introduction.objects.for_user(owner).filter(a=keep, b=keep).delete()
    Contact.objects.for_user(owner).filter(introduced_by=other).exclude(pk=keep.pk).update(
        introduced_by=keep
    )

    keep.emails = _merged_list(keep.emails, other.emails, _email_identity)
    keep.phones = _merged_list(keep.phones, other.phones, _phone_identity)
    keep.urls = _merged_list(keep.urls, other.urls, lambda u: u.strip().rstrip("/").casefold())
    keep.languages = _merged_list(keep.languages, other.languages, str.casefold)
    for field in _FILLED_FROM_OTHER:
        if not getattr(keep, field):
            setattr(keep, field, getattr(other, field))
    for field in ("organization_id", "met_on", "met_event_id"):
        if getattr(keep, field) is None:
            setattr(keep, field, getattr(other, field))
    if keep.introduced_by_id in (None, other.pk):
        by = other.introduced_by_id
        keep.introduced_by_id = by if by not in (keep.pk, other.pk) else None
    strengths = [s for s in (keep.strength, other.strength) if s is not None]
    keep.strength = max(strengths) if strengths else None
    notes = [n.strip() for n in (keep.notes, other.notes) if n and n.strip()]
    keep.notes = "\n\n".join(dict.fromkeys(notes))
    keep.extra = {**(other.extra or {}), **(keep.extra or {})}
    external_id = keep.external_id or other.external_id

    matches_refresh(owner=owner, contact=other)  # other's offers and needs are keep's now
    other.delete()
    keep.external_id = external_id
    keep.organization = Organization.objects.for_user(owner).filter(pk=keep.organization_id).first()
    keep.search_text = contact_search_text(keep)
    keep.save()
    matches_refresh(owner=owner, contact=keep)
    return keep
