"""The API of meeting rounds: plan an event's rounds, read the plans, delete one."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_contact
from vinculo.activity import services as activity
from vinculo.rounds.models import EventSchedule


@pytest.fixture
def api(user):
    cache.clear()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    yield client
    cache.clear()


def person(contact) -> dict:
    return {"id": f"c{contact.pk}", "name": contact.name}


def test_post_plans_the_rounds_and_answers_the_plan(api, user, breakfast):
    b = breakfast

    response = api.post(f"/api/v1/events/{b['event'].pk}/schedules/", {"rounds": 2}, format="json")

    schedule = EventSchedule.objects.for_user(user).get()
    body = response.json()
    assert response.status_code == 201
    assert body == {
        "id": schedule.pk,
        "event": b["event"].pk,
        "table_size": 2,
        "score": schedule.score,
        "created_at": body["created_at"],
        "rounds": [
            {
                "number": 1,
                "groups": [
                    {
                        "table": 1,
                        "people": [person(b["kate"]), person(b["pedro"])],
                        "why": [
                            "Kate Smith needs “a photographer for events”; Pedro Ruiz offers "
                            "“fotografía de eventos” (in common: event photography)"
                        ],
                    },
                    {"table": 2, "people": [person(b["luis"]), person(b["zoe"])], "why": []},
                ],
                "rests": [person(b["maria"])],
            },
            {
                "number": 2,
                "groups": [
                    {
                        "table": 1,
                        "people": [person(b["kate"]), person(b["maria"])],
                        "why": [
                            "María José Núñez needs “un diseñador para su web”; Kate Smith "
                            "offers “web design for law firms” (in common: web design)"
                        ],
                    },
                    {"table": 2, "people": [person(b["luis"]), person(b["pedro"])], "why": []},
                ],
                "rests": [person(b["zoe"])],
            },
        ],
    }
    # In the server's time zone, as DRF writes it (the UTC date differs around midnight).
    assert body["created_at"] == timezone.localtime(schedule.created_at).isoformat()


def test_get_lists_the_plans_of_an_event_newest_first(api, user, breakfast):
    url = f"/api/v1/events/{breakfast['event'].pk}/schedules/"
    first = api.post(url, {"rounds": 1}, format="json").json()
    second = api.post(url, {"rounds": 2, "table_size": 3}, format="json").json()

    response = api.get(url)

    assert response.status_code == 200
    assert [(s["id"], len(s["rounds"]), s["table_size"]) for s in response.json()["schedules"]] == [
        (second["id"], 2, 3),
        (first["id"], 1, 2),
    ]


def test_a_plan_is_read_and_deleted_by_its_id(api, user, breakfast):
    made = api.post(
        f"/api/v1/events/{breakfast['event'].pk}/schedules/", {"rounds": 1}, format="json"
    ).json()
    url = f"/api/v1/schedules/{made['id']}/"

    read = api.get(url)
    deleted = api.delete(url)

    assert (read.status_code, read.json()) == (200, made)
    assert deleted.status_code == 204
    assert (api.get(url).status_code, EventSchedule.objects.for_user(user).count()) == (404, 0)


def test_bad_rounds_are_refused_with_the_field(api, user, breakfast):
    response = api.post(
        f"/api/v1/events/{breakfast['event'].pk}/schedules/",
        {"rounds": 30, "table_size": 1},
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "rounds": ["Ensure this value is less than or equal to 20."],
            "table_size": ["Ensure this value is greater than or equal to 2."],
        },
    )
    assert EventSchedule.objects.for_user(user).count() == 0


def test_an_event_with_one_attendee_is_refused_with_the_reason(api, user):
    event = activity.event_create(
        owner=user, name="Cena", attendees=[make_contact(user, name="Sola")]
    )

    response = api.post(f"/api/v1/events/{event.pk}/schedules/", {"rounds": 2}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        ["Add at least two attendees to the event to plan meetings."],
    )
