"""``vinculo suggest`` and ``vinculo reindex`` (cli.md): the suggested introductions of a
network, named the way an export names people, and rebuilding them from scratch."""

import json
import re

import pytest

from tests.factories import make_contact
from vinculo.cli import main
from vinculo.giving.models import Match
from vinculo.people import services as people

EMPTY = "No introductions to suggest.\n"


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture
def network(user):
    """Spanish and English speakers; two offers that score the same; a close tie; two people
    whose names differ only in an accent."""
    user.display_name = "Ana Ruiz"
    user.save(update_fields=["display_name"])
    people.profile_update(
        user=user, offers=["estrategia de marketing"], needs=["un abogado mercantil"]
    )
    maria = make_contact(
        user, name="María José Núñez", needs=["un diseñador para su web"], languages=["es"]
    )
    kate = make_contact(
        user,
        name="Kate Smith",
        external_id="kate",
        offers=["web design for law firms"],
        needs=["a photographer for events"],
        languages=["en"],
    )
    john = make_contact(
        user, name="John Smith", offers=["web design for law firms"], languages=["en"]
    )
    luis = make_contact(
        user,
        name="Luis Gómez",
        offers=["diseño web para despachos", "derecho mercantil"],
        needs=["marketing para su despacho"],
        languages=["es"],
    )
    photographer = make_contact(
        user, name="Luis Gomez", offers=["fotografía de eventos"], languages=["es"]
    )
    # María and Luis Gómez already know each other well: introducing them adds nothing.
    people.tie_create(owner=user, a=maria, b=luis, strength=0.9)
    return {"maria": maria, "kate": kate, "john": john, "luis": luis, "photographer": photographer}


def person(contact) -> dict:
    return {"id": contact.external_id or f"c{contact.pk}", "name": contact.name}


ME = {"id": "me", "name": "Ana Ruiz"}


def score(user, need: str, offer_by) -> float:
    """The score the matching engine gave (its figures are the engine's business)."""
    return Match.objects.for_user(user).get(need__text=need, offer__contact=offer_by).score


def own_score(user, offer: str, need_by) -> float:
    return (
        Match.objects.for_user(user)
        .get(offer__text=offer, offer__contact=None, need__contact=need_by)
        .score
    )


def photographer_for_kate(user, n) -> dict:
    return {
        "a": person(n["kate"]),
        "b": person(n["photographer"]),
        "need": "a photographer for events",
        "offer": "fotografía de eventos",
        "score": score(user, "a photographer for events", n["photographer"]),
        "why": "Kate Smith necesita «a photographer for events»; "
        "Luis Gomez ofrece «fotografía de eventos» (coinciden: fotografía de eventos)",
    }


def designer_for_maria(user, n, designer) -> dict:
    return {
        "a": person(n["maria"]),
        "b": person(designer),
        "need": "un diseñador para su web",
        "offer": "web design for law firms",
        "score": score(user, "un diseñador para su web", designer),
        "why": f"María José Núñez necesita «un diseñador para su web»; {designer.name} ofrece "
        "«web design for law firms» (coinciden: diseño web)",
    }


# --- suggest -------------------------------------------------------------------------------


def test_suggest_json_pairs_contacts_best_first(user, network, capsys):
    status = main(["suggest", "--json"])

    out = capsys.readouterr()
    # An English need met by a Spanish offer, a Spanish need met by two equal English offers
    # (in the order they were added); María and Luis Gómez are left out: they know each other.
    expected = [
        photographer_for_kate(user, network),
        designer_for_maria(user, network, network["kate"]),
        designer_for_maria(user, network, network["john"]),
    ]
    assert (status, out.out, out.err) == (0, as_json({"suggestions": expected}), "")
    assert expected[1]["score"] == expected[2]["score"]


def test_suggest_why_is_in_the_accounts_language(user, network, capsys):
    user.language = "en"
    user.save(update_fields=["language"])

    status = main(["suggest", "--json", "--limit", "1"])

    entry = {
        **photographer_for_kate(user, network),
        "why": "Kate Smith needs “a photographer for events”; "
        "Luis Gomez offers “fotografía de eventos” (in common: event photography)",
    }
    assert (status, capsys.readouterr().out) == (0, as_json({"suggestions": [entry]}))


