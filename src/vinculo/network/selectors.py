"""Reads of the owner's network: the strength of each tie and why, warm paths, the graph.

The owner is node 0 of the engine's graph and contacts are nodes 1..n. The edge between
the owner and a contact weighs the contact's strength: the owner's own judgement
(``Contact.strength``) when set, else computed from the interactions by
``engines.network.strength``. Ties between contacts weigh their own strength (a tie of
unknown strength counts as :data:`UNKNOWN_TIE`). A strength of 0 is no tie at all.

Building the graph reads three tables once (a few bulk queries, no query per contact);
each process keeps it per owner while the owner's network version (moved by the database
on every write to those tables, ``versions``) and today's date are unchanged, so every
page, the API and the command line share it.
"""

import itertools
import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vinculo.activity.models import Interaction
from vinculo.engines.network import Network, Strength, Touch, health, strength
from vinculo.giving.matching import index_lock, match_index
from vinculo.people.models import Contact, Tag, Tie
from vinculo.people.selectors import network_counts
from vinculo.portability.exchange import contact_ids

from .versions import network_version

OWNER = 0  # the owner's node
UNKNOWN_TIE = 0.5  # weight of a "knows" tie recorded without a strength
PATH_LIMIT = 3  # alternatives shown, each with a different first step
MAX_HOPS = 4  # owner → … → target: at most three people in between
OFFER_TARGETS = 50  # contacts whose offers best meet a typed need, paths searched to any
LOSING_AFTER = 60  # days of silence before a valuable tie counts as losing touch
LOSING_VALUE = 0.6  # worth at least this when last in touch (one meeting alone is 0.53)
STRONG, MEDIUM = 0.7, 0.4  # the words for a strength: strong from 0.7, medium from 0.4


# --- Strength of one tie, in words -------------------------------------------------------


def contact_touches(*, contact: Contact) -> list[Touch]:
    """The interactions with a contact as the engine reads them, plus the day they met
    when no interaction was logged on it."""
    rows = Interaction.objects.for_user(contact.owner).filter(contact=contact)
    touches = [
        Touch(on=on, kind=kind, direction=direction)
        for on, kind, direction in rows.values_list("date", "kind", "direction")
    ]
    return _with_met(touches, contact.met_on)


def _with_met(touches: list[Touch], met_on: date | None) -> list[Touch]:
    if met_on is not None and all(t.on != met_on for t in touches):
        touches.append(Touch(on=met_on, kind="meeting", direction="mutual"))
    return touches


def contact_strength(*, contact: Contact, today: date | None = None) -> Strength:
    """How strong the owner's tie with ``contact`` is, and the reasons."""
    return strength(
        contact_touches(contact=contact),
        today=today or timezone.localdate(),
        manual=contact.strength,
    )


def strength_reasons(value: Strength) -> list[str]:
    """The engine's reason codes as sentences in the active language."""
    return [_sentence(code, data) for code, data in value.reasons]


def _sentence(code: str, data: dict) -> str:
    if code == "manual":
        return _("You set this strength yourself (%(value).2f).") % {"value": data["value"]}
    if code == "recent":
        if data["days"] == 0:
            return _("You were last in touch today.")
        return ngettext(
            "You were last in touch %(days)d day ago.",
            "You were last in touch %(days)d days ago.",
            data["days"],
        ) % {"days": data["days"]}
    if code == "frequent":
        return ngettext(
            "%(count)d interaction in the last %(days)d days.",
            "%(count)d interactions in the last %(days)d days.",
            data["count"],
        ) % {"count": data["count"], "days": data["days"]}
    if code == "in_person":
        return ngettext(
            "Met in person %(count)d time, which weighs more than a message.",
            "Met in person %(count)d times, which weighs more than messages.",
            data["count"],
        ) % {"count": data["count"]}
    if code == "both_ways":
        return _("Value flows both ways: %(gave)d from you, %(received)d from them.") % {
            "gave": data["gave"],
            "received": data["received"],
        }
    if code == "one_way":
        if data["direction"] == "gave":
            return ngettext(
                "So far only you have given (%(count)d time).",
                "So far only you have given (%(count)d times).",
                data["count"],
            ) % {"count": data["count"]}
        return ngettext(
            "So far only they have given (%(count)d time).",
            "So far only they have given (%(count)d times).",
            data["count"],
        ) % {"count": data["count"]}
    if code == "fading":
        return ngettext(
            "No contact for %(days)d day: the tie is fading.",
            "No contact for %(days)d days: the tie is fading.",
            data["days"],
        ) % {"days": data["days"]}
    if code == "none":
        return _("Nothing logged together yet: no direct tie.")
    return code


