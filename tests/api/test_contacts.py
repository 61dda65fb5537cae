from datetime import date

import pytest
from django.utils import timezone

from tests.factories import make_contact
from vinculo.activity.services import event_create
from vinculo.people.models import Contact
from vinculo.people.selectors import contact_get

LIST_URL = "/api/v1/contacts/"


def detail_url(contact):
    return f"/api/v1/contacts/{contact.pk}/"


def stamp(value):
    return timezone.localtime(value).isoformat()


def test_contact_list_shows_every_field(api, contact):
    response = api.get(LIST_URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": contact.pk,
                "external_id": "",
                "name": "María José Núñez",
                "organization": "Núñez Abogados",
                "title": "",
                "emails": ["mj@nunezabogados.example"],
                "phones": [],
                "urls": [],
                "city": "",
                "country": "",
                "languages": [],
                "tags": ["legal"],
                "does": "",
                "offers": ["contratos entre socios"],
                "needs": ["un diseñador para su web"],
                "expects": "",
                "notes": "",
                "met": {"date": None, "where": "", "event": None},
                "introduced_by": None,
                "strength": None,
                "created_at": stamp(contact.created_at),
                "updated_at": stamp(contact.updated_at),
            }
        ],
    }


def test_contact_list_search_ignores_accents_and_case(api, user, contact):
    make_contact(user, name="Luis Pérez")

    response = api.get(LIST_URL, {"q": "NUNEZ"})

    assert [c["name"] for c in response.json()["results"]] == ["María José Núñez"]


def test_contact_list_search_matches_every_word(api, user, contact):
    make_contact(user, name="María López")

    response = api.get(LIST_URL, {"q": "maria abogados"})

    assert [c["name"] for c in response.json()["results"]] == ["María José Núñez"]


def test_contact_list_filters_by_tag(api, user, contact):
    make_contact(user, name="Luis Pérez", tags=["diseño"])

    response = api.get(LIST_URL, {"tag": "diseño"})

    assert [c["name"] for c in response.json()["results"]] == ["Luis Pérez"]


def test_contact_list_is_ordered_by_name(api, user):
    for name in ["Zoe", "Ana", "Marta"]:
        make_contact(user, name=name)

    response = api.get(LIST_URL)

    assert [c["name"] for c in response.json()["results"]] == ["Ana", "Marta", "Zoe"]


