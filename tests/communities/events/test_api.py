"""The API of community events: the same services and rules as the pages."""

import pytest
from django.urls import reverse

from vinculo.communities import services as community_services
from vinculo.communities.events import services
from vinculo.communities.events.models import CommunityEvent

from ..conftest import api_client

pytestmark = pytest.mark.django_db


def _url(name, world, event=None, **kwargs):
    if event is not None:
        kwargs["community_event_id"] = event.pk
    return reverse(name, kwargs={"workspace_slug": world.slug, **kwargs})


def test_organisers_create_and_edit_events_members_may_not(world, soon):
    organiser = api_client(world.olga.user)
    body = {"title": "Afterwork", "starts_at": soon.isoformat(), "capacity": 1}
    response = organiser.post(_url("api.communities.events.list", world), body, format="json")
    event = CommunityEvent.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": event.pk,
        "title": "Afterwork",
        "description": "",
        "starts_at": response.json()["starts_at"],
        "place": "",
        "capacity": 1,
        "cancelled": False,
        "going": 0,
        "maybe": 0,
        "waiting": 0,
        "my_answer": None,
        "my_waitlisted": False,
    }
    assert event.starts_at == soon
    response = organiser.patch(
        _url("api.communities.events.detail", world, event), {"place": "Patio"}, format="json"
    )
    assert (response.status_code, response.json()["place"], response.json()["title"]) == (
        200,
        "Patio",
        "Afterwork",
    )
    member = api_client(world.pedro.user)
    assert (
        member.post(_url("api.communities.events.list", world), body, format="json").status_code
        == 403
    )
    assert (
        member.patch(
            _url("api.communities.events.detail", world, event), {"place": "X"}, format="json"
        ).status_code
        == 403
    )
    assert member.post(_url("api.communities.events.cancel", world, event)).status_code == 403
    response = organiser.post(_url("api.communities.events.cancel", world, event))
    assert response.json()["cancelled"] is True


def test_members_answer_and_see_who_goes(world, soon):
    event = services.event_create(actor=world.ana, title="Cena", starts_at=soon, capacity=1)
    rsvp = _url("api.communities.events.rsvp", world, event)
    first = api_client(world.mj.user).put(rsvp, {"answer": "yes"}, format="json")
    second = api_client(world.pedro.user).put(rsvp, {"answer": "yes"}, format="json")
    assert first.json() == {"answer": "yes", "waitlisted": False, "waiting_position": None}
    assert second.json() == {"answer": "yes", "waitlisted": True, "waiting_position": 1}
    wrong = api_client(world.pedro.user).put(rsvp, {"answer": "perhaps"}, format="json")
    assert wrong.status_code == 400
    listing = api_client(world.pedro.user).get(_url("api.communities.events.list", world)).json()
    assert [
        (e["title"], e["going"], e["waiting"], e["my_answer"], e["my_waitlisted"]) for e in listing
    ] == [("Cena", 1, 1, "yes", True)]
    attendance = (
        api_client(world.olga.user)
        .get(_url("api.communities.events.attendees", world, event))
        .json()
    )
    assert [m["name"] for m in attendance["going"]] == ["María José Núñez"]
    assert [m["name"] for m in attendance["waiting"]] == ["Pedro Ruiz"]
    # as every member sees them: Pedro keeps his city to himself
    assert attendance["waiting"][0]["city"] is None
    assert attendance["going"][0]["needs"] == ["un diseñador para su web"]  # organisers see it
    as_member = (
        api_client(world.pedro.user)
        .get(_url("api.communities.events.attendees", world, event))
        .json()
    )
    assert as_member["going"][0]["needs"] is None


def test_rounds_through_the_api(world, soon):
    community_services.profile_update(membership=world.mj, visibility={"needs": "members"})
    event = services.event_create(actor=world.ana, title="Speed networking", starts_at=soon)
    for member in (world.mj, world.pedro):
        services.rsvp_set(membership=member, event=event, answer="yes")
    schedules = _url("api.communities.events.schedules", world, event)
    assert (
        api_client(world.pedro.user).post(schedules, {"rounds": 1}, format="json").status_code
        == 403
    )
    assert api_client(world.pedro.user).get(schedules).status_code == 403
    mine = api_client(world.pedro.user).get(
        _url("api.communities.events.my_schedule", world, event)
    )
    assert mine.json() == {"planned": False, "meetings": []}
    response = api_client(world.ana.user).post(schedules, {"rounds": 1}, format="json")
    plan = response.json()
    assert response.status_code == 201
    assert [[[m["name"] for m in g["members"]] for g in r["groups"]] for r in plan["rounds"]] == [
        [["María José Núñez", "Pedro Ruiz"]]
    ]
    reason = (
        "María José Núñez necesita «un diseñador para su web»; "
        "Pedro Ruiz ofrece «diseño web para despachos»"
    )
    mine = api_client(world.pedro.user).get(
        _url("api.communities.events.my_schedule", world, event)
    )
    assert mine.json() == {
        "planned": True,
        "schedule_id": plan["id"],
        "meetings": [{"round": 1, "table": 1, "with": ["María José Núñez"], "reasons": [reason]}],
    }
    detail = _url("api.communities.events.schedule", world, event, community_schedule_id=plan["id"])
    assert api_client(world.pedro.user).get(detail).status_code == 403
    assert api_client(world.ana.user).get(detail).json()["attendees"][1]["name"] == "Pedro Ruiz"
    assert api_client(world.ana.user).delete(detail).status_code == 204
    assert api_client(world.ana.user).get(schedules).json() == []


def test_health_through_the_api_is_for_organisers(world):
    url = _url("api.communities.health", world)
    assert api_client(world.pedro.user).get(url).status_code == 403
    health = api_client(world.ana.user).get(url).json()
    assert health == {
        "members": 4,
        "active": {"30_days": 4, "90_days": 4},
        "asks": {"total": 0, "answered": 0, "solved": 0},
        "introductions": {
            "total": 0,
            "statuses": {"proposed": 0, "accepted": 0, "declined": 0, "made": 0},
            "outcomes": {"helped": 0, "not_helped": 0, "unknown": 0},
        },
        "givers": [],
        "events": {"upcoming": 0, "past": 0},
    }