# --- The whole network as a graph --------------------------------------------------------


@dataclass
class OwnerNetwork:
    """The engine's graph of one owner's network, with what maps nodes back to contacts."""

    net: Network
    contact_ids: list[int]  # node i ≥ 1 is contact_ids[i - 1]
    node_of: dict[int, int]  # contact id → node
    strengths: dict[int, Strength]  # contact id → the owner's tie with them
    ties: list[tuple[int, int, float]]  # contact id, contact id, weight (> 0)
    today: date
    touches: dict[int, list[Touch]] = field(default_factory=dict)
    met_on: dict[int, date] = field(default_factory=dict)
    computed: "_Computed | None" = None  # the health figures, worked out when first asked

    def contact_of(self, node: int) -> int | None:
        return None if node == OWNER else self.contact_ids[node - 1]


_lock = threading.Lock()
_cache: dict[int, "_Cached"] = {}
CACHED_OWNERS = 16  # networks kept per process; the least recently built goes first


@dataclass
class _Cached:
    version: int  # the owner's network version it was built at (``versions``)
    quick: tuple
    slow: tuple
    network: OwnerNetwork


def _quick_fingerprint(user, today: date) -> tuple:
    """What index reads tell at once: a contact, interaction or tie added or deleted (the
    count or the last id moves), a contact changed (its ``updated_at``), another day.
    Read only when the version moved, to see whether only interactions were added."""
    key: list = [today]
    for model in (Contact, Interaction, Tie):
        row = model.objects.for_user(user).aggregate(n=Count("id"), last_id=Max("id"))
        key.extend((row["n"], row["last_id"]))
    key.append(Contact.objects.for_user(user).aggregate(x=Max("updated_at"))["x"])
    return tuple(key)


def _slow_fingerprint(user) -> tuple:
    """An interaction or a tie edited in place: the latest ``updated_at`` of each (reads
    every row of the owner's), so that an edit is not taken for an addition."""
    return tuple(
        model.objects.for_user(user).aggregate(x=Max("updated_at"))["x"]
        for model in (Interaction, Tie)
    )


def network_load(*, user, today: date | None = None) -> OwnerNetwork:
    """The owner's network as a weighted graph; rebuilt only when something changed.

    One query when nothing did: the owner's network version, which the database moves on
    every write to contacts, ties and interactions (``versions``). When it moved because
    interactions were only added, just those contacts' strengths are worked out again."""
    today = today or timezone.localdate()
    version = network_version(user=user)
    with _lock:
        cached = _cache.get(user.pk)
    if cached is not None and cached.version == version and cached.network.today == today:
        return cached.network
    quick = _quick_fingerprint(user, today)
    if cached is not None and (grown := _grown(user, cached, quick)) is not None:
        network, slow = grown
    else:
        slow = _slow_fingerprint(user)
        network = _build(user, today)
    _keep(user, _Cached(version=version, quick=quick, slow=slow, network=network))
    return network


def _keep(user, entry: _Cached) -> None:
    with _lock:
        _cache.pop(user.pk, None)
        _cache[user.pk] = entry
        while len(_cache) > CACHED_OWNERS:
            del _cache[next(iter(_cache))]


