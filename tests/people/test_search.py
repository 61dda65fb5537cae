"""The contact search through its trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL):
accent and case blind, every word required, in step with every write."""

import pytest
from django.db import connection

from tests.factories import make_contact
from vinculo.people import selectors, services
from vinculo.people.models import Contact
from vinculo.people.search_index import search_index_ensure

pytestmark = pytest.mark.django_db


def found(user, query: str) -> list[str]:
    return [c.name for c in selectors.contact_list(user=user, query=query)]


@pytest.fixture
def people(user):
    return [
        make_contact(user, name="María José Núñez", city="Sevilla"),
        make_contact(user, name="José Martín", organization="Ibáñez y Asociados"),
        make_contact(user, name="Zoe Smith", emails=["zoe@etxea.example"]),
        make_contact(user, name="Begoña Etxeberria", title="Ingeniera"),
    ]


def test_words_are_found_without_accents_or_case(user, people):
    assert found(user, "nunez") == ["María José Núñez"]
    assert found(user, "NÚÑEZ") == ["María José Núñez"]
    assert found(user, "jose") == ["José Martín", "María José Núñez"]
    assert found(user, "ibanez") == ["José Martín"]
    assert found(user, "begona") == ["Begoña Etxeberria"]


def test_every_word_must_be_found_in_any_order(user, people):
    assert found(user, "jose mar") == ["José Martín", "María José Núñez"]
    assert found(user, "martin jose") == ["José Martín"]
    assert found(user, "etxe") == ["Begoña Etxeberria", "Zoe Smith"]
    assert found(user, "etxe ingeniera") == ["Begoña Etxeberria"]
    assert found(user, "sevilla smith") == []


def test_words_shorter_than_three_letters_are_found_too(user, people):
    assert found(user, "zo") == ["Zoe Smith"]
    assert found(user, "jo mar") == ["José Martín", "María José Núñez"]
    assert found(user, "q") == []


def test_quotes_and_operators_typed_are_plain_text(user, people):
    make_contact(user, name='Ana "La Jefa" OR Gil')
    assert found(user, '"la jefa"') == ['Ana "La Jefa" OR Gil']
    assert found(user, "or gil") == ['Ana "La Jefa" OR Gil']
    assert found(user, "NEAR(") == []


def test_the_index_follows_edits_and_deletions(user, people):
    nunez = people[0]
    services.contact_update(contact=nunez, name="María José Ordóñez")
    assert found(user, "nunez") == []
    assert found(user, "ordonez") == ["María José Ordóñez"]
    services.contact_delete(contact=nunez)
    assert found(user, "ordonez") == []
    items = [{"external_id": "x1", "name": "Íñigo Núñez"}]
    services.contacts_upsert_bulk(owner=user, items=items)
    assert found(user, "inigo nunez") == ["Íñigo Núñez"]


def test_another_owners_contacts_are_never_found(user, other_user, people):
    make_contact(other_user, name="Pedro Núñez")
    assert found(user, "nunez") == ["María José Núñez"]
    assert found(other_user, "nunez") == ["Pedro Núñez"]


def test_a_lost_index_is_made_again_after_migrate(user, people):
    if connection.vendor == "postgresql":  # the index survives ALTER TABLE there
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'contact_search_trigram'"
            )
            assert cursor.fetchone()[0].endswith("USING gin (search_text gin_trgm_ops)")
        return
    with connection.cursor() as cursor:
        # What a migration that rebuilds people_contact leaves: no triggers.
        cursor.execute("DROP TRIGGER people_contact_fts_insert")
    Contact.objects.filter(pk=people[1].pk).update(search_text="written without a trigger")
    make_contact(user, name="Rocío Durán")
    assert search_index_ensure() is True
    assert search_index_ensure() is False
    assert found(user, "rocio") == ["Rocío Durán"]
    assert found(user, "trigger") == ["José Martín"]
