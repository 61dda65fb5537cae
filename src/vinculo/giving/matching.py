"""Keeps the suggested introductions (``Match`` rows) up to date with offers and needs.

The matching engine (``vinculo.engines.matching``) holds an index per owner in this
process; ``User.match_version`` says whether it is current. Every write of offers or
needs calls :func:`matches_refresh` for the person whose texts changed, which re-scores
only that person's needs and offers and the needs their offers now meet: the rest of
the network is not recomputed. :func:`matches_rebuild` starts from scratch.
"""

import itertools
import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from vinculo.accounts.models import User
from vinculo.core.db import statistics_refresh
from vinculo.engines.matching import Match as EngineMatch
from vinculo.engines.matching import MatchIndex
from vinculo.people.models import Contact, Need, Offer

from .models import Match

OWNER = 0  # the owner's person id in the engine; contacts use their primary keys
PER_NEED = 10  # offers kept per need
PER_OFFER = 200  # needs re-scored when an offer changes

# The engine's index is not thread-safe: every use of a cached index holds this lock.
# Held while an index is read or changed: MatchIndex is not thread-safe.
index_lock = threading.RLock()
_indexes: dict[int, tuple[int, MatchIndex]] = {}


def _person(contact_id: int | None) -> int:
    return OWNER if contact_id is None else contact_id


def _rows(model, owner, languages: dict[int, list]) -> list[tuple]:
    rows = model.objects.for_user(owner).values_list("contact_id", "id", "text")
    owner_language = owner.language or None
    out = []
    for contact_id, pk, text in rows.iterator(chunk_size=5000):
        if contact_id is None:
            lang = owner_language
        else:
            langs = languages.get(contact_id) or []
            lang = langs[0] if langs else None
        out.append((_person(contact_id), pk, text, lang))
    return out


def _build(owner) -> MatchIndex:
    languages = dict(Contact.objects.for_user(owner).order_by().values_list("id", "languages"))
    # One process: this may run inside a web request.
    return MatchIndex.from_rows(
        needs=_rows(Need, owner, languages),
        offers=_rows(Offer, owner, languages),
        extra_synonyms=owner.synonym_groups,
        workers=1,
    )


def _locked_version(owner) -> int:
    return (
        User.objects.select_for_update()
        .filter(pk=owner.pk)
        .values_list("match_version", flat=True)
        .get()
    )


def match_index(owner) -> MatchIndex:
    """The owner's index, built from the database when this process has none current."""
    version = User.objects.filter(pk=owner.pk).values_list("match_version", flat=True).get()
    with index_lock:
        cached = _indexes.get(owner.pk)
    if cached and cached[0] == version:
        return cached[1]
    index = _build(owner)
    with index_lock:
        _indexes[owner.pk] = (version, index)
    return index


def index_ready(owner) -> None:
    """Bring this process's index of ``owner``'s network up to date before a write that will
    re-score it (``matches_refresh``). Outside a transaction a rebuild only reads; inside
    one it would hold the write lock (SQLite has one) for as long as the rebuild takes,
    seconds with 50,000 contacts, while every other write waits. In a transaction already
    (a caller's own), nothing is gained by building early: the refresh builds as before.
    """
    if not transaction.get_connection().in_atomic_block:
        match_index(owner)


def _store(owner, matches: Iterable[EngineMatch], dismissed: set[tuple[int, int]]) -> int:
    """Insert the rows of ``matches`` (none of them stored yet) in a few statements; returns
    how many. A model instance per row, as ``bulk_create`` makes, took most of the time of a
    rebuild of a large network."""
    # people.services imports this module: take its bulk INSERT when it is first needed.
    from vinculo.people.services import rows_insert

    rows = [
        {
            "owner_id": owner.pk,
            "need_id": m.need_id,
            "offer_id": m.offer_id,
            "score": round(m.score, 6),
            "matched": [[t.key, t.es, t.en] for t in m.terms],
            "dismissed": (m.need_id, m.offer_id) in dismissed,
        }
        for m in matches
    ]
    rows_insert(Match, rows)
    return len(rows)


