"""The bulk write of imports (``contacts_upsert_bulk``): new contacts go in as rows, not
instances, and must be stored exactly as ``contact_create`` stores them."""

import datetime
import random

import pytest

from tests.factories import make_contact
from vinculo.activity.services import event_create
from vinculo.engines.text import fold_words
from vinculo.people import services
from vinculo.people.models import Contact

pytestmark = pytest.mark.django_db

# Characters whose folding is not plain lower-casing: accents as one character and as a
# separate mark, ß, a ligature, ½, a diaeresis alone (NFKD: a space and a mark), spaces that
# are not ASCII (no-break, ideographic, line separator), Greek final sigma, Turkish dotted I,
# and NUL (dropped).
TRICKY = "\x00aAzZ09 .-@+_ÁáÑñÜüçÇßﬁ½¨\u0301\u0308\u00a0\u3000\u2028ΣσςİıǅŉĳÅ\u212b\u1e9e"


def test_the_search_text_of_a_bulk_write_is_folded_as_one_text():
    picked = random.Random(7)
    texts = ["", "   ", "Núñez Peña, José", "STRASSE Straße", "ﬁn ½ ¨a", "x\u00a0y\u3000z"]
    texts += ["".join(picked.choice(TRICKY) for _ in range(picked.randrange(1, 30)))]
    texts += ["".join(picked.choice(TRICKY) for _ in range(25)) for _ in range(3000)]

    assert [services._search_fold(t) for t in texts] == [fold_words(t) for t in texts]


def _stored(contact: Contact) -> dict:
    row = Contact.objects.filter(pk=contact.pk).values().get()
    for key in ("id", "created_at", "updated_at", "external_id"):
        row.pop(key)
    return row


def test_a_new_contact_written_in_bulk_is_stored_as_contact_create_stores_it(user):
    event = event_create(owner=user, name="Desayuno", date=datetime.date(2026, 3, 2))
    fields = {
        "name": "  Íñigo Núñez  ",
        "title": "Directora",
        "emails": ["inigo@etxea.example"],
        "phones": ["+34 612 34 56 78"],
        "urls": ["https://etxea.example"],
        "city": "Bilbao",
        "country": "ES",
        "languages": ["eu", "es"],
        "does": "Diseño",
        "expects": "Clientes",
        "notes": "Conocido en el desayuno",
        "met_on": datetime.date(2026, 3, 2),
        "met_where": "Cámara",
        "met_event": event,
        "strength": 0.3,
        "extra": {"vcard": {"department": "Ventas"}},
    }
    one = services.contact_create(owner=user, organization="Etxea  Diseño", **fields)
    [(bulk, created)] = services.contacts_upsert_bulk(
        owner=user, items=[{**fields, "external_id": "vcard-1", "organization": "Etxea Diseño"}]
    )

    assert created is True
    assert _stored(bulk) == _stored(one)
    assert bulk.pk != one.pk
    assert bulk.emails == ["inigo@etxea.example"]
    assert bulk.met_event_id == event.pk
    assert (
        bulk.search_text
        == "inigo nunez directora bilbao etxea diseno inigo@etxea.example +34 612 34 56 78"
    )


def test_a_bulk_write_fills_defaults_and_returns_contacts_in_the_order_given(user):
    existing = make_contact(user, name="Ana Gil", external_id="b")
    items = [
        {"external_id": "a", "name": "Zoe"},
        {"external_id": "b", "name": "Ana Gil Ruiz"},
        {"external_id": "c", "name": "Íker", "introduced_by": "a"},
    ]

    results = services.contacts_upsert_bulk(owner=user, items=items)

    assert [(c.external_id, c.name, created) for c, created in results] == [
        ("a", "Zoe", True),
        ("b", "Ana Gil Ruiz", False),
        ("c", "Íker", True),
    ]
    assert results[1][0].pk == existing.pk
    zoe = Contact.objects.get(owner=user, external_id="a")
    assert (zoe.emails, zoe.phones, zoe.urls, zoe.languages, zoe.extra) == ([], [], [], [], {})
    assert (zoe.title, zoe.strength, zoe.met_on, zoe.organization_id) == ("", None, None, None)
    assert zoe.search_text == "zoe"
    assert Contact.objects.get(owner=user, external_id="c").introduced_by_id == zoe.pk


def test_which_external_ids_are_stored_is_looked_up_in_the_unique_index(user, other_user):
    # SQLite uses a partial index only where the query repeats the index's condition word
    # for word: said otherwise, the lookup read every contact of the owner, for each 500
    # ids of every batch of an import (quadratic: 35 s of a 100,000-card import).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        make_contact(user, f"Contacto {n}", external_id=f"ref-{n}")
    make_contact(other_user, "Ajeno", external_id="ref-9")
    make_contact(user, "Sin referencia")

    with CaptureQueriesContext(connection) as queries:
        found = services.contacts_external_ids_stored(
            owner=user, refs=["ref-0", "ref-2", "ref-7", "ref-9", ""]
        )

    assert found == {"ref-0", "ref-2"}
    [lookup] = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + lookup)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "USING COVERING INDEX contact_unique_external_id" in plan
