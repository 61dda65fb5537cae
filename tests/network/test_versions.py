"""The owner's network version: every write to contacts, ties and interactions moves it
(the database does, by triggers), whatever path the write takes; the network cache is
rebuilt only when it moved."""

import base64
import json
from datetime import date

import pytest
from django.db import connection, transaction

from tests.factories import PASSWORD, UserFactory, make_contact
from vinculo.activity import services as activity
from vinculo.activity.models import Interaction
from vinculo.network import selectors
from vinculo.network.versions import network_version, triggers_ensure
from vinculo.people import services as people
from vinculo.people.models import Contact
from vinculo.portability.exchange import network_import_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(user):
    ana = make_contact(user, name="Ana Gil")
    luis = make_contact(user, name="Luis Prieto")
    network_version(user=user)  # the row exists from the first read on
    return ana, luis


def moved(user, write) -> int:
    """How much ``write()`` moved the owner's version."""
    before = network_version(user=user)
    write()
    return network_version(user=user) - before


def test_contact_create_update_delete_move_the_version(user, two):
    assert moved(user, lambda: people.contact_create(owner=user, name="Eva Sanz")) == 1
    ana, _luis = two
    assert moved(user, lambda: people.contact_update(contact=ana, strength=0.9)) >= 1
    assert moved(user, lambda: people.contact_delete(contact=ana)) >= 1


def test_tie_create_update_delete_move_the_version(user, two):
    ana, luis = two
    holder = {}

    def create():
        holder["tie"] = people.tie_create(owner=user, a=ana, b=luis, strength=0.5)

    assert moved(user, create) >= 1
    assert moved(user, lambda: people.tie_update(tie=holder["tie"], strength=0.1)) >= 1
    assert moved(user, lambda: people.tie_delete(tie=holder["tie"])) >= 1


def test_interaction_log_update_delete_move_the_version(user, two):
    ana, _luis = two
    holder = {}

    def log():
        holder["i"] = activity.interaction_log(
            owner=user, contact=ana, kind="call", direction="gave", date=date(2026, 3, 2)
        )

    assert moved(user, log) == 1
    assert (
        moved(user, lambda: activity.interaction_update(interaction=holder["i"], summary="x")) == 1
    )
    assert moved(user, lambda: activity.interaction_delete(interaction=holder["i"])) >= 1


def test_bulk_paths_move_the_version(user, two):
    ana, luis = two
    items = [{"external_id": "eva", "name": "Eva Sanz"}, {"external_id": "ana", "name": "Ana"}]
    assert moved(user, lambda: people.contacts_upsert_bulk(owner=user, items=items)) >= 1
    row = {"owner_id": user.pk, "contact_id": ana.pk, "kind": "email", "direction": "received"}
    rows = [{**row, "date": date(2026, 1, day)} for day in (1, 2, 3)]
    assert moved(user, lambda: people.rows_insert(Interaction, rows)) >= 1
    assert moved(user, lambda: Contact.objects.for_user(user).update(strength=0.2)) >= 1
    assert moved(user, lambda: people.contact_merge(owner=user, keep=ana, other=luis)) >= 1


def test_the_exchange_import_moves_the_version(user):
    network_version(user=user)
    document = {
        "format": "vinculo/1",
        "contacts": [{"id": "tomas", "name": "Tomás Vidal"}, {"id": "eva", "name": "Eva"}],
    }
    data = json.dumps(document)
    before = network_version(user=user)
    report = network_import_data(user=user, data=data, source_name="red.json")
    assert report.errors == []
    assert network_version(user=user) > before
    assert Contact.objects.for_user(user).count() == 2


def test_a_card_written_over_carddav_moves_the_version(client, user, two):
    ana, _luis = two
    token = base64.b64encode(f"ana:{PASSWORD}".encode()).decode()
    client.defaults["HTTP_AUTHORIZATION"] = f"Basic {token}"
    card = client.get(f"/dav/ana/contacts/c{ana.pk}.vcf").content.decode()
    before = network_version(user=user)
    edited = card.replace("FN:Ana Gil", "FN:Ana Gil Soler")
    response = client.generic(
        "PUT", f"/dav/ana/contacts/c{ana.pk}.vcf", edited, content_type="text/vcard"
    )
    assert response.status_code == 204
    assert network_version(user=user) > before
    assert client.delete(f"/dav/ana/contacts/c{ana.pk}.vcf").status_code in (200, 204)
    assert Contact.objects.for_user(user).filter(pk=ana.pk).exists() is False


def test_another_owners_writes_leave_the_version_alone(user, two):
    other = UserFactory(username="luisa")
    assert moved(user, lambda: make_contact(other, name="Eva Sanz")) == 0


def test_a_rolled_back_write_leaves_the_version(user, two):
    ana, _luis = two
    before = network_version(user=user)
    with pytest.raises(RuntimeError), transaction.atomic():
        people.contact_update(contact=ana, strength=0.9)
        raise RuntimeError
    assert network_version(user=user) == before


def test_triggers_lost_with_a_rebuilt_table_are_made_again(user, two):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps triggers through ALTER TABLE")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER people_tie_network_insert")
    assert triggers_ensure() == ["people_tie_network_insert"]
    assert triggers_ensure() == []
    ana, luis = two
    assert moved(user, lambda: people.tie_create(owner=user, a=ana, b=luis)) == 1


def test_the_cached_network_costs_one_query_until_a_write(user, two, django_assert_num_queries):
    ana, _luis = two
    first = selectors.network_load(user=user)
    with django_assert_num_queries(1):
        assert selectors.network_load(user=user) is first
    activity.interaction_log(
        owner=user, contact=ana, kind="meeting", direction="mutual", date=date.today()
    )
    second = selectors.network_load(user=user)
    assert second is not first
    assert second.strengths[ana.pk].value > 0
    with django_assert_num_queries(1):
        assert selectors.network_load(user=user) is second
