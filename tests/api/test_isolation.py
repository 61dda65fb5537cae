"""Another user's rows are invisible: 404 on every detail endpoint, absent from every list.

Both users have data of every kind, so a missing ``for_user`` would show up here.
"""

from datetime import date

import pytest

from tests.factories import make_contact
from vinculo.activity.models import Interaction
from vinculo.activity.services import interaction_log
from vinculo.people.models import Contact, Need, Offer, Tie
from vinculo.people.services import need_create, offer_create, tie_create

MODELS = {
    "contacts": Contact,
    "offers": Offer,
    "needs": Need,
    "ties": Tie,
    "interactions": Interaction,
}

# A valid body for each resource, so a PUT/PATCH would succeed if the row were reachable.
BODIES = {
    "contacts": lambda rows: {"name": "Cambiado"},
    "offers": lambda rows: {"text": "cambiado"},
    "needs": lambda rows: {"text": "cambiado"},
    "ties": lambda rows: {"a": rows["contacts"].pk, "b": rows["other"].pk, "how": "cambiado"},
    "interactions": lambda rows: {
        "contact": rows["contacts"].pk,
        "date": "2026-01-01",
        "summary": "cambiado",
    },
}


def network(owner):
    """One row of every kind for ``owner``."""
    contact = make_contact(owner, name=f"Contacto de {owner.username}", offers=["x"], needs=["y"])
    other = make_contact(owner, name=f"Otro de {owner.username}")
    return {
        "contacts": contact,
        "other": other,
        "offers": offer_create(owner=owner, contact=None, text=f"oferta de {owner.username}"),
        "needs": need_create(owner=owner, contact=contact, text=f"necesidad de {owner.username}"),
        "ties": tie_create(owner=owner, a=contact, b=other, strength=0.5),
        "interactions": interaction_log(
            owner=owner, contact=contact, kind="call", direction="gave", date=date(2026, 3, 1)
        ),
    }


@pytest.fixture
def mine(user):
    return network(user)


@pytest.fixture
def theirs(other_user):
    return network(other_user)


def snapshot(model, owner):
    return list(model.objects.for_user(owner).order_by("pk").values())


@pytest.mark.parametrize("resource", list(MODELS))
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_detail_of_another_users_row_is_404(api, mine, theirs, other_user, resource, method):
    model = MODELS[resource]
    before = snapshot(model, other_user)
    url = f"/api/v1/{resource}/{theirs[resource].pk}/"

    response = getattr(api, method)(url, BODIES[resource](mine), format="json")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"No {model.__name__} matches the given query."},
    )
    assert snapshot(model, other_user) == before


@pytest.mark.parametrize("resource", list(MODELS))
def test_detail_of_own_row_answers(api, mine, theirs, resource):
    response = api.get(f"/api/v1/{resource}/{mine[resource].pk}/")

    assert (response.status_code, response.json()["id"]) == (200, mine[resource].pk)


@pytest.mark.parametrize("resource", list(MODELS))
def test_list_shows_only_own_rows(api, user, mine, theirs, resource):
    response = api.get(f"/api/v1/{resource}/")

    ids = sorted(row["id"] for row in response.json()["results"])
    own = sorted(MODELS[resource].objects.for_user(user).values_list("pk", flat=True))
    assert (ids, theirs[resource].pk in ids) == (own, False)


@pytest.mark.parametrize("resource", ["offers", "needs", "ties", "interactions"])
def test_list_filtered_by_another_users_contact_is_empty(api, mine, theirs, resource):
    response = api.get(f"/api/v1/{resource}/", {"contact": theirs["contacts"].pk})

    assert (response.status_code, response.json()["results"]) == (200, [])


def test_contact_search_does_not_find_another_users_contact(api, mine, theirs):
    response = api.get("/api/v1/contacts/", {"q": "intrusa"})

    assert response.json()["results"] == []


def test_profile_shows_only_own_offers(api, user, mine, theirs):
    response = api.get("/api/v1/profile/")

    assert (response.json()["username"], response.json()["offers"]) == ("ana", ["oferta de ana"])
