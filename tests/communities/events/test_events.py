"""Community events: organisers create, edit and cancel; members see upcoming and past
events and answer in place; capacity with a waiting list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from vinculo.communities.events import selectors, services
from vinculo.communities.events.models import CommunityEvent, Rsvp

from ..conftest import PRIVATE, english_client

pytestmark = pytest.mark.django_db


def _url(name, world, event=None, **kwargs):
    if event is not None:
        kwargs["community_event_id"] = event.pk
    return reverse(name, kwargs={"workspace_slug": world.slug, **kwargs})


def test_an_organiser_creates_an_event_from_the_page(world, soon):
    client = english_client(world.olga.user)
    response = client.post(
        _url("communities.events.create", world),
        {
            "title": "  Comida   de socios ",
            "starts_at": timezone.localtime(soon).strftime("%Y-%m-%dT%H:%M"),
            "place": "Terraza",
            "capacity": "12",
            "description": "Traed tarjetas.",
        },
    )
    event = CommunityEvent.objects.get()
    assert response.status_code == 302
    assert response.url == _url("communities.events.detail", world, event)
    assert (
        event.workspace_id,
        event.title,
        event.place,
        event.capacity,
        event.description,
        event.created_by_id,
    ) == (
        world.ana.workspace_id,
        "Comida de socios",
        "Terraza",
        12,
        "Traed tarjetas.",
        world.olga.pk,
    )
    assert event.starts_at == soon


def test_a_member_may_not_create_edit_or_cancel_an_event(world, breakfast, soon):
    client = english_client(world.pedro.user)
    assert client.get(_url("communities.events.create", world)).status_code == 403
    assert (
        client.post(_url("communities.events.create", world), {"title": "Mío"}).status_code == 403
    )
    assert client.get(_url("communities.events.edit", world, breakfast)).status_code == 403
    assert client.post(_url("communities.events.cancel", world, breakfast)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.event_create(actor=world.pedro, title="Mío", starts_at=soon)
    breakfast.refresh_from_db()
    assert (CommunityEvent.objects.count(), breakfast.cancelled_at) == (1, None)


def test_an_event_needs_a_title_and_a_time(world):
    with pytest.raises(ValidationError) as exc:
        services.event_create(actor=world.ana, title="  ", starts_at=None, capacity=0)
    assert exc.value.message_dict == {
        "title": ["Give the event a title."],
        "starts_at": ["Say when the event starts."],
        "capacity": ["The capacity is at least one person; leave it empty for no limit."],
    }


def test_members_see_upcoming_events_soonest_first_and_past_ones_latest_first(world, soon):
    now = timezone.now()
    titles = {}
    for title, days in (("Pasado lejano", -30), ("Pasado", -2), ("Mañana", 1), ("Luego", 9)):
        titles[title] = services.event_create(
            actor=world.ana, title=title, starts_at=now + datetime.timedelta(days=days)
        )
    services.event_create(actor=world.bruno, title="De Madrid", starts_at=soon)
    listing = selectors.event_list(viewer=world.pedro, now=now)
    assert [e.title for e in listing["upcoming"]] == ["Mañana", "Luego"]
    assert [e.title for e in listing["past"]] == ["Pasado", "Pasado lejano"]
    body = english_client(world.pedro.user).get(_url("communities.events.list", world)).content
    body = body.decode()
    upcoming, past = body.split('id="past"')
    assert upcoming.index("Mañana") < upcoming.index("Luego")
    assert "Pasado" not in upcoming and "De Madrid" not in body
    assert past.index("Pasado") < past.index("Pasado lejano")


def test_an_organiser_edits_and_cancels_and_a_cancelled_event_takes_no_answers(
    world, breakfast, soon
):
    client = english_client(world.ana.user)
    later = soon + datetime.timedelta(hours=2)
    response = client.post(
        _url("communities.events.edit", world, breakfast),
        {
            "title": "Desayuno largo",
            "starts_at": timezone.localtime(later).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    breakfast.refresh_from_db()
    assert (breakfast.title, breakfast.place, breakfast.starts_at) == ("Desayuno largo", "", later)
    assert client.post(_url("communities.events.cancel", world, breakfast)).status_code == 302
    breakfast.refresh_from_db()
    assert breakfast.is_cancelled
    with pytest.raises(ValidationError) as exc:
        services.rsvp_set(membership=world.pedro, event=breakfast, answer="yes")
    assert exc.value.messages == ["This event was cancelled."]
    page = english_client(world.pedro.user).get(_url("communities.events.detail", world, breakfast))
    assert "This event was cancelled." in page.content.decode()
    assert 'name="answer"' not in page.content.decode()


def test_a_past_event_takes_no_answers(world):
    event = services.event_create(
        actor=world.ana, title="Ayer", starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as exc:
        services.rsvp_set(membership=world.mj, event=event, answer="maybe")
    assert exc.value.messages == ["This event has already taken place."]
    assert Rsvp.objects.count() == 0


def test_a_member_answers_in_place_with_htmx(world, breakfast):
    client = english_client(world.pedro.user)
    response = client.post(
        _url("communities.events.rsvp", world, breakfast), {"answer": "yes"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="answers">')
    assert "<html" not in body
    assert "Your answer: going." in body
    assert '<button type="submit" name="answer" value="yes" class="" aria-pressed="true">' in body
    response = client.post(
        _url("communities.events.rsvp", world, breakfast),
        {"answer": "maybe"},
        HTTP_HX_REQUEST="true",
    )
    assert "Your answer: maybe." in response.content.decode()
    assert list(Rsvp.objects.values_list("membership_id", "answer", "waitlisted")) == [
        (world.pedro.pk, "maybe", False)
    ]
    # without htmx: back to the event's page
    response = client.post(_url("communities.events.rsvp", world, breakfast), {"answer": "no"})
    assert (response.status_code, response.url) == (
        302,
        _url("communities.events.detail", world, breakfast),
    )
    assert Rsvp.objects.get().answer == "no"


def test_a_wrong_answer_is_refused_with_a_message(world, breakfast):
    response = english_client(world.pedro.user).post(
        _url("communities.events.rsvp", world, breakfast),
        {"answer": "perhaps"},
        HTTP_HX_REQUEST="true",
    )
    assert '<p class="error" role="alert">Answer yes, maybe or no.</p>' in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_a_full_event_puts_the_next_yes_on_a_waiting_list_that_moves_up(
    world, soon, mailoutbox, django_capture_on_commit_callbacks
):
    world.pedro.user.email = "pedro@example.org"
    world.pedro.user.save()
    world.pedro.language = "en"
    world.pedro.save()
    event = services.event_create(actor=world.ana, title="Cena", starts_at=soon, capacity=1)
    first = services.rsvp_set(membership=world.mj, event=event, answer="yes")
    second = services.rsvp_set(membership=world.pedro, event=event, answer="yes")
    third = services.rsvp_set(membership=world.olga, event=event, answer="yes")
    assert (first.waitlisted, second.waitlisted, third.waitlisted) == (False, True, True)
    assert [selectors.waiting_position(event=event, rsvp=r) for r in (first, second, third)] == [
        None,
        1,
        2,
    ]
    page = english_client(world.pedro.user).get(_url("communities.events.detail", world, event))
    assert "you are number 1 on the waiting list" in page.content.decode()
    # saying yes again keeps one's place
    services.rsvp_set(membership=world.pedro, event=event, answer="yes")
    assert selectors.waiting_position(event=event, rsvp=Rsvp.objects.get(pk=second.pk)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_set(membership=world.mj, event=event, answer="no")
    states = dict(Rsvp.objects.values_list("membership_id", "waitlisted"))
    assert states == {world.mj.pk: False, world.pedro.pk: False, world.olga.pk: True}
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["pedro@example.org"], "A place is free for you: Cena")
    ]
    assert "you were first on the waiting list" in mailoutbox[0].body
    # more places let the rest of the list in
    services.event_update(actor=world.ana, event=event, title="Cena", starts_at=soon, capacity=5)
    assert Rsvp.objects.filter(waitlisted=True).count() == 0


def test_the_attendee_list_shows_what_each_member_lets_members_see(world, breakfast):
    for member in (world.pedro, world.mj):
        services.rsvp_set(membership=member, event=breakfast, answer="yes")
    services.rsvp_set(membership=world.olga, event=breakfast, answer="maybe")
    attendance = selectors.event_attendance(viewer=world.mj, event=breakfast)
    assert [c.name for c in attendance.going] == ["María José Núñez", "Pedro Ruiz"]
    assert [c.name for c in attendance.maybe] == ["Olga Pérez"]
    pedro = attendance.going[1]
    assert (pedro.does, pedro.offers, pedro.city, pedro.pitch) == (
        "Diseño web",
        ["diseño web para despachos"],
        None,
        None,
    )
    body = english_client(world.mj.user).get(_url("communities.events.detail", world, breakfast))
    body = body.content.decode()
    assert "diseño web para despachos" in body
    for hidden in ("Málaga", "Hago webs que venden.", *PRIVATE):
        assert hidden not in body
    # an organiser sees what members share with organisers, never what they keep to themselves
    body = english_client(world.olga.user).get(_url("communities.events.detail", world, breakfast))
    body = body.content.decode()
    assert "Hago webs que venden." not in body  # the card shows does, sector, city, offers, needs
    assert "un diseñador para su web" in body
    assert "Málaga" not in body
