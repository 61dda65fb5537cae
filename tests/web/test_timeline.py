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
            "Meeting</strong> · mutual\n      <br><small>14 March 2026</small>",
        ),
        entry(
            call.pk,
            token,
            "Call</strong> · I gave\n      <br><small>13 March 2026</small> — "
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
        "Email</strong> · I received\n      <br><small>13 March 2026</small> — Gracias",
    )


def shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li id="interaction-(\d+)">', html)]


def older_link(html: str) -> str | None:
    found = re.search(r'<li id="timeline-more"><a href="([^"#]+)#timeline" hx-get="\1"', html)
    return found[1] if found else None


def test_the_page_shows_the_newest_20_and_older_brings_the_next(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    # 45 entries, two per day on most days: same-day entries are ordered by id.
    logged = [
        interaction_log(
            owner=user, contact=ana, kind="call", direction="gave", date=date(2026, 1, 1 + i // 2)
        )
        for i in range(45)
    ]
    newest_first = [i.pk for i in reversed(logged)]
    url = reverse("contacts.detail", kwargs={"contact_id": ana.pk})
    page = auth_client.get(url).content.decode()
    assert shown(page) == newest_first[:20]
    twentieth = logged[-20]
    assert older_link(page) == f"{url}?before=2026-01-{1 + 25 // 2:02d}.{twentieth.pk}"

    # Deleting a shown entry meanwhile neither repeats nor skips one.
    auth_client.post(reverse("interactions.delete", kwargs={"interaction_id": newest_first[0]}))
    second = auth_client.get(older_link(page), HTTP_HX_REQUEST="true").content.decode()
    assert shown(second) == newest_first[20:40]
    assert "<h1>" not in second  # only the entries, appended in place of the link
    third = auth_client.get(older_link(second), HTTP_HX_REQUEST="true").content.decode()
    assert shown(third) == newest_first[40:]
    assert older_link(third) is None
    assert "timeline-empty" not in third


def test_without_htmx_older_shows_the_page_from_there(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    logged = [
        interaction_log(
            owner=user, contact=ana, kind="email", direction="received", date=date(2026, 2, 1 + i)
        )
        for i in range(25)
    ]
    url = reverse("contacts.detail", kwargs={"contact_id": ana.pk})
    page = auth_client.get(
        f"{url}?before=2026-02-06.{logged[5].pk}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert shown(page) == [i.pk for i in reversed(logged[:5])]
    assert "<h1>Ana Gil</h1>" in page
    assert f'<p><a href="{url}#timeline">Newest entries</a></p>' in page
    assert older_link(page) is None


def test_a_malformed_before_shows_the_newest(auth_client, user):
    ana = make_contact(user, name="Ana Gil")
    call = interaction_log(
        owner=user, contact=ana, kind="call", direction="gave", date=date(2026, 3, 1)
    )
    url = reverse("contacts.detail", kwargs={"contact_id": ana.pk})
    page = auth_client.get(f"{url}?before=yesterday", HTTP_HX_REQUEST="true").content.decode()
    assert shown(page) == [call.pk]
    assert "<h1>Ana Gil</h1>" in page
