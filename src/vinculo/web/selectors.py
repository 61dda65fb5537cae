"""What the dashboard shows, in a fixed number of queries whatever the network's size."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from vinculo.activity.models import Interaction
from vinculo.activity.selectors import interactions_recent
from vinculo.people.models import Contact, Organization
from vinculo.people.selectors import contact_list, profile_needs, profile_offers


@dataclass
class DashboardSummary:
    contacts: int
    organizations: int
    interactions_30_days: int
    recent_interactions: list
    recent_contacts: list
    my_offers: list[str]
    my_needs: list[str]


def dashboard_summary(*, user) -> DashboardSummary:
    since = timezone.localdate() - timedelta(days=30)
    return DashboardSummary(
        contacts=Contact.objects.for_user(user).count(),
        organizations=Organization.objects.for_user(user).count(),
        interactions_30_days=Interaction.objects.for_user(user).filter(date__gte=since).count(),
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
