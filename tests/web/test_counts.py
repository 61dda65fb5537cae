"""The dashboard's figures and the contact list's total are kept between requests, and are
right again on the next request after any write: through the services, an import's bulk
insert or plain SQL, since the database itself moves the version they are kept under."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_contact
from vinculo.activity.services import interaction_delete, interaction_log
from vinculo.people import services as people
from vinculo.people.models import Contact

pytestmark = pytest.mark.django_db


def figures(client) -> tuple[int, int, int]:
    summary = client.get(reverse("web.dashboard")).context["summary"]
    listed = client.get(reverse("contacts.list")).context["page"].paginator.count
    return summary.contacts, summary.interactions_30_days, listed


def test_the_figures_follow_every_write(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    make_contact(user, name="Luis Mar")
    assert figures(auth_client) == (2, 0, 2)
    assert figures(auth_client) == (2, 0, 2)  # kept

    make_contact(user, name="Bea Sol")
    assert figures(auth_client) == (3, 0, 3)

    today = timezone.localdate()
    call = interaction_log(owner=user, contact=ana, kind="call", direction="gave", date=today)
    interaction_log(
        owner=user, contact=ana, kind="call", direction="gave", date=today - timedelta(days=31)
    )
    assert figures(auth_client) == (3, 1, 3)
    interaction_delete(interaction=call)
    assert figures(auth_client) == (3, 0, 3)

    Contact.objects.bulk_create(
        [Contact(owner=user, name=f"Importada {i}", search_text=f"importada {i}") for i in range(4)]
    )
    assert figures(auth_client) == (7, 0, 7)

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_contact WHERE name = %s", ["Luis Mar"])
    assert figures(auth_client) == (6, 0, 6)

    people.contact_delete(contact=ana)
    assert figures(auth_client) == (5, 0, 5)


def test_each_owner_has_their_own_figures(auth_client, user, other_user):
    make_contact(user, name="Ana Gil")
    make_contact(other_user, name="Luis Mar")
    make_contact(other_user, name="Bea Sol")
    assert figures(auth_client) == (1, 0, 1)
