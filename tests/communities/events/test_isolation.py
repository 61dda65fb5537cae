"""Two communities: an event, its answers and plans never reach the other one's members."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from vinculo.communities.events import selectors, services

from ..conftest import PRIVATE, api_client, english_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def madrid_event(world, soon):
    """Club Madrid's event with a plan, and Berta going."""
    event = services.event_create(actor=world.bruno, title="Cena secreta de Madrid", starts_at=soon)
    for member in (world.bruno, world.berta):
        services.rsvp_set(membership=member, event=event, answer="yes")
    schedule = services.event_schedule_create(actor=world.bruno, event=event, rounds=1)
    return event, schedule


def test_another_communitys_event_answers_404_everywhere(world, madrid_event):
    event, schedule = madrid_event
    ids = {"community_event_id": event.pk}
    plan = {**ids, "community_schedule_id": schedule.pk}
    web = english_client(world.ana.user)  # owner of Cowork Sevilla, not in Club Madrid
    api = api_client(world.ana.user)
    for slug in (world.slug, world.other_slug):  # neither through her community nor theirs
        for name, kwargs in (
            ("communities.events.detail", ids),
            ("communities.events.edit", ids),
            ("communities.events.rounds", ids),
            ("communities.events.my_rounds", ids),
            ("communities.events.plan", plan),
        ):
            url = reverse(name, kwargs={"workspace_slug": slug, **kwargs})
            response = web.get(url)
            assert response.status_code == 404, url
            assert "Cena secreta" not in response.content.decode()
        for name, kwargs in (
            ("communities.events.rsvp", ids),
            ("communities.events.cancel", ids),
            ("communities.events.plan_delete", plan),
        ):
            url = reverse(name, kwargs={"workspace_slug": slug, **kwargs})
            assert web.post(url, {"answer": "yes"}).status_code == 404, url
        for name, kwargs in (
            ("api.communities.events.detail", ids),
            ("api.communities.events.attendees", ids),
            ("api.communities.events.schedules", ids),
            ("api.communities.events.my_schedule", ids),
            ("api.communities.events.schedule", plan),
            ("api.communities.events.rsvp", ids),
        ):
            url = reverse(name, kwargs={"workspace_slug": slug, **kwargs})
            assert api.get(url).status_code == 404, url
    listing = web.get(reverse("communities.events.list", kwargs={"workspace_slug": world.slug}))
    assert "Cena secreta" not in listing.content.decode()
    assert (
        api.get(
            reverse("api.communities.events.list", kwargs={"workspace_slug": world.slug})
        ).json()
        == []
    )
    event.refresh_from_db()
    assert (event.cancelled_at, event.rsvps.count(), event.schedules.count()) == (None, 2, 1)


def test_services_refuse_an_event_of_another_community(world, madrid_event):
    event, schedule = madrid_event
    for call in (
        lambda: services.rsvp_set(membership=world.pedro, event=event, answer="yes"),
        lambda: services.event_cancel(actor=world.ana, event=event),
        lambda: services.event_schedule_create(actor=world.ana, event=event, rounds=1),
        lambda: services.event_schedule_delete(actor=world.ana, schedule=schedule),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(Http404):
        selectors.event_get(viewer=world.ana, event_id=event.pk)


def test_event_pages_never_show_a_members_private_network(world, breakfast):
    for member in (world.ana, world.olga, world.mj, world.pedro):
        services.rsvp_set(membership=member, event=breakfast, answer="yes")
    schedule = services.event_schedule_create(actor=world.ana, event=breakfast, rounds=2)
    client = english_client(world.ana.user)
    for name, extra in (
        ("communities.events.detail", {}),
        ("communities.events.rounds", {}),
        ("communities.events.my_rounds", {}),
        ("communities.events.plan", {"community_schedule_id": schedule.pk}),
    ):
        url = reverse(
            name,
            kwargs={"workspace_slug": world.slug, "community_event_id": breakfast.pk, **extra},
        )
        body = client.get(url).content.decode()
        for secret in PRIVATE:
            assert secret not in body, (url, secret)
    body = client.get(reverse("communities.health", kwargs={"workspace_slug": world.slug}))
    for secret in PRIVATE:
        assert secret not in body.content.decode()
