"""What the schema fuzz (test_schema_fuzz.py, test_schema_state.py) found, one test each."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from vinculo.activity.services import interaction_log
from vinculo.communities import services as community_services
from vinculo.communities.board import services as board_services
from vinculo.communities.events import services as community_event_services
from vinculo.people import services as people_services

from ..factories import make_contact
from .fuzzing import CHECKS, served_schema


@pytest.fixture
def space(user):
    return community_services.workspace_create(user=user, name="Club de Emprendedoras").workspace


@pytest.fixture
def api_schema(db):
    with served_schema() as schema:
        yield schema


def _validated(api_schema, user, method, path, **parts):
    """Call one operation as ``user`` and check its answer against the schema."""
    case = api_schema[path][method].Case(**parts)
    token = Token.objects.get_or_create(user=user)[0].key
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=CHECKS)
    return response


def test_board_list_is_described_as_the_pages_it_answers(api_schema, user, space):
    """The schema said a list; the answer is a page of one (count, next, previous, results)."""
    organiser = space.memberships.get(user=user)
    board_services.post_create(actor=organiser, kind="ask", text="¿Una gestoría?")

    response = _validated(
        api_schema,
        user,
        "GET",
        "/api/v1/communities/{workspace_slug}/board/",
        path_parameters={"workspace_slug": space.slug},
        query={"limit": 1},
    )

    page = response.json()
    assert (page["count"], page["next"], [p["text"] for p in page["results"]]) == (
        1,
        None,
        ["¿Una gestoría?"],
    )


def test_community_event_before_1900_is_refused(api, space):
    """Before 1900 Madrid's time was 14 min 44 s behind UTC: the answer wrote an offset in
    seconds, which no date-time may have."""
    response = api.post(
        f"/api/v1/communities/{space.slug}/events/",
        {"title": "Desayuno", "starts_at": "0219-08-23T10:38:33Z"},
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"starts_at": ["Enter a date from the year 1900 to 9998."]},
    )


def test_community_event_starts_at_is_written_with_its_offset(api, space):
    response = api.post(
        f"/api/v1/communities/{space.slug}/events/",
        {"title": "Desayuno", "starts_at": "2027-01-15T08:30:00Z"},
        format="json",
    )

    assert (response.status_code, response.json()["starts_at"]) == (
        201,
        "2027-01-15T09:30:00+01:00",
    )


@pytest.fixture
def breakfast(user, space):
    """An event of the user's community, a week from now, that nobody has answered yet."""
    return community_event_services.event_create(
        actor=space.memberships.get(user=user),
        title="Desayuno",
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )


def test_rsvp_before_any_answer_is_described_as_null(api_schema, user, space, breakfast):
    """The schema said the answer is always yes, maybe or no; before one it is null."""
    response = _validated(
        api_schema,
        user,
        "GET",
        "/api/v1/communities/{workspace_slug}/events/{community_event_id}/rsvp/",
        path_parameters={"workspace_slug": space.slug, "community_event_id": breakfast.pk},
    )

    assert response.json() == {"answer": None, "waitlisted": False, "waiting_position": None}


def test_an_events_meeting_plans_are_described_as_a_list(api_schema, user, space, breakfast):
    """The schema said one object; the answer is the list of the event's plans."""
    response = _validated(
        api_schema,
        user,
        "GET",
        "/api/v1/communities/{workspace_slug}/events/{community_event_id}/schedules/",
        path_parameters={"workspace_slug": space.slug, "community_event_id": breakfast.pk},
    )

    assert response.json() == []


def test_a_limit_too_large_for_the_database_reads_as_the_largest(api, user):
    """A limit past 64 bits went to the database as it came, and SQLite failed on it."""
    make_contact(user, name="Íñigo Ibáñez")

    response = api.get("/api/v1/contacts/", {"limit": 10**30, "offset": 0})

    assert (response.status_code, [c["name"] for c in response.json()["results"]]) == (
        200,
        ["Íñigo Ibáñez"],
    )


@pytest.mark.parametrize("path", ["/api/v1/ties/", "/api/v1/interactions/", "/api/v1/offers/"])
@pytest.mark.parametrize("contact", [str(10**30), "-4"])
def test_a_contact_id_no_contact_can_have_finds_nothing(api, user, path, contact):
    """A ``?contact=`` id past 64 bits went to the database as it came, and SQLite failed."""
    maria = make_contact(user, name="María Núñez", offers=["asesoría fiscal"])
    luis = make_contact(user, name="Luis Gómez")
    people_services.tie_create(owner=user, a=maria, b=luis, strength=0.6)
    interaction_log(
        owner=user, contact=maria, kind="call", direction="out", date=datetime.date(2026, 5, 4)
    )

    response = api.get(path, {"contact": contact})

    assert (response.status_code, response.json()["results"]) == (200, [])
    assert len(api.get(path, {"contact": str(maria.pk)}).json()["results"]) == 1


def test_a_search_with_a_nul_character_answers_as_without_it(api, user, space):
    """PostgreSQL refuses a NUL in a text: a search holding one was a server error there."""
    members = f"/api/v1/communities/{space.slug}/members/"

    answers = [api.get(members, {"q": q, "need": n}) for q, n in (("a\x00na", "\x00"), ("ana", ""))]

    assert [r.status_code for r in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    board = api.get(f"/api/v1/communities/{space.slug}/board/", {"q": "ges\x00toría"})
    assert board.status_code == 200


def test_an_event_capacity_past_what_the_database_holds_is_refused(api, space):
    response = api.post(
        f"/api/v1/communities/{space.slug}/events/",
        {"title": "Cena", "starts_at": "2027-01-13T20:00:00+01:00", "capacity": 2160884835530393},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["capacity"]
