"""Meeting rounds among the members going to a community event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from vinculo.communities import services as community_services
from vinculo.communities.events import selectors, services
from vinculo.communities.events.models import CommunityEventSchedule
from vinculo.communities.models import MemberMatch

from ..conftest import english_client

pytestmark = pytest.mark.django_db


def _going(event, *members):
    for member in members:
        services.rsvp_set(membership=member, event=event, answer="yes")


def _url(name, world, event, **kwargs):
    return reverse(
        name, kwargs={"workspace_slug": world.slug, "community_event_id": event.pk, **kwargs}
    )


@pytest.fixture
def shared(world):
    """María José shares her need with every member (in the world it is for organisers)."""
    community_services.profile_update(membership=world.mj, visibility={"needs": "members"})
    return world


def test_rounds_pair_the_members_whose_shared_needs_and_offers_meet(shared, breakfast):
    world = shared
    _going(breakfast, world.ana, world.olga, world.mj, world.pedro)
    schedule = services.event_schedule_create(actor=world.olga, event=breakfast, rounds=3)
    # going, by name: Ana García, María José Núñez, Olga Pérez, Pedro Ruiz
    assert schedule.rounds[0]["groups"] == [
        [world.ana.pk, world.olga.pk],
        [world.mj.pk, world.pedro.pk],
    ]
    assert [len(r["groups"]) for r in schedule.rounds] == [2, 2, 2]
    met = {tuple(g) for r in schedule.rounds for g in r["groups"]}
    assert len(met) == 6  # three rounds of four people: everyone meets everyone once
    key = f"{min(world.mj.pk, world.pedro.pk)}-{max(world.mj.pk, world.pedro.pk)}"
    assert list(schedule.reasons) == [key]
    assert [r[:4] for r in schedule.reasons[key]] == [
        [world.mj.pk, world.pedro.pk, "un diseñador para su web", "diseño web para despachos"]
    ]
    assert schedule.people == {
        str(world.ana.pk): "Ana García",
        str(world.olga.pk): "Olga Pérez",
        str(world.mj.pk): "María José Núñez",
        str(world.pedro.pk): "Pedro Ruiz",
    }


def test_a_need_kept_for_the_organisers_weighs_nothing_and_is_never_printed(world, breakfast):
    _going(breakfast, world.mj, world.pedro, world.olga)
    schedule = services.event_schedule_create(actor=world.ana, event=breakfast, rounds=1)
    assert schedule.reasons == {}
    sheet = selectors.schedule_sheet(viewer=world.ana, schedule=schedule, language="en")
    assert all(not m.reasons for a in sheet.attendees for m in a.meetings)


def test_stored_member_matches_are_used_when_the_community_has_them(world, breakfast):
    community_services.profile_update(membership=world.ana, needs=["mentoría legal"])
    ana_need = world.ana.needs.get()
    olga_offer = world.olga.offers.get()
    MemberMatch.objects.create(
        workspace=world.ana.workspace,
        needer=world.ana,
        offerer=world.olga,
        need=ana_need,
        offer=olga_offer,
        score=0.9,
    )
    _going(breakfast, world.ana, world.olga, world.mj, world.pedro)
    schedule = services.event_schedule_create(actor=world.ana, event=breakfast, rounds=1)
    key = f"{world.ana.pk}-{world.olga.pk}"
    assert schedule.reasons == {
        key: [[world.ana.pk, world.olga.pk, "mentoría legal", "mentoría para abogados", 0.9]]
    }
    assert [world.ana.pk, world.olga.pk] in schedule.rounds[0]["groups"]


def test_an_odd_number_rests_one_each_round_and_tables_seat_everyone(shared, breakfast):
    world = shared
    _going(breakfast, world.ana, world.mj, world.pedro)
    pairs = services.event_schedule_create(actor=world.ana, event=breakfast, rounds=3)
    assert sorted(r["rests"][0] for r in pairs.rounds) == sorted(
        [world.ana.pk, world.mj.pk, world.pedro.pk]
    )
    tables = services.event_schedule_create(
        actor=world.ana, event=breakfast, rounds=1, table_size=3
    )
    assert tables.rounds[0]["groups"] == [[world.ana.pk, world.mj.pk, world.pedro.pk]]
    assert tables.rounds[0]["rests"] == []


def test_planning_needs_two_members_going_and_sane_numbers(world, breakfast):
    _going(breakfast, world.mj)
    with pytest.raises(ValidationError) as exc:
        services.event_schedule_create(actor=world.ana, event=breakfast, rounds=2)
    assert exc.value.messages == [
        "At least two members must be going to the event to plan meetings."
    ]
    with pytest.raises(ValidationError) as exc:
        services.event_schedule_create(actor=world.ana, event=breakfast, rounds=0, table_size=40)
    assert exc.value.message_dict == {
        "rounds": ["Choose between 1 and 20 rounds."],
        "table_size": ["Choose between 2 and 12 people per table."],
    }


def test_only_organisers_plan_and_print_rounds(shared, breakfast):
    world = shared
    _going(breakfast, world.mj, world.pedro)
    with pytest.raises(PermissionDenied):
        services.event_schedule_create(actor=world.pedro, event=breakfast, rounds=1)
    member = english_client(world.pedro.user)
    assert member.get(_url("communities.events.rounds", world, breakfast)).status_code == 403
    assert (
        member.post(_url("communities.events.rounds", world, breakfast), {"rounds": 1}).status_code
        == 403
    )
    response = english_client(world.olga.user).post(
        _url("communities.events.rounds", world, breakfast), {"rounds": "2", "table_size": "2"}
    )
    schedule = CommunityEventSchedule.objects.get()
    assert response.url == _url(
        "communities.events.plan", world, breakfast, community_schedule_id=schedule.pk
    )
    plan_url = _url("communities.events.plan", world, breakfast, community_schedule_id=schedule.pk)
    assert member.get(plan_url).status_code == 403
    delete_url = _url(
        "communities.events.plan_delete", world, breakfast, community_schedule_id=schedule.pk
    )
    assert member.post(delete_url).status_code == 403
    assert CommunityEventSchedule.objects.count() == 1


def test_the_printed_plan_has_a_page_per_attendee_in_their_language(shared, breakfast):
    world = shared
    community_services.profile_update(membership=world.pedro, language="en")
    community_services.profile_update(membership=world.mj, language="es")
    _going(breakfast, world.mj, world.pedro)
    schedule = services.event_schedule_create(actor=world.ana, event=breakfast, rounds=1)
    sheet = selectors.schedule_sheet(viewer=world.ana, schedule=schedule, language="en")
    assert [(a.person.name, a.language) for a in sheet.attendees] == [
        ("María José Núñez", "es"),
        ("Pedro Ruiz", "en"),
    ]
    assert [[p.name for p in g.people] for g in sheet.rounds[0].groups] == [
        ["María José Núñez", "Pedro Ruiz"]
    ]
    reason = (
        "María José Núñez needs “un diseñador para su web”; "
        "Pedro Ruiz offers “diseño web para despachos”"
    )
    assert sheet.rounds[0].groups[0].reasons == [reason]
    assert sheet.attendees[1].meetings[0].reasons == [reason]
    body = (
        english_client(world.ana.user)
        .get(_url("communities.events.plan", world, breakfast, community_schedule_id=schedule.pk))
        .content.decode()
    )
    mj_page, pedro_page = body.split('<article class="attendee-sheet"')[1:]
    assert mj_page.startswith(' lang="es">') and "<th>Ronda</th>" in mj_page
    assert pedro_page.startswith(' lang="en">') and "<th>Round</th>" in pedro_page


def test_a_member_sees_only_their_own_schedule(shared, breakfast):
    world = shared
    page = english_client(world.pedro.user).get(
        _url("communities.events.my_rounds", world, breakfast)
    )
    assert "The organisers have not planned the meeting rounds yet." in page.content.decode()
    _going(breakfast, world.ana, world.olga, world.mj, world.pedro)
    services.event_schedule_create(actor=world.ana, event=breakfast, rounds=1)
    body = (
        english_client(world.pedro.user)
        .get(_url("communities.events.my_rounds", world, breakfast))
        .content.decode()
    )
    schedule = body.split('id="my-schedule"')[1]
    assert "María José Núñez" in schedule
    assert "Olga Pérez" not in schedule and "Ana García" not in schedule
    assert "Pedro Ruiz ofrece «diseño web para despachos»" in schedule


def test_a_member_not_going_when_it_was_planned_is_told_so(shared, breakfast):
    world = shared
    _going(breakfast, world.mj, world.pedro)
    services.event_schedule_create(actor=world.ana, event=breakfast, rounds=1)
    body = (
        english_client(world.olga.user)
        .get(_url("communities.events.my_rounds", world, breakfast))
        .content.decode()
    )
    assert "You are not in the meeting plan" in body
    assert 'id="my-schedule"' not in body
