"""``vinculo event schedule EVENT --rounds R [--table-size K]`` (cli.md): the organiser's
meeting plan, with the ``--json`` shape of the contract."""

import datetime
import json

import pytest

from tests.factories import make_contact
from vinculo.activity import services as activity
from vinculo.cli import main
from vinculo.giving.matching import matches_rebuild
from vinculo.giving.models import Match
from vinculo.rounds.models import EventSchedule


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def scores(user) -> tuple[float, float]:
    """The engine's scores of Kate–Pedro and María–Kate (the network is the event)."""
    matches_rebuild(owner=user)
    rows = Match.objects.for_user(user)
    return (
        rows.get(need__text="a photographer for events").score,
        rows.get(need__text="un diseñador para su web", offer__contact__name="Kate Smith").score,
    )


def test_schedule_json_has_the_contracts_shape(user, breakfast, capsys):
    status = main(["event", "schedule", "desayuno de socios", "--rounds", "2", "--json"])

    out = capsys.readouterr()
    photo, design = scores(user)
    expected = {
        "rounds": [
            [["Kate Smith", "Pedro Ruiz"], ["Luis Gómez", "Zoe Lee"]],
            [["Kate Smith", "María José Núñez"], ["Luis Gómez", "Pedro Ruiz"]],
        ],
        "score": round(photo + design, 4),
    }
    assert (status, out.out, out.err) == (0, as_json(expected), "")
    assert EventSchedule.objects.for_user(user).get().event == breakfast["event"]


def test_schedule_tables_json(user, breakfast, capsys):
    status = main(
        ["event", "schedule", f"e{breakfast['event'].pk}", "--rounds", "1", "--table-size", "3",
         "--json"]
    )  # fmt: skip

    document = json.loads(capsys.readouterr().out)
    assert status == 0
    assert sorted(len(table) for table in document["rounds"][0]) == [2, 3]
    assert sorted(name for table in document["rounds"][0] for name in table) == [
        "Kate Smith", "Luis Gómez", "María José Núñez", "Pedro Ruiz", "Zoe Lee"
    ]  # fmt: skip
    assert ["Luis Gómez", "María José Núñez"] not in [sorted(t) for t in document["rounds"][0]]


def test_schedule_prints_rounds_with_reasons_in_the_accounts_language(user, breakfast, capsys):
    user.language = "es"
    user.save(update_fields=["language"])

    status = main(["event", "schedule", "Desayuno de Socios", "--rounds", "2"])

    photo, design = scores(user)
    assert (status, capsys.readouterr().out) == (
        0,
        "Round 1\n"
        "  1. Kate Smith · Pedro Ruiz\n"
        "     Kate Smith necesita «a photographer for events»; Pedro Ruiz ofrece "
        "«fotografía de eventos» (coinciden: fotografía de eventos)\n"
        "  2. Luis Gómez · Zoe Lee\n"
        "  Resting: María José Núñez\n"
        "Round 2\n"
        "  1. Kate Smith · María José Núñez\n"
        "     María José Núñez necesita «un diseñador para su web»; Kate Smith ofrece "
        "«web design for law firms» (coinciden: diseño web)\n"
        "  2. Luis Gómez · Pedro Ruiz\n"
        "  Resting: Zoe Lee\n"
        f"Complementarity: {photo + design:.2f}\n",
    )


def test_schedule_finds_the_event_by_external_id(user, breakfast, capsys):
    breakfast["event"].external_id = "desayuno-dic"
    breakfast["event"].save(update_fields=["external_id"])

    status = main(["event", "schedule", "desayuno-dic", "--rounds", "1", "--json"])

    assert status == 0
    assert len(json.loads(capsys.readouterr().out)["rounds"]) == 1


def test_schedule_of_an_unknown_event_fails(user, breakfast, capsys):
    status = main(["event", "schedule", "Cena de Navidad", "--rounds", "2", "--json"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", "No event has the name or id 'Cena de Navidad'.\n")


def test_schedule_of_an_ambiguous_name_lists_the_events(user, breakfast, capsys):
    other = activity.event_create(
        owner=user, name="Desayuno de socios", date=datetime.date(2027, 1, 14)
    )

    status = main(["event", "schedule", "DESAYUNO DE SOCIOS", "--rounds", "2"])

    out = capsys.readouterr()
    first = breakfast["event"]
    assert (status, out.out) == (1, "")
    assert out.err == (
        "Several events are called 'DESAYUNO DE SOCIOS': "
        f"Desayuno de socios (2027-01-14, id e{other.pk}), "
        f"Desayuno de Socios (2026-12-03, id e{first.pk}). Name one by its id.\n"
    )
    assert EventSchedule.objects.for_user(user).count() == 0


def test_schedule_of_an_event_without_enough_attendees_fails(user, capsys):
    activity.event_create(owner=user, name="Cena", attendees=[make_contact(user, name="Sola")])

    status = main(["event", "schedule", "Cena", "--rounds", "2"])

    out = capsys.readouterr()
    assert (status, out.err) == (1, "Add at least two attendees to the event to plan meetings.\n")


def test_schedule_needs_rounds(user, breakfast, capsys):
    status = main(["event", "schedule", "Desayuno de Socios"])

    out = capsys.readouterr()
    assert status == 2
    assert "the following arguments are required: --rounds" in out.err


def test_schedule_with_too_many_rounds_fails(user, breakfast, capsys):
    status = main(["event", "schedule", "Desayuno de Socios", "--rounds", "21"])

    assert (status, capsys.readouterr().err) == (1, "Choose between 1 and 20 rounds.\n")
