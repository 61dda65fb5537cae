"""Community events on a phone, in a real headless Chromium: Pedro answers an event that is
full and joins the waiting list in place (htmx), and the organiser's health page draws
its charts."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vinculo.communities import services as community_services
from vinculo.communities.events import services
from vinculo.communities.events.models import Rsvp

from ..factories import UserFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _join(owner, user):
    link = community_services.invitation_link_create(actor=owner)
    return community_services.invitation_accept(user=user, invitation=link)[0]


def test_answering_a_full_event_joins_the_waiting_list_in_place(page, live_server, settings):
    ana = community_services.workspace_create(
        user=UserFactory(username="ana", display_name="Ana García"), name="Cowork Sevilla"
    )
    mj = _join(ana, UserFactory(username="mj", display_name="María José Núñez"))
    pedro = _join(ana, UserFactory(username="pedro", display_name="Pedro Ruiz"))
    event = services.event_create(
        actor=ana,
        title="Desayuno",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        capacity=1,
    )
    services.rsvp_set(membership=mj, event=event, answer="yes")
    log_in(page.context, pedro.user, live_server, settings)

    page.goto(live_server.url + f"/communities/{ana.workspace.slug}/events/")
    page.get_by_role("link", name="Desayuno").click()
    expect(page.locator("#answers")).to_contain_text(
        "The event is full: if you say you are going, you join the waiting list."
    )
    url = page.url
    page.get_by_role("button", name="Going", exact=True).click()
    expect(page.locator("#my-answer")).to_contain_text(
        "The event is full: you are number 1 on the waiting list."
    )
    expect(page.get_by_role("button", name="Going", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.url == url  # answered in place
    assert list(Rsvp.objects.filter(membership=pedro).values_list("answer", "waitlisted")) == [
        ("yes", True)
    ]
    page.get_by_role("button", name="Not going").click()
    expect(page.locator("#my-answer")).to_contain_text("Your answer: not going.")
    assert Rsvp.objects.get(membership=pedro).answer == "no"


def test_the_community_health_page_draws_its_charts(page, live_server, settings):
    ana = community_services.workspace_create(
        user=UserFactory(username="ana", display_name="Ana García"), name="Cowork Sevilla"
    )
    mj = _join(ana, UserFactory(username="mj", display_name="María José Núñez"))
    log_in(page.context, ana.user, live_server, settings)
    page.goto(live_server.url + f"/communities/{ana.workspace.slug}/health/")
    expect(page.locator("#figure-members")).to_have_text("2")
    # No introduction yet: words instead of two empty charts; nobody has given, so no
    # chart of givers either.
    expect(page.locator("[data-charts]")).to_have_attribute("data-drawn", "2")
    expect(page.get_by_text("No introductions between members yet.")).to_be_visible()
    expect(page.get_by_text("No introduction made yet.")).to_be_visible()

    introduction = community_services.introduction_request(actor=mj, other=ana)
    community_services.introduction_answer(actor=ana, introduction=introduction, accepted=True)
    page.reload()
    expect(page.locator("#figure-intros")).to_have_text("1")
    # Both introduction charts now (asking for one's own introduction is not giving).
    expect(page.locator("[data-charts]")).to_have_attribute("data-drawn", "4")
    expect(page.get_by_text("No introduction made yet.")).to_have_count(0)
