"""Keeps the suggested introductions (``Match`` rows) up to date with offers and needs.

The matching engine (``vinculo.engines.matching``) holds an index per owner in this
process; ``User.match_version`` says whether it is current. Every write of offers or
needs calls :func:`matches_refresh` for the person whose texts changed, which re-scores
only that person's needs and offers and the needs their offers now meet: the rest of
the network is not recomputed. :func:`matches_rebuild` starts from scratch.
"""

import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from vinculo.accounts.models import User
from vinculo.engines.matching import Match as EngineMatch
from vinculo.engines.matching import MatchIndex
from vinculo.people.models import Contact, Need, Offer

from .models import Match

OWNER = 0  # the owner's person id in the engine; contacts use their primary keys
PER_NEED = 10  # offers kept per need
PER_OFFER = 200  # needs re-scored when an offer changes

# The engine's index is not thread-safe: every use of a cached index holds this lock.
_lock = threading.RLock()
_indexes: dict[int, tuple[int, MatchIndex]] = {}


def _person(contact_id: int | None) -> int:
    return OWNER if contact_id is None else contact_id


def _rows(model, owner) -> list[tuple]:
    rows = model.objects.for_user(owner).values_list("contact_id", "id", "text")
    languages = dict(Contact.objects.for_user(owner).values_list("id", "languages"))
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
    # One process: this may run inside a web request.
    return MatchIndex.from_rows(needs=_rows(Need, owner), offers=_rows(Offer, owner), workers=1)


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
    with _lock:
        cached = _indexes.get(owner.pk)
    if cached and cached[0] == version:
        return cached[1]
    index = _build(owner)
    with _lock:
        _indexes[owner.pk] = (version, index)
    return index


def _store(owner, matches: Iterable[EngineMatch], dismissed: set[tuple[int, int]]) -> None:
    Match.objects.bulk_create(
        [
            Match(
                owner=owner,
                need_id=m.need_id,
                offer_id=m.offer_id,
                score=round(m.score, 6),
                matched=[[t.key, t.es, t.en] for t in m.terms],
                dismissed=(m.need_id, m.offer_id) in dismissed,
            )
            for m in matches
        ],
        ignore_conflicts=True,
    )


def _texts(model, owner, contact_id):
    return list(
        model.objects.for_user(owner).filter(contact_id=contact_id).values_list("id", "text")
    )


@transaction.atomic
def matches_refresh(*, owner, contact: Contact | None) -> None:
    """Re-score one person's needs and offers (``contact=None``: the owner's own)."""
    version = _locked_version(owner)
    with _lock:
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
    with _lock:
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
        # …the needs they meet now…
        touched.update(
            m.need_id for m in index.whom_can_i_help(person, limit=PER_OFFER, per_offer=PER_OFFER)
        )
    # …and the rows stored for this person's offers (an index rebuilt just now lacks the old).
    touched.update(
        Match.objects.for_user(owner)
        .filter(offer__contact_id=contact_id, offer__owner=owner)
        .values_list("need_id", flat=True)
    )
    touched.update(need_ids)
    stale = Match.objects.for_user(owner).filter(need_id__in=touched)
    dismissed = set(stale.filter(dismissed=True).values_list("need_id", "offer_id"))
    stale.delete()
    with _lock:
        fresh = [m for need_id in touched for m in index.matches_for_need(need_id, limit=PER_NEED)]
    _store(owner, fresh, dismissed)
    User.objects.filter(pk=owner.pk).update(match_version=F("match_version") + 1)
    with _lock:
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
    fresh = list(index.all_matches(per_need=PER_NEED))
    for chunk_start in range(0, len(fresh), 5000):
        _store(owner, fresh[chunk_start : chunk_start + 5000], dismissed)
    User.objects.filter(pk=owner.pk).update(match_version=F("match_version") + 1)
    with _lock:
        _indexes[owner.pk] = (version + 1, index)
    return len(fresh)


def matches_forget(*, owner) -> None:
    """After people were deleted (their rows went by cascade): this process's index is
    out of date, and so is every other process's."""
    User.objects.filter(pk=owner.pk).update(match_version=F("match_version") + 1)
