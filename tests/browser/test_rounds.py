"""An organiser's meeting rounds on a phone, in a real headless Chromium: from the event
page to the plan, the plan's print button, and how the plan prints."""

import datetime

import pytest
from django.test import Client
from playwright.sync_api import expect

from vinculo.activity.services import event_create
from vinculo.people.services import contact_create

from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser(page, live_server, settings):
    """Ana, logged in and reading in English, with an event of four attendees: María needs
    a web designer and Kate is one; Luis works with María; Pedro offers nothing yet."""
    user = UserFactory(username="ana")
    people = [
        contact_create(
            owner=user,
            name="María José Núñez",
            organization="Núñez Abogados",
            needs=["un diseñador para su web"],
            languages=["es"],
        ),
        contact_create(
            owner=user,
            name="Luis Gómez",
            organization="Núñez Abogados",
            offers=["diseño web para despachos"],
        ),
        contact_create(
            owner=user, name="Kate Smith", offers=["web design for law firms"], languages=["en"]
        ),
        contact_create(owner=user, name="Pedro Ruiz"),
    ]
    event_create(
        owner=user, name="Desayuno de Socios", date=datetime.date(2026, 12, 3), attendees=people
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )
    return user


def test_plan_rounds_from_the_event_page_and_print_them(page, live_server, organiser):
    page.goto(live_server.url + "/events/")
    page.get_by_role("link", name="Desayuno de Socios").click()
    page.get_by_role("button", name="Meeting rounds").click()
    page.get_by_label("Rounds").fill("2")
    page.get_by_role("button", name="Plan the meetings").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting plan: Desayuno de Socios")
    first = page.locator(".round").first
    expect(first.locator(".tables > li")).to_have_text(
        [
            "Table 1: Kate Smith · María José Núñez "
            "María José Núñez needs “un diseñador para su web”; Kate Smith offers “web design "
            "for law firms” (in common: web design)",
            "Table 2: Luis Gómez · Pedro Ruiz",
        ]
    )
    # María's own page is in Spanish, Kate's in English.
    expect(page.locator('.attendee-sheet[lang="es"] .reason').first).to_have_text(
        "María José Núñez necesita «un diseñador para su web»; Kate Smith ofrece "
        "«web design for law firms» (coinciden: diseño web)"
    )

    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")

    page.emulate_media(media="print")
    expect(page.locator("header nav")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator(".attendee-sheet")).to_have_count(4)
    breaks = page.evaluate(
        "[getComputedStyle(document.getElementById('by-attendee')).breakBefore,"
        " getComputedStyle(document.querySelector('.attendee-sheet')).breakAfter]"
    )
    assert breaks == ["page", "page"]
