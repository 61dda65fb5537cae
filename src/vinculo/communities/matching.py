"""Matching across the members of a workspace: whose offers meet whose needs.

The matching engine (``vinculo.engines.matching``) holds one index per workspace in each
process, cached with the workspace's ``match_version``: a cached index is used only while
the version is the one it was built (or edited) for. A person in the index is a membership
id; needs and offers are ``MemberNeed`` and ``MemberOffer`` ids with their language.

Every write of offers or needs (a profile saved, a member leaving) raises the version; a
process whose index is behind applies the profiles saved since (``_catch_up``) instead of
building it again, unless much changed.

``MemberMatch`` rows keep the best offers of every need (``PER_NEED``). They are written by
background tasks (``communities.tasks``): ``matches_chunk_compute`` for one range of needers
(the workspace split in chunks, see ``services.member_matches_refresh``) and
``member_matches_recompute`` for one member whose profile changed. Every offer and need is
indexed whatever its visibility; the selectors apply each viewer's visibility when they
read the rows, so a change of visibility shows at once.
"""

import datetime
import threading
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vinculo.engines.matching import Match as EngineMatch
from vinculo.engines.matching import MatchIndex

from .enums import Visibility
from .models import MemberMatch, MemberNeed, MemberOffer, Membership, Workspace

PER_NEED = 10  # offers kept per need
PER_OFFER = 200  # needs re-scored when a member's offers change

# The engine's index is not thread-safe: every use of a cached index holds this lock.
index_lock = threading.RLock()


@dataclass
class _Cached:
    identity: tuple[int, float]  # (workspace id, its creation time): an id reused is another
    version: int  # the workspace's match_version the index reflects
    synced_at: datetime.datetime  # profiles saved after this may be missing from it
    index: MatchIndex


_indexes: dict[int, _Cached] = {}

# A profile saved this long before an index was brought up to date is in it for sure
# (a transaction that saves one commits well within this time).
SYNC_MARGIN = datetime.timedelta(seconds=60)
# Above this share of the members edited since, the index is built again instead.
CATCH_UP_SHARE = 0.05


def _rows(model, workspace_id: int, member_ids=None) -> list[tuple]:
    rows = model.objects.filter(membership__workspace_id=workspace_id)
    if member_ids is not None:
        rows = rows.filter(membership_id__in=member_ids)
    rows = rows.values_list("membership_id", "id", "text", "language")
    return [(member, pk, text, lang or None) for member, pk, text, lang in rows.iterator(5000)]


def index_build(*, workspace_id: int, workers: int | None = 1) -> MatchIndex:
    """A new index of every offer and need of the workspace (two queries)."""
    return MatchIndex.from_rows(
        needs=_rows(MemberNeed, workspace_id),
        offers=_rows(MemberOffer, workspace_id),
        workers=workers,
    )


def _state(workspace_id: int) -> tuple[tuple[int, float], int]:
    version, created_at = (
        Workspace.objects.filter(pk=workspace_id).values_list("match_version", "created_at").get()
    )
    return (workspace_id, created_at.timestamp()), version


def _catch_up(cached: _Cached, workspace_id: int, now: datetime.datetime) -> bool:
    """Bring a cached index up to date with the profiles saved since it was last synced,
    and drop the members who left; False when so much changed that a rebuild is cheaper."""
    members = Membership.objects.filter(workspace_id=workspace_id)
    edited = list(
        members.filter(updated_at__gte=cached.synced_at - SYNC_MARGIN).values_list("pk", flat=True)
    )
    index = cached.index
    people = index.people()
    if len(edited) > max(50, CATCH_UP_SHARE * len(people)):
        return False
    gone = people - set(members.values_list("pk", flat=True))
    texts: dict[int, tuple[list, list]] = {pk: ([], []) for pk in edited}
    for side, model in ((0, MemberNeed), (1, MemberOffer)):
        for chunk_start in range(0, len(edited), 500):
            chunk = edited[chunk_start : chunk_start + 500]
            for member, pk, text, lang in _rows(model, workspace_id, chunk):
                texts[member][side].append((pk, text, lang))
    for person in gone:
        index.remove_person(person)
    for person, (needs, offers) in texts.items():
        index.set_person(person, needs=needs, offers=offers)
    cached.synced_at = now
    return True


def workspace_index(*, workspace_id: int, workers: int | None = 1) -> MatchIndex:
    """The workspace's index in this process, up to date with the database.

    Current when the workspace's ``match_version`` is the one the index reflects; otherwise
    the profiles saved since are applied to it (a few edits), or it is built again.
    """
    now = timezone.now()
    identity, version = _state(workspace_id)
    with index_lock:
        cached = _indexes.get(workspace_id)
        if cached and cached.identity == identity:
            if cached.version == version:
                return cached.index
            if _catch_up(cached, workspace_id, now):
                cached.version = version
                return cached.index
    index = index_build(workspace_id=workspace_id, workers=workers)
    with index_lock:
        _indexes[workspace_id] = _Cached(identity, version, now, index)
    return index


