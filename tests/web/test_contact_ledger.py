"""The contact page's given / received totals come after the page (htmx), from their own
URL, and say what they said when they were part of it."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_contact
from vinculo.activity.services import interaction_log

pytestmark = pytest.mark.django_db


def test_the_contact_page_loads_the_totals_after_it(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    make_contact(user, name="Bea Ruiz", introduced_by=ana)
    for direction in ("gave", "gave", "received", "mutual"):
        interaction_log(
            owner=user, contact=ana, kind="call", direction=direction, date=date(2026, 3, 2)
        )
    url = reverse("contacts.ledger", kwargs={"contact_id": ana.pk})

    page = auth_client.get(reverse("contacts.detail", kwargs={"contact_id": ana.pk}))
    html = page.content.decode()
    assert f'<div id="ledger-totals" hx-get="{url}" hx-trigger="load"' in html
    assert "You gave" not in html and "Has dado" not in html

    fragment = auth_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    expected = (
        # The meeting that went both ways is on neither side, and said apart.
        '<div id="ledger-totals"> <p>You gave 2 · you received 2 · 1 interaction both ways '
        "<br><strong>Ana Gil has "
        "introduced you to 1 person: what do they need?</strong></p> </div>"
    )
    assert fragment.split() == expected.split()


def test_another_owners_contact_has_no_totals(auth_client, other_user):
    theirs = make_contact(other_user, name="Ana Gil")
    url = reverse("contacts.ledger", kwargs={"contact_id": theirs.pk})
    assert auth_client.get(url).status_code == 404
