import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, make_contact
from vinculo.activity.models import Event, FollowUp, Interaction
from vinculo.activity.services import event_create, interaction_update
from vinculo.giving.models import Introduction, Referral
from vinculo.people.models import Contact, Tie
from vinculo.people.selectors import network_counts, profile_needs, profile_offers
from vinculo.people.services import contact_create
from vinculo.portability.exchange import (
    ImportReport,
    account_token,
    format_detect,
    network_export,
    network_import,
    network_import_data,
)

from .conftest import dumped

FORMAT = "vinculo/1"
EMPTY_COUNTS = {
    "contacts": 0,
    "organizations": 0,
    "ties": 0,
    "interactions": 0,
    "offers": 0,
    "needs": 0,
    "events": 0,
    "introductions": 0,
    "referrals": 0,
    "followups_open": 0,
}
RICH_COUNTS = {
    "contacts": 5,
    "organizations": 3,
    "ties": 3,
    "interactions": 3,
    "offers": 6,  # four of the contacts' and the owner's two
    "needs": 5,  # three and two
    "events": 2,
    "introductions": 2,
    "referrals": 2,
    "followups_open": 1,
}


def details(created=0, updated=0, skipped=0, **sections):
    """Per-section counts: every section gets ``created``/``updated``/``skipped`` unless
    given as a tuple in ``sections``."""
    names = ("contacts", "knows", "interactions", "events", "introductions", "referrals")
    out = {}
    for name in (*names, "followups"):
        c, u, s = sections.get(name, (created, updated, skipped))
        out[name] = {"created": c, "updated": u, "skipped": s}
    return out


RICH_CREATED = details(
    contacts=(5, 0, 0),
    knows=(3, 0, 0),
    interactions=(3, 0, 0),
    events=(2, 0, 0),
    introductions=(2, 0, 0),
    referrals=(2, 0, 0),
    followups=(2, 0, 0),
)
RICH_UPDATED = details(
    contacts=(0, 5, 0),
    knows=(0, 3, 0),
    interactions=(0, 3, 0),
    events=(0, 2, 0),
    introductions=(0, 2, 0),
    referrals=(0, 2, 0),
    followups=(0, 2, 0),
)


def state(user) -> tuple[dict, str]:
    """Everything an import could change in ``user``'s network."""
    user.refresh_from_db()
    return network_counts(user=user), dumped(network_export(user=user))


# --- A good file ---------------------------------------------------------------------------


def test_import_rich_file_reports_what_it_created(user, rich):
    report = network_import(user=user, document=rich, source_name="rich.json")

    assert report == ImportReport(
        created=5,
        updated=0,
        skipped=0,
        errors=[],
        warnings=[],
        details=RICH_CREATED,
        written=True,
    )
    assert network_counts(user=user) == RICH_COUNTS