def _contacts(user, count):
    for n in range(count):
        make_contact(
            user,
            name=f"Persona {n:02}",
            organization=f"Empresa {n}",
            tags=["uno", "dos"],
            offers=["algo"],
            needs=["otra cosa"],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_contact_list_query_count_does_not_grow(api, user, django_assert_num_queries, count):
    _contacts(user, count)

    # token, count, contacts (with organization), tags, offers, needs
    with django_assert_num_queries(6):
        response = api.get(LIST_URL)

    assert response.json()["count"] == count


def test_contact_retrieve_returns_contact(api, user, contact):
    introducer = make_contact(user, name="Luis Pérez")
    event = event_create(owner=user, name="Desayuno de la Cámara", date=date(2026, 3, 12))
    contact = make_contact(
        user,
        name="Elena Gil",
        met_on=date(2026, 3, 12),
        met_where="Valencia",
        met_event=event,
        introduced_by=introducer,
        strength=0.7,
    )

    response = api.get(detail_url(contact))

    body = response.json()
    assert (body["met"], body["introduced_by"], body["strength"]) == (
        {"date": "2026-03-12", "where": "Valencia", "event": event.pk},
        introducer.pk,
        0.7,
    )


def test_contact_create_stores_every_field(api, user):
    introducer = make_contact(user, name="Luis Pérez")
    event = event_create(owner=user, name="Desayuno de la Cámara", date=date(2026, 3, 12))
    payload = {
        "external_id": "c1",
        "name": "  María José Núñez ",
        "organization": "Núñez Abogados",
        "title": "Socia",
        "emails": ["mj@nunezabogados.example"],
        "phones": ["612345678", "+44 20 7946 0958"],
        "urls": ["https://nunezabogados.example"],
        "city": "Valencia",
        "country": "es",
        "languages": ["es", "en"],
        "tags": ["legal", "familia-amigos"],
        "does": "Abogada mercantilista",
        "offers": ["contratos entre socios", "constitución de sociedades"],
        "needs": ["un diseñador para su web"],
        "expects": "Conocer emprendedores",
        "notes": "Le gusta el pádel.",
        "met": {"date": "2026-03-12", "where": "Cámara de Comercio", "event": event.pk},
        "introduced_by": introducer.pk,
        "strength": 0.7,
    }

    response = api.post(LIST_URL, payload, format="json")

    assert response.status_code == 201
    contact = contact_get(user=user, contact_id=response.json()["id"])
    assert response.json() == {
        **payload,
        "id": contact.pk,
        "name": "María José Núñez",
        "phones": ["+34 612 34 56 78", "+44 20 7946 0958"],
        "country": "ES",
        "tags": ["familia-amigos", "legal"],
        "created_at": stamp(contact.created_at),
        "updated_at": stamp(contact.updated_at),
    }
    assert (
        contact.name,
        contact.organization.name,
        contact.phones,
        contact.country,
        sorted(contact.tags.values_list("name", flat=True)),
        list(contact.offers.values_list("text", flat=True)),
        contact.met_on,
        contact.met_event,
        contact.introduced_by,
    ) == (
        "María José Núñez",
        "Núñez Abogados",
        ["+34 612 34 56 78", "+44 20 7946 0958"],
        "ES",
        ["familia-amigos", "legal"],
        ["contratos entre socios", "constitución de sociedades"],
        date(2026, 3, 12),
        event,
        introducer,
    )


def test_contact_create_with_name_only_uses_empty_values(api, user):
    response = api.post(LIST_URL, {"name": "Luis Pérez"}, format="json")

    body = response.json()
    assert (response.status_code, body["organization"], body["tags"], body["met"]) == (
        201,
        "",
        [],
        {"date": None, "where": "", "event": None},
    )


def test_contact_create_then_found_by_accent_free_search(api):
    api.post(LIST_URL, {"name": "Íñigo Martínez"}, format="json")

    response = api.get(LIST_URL, {"q": "inigo"})

    assert [c["name"] for c in response.json()["results"]] == ["Íñigo Martínez"]


def test_contact_create_without_name_names_the_field(api):
    response = api.post(LIST_URL, {"city": "Madrid"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"name": ["This field is required."]},
    )


def test_contact_create_invalid_email_names_field_and_index(api, user):
    response = api.post(
        LIST_URL,
        {"name": "Luis", "emails": ["luis@example.org", "luis(at)example.org"]},
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"emails": {"1": ["Enter a valid email address."]}},
    )
    assert Contact.objects.for_user(user).count() == 0


def test_contact_create_invalid_email_message_in_spanish(api):
    response = api.post(
        LIST_URL,
        {"name": "Luis", "emails": ["no es un correo"]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )

    assert response.json() == {
        "emails": {"0": ["Introduzca una dirección de correo electrónico válida."]}
    }


def test_contact_create_invalid_phone_names_field_and_index(api):
    response = api.post(LIST_URL, {"name": "Luis", "phones": ["612345678", "12"]}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"phones": {"1": ["“12” is not a phone number."]}},
    )


def test_contact_create_strength_above_one_is_rejected(api):
    response = api.post(LIST_URL, {"name": "Luis", "strength": 1.5}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"strength": ["Ensure this value is less than or equal to 1."]},
    )


def test_contact_create_negative_strength_is_rejected(api):
    response = api.post(LIST_URL, {"name": "Luis", "strength": -0.1}, format="json")

    assert response.json() == {"strength": ["Ensure this value is greater than or equal to 0."]}


@pytest.mark.parametrize("country", ["ESP", "E1"])
def test_contact_create_country_must_be_two_letters(api, country):
    response = api.post(LIST_URL, {"name": "Luis", "country": country}, format="json")

    expected = {
        "ESP": ["Ensure this field has no more than 2 characters."],
        "E1": ["Enter a two-letter country code, such as ES."],
    }[country]
    assert (response.status_code, response.json()) == (400, {"country": expected})


