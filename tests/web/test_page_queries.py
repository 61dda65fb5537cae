"""The main pages cost a fixed number of queries, however many contacts the owner has:
the same count with 10 contacts as with 40 (each with tags, offers, needs, a tie and
interactions), and the exact figure, so that a query added per row or per page shows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_contact
from vinculo.activity.services import interaction_log
from vinculo.people import services as people

pytestmark = pytest.mark.django_db

NAMES = ["Núñez", "García", "Smith", "Ibáñez", "Begoña", "Zoe", "Etxeberria", "José María"]

# page → queries (session and user included), the same at 10 and at 40 contacts
EXPECTED = {
    "dashboard": 8,
    "list": 7,
    "search": 6,
    "tag": 7,
    "contact": 11,  # the ledger's totals come after the page, below
    "ledger": 12,
}


def network(user, size: int):
    contacts = []
    for i in range(size):
        contact = make_contact(
            user,
            name=f"{NAMES[i % len(NAMES)]} {i}",
            organization=f"Empresa {i % 3}",
            tags=["cliente", f"grupo{i % 4}"],
            offers=[f"oferta {i}"],
            needs=[f"necesidad {i}"],
        )
        for day in (1, 2):
            interaction_log(
                owner=user, contact=contact, kind="call", direction="gave", date=date(2026, 3, day)
            )
        if contacts:
            people.tie_create(owner=user, a=contacts[-1], b=contact, strength=0.5)
        contacts.append(contact)
    return contacts


def counts(client, contacts) -> dict[str, int]:
    busiest = contacts[len(contacts) // 2]
    urls = {
        "dashboard": reverse("web.dashboard"),
        "list": reverse("contacts.list"),
        "search": reverse("contacts.list") + "?q=nunez",
        "tag": reverse("contacts.list") + "?tag=cliente",
        "contact": reverse("contacts.detail", kwargs={"contact_id": busiest.pk}),
        "ledger": reverse("contacts.ledger", kwargs={"contact_id": busiest.pk}),
    }
    found = {}
    for page, url in urls.items():
        client.get(url)  # warm: per-process caches (blank forms, the network) filled
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        found[page] = len(queries)
    return found


@pytest.mark.parametrize("size", [10, 40])
def test_each_page_costs_the_same_queries_at_any_size(auth_client, user, size):
    contacts = network(user, size)
    assert counts(auth_client, contacts) == EXPECTED
