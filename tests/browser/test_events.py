"""Events on a phone, in a real headless Chromium: create one, pick attendees by search,
read the prepare sheet (and print it), capture someone met there, and read a card."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from vinculo.people.services import contact_create, profile_update

from ..events.cards import card_image, encoded
from ..factories import UserFactory
from .conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ana(page, live_server, settings):
    """Ana, logged in, reading the site in English, with two contacts whose need and offer
    meet."""
    user = UserFactory(username="ana")
    profile_update(user=user, pitch="Ayudo a pymes a llevar su contabilidad sin sustos.")
    contact_create(owner=user, name="Marta Ibáñez", needs=["un diseñador para la web del hostal"])
    contact_create(owner=user, name="Jorge Peña", offers=["diseño de páginas web"])
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


def test_event_prepare_capture_and_card(page, live_server, ana, tmp_path):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Events").click()
    page.get_by_role("button", name="New event").click()
    page.get_by_label("Name").fill("Desayuno de la Cámara")
    page.get_by_label("Kind").select_option("breakfast")
    page.get_by_label("Date").fill("2026-12-03")
    page.get_by_label("Place").fill("Hotel Miramar, Málaga")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desayuno de la Cámara")

    # Attendees: type without accents, htmx lists the matches, one tap adds them.
    search = page.get_by_role("searchbox", name="Search your contacts to add")
    search.fill("ibanez")
    page.get_by_role("button", name="Marta Ibáñez will be there").click()
    expect(page.locator("#attendees li")).to_have_text([re.compile("Marta Ibáñez")])
    htmx_settled(page)  # the search box was swapped in with the list: typed before, lost
    search = page.get_by_role("searchbox", name="Search your contacts to add")
    search.fill("pena")
    page.get_by_role("button", name="I want to meet Jorge Peña").click()
    expect(page.locator("#to-meet li")).to_contain_text(["Jorge Peña"])
    page.get_by_role("button", name="Jorge Peña will be there").click()
    expect(page.locator("#attendees li")).to_have_count(2)
    expect(page.locator("#candidates")).to_have_text("Nobody else matches that search.")

    page.get_by_role("button", name="Prepare sheet").click()
    expect(page.locator("#pitch")).to_contain_text("Ayudo a pymes")
    expect(page.locator("#introductions .suggestion").first).to_contain_text(
        "Marta Ibáñez needs “un diseñador para la web del hostal”; Jorge Peña offers"
    )
    page.screenshot(path=_shot("prepare-phone"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator("header nav")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator("#attendees")).to_be_visible()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=_shot("prepare-print"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(media="screen")

    # At the event: the quick add…
    page.get_by_role("button", name="Back to the event").click()
    page.get_by_role("button", name="I just met someone here").click()
    page.get_by_label("Name").fill("Lucía Fernández")
    page.get_by_label("One line to remember them").fill("Fotógrafa, busca bodas")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "Lucía Fernández is in your network. Add another?"
    )

    # …and a card photo, read and shown for review before anything is saved.
    photo = tmp_path / "tarjeta.jpg"
    photo.write_bytes(encoded(card_image(), quality=85))
    page.get_by_label("Photo of the business card").set_input_files(str(photo))
    page.get_by_role("button", name="Read the card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the card")
    expect(page.get_by_label("Name")).to_have_value("José Núñez Peña")
    expect(page.get_by_label("Job title")).to_have_value("Directora de Innovación")
    expect(page.get_by_label("Organization")).to_have_value("Cooperativa Añil")
    expect(page.get_by_label("Emails")).to_have_value("jose.nunez@cooperativa-anil.es")
    expect(page.get_by_label("Phones")).to_have_value("+34 612 34 56 78\n+34 911 23 45 67")
    expect(page.get_by_label("Met where")).to_have_value("Hotel Miramar, Málaga")
    page.screenshot(path=_shot("card-review-phone"), full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "José Núñez Peña is in your network. Add another?"
    )

    page.get_by_role("link", name="Desayuno de la Cámara").click()
    expect(page.locator("#attendees li")).to_have_count(4)


def _shot(name: str) -> str:
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"test_events-{name}.png")