def version_bump(*, workspace_id: int) -> None:
    """Offers or needs changed (a profile saved, a member left): every cached index of
    the workspace, in every process, catches up before its next use."""
    Workspace.objects.filter(pk=workspace_id).update(match_version=F("match_version") + 1)


def _reasons(match: EngineMatch) -> list[list[str]]:
    return [[t.key, t.es, t.en] for t in match.terms]


def _match_row(workspace_id: int, match: EngineMatch) -> MemberMatch:
    return MemberMatch(
        workspace_id=workspace_id,
        needer_id=match.need_person,
        offerer_id=match.offer_person,
        need_id=match.need_id,
        offer_id=match.offer_id,
        score=round(match.score, 6),
        reasons=_reasons(match),
    )


def matches_chunk_compute(*, workspace_id: int, first_id: int, last_id: int) -> int:
    """Replace the rows of the needers with ids in ``first_id..last_id``; returns how many
    were written. One query for the chunk's needs, one delete, bulk inserts."""
    index = workspace_index(workspace_id=workspace_id, workers=None)
    need_ids = list(
        MemberNeed.objects.filter(
            membership__workspace_id=workspace_id,
            membership_id__gte=first_id,
            membership_id__lte=last_id,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with index_lock:
        found = [m for pk in need_ids for m in index.matches_for_need(pk, limit=PER_NEED)]
    rows = [_match_row(workspace_id, m) for m in found]
    with transaction.atomic():
        MemberMatch.objects.filter(
            workspace_id=workspace_id,
            needer_id__gte=first_id,
            needer_id__lte=last_id,
        ).delete()
        MemberMatch.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def member_matches_recompute(*, membership_id: int) -> int:
    """One member's texts changed: re-score their needs, and the needs their offers meet
    (before and after the change); the rest of the workspace stays as it is."""
    member = Membership.objects.filter(pk=membership_id).first()
    if member is None:
        return 0
    workspace_id = member.workspace_id
    index = workspace_index(workspace_id=workspace_id)  # the member's new texts are in it
    need_ids = list(MemberNeed.objects.filter(membership=member).values_list("pk", flat=True))
    # The needs this member's offers met before the change (stored rows) …
    touched = set(
        MemberMatch.objects.filter(workspace_id=workspace_id, offerer_id=member.pk).values_list(
            "need_id", flat=True
        )
    )
    with index_lock:
        # … the ones they meet now, and the member's own needs.
        touched.update(
            m.need_id
            for m in index.whom_can_i_help(member.pk, limit=PER_OFFER, per_offer=PER_OFFER)
        )
        touched.update(need_ids)
        found = [m for pk in touched for m in index.matches_for_need(pk, limit=PER_NEED)]
    MemberMatch.objects.filter(workspace_id=workspace_id, needer_id=member.pk).delete()
    touched_list = list(touched)
    for start in range(0, len(touched_list), 500):
        MemberMatch.objects.filter(
            workspace_id=workspace_id, need_id__in=touched_list[start : start + 500]
        ).delete()
    MemberMatch.objects.bulk_create([_match_row(workspace_id, m) for m in found], batch_size=1000)
    return len(found)


def members_who_offer(
    *,
    workspace,
    text: str,
    language: str = "",
    limit: int = 5,
    exclude_member_ids=(),
) -> list[tuple[Membership, MemberOffer, float]]:
    """Members whose offers meet a free text (an ask of the board), best first: one row per
    member, with their best offer and its score (0..1).

    Only offers every member may see are used (offers shown to organisers only, or to the
    member alone, never appear), so the answer can be shown to any member.
    """
    hidden = set(
        Membership.objects.filter(workspace_id=workspace.pk)
        .exclude(offers_visibility=Visibility.MEMBERS)
        .values_list("pk", flat=True)
    )
    excluded = hidden | set(exclude_member_ids)
    index = workspace_index(workspace_id=workspace.pk)
    with index_lock:
        hits = index.search_offers(
            text, lang=language or None, limit=limit * 4, exclude_people=excluded
        )
    best: dict[int, tuple[int, float]] = {}
    for hit in hits:
        if hit.person not in best:
            best[hit.person] = (hit.offer_id, hit.score)
        if len(best) == limit:
            break
    members = Membership.objects.in_bulk(list(best))
    offers = MemberOffer.objects.in_bulk([offer_id for offer_id, _score in best.values()])
    return [
        (members[person], offers[offer_id], score)
        for person, (offer_id, score) in best.items()
        if person in members and offer_id in offers
    ]
