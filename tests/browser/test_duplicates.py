"""Probable duplicates on a phone: the list comes by htmx, compare, merge into the one kept."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vinculo.activity import services as activity_services
from vinculo.people.models import Contact
from vinculo.people.services import contact_create

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def test_compare_and_merge_two_cards_of_one_person(page, live_server):
    user = UserFactory(username="ana", display_name="Ana Ruiz")
    first = contact_create(
        owner=user, name="José Núñez Peña", organization="Acme", emails=["jose@acme.example"]
    )
    second = contact_create(
        owner=user,
        name="Nunez Pena, Jose",
        organization="ACME",
        phones=["+34 612 34 56 78"],
        offers=["asesoría fiscal"],
    )
    activity_services.interaction_log(
        owner=user, contact=first, kind="call", direction="mutual", date=first.created_at.date()
    )
    contact_create(owner=user, name="Luis Gómez")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola")

    page.goto(live_server.url + "/contacts/")
    page.locator(".contact-tools a").first.click()
    expect(page).to_have_url(re.compile(r"/contacts/duplicates/$"))
    pairs = page.locator("#pairs .duplicate-rows li a")  # filled in by htmx
    expect(pairs).to_have_count(1)
    expect(pairs).to_have_text("José Núñez Peña · Nunez Pena, Jose")
    pairs.click()

    sides = page.locator(".duplicate-side")
    expect(sides).to_have_count(2)
    expect(sides.nth(0)).to_contain_text("jose@acme.example")
    expect(sides.nth(1)).to_contain_text("+34 612 34 56 78")
    expect(sides.nth(1)).to_contain_text("asesoría fiscal")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "duplicates_compare.png", full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    sides.nth(0).locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/contacts/{first.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("José Núñez Peña")
    expect(page.locator("main")).to_contain_text("+34 612 34 56 78")
    expect(page.locator("main")).to_contain_text("asesoría fiscal")
    assert list(Contact.objects.for_user(user).values_list("name", flat=True)) == [
        "José Núñez Peña",
        "Luis Gómez",
    ]
    assert not Contact.objects.filter(pk=second.pk).exists()
