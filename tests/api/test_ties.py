import pytest

from tests.factories import make_contact
from vinculo.people.models import Tie
from vinculo.people.services import tie_create

LIST_URL = "/api/v1/ties/"


@pytest.fixture
def trio(user):
    return [make_contact(user, name=name) for name in ("Ana", "Bea", "Carla")]


def ties(user):
    return list(Tie.objects.for_user(user).order_by("id").values_list("a", "b", "strength", "how"))


def test_tie_list_shows_ties(api, user, trio):
    ana, bea, _carla = trio
    tie = tie_create(owner=user, a=ana, b=bea, strength=0.5, how="facultad")

    response = api.get(LIST_URL)

    assert response.json()["results"] == [
        {"id": tie.pk, "a": ana.pk, "b": bea.pk, "strength": 0.5, "how": "facultad"}
    ]


def test_tie_list_filters_by_either_end(api, user, trio):
    ana, bea, carla = trio
    first = tie_create(owner=user, a=ana, b=bea)
    tie_create(owner=user, a=ana, b=carla)
    third = tie_create(owner=user, a=carla, b=bea)

    response = api.get(LIST_URL, {"contact": bea.pk})

    assert [t["id"] for t in response.json()["results"]] == [first.pk, third.pk]


def test_tie_create_orders_the_pair(api, user, trio):
    ana, bea, _carla = trio

    response = api.post(
        LIST_URL, {"a": bea.pk, "b": ana.pk, "strength": 0.8, "how": "socias"}, format="json"
    )

    assert (response.status_code, response.json()) == (
        201,
        {"id": response.json()["id"], "a": ana.pk, "b": bea.pk, "strength": 0.8, "how": "socias"},
    )
    assert ties(user) == [(ana.pk, bea.pk, 0.8, "socias")]


def test_tie_create_twice_updates_the_same_tie(api, user, trio):
    ana, bea, _carla = trio
    tie = tie_create(owner=user, a=ana, b=bea, strength=0.2)

    response = api.post(LIST_URL, {"a": ana.pk, "b": bea.pk, "strength": 0.9}, format="json")

    assert response.json()["id"] == tie.pk
    assert ties(user) == [(ana.pk, bea.pk, 0.9, "")]


def test_tie_create_with_another_users_contact_is_rejected(api, user, other_user, trio):
    theirs = make_contact(other_user, name="Contacto ajeno")

    response = api.post(LIST_URL, {"a": trio[0].pk, "b": theirs.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"b": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )
    assert ties(user) == []


def test_tie_create_with_itself_is_rejected(api, user, trio):
    response = api.post(LIST_URL, {"a": trio[0].pk, "b": trio[0].pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"b": ["A contact cannot be tied to themselves."]},
    )


def test_tie_create_strength_out_of_range_is_rejected(api, trio):
    response = api.post(LIST_URL, {"a": trio[0].pk, "b": trio[1].pk, "strength": 2}, format="json")

    assert response.json() == {"strength": ["Ensure this value is less than or equal to 1."]}


def test_tie_create_without_ends_names_both(api):
    response = api.post(LIST_URL, {}, format="json")

    assert response.json() == {
        "a": ["This field is required."],
        "b": ["This field is required."],
    }


def test_tie_update_changes_strength_and_how_only(api, user, trio):
    ana, bea, carla = trio
    tie = tie_create(owner=user, a=ana, b=bea, strength=0.2, how="")

    response = api.put(
        f"{LIST_URL}{tie.pk}/",
        {"a": carla.pk, "b": bea.pk, "strength": 0.6, "how": "vecinas"},
        format="json",
    )

    assert response.json() == {
        "id": tie.pk,
        "a": ana.pk,
        "b": bea.pk,
        "strength": 0.6,
        "how": "vecinas",
    }
    assert ties(user) == [(ana.pk, bea.pk, 0.6, "vecinas")]


def test_tie_partial_update_keeps_the_rest(api, user, trio):
    ana, bea, _carla = trio
    tie = tie_create(owner=user, a=ana, b=bea, strength=0.2, how="facultad")

    response = api.patch(f"{LIST_URL}{tie.pk}/", {"strength": None}, format="json")

    assert response.json()["strength"] is None
    assert ties(user) == [(ana.pk, bea.pk, None, "facultad")]


def test_tie_delete_removes_it(api, user, trio):
    tie = tie_create(owner=user, a=trio[0], b=trio[1])

    response = api.delete(f"{LIST_URL}{tie.pk}/")

    assert (response.status_code, ties(user)) == (204, [])
