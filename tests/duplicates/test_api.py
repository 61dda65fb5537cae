import pytest

from tests.factories import make_contact
from vinculo.people.models import Contact, DuplicateDismissal


@pytest.fixture
def twins(user):
    a = make_contact(user, name="Ana Ruiz", emails=["ana@ruiz.example"], tags=["clientes"])
    b = make_contact(user, name="Ana Ruiz Gil", emails=["ANA@ruiz.example"], tags=["pádel"])
    return a, b


def test_api_lists_duplicates(api, twins):
    a, b = twins
    response = api.get("/api/v1/duplicates/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "duplicates": [
            {
                "a": {"id": a.pk, "name": "Ana Ruiz"},
                "b": {"id": b.pk, "name": "Ana Ruiz Gil"},
                "reason": "email",
                "detail": "ana@ruiz.example",
                "why": "Same email: ana@ruiz.example",
            }
        ],
    }


def test_api_merges(api, twins):
    a, b = twins
    response = api.post("/api/v1/duplicates/merge/", {"keep": b.pk, "other": a.pk}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["emails"]) == (
        b.pk,
        "Ana Ruiz Gil",
        ["ANA@ruiz.example"],
    )
    assert sorted(body["tags"]) == ["clientes", "pádel"]
    assert not Contact.objects.filter(pk=a.pk).exists()


def test_api_merge_with_itself_is_a_400(api, twins):
    a, _b = twins
    response = api.post("/api/v1/duplicates/merge/", {"keep": a.pk, "other": a.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"other": ["A contact cannot be merged with itself."]}


def test_api_merge_another_users_contact_is_refused(api, other_user, twins):
    a, _b = twins
    stranger = make_contact(other_user, name="Ana Ruiz", emails=["ana@ruiz.example"])
    response = api.post(
        "/api/v1/duplicates/merge/", {"keep": a.pk, "other": stranger.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"other": [f'Invalid pk "{stranger.pk}" - object does not exist.']}
    assert Contact.objects.filter(pk__in=[a.pk, stranger.pk]).count() == 2


def test_api_dismisses(api, user, twins):
    a, b = twins
    response = api.post("/api/v1/duplicates/dismiss/", {"a": b.pk, "b": a.pk}, format="json")
    assert response.status_code == 204
    assert list(DuplicateDismissal.objects.for_user(user).values_list("a_id", "b_id")) == [
        (a.pk, b.pk)
    ]
    assert api.get("/api/v1/duplicates/").json() == {"count": 0, "duplicates": []}


def test_api_duplicates_anonymous_is_a_401(anon_api, db):
    assert anon_api.get("/api/v1/duplicates/").status_code == 401
    assert anon_api.post("/api/v1/duplicates/merge/", {}).status_code == 401
