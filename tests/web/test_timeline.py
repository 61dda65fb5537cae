"""The contact page's timeline entries: what each shows,
escaped, and the same entry when one is logged through htmx."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_contact
from vinculo.activity.models import Interaction
from vinculo.activity.services import interaction_log

pytestmark = pytest.mark.django_db


def entry(pk: int, token: str, middle: str) -> str:
    url = reverse("interactions.delete", kwargs={"interaction_id": pk})
    return (
        f'<li id="interaction-{pk}"><strong>{middle}\n'
        f'      <form method="post" action="{url}" class="inline-form"\n'
        f'            hx-post="{url}" hx-target="#interaction-{pk}" hx-swap="outerHTML">\n'
        f'        <input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<button type="submit" class="outline secondary">Delete</button>\n'
        "      </form>\n"
        "    </li>"
    )


def test_each_entry_shows_kind_direction_date_and_escaped_summary(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    call = interaction_log(
        owner=user,
        contact=ana,
        kind="call",
        direction="gave",
        date=date(2026, 3, 13),
        summary="Le pasé <b>un</b> contacto\ny un libro",
    )
    meeting = interaction_log(
        owner=user, contact=ana, kind="meeting", direction="mutual", date=date(2026, 3, 14)
    )
    page = auth_client.get(
        reverse("contacts.detail", kwargs={"contact_id": ana.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    # Every entry carries the CSRF token (masked differently from the page's forms).
    items = [
        re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1TOKEN", item)
        for item in re.findall(r'<li id="interaction-\d+">.*?</li>', html, re.S)
    ]
    token = "TOKEN"
    assert items == [
        entry(
            meeting.pk,
            token,
            "Meeting</strong> · mutual\n      <br><small>March 14, 2026</small>",
        ),
        entry(
            call.pk,
            token,
            "Call</strong> · I gave\n      <br><small>March 13, 2026</small> — "
            "Le pasé &lt;b&gt;un&lt;/b&gt; contacto<br>y un libro",
        ),
    ]


def test_an_entry_logged_through_htmx_is_the_same_entry(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    response = auth_client.post(
        reverse("interactions.create", kwargs={"contact_id": ana.pk}),
        {"kind": "email", "direction": "received", "date": "2026-03-13", "summary": "Gracias"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    made = Interaction.objects.for_user(user).get()
    html = response.content.decode().strip()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    assert html == entry(
        made.pk,
        token,
        "Email</strong> · I received\n      <br><small>March 13, 2026</small> — Gracias",
    )