def _interaction_rows(user):
    """``(contact_id, date, kind, direction)`` of every interaction of the owner, read with
    the cursor: the ORM's per-row conversions took most of the time with 200,000 rows.
    Dates come back as ``date`` (PostgreSQL) or ISO text (SQLite), parsed once per day."""
    query = (
        Interaction.objects.for_user(user)
        .order_by()  # no sort: the order does not matter here
        .values_list("contact_id", "date", "kind", "direction")
    )
    sql, params = query.query.sql_with_params()
    days: dict[str, date] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10000):
            for contact_id, on, kind, direction in rows:
                if isinstance(on, str):
                    on = days.get(on) or days.setdefault(on, date.fromisoformat(on))
                yield contact_id, on, kind, direction


def _build(user, today: date) -> OwnerNetwork:
    contacts = list(
        Contact.objects.for_user(user).order_by("id").values_list("id", "strength", "met_on")
    )
    touches: dict[int, list[Touch]] = defaultdict(list)
    for contact_id, on, kind, direction in _interaction_rows(user):
        touches[contact_id].append(Touch(on=on, kind=kind, direction=direction))
    contact_ids = [pk for pk, _s, _m in contacts]
    strengths, met_on = {}, {}
    for pk, manual, met in contacts:
        mine = _with_met(touches.get(pk, []), met)
        if met is not None:
            met_on[pk] = met
        if mine:
            touches[pk] = mine
        strengths[pk] = strength(mine, today=today, manual=manual)
    ties = []
    for x, y, weight in Tie.objects.for_user(user).values_list("a_id", "b_id", "strength"):
        weight = UNKNOWN_TIE if weight is None else weight
        if weight > 0:
            ties.append((x, y, weight))
    return _assemble(contact_ids, strengths, ties, today, dict(touches), met_on)


def _assemble(contact_ids, strengths, ties, today, touches, met_on) -> OwnerNetwork:
    node_of = {pk: node for node, pk in enumerate(contact_ids, start=1)}
    a, b, w = [], [], []
    for pk in contact_ids:
        if strengths[pk].value > 0:
            a.append(OWNER)
            b.append(node_of[pk])
            w.append(strengths[pk].value)
    for x, y, weight in ties:
        a.append(node_of[x])
        b.append(node_of[y])
        w.append(weight)
    return OwnerNetwork(
        net=Network.from_edges(len(contact_ids) + 1, a, b, w),
        contact_ids=contact_ids,
        node_of=node_of,
        strengths=strengths,
        ties=ties,
        today=today,
        touches=touches,
        met_on=met_on,
    )


def _grown(user, cached: _Cached, quick: tuple) -> tuple[OwnerNetwork, tuple] | None:
    """The cached network with the interactions logged since, when nothing else changed
    (the common write: one more interaction): only those contacts' strengths are worked
    out again. ``None`` when something else changed too; then all is rebuilt."""
    # quick: today, contacts (count, last id), interactions (…), ties (…), contacts' change
    old = cached.quick
    if old[:3] != quick[:3] or old[5:] != quick[5:] or quick[3] <= old[3]:
        return None
    added = Interaction.objects.for_user(user).filter(id__gt=old[4] or 0).order_by()
    rows = list(added.values_list("contact_id", "updated_at"))
    network = cached.network
    if len(rows) != quick[3] - old[3] or any(pk not in network.node_of for pk, _u in rows):
        return None  # some were deleted as well
    slow = _slow_fingerprint(user)
    if slow[1] != cached.slow[1] or slow[0] != max(u for _pk, u in rows):
        return None  # a tie or an older interaction was edited as well
    changed = {pk for pk, _u in rows}
    fresh: dict[int, list[Touch]] = defaultdict(list)
    mine = Interaction.objects.for_user(user).filter(contact_id__in=changed).order_by()
    for pk, on, kind, direction in mine.values_list("contact_id", "date", "kind", "direction"):
        fresh[pk].append(Touch(on=on, kind=kind, direction=direction))
    touches, strengths = dict(network.touches), dict(network.strengths)
    manual = dict(
        Contact.objects.for_user(user).filter(pk__in=changed).values_list("id", "strength")
    )
    for pk in changed:
        touches[pk] = _with_met(fresh[pk], network.met_on.get(pk))
        strengths[pk] = strength(touches[pk], today=network.today, manual=manual[pk])
    grown = _assemble(
        network.contact_ids, strengths, network.ties, network.today, touches, network.met_on
    )
    return grown, slow


