"""What the dashboard shows, in a fixed number of queries whatever the network's size."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vinculo.activity.models import Interaction
from vinculo.activity.selectors import interactions_recent
from vinculo.network.versions import network_version
from vinculo.people.models import Contact, Organization
from vinculo.people.selectors import (
    contact_list,
    contact_timeline,
    profile_needs,
    profile_offers,
)


@dataclass
class DashboardSummary:
    contacts: int
    organizations: int
    interactions_30_days: int
    recent_interactions: list
    recent_contacts: list
    my_offers: list[str]
    my_needs: list[str]


# Per process: (owner id, what) → ((network version, day), count).
_counts: dict[tuple[int, str], tuple[tuple[int, date], int]] = {}


def _counter(*, user):
    """``count(what, queryset)``: ``queryset.count()``, counted again only when the owner's
    network version moved (the database moves it on every insert, update and delete of a
    contact or an interaction) or the day changed. Counting 50,000 contacts reads the whole
    owner index (5 ms of CPU); the version is one indexed row, read once per counter.

    The version is read before counting: a count that already includes a newer write is
    kept under the older version, which is never current again."""
    key = (network_version(user=user), timezone.localdate())

    def count(what: str, queryset: QuerySet) -> int:
        kept = _counts.get((user.pk, what))
        if kept is not None and kept[0] == key:
            return kept[1]
        found = queryset.count()
        if len(_counts) > 10_000:  # owners seen long ago: start again
            _counts.clear()
        _counts[(user.pk, what)] = (key, found)
        return found

    return count


def contact_count(*, user) -> int:
    """How many contacts the owner has."""
    return _counter(user=user)("contacts", Contact.objects.for_user(user))


def dashboard_summary(*, user) -> DashboardSummary:
    since = timezone.localdate() - timedelta(days=30)
    count = _counter(user=user)
    return DashboardSummary(
        contacts=count("contacts", Contact.objects.for_user(user)),
        organizations=Organization.objects.for_user(user).count(),
        interactions_30_days=count(
            "interactions_30_days", Interaction.objects.for_user(user).filter(date__gte=since)
        ),
        recent_interactions=interactions_recent(user=user, limit=8),
        recent_contacts=list(
            Contact.objects.for_user(user)
            .select_related("organization")
            .only("name", "organization", "organization__name")
            .order_by("-created_at", "-id")[:5]
        ),
        my_offers=profile_offers(user=user),
        my_needs=profile_needs(user=user),
    )


def contact_list_rows(*, user, query: str = "", tag: str = "") -> QuerySet[Contact]:
    """``contact_list`` with only the columns a row of the contact list shows.

    Half the time of the list page went into decoding columns it never shows (emails,
    phones and the other JSON fields, notes, times). A column the rows start showing must
    be added here, or each row costs one more query (the query-count test catches it).
    """
    return contact_list(user=user, query=query, tag=tag).only(
        "name", "title", "city", "organization__name"
    )


@dataclass
class TimelinePage:
    entries: list[Interaction]
    older: tuple[date, int] | None  # where the next page starts, if there are older entries


def contact_timeline_page(*, contact, before: tuple[date, int] | None = None, size: int = 20):
    """``size`` entries of the contact's timeline, newest first, older than ``before`` (the
    date and id of the last entry shown), and where the next ones start.

    Read from that point, not by page number: entries logged or deleted meanwhile neither
    repeat nor skip one. One query (``size`` + 1 rows tell whether there are more).
    """
    interactions = contact_timeline(contact=contact)
    if before is not None:
        on, pk = before
        interactions = interactions.filter(Q(date__lt=on) | Q(date=on, pk__lt=pk))
    entries = list(interactions[: size + 1])
    older = None
    if len(entries) > size:
        entries = entries[:size]
        older = (entries[-1].date, entries[-1].pk)
    return TimelinePage(entries=entries, older=older)


# What the contact page shows of the contact and the rows it points to. Building the SQL
# of a query costs more than running it here: every column named is work, and the
# contact who introduced this one would otherwise come with all of their columns.
CONTACT_PAGE_FIELDS = (
    "owner",
    "name",
    "title",
    "city",
    "country",
    "emails",
    "phones",
    "urls",
    "languages",
    "does",
    "expects",
    "notes",
    "met_on",
    "met_where",
    "strength",
    "organization__name",
    "introduced_by__name",
    "met_event__name",
)


def contact_page_get(*, user, contact_id: int) -> Contact:
    """The contact of the contact page (404 if it is not the owner's), with only the
    columns the page shows, and the owner already known."""
    contact = get_object_or_404(
        Contact.objects.for_user(user)
        .select_related("organization", "introduced_by", "met_event")
        .only(*CONTACT_PAGE_FIELDS),
        pk=contact_id,
    )
    contact.owner = user
    return contact


@dataclass
class ContactFacts:
    tags: list[str]
    offers: list[str]
    needs: list[str]
    events: list[tuple[int, str, date | None]]  # id, name, date: the latest first


def contact_facts(*, contact: Contact) -> ContactFacts:
    """The contact's tags, offers, needs and events as plain values, one query each."""
    return ContactFacts(
        tags=list(contact.tags.order_by("name").values_list("name", flat=True)),
        offers=list(contact.offers.values_list("text", flat=True)),
        needs=list(contact.needs.values_list("text", flat=True)),
        events=list(contact.events.values_list("id", "name", "date")),
    )