def test_import_rich_file_keeps_every_text_byte_for_byte(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")

    contacts = {c.external_id: c for c in Contact.objects.for_user(user)}
    maria, inigo, begona = contacts["c1"], contacts["c2"], contacts["c3"]
    assert maria.name == "María José Núñez"
    assert maria.organization.name == "Núñez Abogados"
    assert maria.notes == "Le gusta el pádel.\nPrefiere WhatsApp a las llamadas."
    assert maria.met_on == date(2026, 3, 12)
    assert maria.met_event.external_id == "e1"
    assert maria.introduced_by == contacts["c7"]
    assert maria.strength == 0.7
    assert maria.extra == {"cumpleaños": "15 de junio"}
    assert maria.search_text == (
        "maria jose nunez socia valencia nunez abogados mj@nunezabogados.example +34 612 345 678"
    )
    assert [t.text for t in maria.offers.all()] == [
        "contratos entre socios",
        "constitución de sociedades",
    ]
    assert inigo.phones == ["612 34 56 78", "(96) 123-45-67 ext. 3"]
    assert inigo.strength == 0.0
    assert contacts["c4"].name == "Luis Ortega 😀"
    assert begona.met_on == date(2026, 3, 12)
    assert begona.extra == {"met": {"mesa": 4, "date": "2026-03-12T09:15:00+01:00"}}
    user.refresh_from_db()
    assert user.display_name == "Ana Ruiz"
    assert user.pitch.startswith("¿Vendes poco en redes? ¡Hablemos!")
    assert profile_offers(user=user) == ["estrategia de contenidos", "formación en redes sociales"]
    assert profile_needs(user=user) == ["un abogado mercantil", "clientes en el sector turismo"]
    assert user.exchange_extra == {
        "generado_por": "Agenda ñandú 1.0",
        "owner": {"web": "https://anaruiz.example"},
    }


def test_import_timestamp_with_offset_keeps_the_instant_and_the_local_date(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")

    call = Interaction.objects.for_user(user).get(kind="call")
    assert call.date == date(2026, 3, 20)
    assert call.at == datetime(2026, 3, 20, 23, 30, tzinfo=UTC)
    assert call.summary == "¿Quedamos en Bogotá? ¡Claro que sí! 🎉"
    assert call.extra == {"date": "2026-03-20T18:30:00-05:00"}


def test_import_rich_file_stores_the_ledger(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")

    referrals = list(
        Referral.objects.for_user(user)
        .order_by("id")
        .values_list("from_contact__external_id", "to_contact__external_id", "value", "status")
    )
    assert referrals == [
        (None, "c1", Decimal("1200.00"), "closed"),
        ("c2", None, Decimal("350.50"), ""),
    ]
    introductions = list(
        Introduction.objects.for_user(user)
        .order_by("id")
        .values_list("a__external_id", "b__external_id", "status")
    )
    assert introductions == [("c1", "c4", "made"), ("c2", "c7", "suggested")]
    event = Event.objects.for_user(user).get(external_id="e2")
    assert event.extra == {"aforo": 300}
    assert sorted(event.attendees.values_list("external_id", flat=True)) == ["c2", "c4", "c7"]
    tie = Tie.objects.for_user(user).get(how="vecinas en Bogotá")
    assert tie.extra == {"desde": 2019}


def test_export_after_import_is_the_input_file(user, rich, rich_text):
    network_import(user=user, document=rich, source_name="rich.json")
    user.refresh_from_db()

    assert dumped(network_export(user=user)) == rich_text


def test_export_import_export_through_a_second_account_gives_the_same_document(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")
    user.refresh_from_db()
    first = network_export(user=user)
    other = UserFactory(username="bea")

    network_import(user=other, document=json.loads(dumped(first)), source_name="first.json")
    other.refresh_from_db()

    assert dumped(network_export(user=other)) == dumped(first)


def test_import_minimal_file_round_trips_to_itself(user):
    document = {
        "format": FORMAT,
        "owner": {"name": "Ana", "does": "", "offers": [], "needs": [], "pitch": ""},
        "contacts": [{"id": "x", "name": "Pepa"}],
        "knows": [],
        "interactions": [],
        "events": [],
        "introductions": [],
        "referrals": [],
        "followups": [],
    }

    network_import(user=user, document=document, source_name="min.json")
    user.refresh_from_db()

    assert network_export(user=user) == document


def test_import_twice_updates_instead_of_duplicating(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")
    before = state(user)

    report = network_import(user=user, document=rich, source_name="rich.json")

    assert (report.created, report.updated, report.skipped, report.errors) == (0, 5, 0, [])
    assert report.details == RICH_UPDATED
    assert state(user) == before


def _names(user) -> list[tuple[str, str, str]]:
    rows = Contact.objects.for_user(user).order_by("pk")
    return list(rows.values_list("name", "city", "external_id"))


def test_an_export_imported_back_into_its_account_updates_the_contacts_made_in_the_app(user):
    network_import(
        user=user,
        document={"format": FORMAT, "contacts": [{"id": "x1", "name": "Pepa Gil"}]},
        source_name="antes.json",
    )
    ana = make_contact(user, name="Ana Ruiz", city="Sevilla")
    luis = make_contact(user, name="Luis Soto")
    exported = network_export(user=user)
    assert exported["exported_from"] == account_token(user)
    assert [c["id"] for c in exported["contacts"]] == ["x1", f"c{ana.pk}", f"c{luis.pk}"]

    # Edited by hand and imported back: the same three people, Ana in another city.
    exported["contacts"][1]["city"] = "Cádiz"
    report = network_import(user=user, document=exported, source_name="red.json")

    assert (report.created, report.updated, report.errors) == (0, 3, [])
    assert _names(user) == [
        ("Pepa Gil", "", "x1"),
        ("Ana Ruiz", "Cádiz", f"c{ana.pk}"),  # the made-up id is hers from now on
        ("Luis Soto", "", f"c{luis.pk}"),
    ]
    again = network_export(user=user)
    assert "exported_from" not in again  # every id is a contact's own now
    report = network_import(user=user, document=again, source_name="red.json")
    assert (report.created, report.updated, Contact.objects.for_user(user).count()) == (0, 3, 3)


@pytest.mark.parametrize("signed_by", ["another account", "no account"])
def test_made_up_ids_from_another_account_or_no_account_are_new_contacts(
    user, other_user, signed_by
):
    ana = make_contact(user, name="Ana Ruiz", city="Sevilla")
    document = network_export(user=user)
    if signed_by == "another account":
        document["exported_from"] = account_token(other_user)
    else:
        del document["exported_from"]

    report = network_import(user=user, document=document, source_name="otra.json")

    # Ana is not taken for the file's "c<pk>": the file's entry is a contact of its own.
    assert (report.created, report.updated) == (1, 0)
    assert _names(user) == [
        ("Ana Ruiz", "Sevilla", ""),
        ("Ana Ruiz", "Sevilla", f"c{ana.pk}"),
    ]


def test_a_dry_run_of_an_own_export_changes_nothing(user):
    ana = make_contact(user, name="Ana Ruiz")
    exported = network_export(user=user)

    report = network_import(user=user, document=exported, source_name="red.json", dry_run=True)

    assert (report.created, report.updated, report.written) == (0, 1, False)
    assert _names(user) == [("Ana Ruiz", "", "")]
    assert network_export(user=user)["contacts"][0]["id"] == f"c{ana.pk}"


def test_import_replaces_the_lists_given_and_keeps_the_keys_left_out(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")
    change = {
        "format": FORMAT,
        "contacts": [
            {
                "id": "c1",
                "name": "María José Núñez",
                "offers": ["arbitraje"],
                "tags": ["legal-nuevo"],
                "notes": None,
            }
        ],
    }

    report = network_import(user=user, document=change, source_name="cambio.json")

    maria = Contact.objects.for_user(user).get(external_id="c1")
    assert (report.created, report.updated) == (0, 1)
    assert [o.text for o in maria.offers.all()] == ["arbitraje"]
    assert list(maria.tags.values_list("name", flat=True)) == ["legal-nuevo"]
    assert maria.notes == ""
    assert [n.text for n in maria.needs.all()] == ["un diseñador para su web"]
    assert maria.organization.name == "Núñez Abogados"
    assert maria.strength == 0.7
    assert maria.extra == {"cumpleaños": "15 de junio"}


def test_import_contact_is_the_same_as_one_made_by_contact_create(user, other_user):
    fields = {
        "name": "Íñigo Ibáñez",
        "organization": "Ibáñez & Hijos",
        "emails": ["i@example.es"],
        "phones": ["612 34 56 78"],
        "city": "Bilbao",
        "tags": ["clientes", "vino"],
        "offers": ["contactos en hostelería"],
        "needs": ["una web"],
    }
    made = contact_create(owner=other_user, external_id="c1", **fields)

    network_import(
        user=user,
        document={"format": FORMAT, "contacts": [{"id": "c1", **fields}]},
        source_name="c.json",
    )

    imported = Contact.objects.for_user(user).get()

    def view(c):
        return (
            c.name,
            c.organization.name,
            c.emails,
            c.phones,
            c.city,
            c.search_text,
            list(c.tags.values_list("name", flat=True)),
            [(o.text, o.position) for o in c.offers.all()],
            [(n.text, n.position) for n in c.needs.all()],
        )

    assert view(imported) == view(made)


def test_import_warns_where_text_is_tidied(user):
    document = {
        "format": FORMAT,
        "contacts": [
            {
                "id": "c1",
                "name": " Pepa ",
                "organization": "Núñez  Abogados",
                "tags": ["legal", "legal", " "],
                "offers": ["diseño web "],
            }
        ],
    }

    report = network_import(user=user, document=document, source_name="t.json")

    assert report.errors == []
    assert report.warnings == [
        {"where": "t.json: contacts[0].name", "why": "stored as 'Pepa' (extra spaces removed)"},
        {
            "where": "t.json: contacts[0].organization",
            "why": "stored as 'Núñez Abogados' (extra spaces removed)",
        },
        {"where": "t.json: contacts[0].tags[1]", "why": "repeated tag ignored"},
        {"where": "t.json: contacts[0].tags[2]", "why": "empty text ignored"},
        {
            "where": "t.json: contacts[0].offers[0]",
            "why": "stored as 'diseño web' (extra spaces removed)",
        },
    ]
    contact = Contact.objects.for_user(user).get()
    assert (contact.name, contact.organization.name) == ("Pepa", "Núñez Abogados")
    assert list(contact.tags.values_list("name", flat=True)) == ["legal"]


def test_import_same_interaction_twice_in_a_file_is_kept_twice_and_not_duplicated_later(user):
    document = {
        "format": FORMAT,
        "contacts": [{"id": "c1", "name": "Pepa"}],
        "interactions": [
            {"contact": "c1", "date": "2026-01-02", "kind": "call"},
            {"contact": "c1", "date": "2026-01-02", "kind": "call"},
        ],
    }

    network_import(user=user, document=document, source_name="t.json")
    report = network_import(user=user, document=document, source_name="t.json")

    assert report.details["interactions"] == {"created": 0, "updated": 2, "skipped": 0}
    assert Interaction.objects.for_user(user).count() == 2


def test_import_queries_do_not_grow_with_the_number_of_contacts(db):
    def document(n):
        return {
            "format": FORMAT,
            "contacts": [
                {
                    "id": f"c{i}",
                    "name": f"Persona {i}",
                    "organization": f"Empresa {i % 3}",
                    "tags": ["a", f"t{i % 4}"],
                    "offers": [f"oferta {i}"],
                    "needs": [f"necesidad {i}", "clientes"],
                    "introduced_by": "c0" if i else None,
                }
                for i in range(n)
            ],
            "knows": [{"a": f"c{i}", "b": f"c{i + 1}"} for i in range(n - 1)],
            "interactions": [{"contact": f"c{i}", "date": "2026-01-02"} for i in range(n)],
            "followups": [{"contact": f"c{i}", "due": "2026-01-03"} for i in range(n)],
        }

    counted = []
    for n in (5, 60):
        user = UserFactory()
        with CaptureQueriesContext(connection) as first:
            network_import(user=user, document=document(n), source_name="n.json")
        with CaptureQueriesContext(connection) as again:
            network_import(user=user, document=document(n), source_name="n.json")
        counted.append((len(first), len(again)))

    assert counted[0] == counted[1]


# --- Export --------------------------------------------------------------------------------


def test_export_of_an_empty_account_has_every_key(user):
    assert network_export(user=user) == {
        "format": FORMAT,
        "owner": {"name": "ana", "does": "", "offers": [], "needs": [], "pitch": ""},
        "contacts": [],
        "knows": [],
        "interactions": [],
        "events": [],
        "introductions": [],
        "referrals": [],
        "followups": [],
    }


def test_export_gives_unique_ids_to_contacts_without_one(user):
    plain = make_contact(user, name="Pepa")
    taken = make_contact(user, name="Juan", external_id=f"c{plain.pk}")
    me = make_contact(user, name="Yo mismo", external_id="me")
    event = event_create(owner=user, name="Feria", attendees=[plain])

    document = network_export(user=user)

    assert [(c["id"], c["name"]) for c in document["contacts"]] == [
        (f"c{plain.pk}-2", "Pepa"),
        (f"c{plain.pk}", "Juan"),
        (f"c{me.pk}", "Yo mismo"),
    ]
    assert taken.external_id == f"c{plain.pk}"
    assert document["events"] == [
        {"id": f"e{event.pk}", "name": "Feria", "attendees": [f"c{plain.pk}-2"]}
    ]


def test_export_writes_the_new_time_once_the_interaction_is_changed(user, rich):
    network_import(user=user, document=rich, source_name="rich.json")
    call = Interaction.objects.for_user(user).get(kind="call")

    interaction_update(interaction=call, at=datetime(2026, 3, 20, 20, 0, tzinfo=UTC))

    exported = network_export(user=user)["interactions"][1]
    assert exported["date"] == "2026-03-20T21:00:00+01:00"


def test_export_leaves_out_other_users_data(user, other_user, rich):
    network_import(user=other_user, document=rich, source_name="rich.json")

    assert network_export(user=user)["contacts"] == []


# --- Bad input -----------------------------------------------------------------------------


@pytest.fixture
def imported(user, rich):
    """An account holding the rich file, and its state before a bad import."""
    network_import(user=user, document=rich, source_name="rich.json")
    return state(user)


def test_import_invalid_json_says_line_and_column_and_writes_nothing(user, imported):
    data = b'{\n  "format": "vinculo/1",\n  "contacts": [\n}\n'

    report = network_import_data(user=user, data=data, source_name="bad.json")

    assert report.errors == [
        {"where": "bad.json: line 4, column 1", "why": "invalid JSON: Expecting value"}
    ]
    assert (report.created, report.updated, report.rejected, report.written) == (0, 0, True, False)
    assert state(user) == imported


def test_import_text_not_utf8_says_the_line_and_writes_nothing(user, imported):
    data = '{"format": "vinculo/1",\n"owner": {"name": "Ana Muñoz"}}'.encode("latin-1")

    report = network_import_data(user=user, data=data, source_name="latin1.json")

    assert report.errors == [{"where": "latin1.json: line 2", "why": "not UTF-8 text (byte 0xf1)"}]
    assert state(user) == imported


@pytest.mark.parametrize(
    ("document", "errors"),
    [
        (
            {"format": "vinculo/2", "contacts": []},
            [
                {
                    "where": "x.json: format",
                    "why": 'unsupported format "vinculo/2" (expected "vinculo/1")',
                }
            ],
        ),
        (
            {"contacts": []},
            [
                {
                    "where": "x.json: format",
                    "why": "required key is missing: this is not a Vínculo exchange document",
                }
            ],
        ),
        (
            [{"id": "c1", "name": "Pepa"}],
            [
                {
                    "where": "x.json",
                    "why": 'expected a JSON object with "format": "vinculo/1", got a list',
                }
            ],
        ),
        (
            {"format": FORMAT, "contacts": {"c1": {"name": "Pepa"}}, "owner": "Ana"},
            [
                {"where": "x.json: owner", "why": "expected an object, got a string"},
                {"where": "x.json: contacts", "why": "expected a list, got an object"},
            ],
        ),
    ],
)
def test_import_document_wrong_as_a_whole_is_rejected(user, imported, document, errors):
    report = network_import(user=user, document=document, source_name="x.json")

    assert report.errors == errors
    assert (report.created, report.updated, report.rejected) == (0, 0, True)
    assert state(user) == imported


def test_import_wrong_type_skips_that_entry_and_what_refers_to_it(user):
    document = {
        "format": FORMAT,
        "contacts": [{"id": "c1", "name": 42}, {"id": "c2", "name": "Pepa"}],
        "knows": [{"a": "c1", "b": "c2"}],
    }

    report = network_import(user=user, document=document, source_name="contacts.json")

    assert report.errors == [
        {"where": "contacts.json: contacts[0].name", "why": "expected a string, got a number"},
        {
            "where": "contacts.json: knows[0].a",
            "why": "contact 'c1' has errors and is not imported",
        },
    ]
    assert (report.created, report.updated, report.skipped) == (1, 0, 1)
    assert list(Contact.objects.for_user(user).values_list("name", flat=True)) == ["Pepa"]
    assert Tie.objects.for_user(user).count() == 0


def test_import_offers_as_a_string_is_an_error_for_that_contact(user, imported, rich):
    document = copy.deepcopy(rich)
    document["contacts"][3]["offers"] = "diseño web"

    report = network_import(user=user, document=document, source_name="contacts.json")

    assert report.errors == [
        {"where": "contacts.json: contacts[3].offers", "why": "expected a list, got a string"},
        {
            "where": "contacts.json: events[1].attendees[1]",
            "why": "contact 'c4' has errors and is not imported",
        },
        {
            "where": "contacts.json: introductions[0].b",
            "why": "contact 'c4' has errors and is not imported",
        },
        {
            "where": "contacts.json: followups[1].contact",
            "why": "contact 'c4' has errors and is not imported",
        },
    ]
    assert (report.created, report.updated, report.skipped) == (0, 4, 1)
    assert state(user) == imported


def test_import_unknown_reference_in_knows_names_the_file_and_the_entry(user, imported, rich):
    document = copy.deepcopy(rich)
    document["knows"].append({"a": "c1", "b": "c99"})

    report = network_import(user=user, document=document, source_name="contacts.json")

    assert report.errors == [
        {"where": "contacts.json: knows[3].b", "why": "unknown contact id 'c99'"}
    ]
    assert (report.created, report.updated, report.skipped) == (0, 5, 0)
    assert report.details["knows"] == {"created": 0, "updated": 3, "skipped": 1}
    assert state(user) == imported


def test_import_unknown_reference_in_interactions_names_the_file_and_the_entry(
    user, imported, rich
):
    document = copy.deepcopy(rich)
    document["interactions"].append({"contact": "c42", "date": "2026-01-01"})

    report = network_import(user=user, document=document, source_name="contacts.json")

    assert report.errors == [
        {"where": "contacts.json: interactions[3].contact", "why": "unknown contact id 'c42'"}
    ]
    assert state(user) == imported


def test_import_strict_with_an_error_writes_nothing(user, rich):
    document = copy.deepcopy(rich)
    document["knows"].append({"a": "c1", "b": "c99"})
    before = state(user)

    report = network_import(user=user, document=document, source_name="contacts.json", strict=True)

    assert report == ImportReport(
        created=0,
        updated=0,
        skipped=5,
        errors=[{"where": "contacts.json: knows[3].b", "why": "unknown contact id 'c99'"}],
        warnings=[],
        details=details(
            contacts=(0, 0, 5),
            knows=(0, 0, 4),
            interactions=(0, 0, 3),
            events=(0, 0, 2),
            introductions=(0, 0, 2),
            referrals=(0, 0, 2),
            followups=(0, 0, 2),
        ),
        written=False,
        rejected=True,
    )
    assert state(user) == before
    assert before[0] == EMPTY_COUNTS


def test_import_strict_without_errors_writes_everything(user, rich):
    report = network_import(user=user, document=rich, source_name="rich.json", strict=True)

    assert (report.created, report.written) == (5, True)
    assert network_counts(user=user) == RICH_COUNTS


def test_import_dry_run_reports_and_writes_nothing(user, rich):
    before = state(user)

    report = network_import(user=user, document=rich, source_name="rich.json", dry_run=True)

    assert report == ImportReport(
        created=5, updated=0, skipped=0, errors=[], warnings=[], details=RICH_CREATED
    )
    assert state(user) == before
    assert user.display_name == ""


@pytest.mark.parametrize(
    ("contacts", "errors"),
    [
        ([{"name": "Pepa"}], [("contacts[0].id", "required key is missing")]),
        ([{"id": "me", "name": "Pepa"}], [("contacts[0].id", "'me' is reserved for the owner")]),
        (
            [{"id": "c1", "name": "Pepa"}, {"id": "c1", "name": "Juan"}],
            [("contacts[1].id", "duplicate contact id 'c1' (first at contacts[0])")],
        ),
        ([{"id": "c1", "name": "  "}], [("contacts[0].name", "must not be empty")]),
        ([{"id": "c1", "name": None}], [("contacts[0].name", "expected a string, got null")]),
        (["Pepa"], [("contacts[0]", "expected an object, got a string")]),
        (
            [{"id": "c1", "name": "Pepa", "strength": 1.5}],
            [("contacts[0].strength", "expected a number from 0 to 1, got 1.5")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "strength": "alta"}],
            [("contacts[0].strength", "expected a number from 0 to 1, got a string")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "strength": True}],
            [("contacts[0].strength", "expected a number from 0 to 1, got true or false")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "emails": ["p@example.es", 7]}],
            [("contacts[0].emails[1]", "expected a string, got a number")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "country": "ESP"}],
            [("contacts[0].country", "longer than 2 characters")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "met": {"date": "12/03/2026"}}],
            [
                (
                    "contacts[0].met.date",
                    "expected a date (YYYY-MM-DD) or a timestamp with offset "
                    "(YYYY-MM-DDThh:mm:ss+hh:mm), got '12/03/2026'",
                )
            ],
        ),
        (
            [{"id": "c1", "name": "Pepa", "met": {"date": "2026-03-12T10:00:00"}}],
            [
                (
                    "contacts[0].met.date",
                    "expected a date (YYYY-MM-DD) or a timestamp with offset "
                    "(YYYY-MM-DDThh:mm:ss+hh:mm), got '2026-03-12T10:00:00'",
                )
            ],
        ),
        (
            [{"id": "c1", "name": "Pepa", "met": {"date": "2026-02-30"}}],
            [
                (
                    "contacts[0].met.date",
                    "expected a date (YYYY-MM-DD) or a timestamp with offset "
                    "(YYYY-MM-DDThh:mm:ss+hh:mm), got '2026-02-30'",
                )
            ],
        ),
        (
            [{"id": "c1", "name": "Pepa", "met": {"event": "e9"}}],
            [("contacts[0].met.event", "unknown event id 'e9'")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "introduced_by": "c1"}],
            [("contacts[0].introduced_by", "a contact cannot introduce themselves")],
        ),
        (
            [{"id": "c1", "name": "Pepa", "introduced_by": "c2"}],
            [("contacts[0].introduced_by", "unknown contact id 'c2'")],
        ),
        (
            [
                {"id": "c1", "name": 1, "tags": "x"},
                {"id": "c2", "name": "Juan", "introduced_by": "c1"},
            ],
            [
                ("contacts[0].name", "expected a string, got a number"),
                ("contacts[0].tags", "expected a list, got a string"),
                ("contacts[1].introduced_by", "contact 'c1' has errors and is not imported"),
            ],
        ),
    ],
)
def test_import_contact_errors(user, contacts, errors):
    report = network_import(
        user=user, document={"format": FORMAT, "contacts": contacts}, source_name="x.json"
    )

    assert report.errors == [{"where": f"x.json: {w}", "why": why} for w, why in errors]
    assert Contact.objects.for_user(user).count() == report.created


