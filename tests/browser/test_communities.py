"""A community on a phone, in a real headless Chromium: Ana starts one and invites by link,
María joins and fills her profile keeping her needs to herself, and Ana finds her in the
directory by typing her name without accents."""

import pytest
from playwright.sync_api import expect

from ..factories import UserFactory
from .conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_invite_join_and_find_a_member(page, browser, live_server, settings):
    ana = UserFactory(username="ana", display_name="Ana García")
    maria = UserFactory(username="maria", display_name="María José Núñez")
    log_in(page.context, ana, live_server, settings)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Communities").click()
    page.get_by_text("Start a community").click()
    page.get_by_label("Name").fill("Cowork Sevilla")
    page.get_by_role("button", name="Create the community").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cowork Sevilla")
    page.get_by_role("button", name="Members and invitations").click()
    page.get_by_role("button", name="Create an invitation link").click()
    link = page.get_by_label("Invitation link").input_value()
    assert link.startswith(live_server.url + "/communities/join/")

    other = browser.new_context(locale="es-ES", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        log_in(other, maria, live_server, settings)
        phone = other.new_page()
        phone.goto(link)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Join Cowork Sevilla")
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("My profile in this community")
        expect(phone.get_by_label("Name")).to_have_value("María José Núñez")
        phone.get_by_label("What I do").fill("Abogada de contratos")
        phone.get_by_label("What I offer").fill("contratos entre socios")
        phone.get_by_label("What I need").fill("un diseñador para su web")
        phone.locator("select[name=needs_visibility]").select_option("me")
        phone.get_by_role("button", name="Save my profile").click()
        expect(phone.locator(".flash")).to_have_text("Your community profile is saved.")
    finally:
        other.close()

    page.get_by_role("link", name="Directory").click()
    expect(page.locator(".member-rows > li")).to_have_count(2)
    page.get_by_role("searchbox").press_sequentially("nunez")
    rows = page.locator(".member-rows > li")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link")).to_have_text("María José Núñez")
    expect(rows.first).to_contain_text("contratos entre socios")
    expect(rows.first).not_to_contain_text("diseñador")
    assert "q=nunez" in page.url