# --- Warm paths --------------------------------------------------------------------------


@dataclass
class WarmPath:
    """Owner → people[0] → … → people[-1]: ask ``people[0]`` to introduce you onwards."""

    people: list[Contact]
    score: float
    offer: str = ""  # for a search by offer: what the last person offers that matched

    @property
    def first(self) -> Contact:
        return self.people[0]

    @property
    def target(self) -> Contact:
        return self.people[-1]

    @property
    def direct(self) -> bool:
        """The owner knows the target already: nobody to ask."""
        return len(self.people) == 1


def warm_paths_find(
    *, user, target: Contact | None = None, offering: str = "", limit: int = PATH_LIMIT
) -> list[WarmPath]:
    """Who can introduce the owner to ``target``, or to someone who offers ``offering``:
    best first (the product of the tie strengths along the path), each alternative with a
    different first step, never through a tie of strength 0. ``[]``: there is no path."""
    network = network_load(user=user)
    offers: dict[int, str] = {}
    if target is not None:
        targets = [network.node_of[target.pk]] if target.pk in network.node_of else []
    else:
        offers = _offering_contacts(user=user, text=offering)
        targets = [network.node_of[pk] for pk in offers if pk in network.node_of]
    if not targets:
        return []
    found = network.net.paths(OWNER, targets, limit=limit, max_hops=MAX_HOPS)
    ids = {network.contact_of(n) for path in found for n in path.nodes[1:]}
    contacts = Contact.objects.for_user(user).in_bulk(ids)
    return [
        WarmPath(
            people=[contacts[network.contact_of(n)] for n in path.nodes[1:]],
            score=round(path.score, 4),
            offer=offers.get(network.contact_of(path.nodes[-1]), ""),
        )
        for path in found
    ]


def _offering_contacts(*, user, text: str) -> dict[int, str]:
    """The contacts whose offers best meet ``text``, each with the offer that did."""
    index = match_index(user)
    with index_lock:
        hits = index.search_offers(
            text, lang=user.language or None, limit=OFFER_TARGETS, exclude_people=(OWNER,)
        )
    found: dict[int, str] = {}
    for hit in hits:
        found.setdefault(hit.person, hit.text)
    return found


def path_people_get(*, user, contact_ids: list[int]) -> list[Contact]:
    """The contacts of a path named by their ids, in that order (404 when one is not the
    owner's)."""
    contacts = Contact.objects.for_user(user).in_bulk(contact_ids)
    if not contact_ids or any(pk not in contacts for pk in contact_ids):
        raise Http404
    return [contacts[pk] for pk in contact_ids]


def strength_level(value: float) -> str:
    """A word for a strength: strong, medium, weak, or no direct tie."""
    if value >= STRONG:
        return _("strong")
    if value >= MEDIUM:
        return _("medium")
    if value > 0:
        return _("weak")
    return _("no direct tie")


# --- The graph page ----------------------------------------------------------------------

GRAPH_LIMIT = 5000  # the strongest contacts drawn; the rest are counted, not drawn
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
OTHER_COLOUR = "#b0b7c3"
OWNER_COLOUR = "#111827"


def _jitter(pk: int) -> float:
    """A small, stable offset of the radius, so people of equal strength do not overlap."""
    return 0.12 * ((pk * 2654435761) % 1000) / 1000