PEOPLE = [{"id": "c1", "name": "Pepa"}, {"id": "c2", "name": "Juan"}]


@pytest.mark.parametrize(
    ("sections", "errors"),
    [
        (
            {"knows": [{"a": "c1", "b": "c1"}]},
            [("knows[0].b", "a contact cannot know themselves")],
        ),
        (
            {"knows": [{"a": "c1", "b": "c2"}, {"a": "c2", "b": "c1"}]},
            [("knows[1]", "the tie between 'c2' and 'c1' is already at knows[0]")],
        ),
        ({"knows": [{"a": "c1"}]}, [("knows[0].b", "required key is missing")]),
        (
            {"interactions": [{"contact": "c1", "date": "2026-01-02", "kind": "lunch"}]},
            [
                (
                    "interactions[0].kind",
                    "expected one of meeting, call, email, message, event, intro, other, "
                    "got 'lunch'",
                )
            ],
        ),
        (
            {"interactions": [{"contact": "c1"}]},
            [("interactions[0].date", "required key is missing")],
        ),
        (
            {"events": [{"id": "e1", "name": "Feria", "attendees": ["c1", "c5"]}]},
            [("events[0].attendees[1]", "unknown contact id 'c5'")],
        ),
        (
            {"events": [{"id": "e1", "name": "Feria"}, {"id": "e1", "name": "Otra"}]},
            [("events[1].id", "duplicate event id 'e1' (first at events[0])")],
        ),
        (
            {"introductions": [{"a": "c2", "b": "c2", "status": "made"}]},
            [("introductions[0].b", "a contact cannot be introduced to themselves")],
        ),
        (
            {"introductions": [{"a": "c1", "b": "c2", "status": "hecha"}]},
            [
                (
                    "introductions[0].status",
                    "expected one of suggested, proposed, accepted, made, declined, closed, "
                    "got 'hecha'",
                )
            ],
        ),
        (
            {"referrals": [{"from": "me", "to": "me"}]},
            [("referrals[0]", "a referral needs a contact on at least one side")],
        ),
        (
            {"referrals": [{"from": "me", "to": "c1", "value": 10.005}]},
            [("referrals[0].value", "more than 2 decimals: 10.005")],
        ),
        (
            {"referrals": [{"from": "me", "to": "c1", "value": "1.200 €"}]},
            [("referrals[0].value", "expected a number, got a string")],
        ),
        (
            {"referrals": [{"from": "me", "to": "c1", "value": 10**15}]},
            [("referrals[0].value", "too large: 1000000000000000")],
        ),
        (
            {"followups": [{"contact": "c2", "due": "2026-01-02", "done": "yes"}]},
            [("followups[0].done", "expected true or false, got a string")],
        ),
    ],
)
def test_import_entry_errors(user, sections, errors):
    document = {"format": FORMAT, "contacts": PEOPLE, **sections}

    report = network_import(user=user, document=document, source_name="x.json")

    assert report.errors == [{"where": f"x.json: {w}", "why": why} for w, why in errors]
    assert (report.created, report.skipped) == (2, 0)