def test_suggest_prints_a_readable_list(user, network, capsys):
    status = main(["suggest", "--limit", "2"])

    out = capsys.readouterr()
    photo = score(user, "a photographer for events", network["photographer"])
    design = score(user, "un diseñador para su web", network["kate"])
    assert (status, out.err) == (0, "")
    assert out.out == (
        f"1. Luis Gomez could help Kate Smith (score {photo:.2f})\n"
        "   Kate Smith necesita «a photographer for events»; Luis Gomez ofrece "
        "«fotografía de eventos» (coinciden: fotografía de eventos)\n"
        f"2. Kate Smith could help María José Núñez (score {design:.2f})\n"
        "   María José Núñez necesita «un diseñador para su web»; Kate Smith ofrece "
        "«web design for law firms» (coinciden: diseño web)\n"
    )


def test_suggest_mine_lists_who_can_help_me_and_whom_i_can_help(user, network, capsys):
    status = main(["suggest", "--mine", "--limit", "2", "--json"])

    luis = network["luis"]
    expected = [
        {
            "a": ME,
            "b": person(luis),
            "need": "un abogado mercantil",
            "offer": "derecho mercantil",
            "score": score(user, "un abogado mercantil", luis),
            "why": "Ana Ruiz necesita «un abogado mercantil»; Luis Gómez ofrece "
            "«derecho mercantil» (coinciden: derecho mercantil)",
        },
        {
            "a": person(luis),
            "b": ME,
            "need": "marketing para su despacho",
            "offer": "estrategia de marketing",
            "score": own_score(user, "estrategia de marketing", luis),
            "why": "Luis Gómez necesita «marketing para su despacho»; Ana Ruiz ofrece "
            "«estrategia de marketing» (coinciden: marketing)",
        },
    ]
    assert (status, capsys.readouterr().out) == (0, as_json({"suggestions": expected}))


def test_suggest_contact_by_external_id_shows_both_sides(user, network, capsys):
    status = main(["suggest", "--contact", "kate", "--json"])

    # Who could help Kate, and whom Kate could help.
    expected = [
        photographer_for_kate(user, network),
        designer_for_maria(user, network, network["kate"]),
    ]
    assert (status, capsys.readouterr().out) == (0, as_json({"suggestions": expected}))


def test_suggest_contact_by_name_ignores_accents_and_case(user, network, capsys):
    status = main(["suggest", "--contact", "MARIA jose nunez", "--json"])

    expected = [
        designer_for_maria(user, network, network["kate"]),
        designer_for_maria(user, network, network["john"]),
    ]
    assert (status, capsys.readouterr().out) == (0, as_json({"suggestions": expected}))


def test_suggest_contact_by_the_id_the_output_gives(user, network, capsys):
    photographer = network["photographer"]

    status = main(["suggest", "--contact", f"c{photographer.pk}", "--json"])

    expected = [photographer_for_kate(user, network)]
    assert (status, capsys.readouterr().out) == (0, as_json({"suggestions": expected}))


def test_suggest_names_people_with_the_ids_of_the_export(user, network, capsys):
    # External ids that clash with the ids an export makes up: theirs win, the others move.
    maria, john = network["maria"], network["john"]
    people.contact_update(contact=network["kate"], external_id=f"c{maria.pk}")
    people.contact_update(contact=john, external_id="me")
    main(["export"])
    exported = {c["name"]: c["id"] for c in json.loads(capsys.readouterr().out)["contacts"]}

    main(["suggest", "--json", "--contact", f"c{maria.pk}-2"])

    listed = json.loads(capsys.readouterr().out)["suggestions"]
    ids = {p["name"]: p["id"] for s in listed for p in (s["a"], s["b"])}
    assert ids == {
        "María José Núñez": f"c{maria.pk}-2",
        "Kate Smith": f"c{maria.pk}",
        "John Smith": f"c{john.pk}",
    }
    assert ids == {name: exported[name] for name in ids}


