"""Planning an event's meeting rounds through the service the web, the API and the command
line share, and laying a plan out to print."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import make_contact
from vinculo.activity import services as activity
from vinculo.giving.matching import matches_rebuild
from vinculo.giving.models import Match
from vinculo.people import services as people
from vinculo.rounds import selectors, services
from vinculo.rounds.models import EventSchedule


def match_score(user, need: str, offer_by) -> float:
    """The score the matching engine gives (its figures are the engine's business), read
    from the suggestions computed afresh: the network is the event, so the same texts."""
    matches_rebuild(owner=user)
    return Match.objects.for_user(user).get(need__text=need, offer__contact=offer_by).score


def test_a_plan_pairs_complementary_people_and_never_colleagues(user, breakfast):
    b = breakfast

    schedule = services.event_schedule_create(owner=user, event=b["event"], rounds=2)

    kate, luis, maria, pedro, zoe = (b[k].pk for k in ("kate", "luis", "maria", "pedro", "zoe"))
    photo = match_score(user, "a photographer for events", b["pedro"])
    design = match_score(user, "un diseñador para su web", b["kate"])
    assert schedule.rounds == [
        {"groups": [[kate, pedro], [luis, zoe]], "rests": [maria], "score": photo},
        {"groups": [[kate, maria], [luis, pedro]], "rests": [zoe], "score": design},
    ]
    assert (schedule.table_size, schedule.score) == (2, round(photo + design, 4))
    assert schedule.people == {
        str(kate): "Kate Smith",
        str(luis): "Luis Gómez",
        str(maria): "María José Núñez",
        str(pedro): "Pedro Ruiz",
        str(zoe): "Zoe Lee",
    }
    assert schedule.reasons == {
        f"{min(kate, pedro)}-{max(kate, pedro)}": [
            [kate, pedro, "a photographer for events", "fotografía de eventos", photo,
             [["c:event_photography", "fotografía de eventos", "event photography"]]],
        ],
        f"{min(kate, maria)}-{max(kate, maria)}": [
            [maria, kate, "un diseñador para su web", "web design for law firms", design,
             [["c:web_design", "diseño web", "web design"]]],
        ],
    }  # fmt: skip


def test_every_round_has_a_different_rester_and_colleagues_never_meet(user, breakfast):
    b = breakfast

    schedule = services.event_schedule_create(owner=user, event=b["event"], rounds=4)

    resters = [r["rests"] for r in schedule.rounds]
    assert [len(r) for r in resters] == [1, 1, 1, 1]
    assert len({r[0] for r in resters}) == 4
    colleagues = sorted([b["maria"].pk, b["luis"].pk])
    assert [g for r in schedule.rounds for g in r["groups"] if sorted(g) == colleagues] == []


def test_people_who_know_each_other_well_do_not_meet(user, breakfast):
    b = breakfast
    people.tie_create(owner=user, a=b["kate"], b=b["pedro"], strength=0.9)

    schedule = services.event_schedule_create(owner=user, event=b["event"], rounds=1)

    assert schedule.rounds[0]["groups"][0] == [b["kate"].pk, b["maria"].pk]


def test_tables_seat_everyone_of_an_event(user, breakfast):
    schedule = services.event_schedule_create(
        owner=user, event=breakfast["event"], rounds=1, table_size=3
    )

    (entry,) = schedule.rounds
    assert sorted(len(g) for g in entry["groups"]) == [2, 3]
    assert entry["rests"] == []
    assert schedule.table_size == 3


def test_an_event_needs_two_attendees(user):
    lone = make_contact(user, name="Sola")
    event = activity.event_create(owner=user, name="Cena", attendees=[lone])

    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.event_schedule_create(owner=user, event=event, rounds=2)

    assert exc.value.messages == ["Add at least two attendees to the event to plan meetings."]
    assert EventSchedule.objects.for_user(user).count() == 0


def test_rounds_and_table_size_out_of_range_are_refused(user, breakfast):
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.event_schedule_create(
            owner=user, event=breakfast["event"], rounds=0, table_size=13
        )

    assert exc.value.message_dict == {
        "rounds": ["Choose between 1 and 20 rounds."],
        "table_size": ["Choose between 2 and 12 people per table."],
    }


def test_the_sheet_speaks_the_readers_language_and_each_attendees_own(user, breakfast):
    b = breakfast
    schedule = services.event_schedule_create(owner=user, event=b["event"], rounds=2)

    sheet = selectors.schedule_sheet(user=user, schedule=schedule, language="en")

    assert [[g.reasons for g in r.groups] for r in sheet.rounds] == [
        [
            [
                "Kate Smith needs “a photographer for events”; Pedro Ruiz offers "
                "“fotografía de eventos” (in common: event photography)"
            ],
            [],
        ],
        [
            [
                "María José Núñez needs “un diseñador para su web”; Kate Smith offers "
                "“web design for law firms” (in common: web design)"
            ],
            [],
        ],
    ]
    by_name = {a.person.name: a for a in sheet.attendees}
    assert list(by_name) == [
        "Kate Smith", "Luis Gómez", "María José Núñez", "Pedro Ruiz", "Zoe Lee"
    ]  # fmt: skip
    maria = by_name["María José Núñez"]
    assert maria.language == "es"
    assert [(m.round, m.table, [o.name for o in m.others], m.reasons) for m in maria.meetings] == [
        (1, None, [], []),
        (
            2,
            1,
            ["Kate Smith"],
            [
                "María José Núñez necesita «un diseñador para su web»; Kate Smith ofrece "
                "«web design for law firms» (coinciden: diseño web)"
            ],
        ),
    ]
    assert by_name["Kate Smith"].language == "en"


def test_a_contact_deleted_since_keeps_its_name_on_the_sheet(user, breakfast):
    schedule = services.event_schedule_create(owner=user, event=breakfast["event"], rounds=1)
    people.contact_delete(contact=breakfast["zoe"])

    sheet = selectors.schedule_sheet(user=user, schedule=schedule, language="es")

    luis_and_zoe = sheet.rounds[0].groups[1].people
    assert [(p.name, p.contact) for p in luis_and_zoe] == [
        ("Luis Gómez", breakfast["luis"]),
        ("Zoe Lee", None),
    ]


def test_event_find_ignores_accents_and_case_and_knows_export_ids(user, breakfast):
    event = breakfast["event"]

    assert selectors.event_find(user=user, ref="desayuno  de SOCIOS") == [event]
    assert selectors.event_find(user=user, ref=f"e{event.pk}") == [event]
    assert selectors.event_find(user=user, ref="Comida") == []