def network_graph(*, user, limit: int = GRAPH_LIMIT) -> dict:
    """The owner's network ready to draw: the owner in the centre, contacts around, each
    coloured by its tag (the network's most common tags get a colour of their own), sized
    and placed by the strength of the owner's tie (strong ties near the centre, people
    known only through others outside), and grouped by tag into sectors of the circle."""
    network = network_load(user=user)
    strengths = network.strengths
    chosen = sorted(network.contact_ids, key=lambda pk: (-strengths[pk].value, pk))[:limit]
    shown = set(chosen)
    names = dict(Contact.objects.for_user(user).order_by().values_list("id", "name"))
    tags: dict[int, list[str]] = defaultdict(list)
    rows = Tag.objects.for_user(user).order_by().filter(contacts__isnull=False)
    for contact_id, name in rows.values_list("contacts", "name"):
        if contact_id in shown:
            tags[contact_id].append(name)
    counts = Counter(name for names_ in tags.values() for name in names_)
    top = [name for name, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    top = top[: len(PALETTE)]
    colour_of = dict(zip(top, PALETTE, strict=False))
    rank = {name: i for i, name in enumerate(top)}

    def group(pk: int) -> int:
        # The contact's most common tag that has a colour; len(top) = another tag or none.
        return min((rank[t] for t in tags.get(pk, ()) if t in rank), default=len(top))

    sectors: dict[int, list[int]] = defaultdict(list)
    for pk in chosen:
        sectors[group(pk)].append(pk)
    nodes = [{"id": 0, "label": user.name, "x": 0.0, "y": 0.0, "size": 12, "color": OWNER_COLOUR}]
    start = 0.0
    total = max(len(chosen), 1)
    for key in sorted(sectors):
        members = sectors[key]
        span = 2 * math.pi * len(members) / total
        for i, pk in enumerate(members):
            value = strengths[pk].value
            angle = start + span * (i + 0.5) / len(members)
            radius = (0.25 + 0.75 * (1 - value) if value > 0 else 1.15) + _jitter(pk)
            nodes.append(
                {
                    "id": pk,
                    "label": names.get(pk, ""),
                    "x": round(100 * radius * math.cos(angle), 2),
                    "y": round(100 * radius * math.sin(angle), 2),
                    "size": round(2 + 8 * value, 1),
                    "color": colour_of[top[key]] if key < len(top) else OTHER_COLOUR,
                }
            )
        start += span
    edges = [[0, pk, strengths[pk].value] for pk in chosen if strengths[pk].value > 0]
    edges += [[a, b, w] for a, b, w in network.ties if a in shown and b in shown]
    legend = [{"label": name, "color": colour_of[name], "count": counts[name]} for name in top]
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "other_color": OTHER_COLOUR,
        "contacts": len(network.contact_ids),
        "shown": len(chosen),
    }


# --- Health ------------------------------------------------------------------------------

BROKERS_SHOWN = 10
LOSING_SHOWN = 10


@dataclass
class _Computed:
    """The parts of the health document that only change with contacts, interactions and
    ties (kept with the graph, so a page view does not recompute them)."""

    growth: list[dict]
    tie_states: dict[str, int]
    followup_rate: dict
    reach: dict[str, int]
    brokers: list[tuple[int, int]]  # contact id, how many people only they connect you to
    losing: list[dict]  # engine rows, "contact" a contact id


