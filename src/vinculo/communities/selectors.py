"""Reads of communities, always from the viewer's own membership.

Every read starts from ``workspace_membership_get(user=..., slug=...)``: a workspace the
user is not a member of answers 404, so its existence is never revealed. Profiles are
built for a viewer with each field's visibility applied here, once, for the directory,
the profile page and the API alike. These selectors read only the communities models:
never a member's contacts, notes, ties, interactions or ledger.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.db import connection, connections
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.utils import create_namedtuple_class
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from vinculo.engines.text import fold

from .enums import IntroductionStatus, Role, Visibility
from .models import (
    Invitation,
    MemberIntroduction,
    MemberMatch,
    MemberNeed,
    MemberOffer,
    Membership,
)

DIRECTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class MemberCard:
    """A member as one viewer may see them: a hidden field is None, never its value."""

    id: int
    name: str
    role: str
    role_label: str
    joined_at: datetime
    is_me: bool
    does: str | None
    pitch: str | None
    sector: str | None
    city: str | None
    offers: list[str] | None
    needs: list[str] | None


def workspace_list(*, user) -> list[Membership]:
    """The user's memberships, each with its workspace and member count."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .annotate(member_count=Count("workspace__memberships"))
        .order_by("workspace__name", "workspace__pk")
    )


def workspace_membership_get(*, user, slug: str) -> Membership:
    """The viewer's membership in the workspace at ``slug``; 404 when not a member."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:  # one membership per user and workspace: no order to sort by, as first() would
        return Membership.objects.select_related("workspace").get(user=user, workspace__slug=slug)
    except Membership.DoesNotExist:
        raise Http404 from None


def membership_of(*, user, workspace_id: int) -> Membership | None:
    """``user``'s membership in a workspace, or None: for the invitation landing page."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, workspace_id=workspace_id).first()


def workspace_counts(*, viewer: Membership) -> dict[str, int]:
    members = Membership.objects.filter(workspace_id=viewer.workspace_id)
    return members.aggregate(
        members=Count("pk"),
        organisers=Count("pk", filter=Q(role__in=[Role.OWNER, Role.ORGANISER])),
    )


def visible_levels(*, viewer: Membership) -> list[str]:
    """The visibility levels whose fields ``viewer`` sees on another member's profile."""
    if viewer.is_organiser:
        return [Visibility.MEMBERS, Visibility.ORGANISERS]
    return [Visibility.MEMBERS]


def _members(*, viewer: Membership) -> QuerySet:
    return Membership.objects.filter(workspace_id=viewer.workspace_id).prefetch_related(
        Prefetch("offers", queryset=MemberOffer.objects.order_by("position", "pk")),
        Prefetch("needs", queryset=MemberNeed.objects.order_by("position", "pk")),
    )


def member_get(*, viewer: Membership, member_id: int) -> Membership:
    """A member of the viewer's workspace; any other id answers 404."""
    member = _members(viewer=viewer).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def member_card(*, viewer: Membership, member: Membership) -> MemberCard:
    """``member``'s profile with only the fields ``viewer`` may see."""
    if member.workspace_id != viewer.workspace_id:
        raise Http404
    is_me = member.pk == viewer.pk
    levels = visible_levels(viewer=viewer)

    def shown(field: str) -> bool:
        return is_me or getattr(member, f"{field}_visibility") in levels

    return MemberCard(
        id=member.pk,
        name=member.name,
        role=member.role,
        role_label=member.get_role_display(),
        joined_at=member.joined_at,
        is_me=is_me,
        does=member.does if shown("does") else None,
        pitch=member.pitch if shown("pitch") else None,
        sector=member.sector if shown("sector") else None,
        city=member.city if shown("city") else None,
        offers=[o.text for o in member.offers.all()] if shown("offers") else None,
        needs=[n.text for n in member.needs.all()] if shown("needs") else None,
    )


def _visible(*, viewer: Membership, field: str, levels: list[str]) -> Q:
    return Q(pk=viewer.pk) | Q(**{f"{field}_visibility__in": levels})