def test_import_event_with_an_unfit_attendee_takes_the_contacts_met_there_with_it(user):
    document = {
        "format": FORMAT,
        "contacts": [{"id": "c1", "name": "Pepa", "met": {"event": "e1"}}],
        "events": [{"id": "e1", "name": "Feria", "attendees": ["c1", "c9"]}],
    }

    report = network_import(user=user, document=document, source_name="x.json")

    assert report.errors == [
        {
            "where": "x.json: contacts[0].met.event",
            "why": "event 'e1' has errors and is not imported",
        },
        {"where": "x.json: events[0].attendees[1]", "why": "unknown contact id 'c9'"},
    ]
    assert (report.created, report.skipped) == (0, 1)
    assert Event.objects.for_user(user).count() == 0


def test_import_does_not_touch_other_users(user, other_user, rich):
    network_import(user=other_user, document=rich, source_name="rich.json")
    before = state(other_user)

    network_import(user=user, document=rich, source_name="rich.json")
    network_import(user=user, document=rich, source_name="rich.json")

    assert state(other_user) == before
    assert FollowUp.objects.count() == 4


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b'  {"format": "vinculo/1"}', "red.txt", "json"),
        (b"\xef\xbb\xbf[]", "", "json"),
        (b"", "vacio.json", "json"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\n", "x", "vcard"),
        (b"", "agenda.vcf", "vcard"),
        (
            b"Notes:\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
            "c",
            "linkedin",
        ),
        (b"Name,E-mail\nPepa,p@example.es\n", "contactos", "csv"),
        (b"hola", "notas", "unknown"),
    ],
)
def test_format_detect(data, name, expected):
    assert format_detect(data=data, name=name) == expected