def test_contact_create_invalid_url_names_field_and_index(api):
    response = api.post(LIST_URL, {"name": "Luis", "urls": ["not a url"]}, format="json")

    assert response.json() == {"urls": {"0": ["Enter a valid URL."]}}


def test_contact_create_introduced_by_another_users_contact_is_rejected(api, user, other_user):
    theirs = make_contact(other_user, name="Contacto ajeno")

    response = api.post(LIST_URL, {"name": "Luis", "introduced_by": theirs.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"introduced_by": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )
    assert Contact.objects.for_user(user).count() == 0


def test_contact_create_met_at_another_users_event_is_rejected(api, other_user):
    theirs = event_create(owner=other_user, name="Evento ajeno")

    response = api.post(LIST_URL, {"name": "Luis", "met": {"event": theirs.pk}}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"met": {"event": [f'Invalid pk "{theirs.pk}" - object does not exist.']}},
    )


def test_contact_create_duplicate_external_id_is_rejected(api, user):
    make_contact(user, name="Luis", external_id="c1")

    response = api.post(LIST_URL, {"name": "Otro", "external_id": "c1"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"external_id": ["You already have a contact with this external id."]},
    )


def test_contact_create_external_id_used_by_another_user_is_accepted(api, other_user):
    make_contact(other_user, name="Luis", external_id="c1")

    response = api.post(LIST_URL, {"name": "Otro", "external_id": "c1"}, format="json")

    assert (response.status_code, response.json()["external_id"]) == (201, "c1")


def test_contact_update_replaces_given_fields_and_keeps_the_rest(api, user, contact):
    response = api.put(
        detail_url(contact),
        {
            "name": "María José Núñez Gil",
            "organization": "Gil y Núñez",
            "tags": ["clientes"],
            "offers": ["pactos de socios"],
            "phones": ["963 00 00 00"],
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (
        body["name"],
        body["organization"],
        body["tags"],
        body["offers"],
        body["needs"],
        body["emails"],
        body["phones"],
    ) == (
        "María José Núñez Gil",
        "Gil y Núñez",
        ["clientes"],
        ["pactos de socios"],
        ["un diseñador para su web"],
        ["mj@nunezabogados.example"],
        ["+34 963 00 00 00"],
    )
    contact = contact_get(user=user, contact_id=contact.pk)
    assert (contact.name, contact.organization.name, contact.phones) == (
        "María José Núñez Gil",
        "Gil y Núñez",
        ["+34 963 00 00 00"],
    )


def test_contact_partial_update_changes_only_what_is_sent(api, user, contact):
    response = api.patch(detail_url(contact), {"met": {"where": "Feria"}}, format="json")

    body = response.json()
    assert (body["name"], body["organization"], body["met"], body["tags"]) == (
        "María José Núñez",
        "Núñez Abogados",
        {"date": None, "where": "Feria", "event": None},
        ["legal"],
    )


def test_contact_partial_update_empty_organization_removes_it(api, user, contact):
    response = api.patch(detail_url(contact), {"organization": ""}, format="json")

    assert response.json()["organization"] == ""
    assert contact_get(user=user, contact_id=contact.pk).organization is None


def test_contact_partial_update_introduced_by_themselves_is_rejected(api, contact):
    response = api.patch(detail_url(contact), {"introduced_by": contact.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"introduced_by": ["A contact cannot be introduced by themselves."]},
    )


def test_contact_partial_update_introduced_by_another_users_contact_is_rejected(
    api, user, other_user, contact
):
    theirs = make_contact(other_user, name="Contacto ajeno")

    response = api.patch(detail_url(contact), {"introduced_by": theirs.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"introduced_by": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )
    assert contact_get(user=user, contact_id=contact.pk).introduced_by is None


def test_contact_partial_update_keeps_external_id_of_itself(api, user):
    contact = make_contact(user, name="Luis", external_id="c1")

    response = api.patch(
        detail_url(contact), {"external_id": "c1", "city": "Bilbao"}, format="json"
    )

    assert (response.status_code, response.json()["city"]) == (200, "Bilbao")


def test_contact_delete_removes_it(api, user, contact):
    response = api.delete(detail_url(contact))

    assert (response.status_code, Contact.objects.for_user(user).count()) == (204, 0)