def directory_search(
    *,
    viewer: Membership,
    query: str = "",
    sector: str = "",
    city: str = "",
    offer: str = "",
    need: str = "",
) -> QuerySet:
    """Members of the viewer's workspace, by name, accents and case ignored.

    ``query`` matches what every member may see; the filters match only fields the viewer
    may see, so a filter never reveals a hidden sector, city, offer or need.
    """
    members = _members(viewer=viewer)
    levels = visible_levels(viewer=viewer)
    for word in fold(query).split():
        members = members.filter(search_text__contains=word)
    if folded := " ".join(fold(sector).split()):
        members = members.filter(
            _visible(viewer=viewer, field="sector", levels=levels), sector_folded__contains=folded
        )
    if folded := " ".join(fold(city).split()):
        members = members.filter(
            _visible(viewer=viewer, field="city", levels=levels), city_folded__contains=folded
        )
    for field, text in (("offers", offer), ("needs", need)):
        words = fold(text).split()
        if not words:
            continue
        # Each word in one of the member's offers (needs): their folded texts are on the
        # membership row, one per line, so a word never spans two of them.
        members = members.filter(_visible(viewer=viewer, field=field, levels=levels))
        for word in words:
            members = members.filter(**{f"{field}_folded__contains": word})
    return members.order_by("name", "pk")


def directory_cards(*, viewer: Membership, members) -> list[MemberCard]:
    return [member_card(viewer=viewer, member=m) for m in members]


@dataclass(frozen=True, slots=True)
class DirectoryRow:
    """One member of a directory page with what the page shows already worked out: the
    fields the viewer may see, as plain text ("" when hidden or empty)."""

    id: int
    name: str
    url: str
    role_label: str  # "" for a plain member
    does: str
    place: str  # sector · city
    offers: str  # "; " between offers
    needs: str

    def __getitem__(self, field: str):
        # A template's ``{{ card.name }}`` tries ``card["name"]`` first: found at once,
        # without the exception a plain dataclass raises before its attribute is read.
        return getattr(self, field)


def _items_text(*, offers_of: list[int], needs_of: list[int]) -> dict[tuple[int, int], str]:
    """The offers of the members ``offers_of`` and the needs of ``needs_of``, each member's
    joined with "; " in their order, in one query: ``{(0 offers / 1 needs, id): text}``.

    One plain statement: built through the ORM (a union of two annotated querysets), the
    query took 3 ms of CPU to compile on every directory page, six times what it takes to
    run and read."""
    qn = connection.ops.quote_name
    parts, params = [], []
    for kind, model, ids in ((0, MemberOffer, offers_of), (1, MemberNeed, needs_of)):
        if ids:
            parts.append(
                f"SELECT {kind}, {qn('membership_id')}, {qn('position')}, {qn('id')}, "
                f"{qn('text')} FROM {qn(model._meta.db_table)} "
                f"WHERE {qn('membership_id')} IN ({', '.join(['%s'] * len(ids))})"
            )
            params.extend(ids)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    joined: dict[tuple[int, int], list[str]] = {}
    for kind, member_id, _position, _pk, text in sorted(rows):  # a hundred rows at most
        joined.setdefault((kind, member_id), []).append(text)
    return {key: "; ".join(texts) for key, texts in joined.items()}


def directory_rows(*, viewer: Membership, members, member_url: str) -> list[DirectoryRow]:
    """The members of a directory page as ``viewer`` sees them, in one pass: each field's
    visibility resolved here, the link to each member from ``member_url`` (a reversed
    address with ``{id}`` where the member's id goes), the offers and needs of the members
    whose offers and needs the viewer may see read in one query; nothing left for
    the template to decide but whether a value is empty.

    ``members``: rows of ``directory_search`` with the fields of ``DIRECTORY_ROW_FIELDS``
    as attributes (``directory_page``'s named rows, or the members themselves).
    """
    members = list(members)
    seen = frozenset(visible_levels(viewer=viewer))
    me = viewer.pk

    def shows(m, field: str) -> bool:
        return m.pk == me or getattr(m, f"{field}_visibility") in seen

    items = _items_text(
        offers_of=[m.pk for m in members if shows(m, "offers")],
        needs_of=[m.pk for m in members if shows(m, "needs")],
    )
    roles = {value: str(label) for value, label in Role.choices if value != Role.MEMBER}
    rows = []
    for m in members:
        if m.pk == me:
            sector, city, does = m.sector, m.city, m.does
        else:
            sector = m.sector if m.sector_visibility in seen else ""
            city = m.city if m.city_visibility in seen else ""
            does = m.does if m.does_visibility in seen else ""
        rows.append(
            DirectoryRow(
                id=m.pk,
                name=m.name,
                url=member_url.format(id=m.pk),
                role_label=roles.get(m.role, ""),
                does=does,
                place=f"{sector} · {city}" if sector and city else sector or city,
                offers=items.get((0, m.pk), ""),
                needs=items.get((1, m.pk), ""),
            )
        )
    return rows