@pytest.fixture
def failing_followups(db):
    """The database refuses new follow-ups, the last rows an import writes."""
    if connection.vendor != "sqlite":
        pytest.skip("the trigger is written for SQLite")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TRIGGER refuse_followups BEFORE INSERT ON activity_followup "
            "BEGIN SELECT RAISE(ABORT, 'follow-ups refused'); END"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_followups")


def test_import_that_fails_halfway_changes_nothing(user, imported, rich, failing_followups):
    document = copy.deepcopy(rich)
    document["contacts"].append({"id": "c8", "name": "Nueva"})
    document["followups"].append({"contact": "c8", "due": "2026-07-01"})

    with pytest.raises(IntegrityError, match="follow-ups refused"):
        network_import(user=user, document=document, source_name="rich.json")

    assert state(user) == imported


def test_import_warns_once_of_a_repeated_attendee(user):
    document = {
        "format": FORMAT,
        "contacts": [
            {"id": "c1", "name": "Pepa"},
            {"id": "c2", "name": "Juan", "met": {"event": "e2"}},
        ],
        "events": [
            {"id": "e1", "name": "Feria", "attendees": ["c1", "c1"]},
            {"id": "e2", "name": "Congreso", "attendees": ["c9"]},
        ],
    }

    report = network_import(user=user, document=document, source_name="t.json")

    assert report.warnings == [
        {"where": "t.json: events[0].attendees[1]", "why": "repeated attendee 'c1' ignored"}
    ]
    assert report.errors == [
        {
            "where": "t.json: contacts[1].met.event",
            "why": "event 'e2' has errors and is not imported",
        },
        {"where": "t.json: events[1].attendees[0]", "why": "unknown contact id 'c9'"},
    ]
    event = Event.objects.for_user(user).get()
    assert list(event.attendees.values_list("external_id", flat=True)) == ["c1"]