def _computed(user, network: OwnerNetwork) -> _Computed:
    if network.computed is not None:
        return network.computed
    today = network.today
    zone = timezone.get_current_timezone()
    rows = Contact.objects.for_user(user).order_by().values_list("met_on", "created_at")
    created = [met or added.astimezone(zone).date() for met, added in rows]
    days_since = {
        pk: (None if s.last is None else max((today - s.last).days, 0))
        for pk, s in network.strengths.items()
    }
    # The touches include the day met, which never counts as its own follow-up (only a
    # touch after that day does), so they serve as the interactions here.
    touched = ((pk, t.on) for pk in network.met_on for t in network.touches.get(pk, ()))
    ties = []
    for pk, days in days_since.items():
        if days is None or days < LOSING_AFTER:
            continue
        value = network.strengths[pk]
        if not value.manual:  # what the tie was worth before it went quiet
            value = strength(network.touches.get(pk, []), today=value.last)
        ties.append((pk, value.value, days))
    computed = _Computed(
        growth=health.growth(created, until=today) if created else [],
        tie_states=health.tie_states(days_since.values()),
        followup_rate=health.follow_up_rate(network.met_on.items(), touched),
        reach={
            "direct": sum(1 for s in network.strengths.values() if s.value > 0),
            "two_steps": network.net.within_two(OWNER),
        },
        brokers=[(network.contact_of(node), cut) for node, cut in network.net.brokers(OWNER)][
            :BROKERS_SHOWN
        ],
        losing=health.losing_touch(
            ties, min_value=LOSING_VALUE, after=LOSING_AFTER, limit=LOSING_SHOWN
        ),
    )
    network.computed = computed
    return computed


def _health(*, user) -> tuple[dict, _Computed]:
    network = network_load(user=user)
    computed = _computed(user, network)
    sectors = (
        Contact.objects.for_user(user).order_by().values_list("organization__sector", flat=True)
    )
    tags = (
        Tag.objects.for_user(user)
        .order_by()
        .filter(contacts__isnull=False)
        .values_list("name", flat=True)
    )
    directions = dict(
        Interaction.objects.for_user(user)
        .order_by()
        .values_list("direction")
        .annotate(n=Count("id"))
    )
    mentioned = [pk for pk, _cut in computed.brokers] + [r["contact"] for r in computed.losing]
    ids = contact_ids(user=user, contacts=mentioned)
    names = Contact.objects.for_user(user).in_bulk(mentioned)
    document = {
        **network_counts(user=user),
        "reach": computed.reach,
        "growth": computed.growth,
        "tie_states": computed.tie_states,
        "followup_rate": computed.followup_rate,
        "balance": health.balance(
            itertools.chain.from_iterable(itertools.repeat(d, n) for d, n in directions.items())
        ),
        "diversity": {
            "sectors": _diversity(sectors.iterator(chunk_size=10000)),
            "tags": _diversity(tags.iterator(chunk_size=10000)),
        },
        "brokers": [
            {"id": ids[pk], "name": names[pk].name, "cut_off": cut} for pk, cut in computed.brokers
        ],
        "losing_touch": [
            {
                "id": ids[row["contact"]],
                "name": names[row["contact"]].name,
                "value": row["value"],
                "strength": network.strengths[row["contact"]].value,
                "days": row["days"],
            }
            for row in computed.losing
        ],
    }
    return document, computed


def _diversity(labels) -> dict:
    found = health.diversity(labels)
    return {
        "counts": [{"label": label, "count": n} for label, n in found["counts"]],
        "evenness": found["evenness"],
    }


def network_health(*, user) -> dict:
    """The size, health and value of the network: ``vinculo stats --json``, the API and
    the health page (the README describes every key)."""
    return _health(user=user)[0]


@dataclass
class HealthPage:
    document: dict
    brokers: list[tuple[Contact, int]]  # the contact, how many people only they reach
    losing: list[tuple[Contact, dict]]  # the contact, its row of ``losing_touch``


def network_health_page(*, user) -> HealthPage:
    """The health document with the contacts of its lists, for links."""
    document, computed = _health(user=user)
    mentioned = [pk for pk, _cut in computed.brokers] + [r["contact"] for r in computed.losing]
    contacts = Contact.objects.for_user(user).in_bulk(mentioned)
    return HealthPage(
        document=document,
        brokers=[(contacts[pk], cut) for pk, cut in computed.brokers],
        losing=[
            (contacts[row["contact"]], entry)
            for row, entry in zip(computed.losing, document["losing_touch"], strict=True)
        ],
    )