# What a directory row reads of each member (``directory_page``).
DIRECTORY_ROW_FIELDS = (
    "pk",
    "name",
    "role",
    "does",
    "sector",
    "city",
    "does_visibility",
    "sector_visibility",
    "city_visibility",
    "offers_visibility",
    "needs_visibility",
)


def directory_page(
    *,
    viewer: Membership,
    number,
    member_url: str,
    query: str = "",
    sector: str = "",
    city: str = "",
    offer: str = "",
    need: str = "",
):
    """One page of the directory for the web page: ``(page, rows)``, ``page`` the
    ``DirectoryPaginator``'s page (count, more, pages) and ``rows`` its members as
    ``directory_rows``. Only the columns a row shows are read, as plain values."""
    members = directory_search(
        viewer=viewer, query=query, sector=sector, city=city, offer=offer, need=need
    )
    paginator = DirectoryPaginator(members, DIRECTORY_PAGE_SIZE, fields=DIRECTORY_ROW_FIELDS)
    page = paginator.get_page(number)
    return page, directory_rows(viewer=viewer, members=page.object_list, member_url=member_url)


def _has_contains(where) -> bool:
    """Whether a query's conditions hold a ``contains`` lookup, at any depth."""
    return any(
        _has_contains(child)
        if hasattr(child, "children")
        else getattr(child, "lookup_name", None) == "contains"
        for child in where.children
    )