def test_suggest_contact_with_an_ambiguous_name_lists_them_and_exits_1(user, network, capsys):
    status = main(["suggest", "--contact", "luis gomez", "--json"])

    out = capsys.readouterr()
    luis, photographer = network["luis"], network["photographer"]
    assert (status, out.out, out.err) == (
        1,
        "",
        f"Several contacts are called 'luis gomez': Luis Gómez (id c{luis.pk}), "
        f"Luis Gomez (id c{photographer.pk}). Name one by its id.\n",
    )


def test_suggest_contact_unknown_exits_1(user, network, capsys):
    status = main(["suggest", "--contact", "Nadie"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", "No contact has the name or id 'Nadie'.\n")


def test_suggest_contact_without_suggestions_says_so(user, network, capsys):
    status = main(["suggest", "--contact", f"c{network['luis'].pk}"])

    # Luis Gómez's offers meet only María's need (they know each other) and the owner's.
    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, EMPTY, "")


def test_suggest_on_an_empty_network_says_so(user, capsys):
    assert (main(["suggest"]), capsys.readouterr().out) == (0, EMPTY)
    assert (main(["suggest", "--json"]), capsys.readouterr().out) == (
        0,
        as_json({"suggestions": []}),
    )


def test_suggest_reads_only_the_chosen_accounts_network(user, other_user, network, capsys):
    make_contact(other_user, name="Diseñadora Ajena", offers=["diseñadora web freelance"])

    status = main(["suggest", "--user", "ana", "--contact", "maria jose nunez", "--json"])

    expected = [
        designer_for_maria(user, network, network["kate"]),
        designer_for_maria(user, network, network["john"]),
    ]
    assert (status, capsys.readouterr().out) == (0, as_json({"suggestions": expected}))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--limit", "0"], "argument --limit: '0' is not a whole number above 0"),
        (["--limit", "muchas"], "argument --limit: 'muchas' is not a whole number above 0"),
        (["--mine", "--contact", "kate"], "argument --contact: not allowed with argument --mine"),
    ],
)
def test_suggest_with_wrong_arguments_is_a_usage_error(user, capsys, arguments, message):
    status = main(["suggest", *arguments])

    out = capsys.readouterr()
    assert (status, out.out, out.err.splitlines()[-1]) == (
        2,
        "",
        f"vinculo suggest: error: {message}",
    )


# --- reindex -------------------------------------------------------------------------------


def test_reindex_rebuilds_the_suggestions_from_scratch(user, network, capsys):
    before = sorted(Match.objects.for_user(user).values_list("need_id", "offer_id"))
    Match.objects.for_user(user).delete()

    status = main(["reindex", "--json"])

    out = capsys.readouterr()
    result = json.loads(out.out)
    assert (status, out.err, sorted(result), result["matches"]) == (
        0,
        "",
        ["matches", "seconds"],
        8,
    )
    assert isinstance(result["seconds"], float)
    after = sorted(Match.objects.for_user(user).values_list("need_id", "offer_id"))
    assert after == before


def test_reindex_keeps_dismissed_suggestions_dismissed(user, network, capsys):
    Match.objects.for_user(user).filter(offer__contact=network["john"]).update(dismissed=True)

    main(["reindex"])

    dismissed = Match.objects.for_user(user).filter(dismissed=True)
    assert sorted(dismissed.values_list("offer__contact__name", "need__text")) == [
        ("John Smith", "un abogado mercantil"),
        ("John Smith", "un diseñador para su web"),
    ]


def test_reindex_prints_how_many_and_how_long(user, network, capsys):
    status = main(["reindex"])

    out = capsys.readouterr()
    assert status == 0
    assert re.fullmatch(r"Suggestions rebuilt: 8 matches in \d+\.\d\d s\.\n", out.out), out.out


def test_reindex_of_an_empty_network(user, capsys):
    status = main(["reindex", "--json"])

    result = json.loads(capsys.readouterr().out)
    assert (status, result["matches"]) == (0, 0)