def _chunked(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _last_place(rows: dict[int, tuple]) -> tuple:
    """The place of the last of a need's stored offers (``offer_id: (pk, score, dismissed,
    person)``), comparable with the places in :func:`matches_refresh`."""
    return max((-score, person, offer_id) for offer_id, (_pk, score, _d, person) in rows.items())


def _texts(model, owner, contact_id):
    return list(
        model.objects.for_user(owner).filter(contact_id=contact_id).values_list("id", "text")
    )


@transaction.atomic
def matches_refresh(*, owner, contact: Contact | None) -> None:
    """Re-score one person's needs and offers (``contact=None``: the owner's own)."""
    version = _locked_version(owner)
    with index_lock:
        cached = _indexes.get(owner.pk)
    index = cached[1] if cached and cached[0] == version else _build(owner)
    contact_id = contact.pk if contact else None
    lang = (contact.languages[0] if contact and contact.languages else None) or (
        None if contact else owner.language or None
    )
    person = _person(contact_id)
    needs = _texts(Need, owner, contact_id)
    offers = _texts(Offer, owner, contact_id)
    need_ids = [pk for pk, _ in needs]
    with index_lock:
        # Needs this person's offers met before the change: with an index that was current,
        # the old texts are still in it (a deleted offer's rows went by cascade already)…
        touched = {
            m.need_id for m in index.whom_can_i_help(person, limit=PER_OFFER, per_offer=PER_OFFER)
        }
        index.set_person(
            person,
            needs=[(pk, text, lang) for pk, text in needs],
            offers=[(pk, text, lang) for pk, text in offers],
        )
        # …the needs they meet now, with the place of this person's best offer for each
        # (as the engine ranks offers: best score first, ties by person and offer id)…
        reach: dict[int, tuple] = {}
        for m in index.whom_can_i_help(person, limit=PER_OFFER, per_offer=PER_OFFER):
            place = (-round(m.score, 6), person, m.offer_id)
            reach[m.need_id] = min(reach.get(m.need_id, place), place)
        touched.update(reach)
    # …and the rows stored for this person's offers (an index rebuilt just now lacks the old).
    offer_ids = [pk for pk, _ in offers]
    touched.update(
        Match.objects.for_user(owner)
        .filter(offer_id__in=offer_ids)
        .values_list("need_id", flat=True)
    )
    stored: dict[int, dict[int, tuple]] = {need_id: {} for need_id in touched}
    stored.update((need_id, {}) for need_id in need_ids)
    for chunk in _chunked(list(stored)):
        rows = Match.objects.for_user(owner).filter(need_id__in=chunk)
        for pk, need_id, offer_id, offer_contact_id, score, dismissed in rows.values_list(
            "pk", "need_id", "offer_id", "offer__contact_id", "score", "dismissed"
        ):
            stored[need_id][offer_id] = (pk, score, dismissed, _person(offer_contact_id))
    if len(index) >= index.exact_below:
        # A large index keeps its weights between edits, so a need whose stored offers all
        # rank above this person's new ones, and that lost none of them, is as it was.
        must = set(need_ids) | {
            need_id
            for need_id, rows in stored.items()
            if any(offer_id in offer_ids for offer_id in rows)
        }
        touched = {
            need_id
            for need_id in touched
            if need_id in must
            or len(stored[need_id]) < PER_NEED
            or (need_id in reach and reach[need_id] < _last_place(stored[need_id]))
        }
    touched.update(need_ids)
    with index_lock:
        fresh = [m for need_id in touched for m in index.matches_for_need(need_id, limit=PER_NEED)]
    # Write only what changed: most rows of the needs re-scored stay as they were (the same
    # two texts with the same score have the same terms in common).
    wanted = {(m.need_id, m.offer_id): m for m in fresh}
    drop, dismissed = [], set()
    for need_id in touched:
        for offer_id, (pk, score, was_dismissed, _person_id) in stored[need_id].items():
            m = wanted.get((need_id, offer_id))
            if m is not None and round(m.score, 6) == score:
                del wanted[need_id, offer_id]  # stored as it is
            else:
                drop.append(pk)
                if was_dismissed:
                    dismissed.add((need_id, offer_id))
    for chunk in _chunked(drop):
        Match.objects.for_user(owner).filter(pk__in=chunk).delete()
    _store(owner, wanted.values(), dismissed)
    User.objects.filter(pk=owner.pk).update(match_version=F("match_version") + 1)
    with index_lock:
        _indexes[owner.pk] = (version + 1, index)


@transaction.atomic
def matches_rebuild(*, owner) -> int:
    """Every match of the owner's network computed again from scratch; returns how many."""
    version = _locked_version(owner)
    index = _build(owner)
    dismissed = set(
        Match.objects.for_user(owner).filter(dismissed=True).values_list("need_id", "offer_id")
    )
    Match.objects.for_user(owner).delete()
    count = 0  # stored as they come: a large network has millions
    for chunk in itertools.batched(index.all_matches(per_need=PER_NEED), 5000):
        count += _store(owner, chunk, dismissed)
    # Without statistics SQLite reads the rows of one need or offer through the owner's
    # index, that is every row of the network: several such reads per edit.
    statistics_refresh()
    User.objects.filter(pk=owner.pk).update(match_version=F("match_version") + 1)
    with index_lock:
        _indexes[owner.pk] = (version + 1, index)
    return count


def matches_forget(*, owner) -> None:
    """After people were deleted (their rows went by cascade): this process's index is
    out of date, and so is every other process's."""
    User.objects.filter(pk=owner.pk).update(match_version=F("match_version") + 1)