class DirectoryPaginator(Paginator):
    """Pages of ``directory_search`` that stay fast in a community of 100,000 members.

    The count stops at ``count_limit`` (``more`` says there are more): counting every
    member of a large community, or every member who offers something common, would cost
    more than the page itself, and nobody reads page 2,000; a search or a filter narrows
    the list instead.

    A page of a search and its count come from one query when they can: the members who
    match, at most ``count_limit`` + 1 of them in no particular order, counted, sorted by
    name and cut to the page. When the count is exact (``count_limit`` members or fewer),
    that is the page, read from the matches themselves (on PostgreSQL, from the trigram
    indexes) whatever the database estimated of how many there are: it takes the words
    of a search for independent and misjudges how they are spread over the directory's
    order ("smith", 336 members, walked 10,000 members of that order to fill its page).
    Those members are then read by id, with whatever ``object_list`` reads of them
    (model instances and their prefetches). With ``fields`` the members are named rows of
    those fields instead (``values_list(*fields, named=True)``), and such a page is read
    by that same query: its matches carry the fields, no second query by id.

    A plain listing, and a search with more matches than ``count_limit``, are counted
    first and their page read on its own, as the database plans it: the first pages in
    one query, deeper ones in two steps, the ids of the page first (on PostgreSQL the
    directory's order is an index, communities migration 0003).
    """

    count_limit = 1000
    two_steps_from = 200  # members skipped from which a page is read in two steps

    def __init__(self, object_list, per_page, *, fields=(), **kwargs):
        self.fields = tuple(fields)  # with "pk" and "name", the directory's order
        if self.fields:
            object_list = object_list.prefetch_related(None).values_list(*fields, named=True)
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _counted(self) -> int:
        # Only the ids: the narrowest rows, an index-only scan where the plan allows it.
        return self.object_list.order_by().values_list("pk")[: self.count_limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.count_limit)

    @cached_property
    def more(self) -> bool:
        return self._counted > self.count_limit

    @cached_property
    def _searched(self) -> bool:
        """Whether the members are searched or filtered (a ``LIKE``): a plain listing
        counts from the directory's order (an index-only scan) and pages from it too."""
        return _has_contains(self.object_list.query.where)

    def get_page(self, number):
        # As Django's: a number that is not one is page 1, a page past the end the last.
        if self._searched and "_counted" not in self.__dict__:
            try:
                wanted = int(str(number))
            except ValueError:
                wanted = 1
            try:
                page = self._page_and_count(wanted) if wanted >= 1 else None
            except InvalidPage:
                page = None  # an empty first page that may not be: as Django says
            if page is not None:
                return page
        return super().get_page(number)

    def page(self, number):
        searched = self._searched and "_counted" not in self.__dict__
        if searched and str(number).isdigit() and int(number) >= 1:
            page = self._page_and_count(int(number))
            if page is not None:
                return page
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        members = self.object_list
        if bottom < self.two_steps_from:
            return self._get_page(list(members[bottom:top]), number, self)
        ids = list(members.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        return self._page_of(ids, number)

    def _page_and_count(self, wanted: int):
        """The page ``wanted`` and the count from one query over the matches; None when
        that is not the page (more than ``count_limit`` matches, a page past the last
        one): the caller counts and reads the page apart."""
        bottom = (wanted - 1) * self.per_page
        db = self.object_list.db
        matches = self.object_list.order_by().values_list("pk", "name")[: self.count_limit + 1]
        sql, params = matches.query.get_compiler(using=db).as_sql()
        # Counted and sorted narrow (an id and a name), then joined to the page's fields.
        query = (
            "SELECT pk, name, directory_total FROM (SELECT pk, name, COUNT(*) OVER () AS "
            f"directory_total FROM ({sql}) matches) counted ORDER BY name, pk LIMIT %s OFFSET %s"
        )
        params = (*params, self.per_page + self.orphans, bottom)
        if self.fields:
            members = self.object_list.model._base_manager.order_by().values_list(*self.fields)
            fields_sql, fields_params = members.query.get_compiler(using=db).as_sql()
            query = (
                f"SELECT members.*, page.directory_total FROM ({query}) page JOIN ({fields_sql}) "
                "members ON members.pk = page.pk ORDER BY page.name, page.pk"
            )
            params = (*params, *fields_params)
        with connections[db].cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
        if not rows and bottom:
            return None  # past the last page: how many there are is counted apart
        self.__dict__["_counted"] = rows[0][-1] if rows else 0  # cached_property's value
        if self.more:
            return None
        if bottom + self.per_page + self.orphans < self.count:
            rows = rows[: self.per_page]
        number = self.validate_number(wanted)
        if self.fields:
            row = create_namedtuple_class(*self.fields)  # values_list(named=True)'s own
            return self._get_page([row(*values[:-1]) for values in rows], number, self)
        return self._page_of([values[0] for values in rows], number)

    def _page_of(self, ids: list[int], number):
        """The page ``number`` of the members ``ids``, in that order."""
        if not ids:
            return self._get_page([], number, self)
        by_id = {m.pk: m for m in self.object_list.filter(pk__in=ids)}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


def invitation_list(*, viewer: Membership) -> list[Invitation]:
    """The workspace's invitations still usable, for its organisers."""
    now = timezone.now()
    return list(
        Invitation.objects.filter(
            workspace_id=viewer.workspace_id, revoked_at__isnull=True, used_at__isnull=True
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("created_by")
    )


def invitation_get(*, viewer: Membership, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(
        workspace_id=viewer.workspace_id, pk=invitation_id
    ).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_by_token(*, token: str) -> Invitation:
    """The invitation at a secret address; an unknown address answers 404."""
    invitation = Invitation.objects.filter(token=token).select_related("workspace").first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_problem(*, invitation: Invitation) -> str | None:
    """Why the invitation cannot be used: "revoked", "used", "expired", or None."""
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at is not None and invitation.expires_at <= timezone.now():
        return "expired"
    return None


# --- member introductions ------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A suggested introduction as one viewer may see it.

    ``kind``: "helps_you" (``other`` could help the viewer), "you_help" (the viewer could
    help ``other``), or "organiser" (for an organiser: ``needer`` and ``offerer``).
    ``reason`` is already in the viewer's language.
    """

    match_id: int
    kind: str
    needer_id: int
    needer_name: str
    offerer_id: int
    offerer_name: str
    need: str
    offer: str
    score: float
    terms: list[str]
    reason: str

    @property
    def other_id(self) -> int:
        return self.offerer_id if self.kind == "helps_you" else self.needer_id

    @property
    def other_name(self) -> str:
        return self.offerer_name if self.kind == "helps_you" else self.needer_name


def _terms_of(reasons: list) -> list[str]:
    """The shared terms of a match's ``reasons`` (key, Spanish, English), in the active
    language."""
    code = "en" if (translation.get_language() or "").startswith("en") else "es"
    return [es if code == "es" else en for _key, es, en in reasons]


def introduction_terms(*, introduction: MemberIntroduction) -> list[str]:
    """What the two members' need and offer have in common, in the active language."""
    return _terms_of(introduction.reasons or [])


def _suggestion(match: MemberMatch, kind: str) -> Suggestion:
    terms = _terms_of(match.reasons)
    values = {
        "needer": match.needer.name,
        "offerer": match.offerer.name,
        "need": match.need.text,
        "offer": match.offer.text,
        "terms": ", ".join(terms),
    }
    if kind == "helps_you":
        reason = _(
            "%(offerer)s offers “%(offer)s”, for your need “%(need)s” (in common: %(terms)s)"
        )
    elif kind == "you_help":
        reason = _("%(needer)s needs “%(need)s”; you offer “%(offer)s” (in common: %(terms)s)")
    else:
        reason = _(
            "%(needer)s needs “%(need)s”; %(offerer)s offers “%(offer)s” (in common: %(terms)s)"
        )
    return Suggestion(
        match_id=match.pk,
        kind=kind,
        needer_id=match.needer_id,
        needer_name=match.needer.name,
        offerer_id=match.offerer_id,
        offerer_name=match.offerer.name,
        need=match.need.text,
        offer=match.offer.text,
        score=match.score,
        terms=terms,
        reason=reason % values,
    )


def _introduced_with(viewer: Membership) -> set[int]:
    """Members the viewer already has an introduction with (in any state)."""
    pairs = MemberIntroduction.objects.filter(workspace_id=viewer.workspace_id).filter(
        Q(first=viewer) | Q(second=viewer)
    )
    return {b if a == viewer.pk else a for a, b in pairs.values_list("first_id", "second_id")}


def _matches(viewer: Membership) -> QuerySet:
    return MemberMatch.objects.filter(workspace_id=viewer.workspace_id).select_related(
        "needer", "offerer", "need", "offer"
    )


def _best_per_member(rows, kind: str, skip: set[int], limit: int) -> list[Suggestion]:
    found: dict[int, Suggestion] = {}
    for match in rows:
        suggestion = _suggestion(match, kind)
        if suggestion.other_id in skip or suggestion.other_id in found:
            continue
        found[suggestion.other_id] = suggestion
        if len(found) >= limit:
            break
    return list(found.values())


def who_could_help(*, viewer: Membership, limit: int = 10) -> list[Suggestion]:
    """Members whose offers (that the viewer may see) meet the viewer's needs: the best
    match per member, best first, leaving out members already introduced."""
    rows = (
        _matches(viewer)
        .filter(needer=viewer, offerer__offers_visibility__in=visible_levels(viewer=viewer))
        .exclude(offerer=viewer)
        .order_by("-score", "offerer_id", "pk")[: limit * 20]
    )
    return _best_per_member(rows, "helps_you", _introduced_with(viewer), limit)


def whom_you_could_help(*, viewer: Membership, limit: int = 10) -> list[Suggestion]:
    """Members whose needs (that the viewer may see) the viewer's offers meet."""
    rows = (
        _matches(viewer)
        .filter(offerer=viewer, needer__needs_visibility__in=visible_levels(viewer=viewer))
        .exclude(needer=viewer)
        .order_by("-score", "needer_id", "pk")[: limit * 20]
    )
    return _best_per_member(rows, "you_help", _introduced_with(viewer), limit)


def suggested_introductions(*, viewer: Membership, limit: int = 10) -> list[Suggestion]:
    """Both kinds for the viewer (who could help them, whom they could help), best first."""
    both = who_could_help(viewer=viewer, limit=limit) + whom_you_could_help(
        viewer=viewer, limit=limit
    )
    both.sort(key=lambda s: (-s.score, s.kind, s.other_id))
    return both[:limit]


ORGANISER_PER_MEMBER = 2  # times one member may appear in the organisers' list
ORGANISER_SCAN = 5000  # best rows read to fill it


def organiser_introductions(*, viewer: Membership, limit: int = 20) -> list[Suggestion]:
    """For organisers: the best introductions to make this week. The highest scores first,
    pairs not introduced yet (in any state), each member at most ``ORGANISER_PER_MEMBER``
    times so the list spreads across the community; needs and offers a member shows to
    nobody never appear."""
    if not viewer.is_organiser:
        raise PermissionDenied
    shown = [Visibility.MEMBERS, Visibility.ORGANISERS]
    introduced = {
        frozenset(pair)
        for pair in MemberIntroduction.objects.filter(workspace_id=viewer.workspace_id)
        .values_list("first_id", "second_id")
        .iterator(5000)
    }
    rows = (
        _matches(viewer)
        .filter(needer__needs_visibility__in=shown, offerer__offers_visibility__in=shown)
        .order_by("-score", "pk")[:ORGANISER_SCAN]
    )
    seen: dict[int, int] = {}
    pairs: set[frozenset] = set()
    found = []
    for match in rows:
        pair = frozenset((match.needer_id, match.offerer_id))
        if pair in introduced or pair in pairs:
            continue
        if any(seen.get(m, 0) >= ORGANISER_PER_MEMBER for m in pair):
            continue
        pairs.add(pair)
        for m in pair:
            seen[m] = seen.get(m, 0) + 1
        found.append(_suggestion(match, "organiser"))
        if len(found) >= limit:
            break
    return found


def introduction_list(*, viewer: Membership) -> list[MemberIntroduction]:
    """The viewer's own introductions (as either side), newest first."""
    return list(
        MemberIntroduction.objects.filter(workspace_id=viewer.workspace_id)
        .filter(Q(first=viewer) | Q(second=viewer))
        .select_related("first__user", "second__user", "proposed_by")
    )


def workspace_introductions(*, viewer: Membership, limit: int = 50) -> list[MemberIntroduction]:
    """For organisers: the workspace's latest introductions, with their state."""
    if not viewer.is_organiser:
        raise PermissionDenied
    return list(
        MemberIntroduction.objects.filter(workspace_id=viewer.workspace_id).select_related(
            "first", "second", "proposed_by"
        )[:limit]
    )


def introduction_get(*, viewer: Membership, introduction_id: int) -> MemberIntroduction:
    """An introduction of the viewer's workspace that the viewer is a side of (organisers:
    any of the workspace); any other answers 404."""
    introductions = MemberIntroduction.objects.filter(
        workspace_id=viewer.workspace_id, pk=introduction_id
    )
    if not viewer.is_organiser:
        introductions = introductions.filter(Q(first=viewer) | Q(second=viewer))
    introduction = introductions.select_related(
        "first__user", "second__user", "proposed_by"
    ).first()
    if introduction is None:
        raise Http404
    return introduction


def introduction_side(*, viewer: Membership, introduction: MemberIntroduction) -> str | None:
    """ "first", "second", or None when the viewer is not one of the two."""
    if introduction.first_id == viewer.pk:
        return "first"
    if introduction.second_id == viewer.pk:
        return "second"
    return None


def introduction_contact_email(
    *, viewer: Membership, introduction: MemberIntroduction
) -> str | None:
    """The other side's email, only once the introduction is made and only for a side."""
    side = introduction_side(viewer=viewer, introduction=introduction)
    if side is None or introduction.status != IntroductionStatus.MADE:
        return None
    other = introduction.second if side == "first" else introduction.first
    return other.user.email


def introduction_message(*, viewer: Membership, introduction: MemberIntroduction) -> str:
    """The words written with the introduction, for the two members and whoever wrote them;
    another organiser, who may follow the introduction, does not read them."""
    readers = (introduction.first_id, introduction.second_id, introduction.proposed_by_id)
    return introduction.message if viewer.pk in readers else ""


def introduction_waiting_for(*, introduction: MemberIntroduction) -> Membership | None:
    """The member whose answer is awaited once the other accepted; None otherwise."""
    if introduction.status != IntroductionStatus.ACCEPTED:
        return None
    return introduction.second if introduction.first_answer else introduction.first


def member_matches_stats(*, viewer: Membership) -> dict[str, int]:
    return {"matches": MemberMatch.objects.filter(workspace_id=viewer.workspace_id).count()}
