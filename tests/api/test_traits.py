"""Offers and needs: the same shape, one endpoint each."""

import pytest

from tests.factories import make_contact
from vinculo.people.models import Need, Offer
from vinculo.people.services import need_create, offer_create

RESOURCES = {
    "offers": (Offer, offer_create),
    "needs": (Need, need_create),
}


@pytest.fixture(params=["offers", "needs"])
def resource(request):
    return request.param


def url(resource, row=None):
    return f"/api/v1/{resource}/" if row is None else f"/api/v1/{resource}/{row.pk}/"


def create(resource, **kwargs):
    return RESOURCES[resource][1](**kwargs)


def rows(resource, user):
    model = RESOURCES[resource][0]
    return list(
        model.objects.for_user(user)
        .order_by("contact_id", "position")
        .values_list("contact_id", "text", "position")
    )


def test_trait_list_puts_the_owners_own_first(api, user, resource):
    luis = make_contact(user, name="Luis")
    first = create(resource, owner=user, contact=luis, text="diseño web")
    second = create(resource, owner=user, contact=luis, text="fotografía")
    mine = create(resource, owner=user, contact=None, text="estrategia")

    response = api.get(url(resource))

    assert response.json()["results"] == [
        {"id": mine.pk, "contact": None, "text": "estrategia", "position": 0},
        {"id": first.pk, "contact": luis.pk, "text": "diseño web", "position": 0},
        {"id": second.pk, "contact": luis.pk, "text": "fotografía", "position": 1},
    ]


def test_trait_list_filters_by_contact(api, user, resource):
    luis = make_contact(user, name="Luis")
    eva = make_contact(user, name="Eva")
    create(resource, owner=user, contact=luis, text="diseño web")
    evas = create(resource, owner=user, contact=eva, text="contabilidad")

    response = api.get(url(resource), {"contact": eva.pk})

    assert response.json()["results"] == [
        {"id": evas.pk, "contact": eva.pk, "text": "contabilidad", "position": 0}
    ]


def test_trait_list_filter_none_gives_the_owners_own(api, user, resource):
    create(resource, owner=user, contact=make_contact(user, name="Luis"), text="diseño web")
    mine = create(resource, owner=user, contact=None, text="estrategia")

    response = api.get(url(resource), {"contact": "none"})

    assert response.json()["results"] == [
        {"id": mine.pk, "contact": None, "text": "estrategia", "position": 0}
    ]


def test_trait_list_filter_not_a_number_names_the_field(api, resource):
    response = api.get(url(resource), {"contact": "luis"})

    assert (response.status_code, response.json()) == (
        400,
        {"contact": ["Enter the id of a contact."]},
    )


def test_trait_create_for_a_contact_goes_last(api, user, resource):
    luis = make_contact(user, name="Luis")
    create(resource, owner=user, contact=luis, text="diseño web")

    response = api.post(url(resource), {"contact": luis.pk, "text": " fotografía "}, format="json")

    assert (response.status_code, response.json()) == (
        201,
        {"id": response.json()["id"], "contact": luis.pk, "text": "fotografía", "position": 1},
    )
    assert rows(resource, user) == [(luis.pk, "diseño web", 0), (luis.pk, "fotografía", 1)]


def test_trait_create_without_contact_is_the_owners_own(api, user, resource):
    response = api.post(url(resource), {"text": "estrategia"}, format="json")

    assert response.status_code == 201
    assert rows(resource, user) == [(None, "estrategia", 0)]


def test_trait_create_for_another_users_contact_is_rejected(api, user, other_user, resource):
    theirs = make_contact(other_user, name="Contacto ajeno")

    response = api.post(url(resource), {"contact": theirs.pk, "text": "algo"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"contact": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )
    assert rows(resource, user) == []


def test_trait_create_blank_text_names_the_field(api, resource):
    response = api.post(url(resource), {"text": "  "}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"text": ["This field may not be blank."]},
    )


def test_trait_retrieve_returns_row(api, user, resource):
    luis = make_contact(user, name="Luis")
    row = create(resource, owner=user, contact=luis, text="diseño web")

    response = api.get(url(resource, row))

    assert response.json() == {
        "id": row.pk,
        "contact": luis.pk,
        "text": "diseño web",
        "position": 0,
    }


def test_trait_update_changes_text_and_keeps_contact(api, user, resource):
    luis = make_contact(user, name="Luis")
    eva = make_contact(user, name="Eva")
    row = create(resource, owner=user, contact=luis, text="diseño web")

    response = api.put(url(resource, row), {"contact": eva.pk, "text": "webs"}, format="json")

    assert response.json() == {"id": row.pk, "contact": luis.pk, "text": "webs", "position": 0}
    assert rows(resource, user) == [(luis.pk, "webs", 0)]


def test_trait_partial_update_changes_text(api, user, resource):
    row = create(resource, owner=user, contact=None, text="estrategia")

    response = api.patch(url(resource, row), {"text": "estrategia digital"}, format="json")

    assert response.json() == {
        "id": row.pk,
        "contact": None,
        "text": "estrategia digital",
        "position": 0,
    }


def test_trait_delete_removes_it(api, user, resource):
    row = create(resource, owner=user, contact=None, text="estrategia")

    response = api.delete(url(resource, row))

    assert (response.status_code, rows(resource, user)) == (204, [])
