"""Every route, as another user and as an anonymous visitor, with data present that could leak."""

import pytest

from .factories import make_contact
from .isolation import PUBLIC_ROUTES, SECRETS, plant_foreign_data, routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = routes()
OBJECT_ROUTES = [r for r in ROUTES if r.kwargs]
PLAIN_ROUTES = [r for r in ROUTES if not r.kwargs and r.name not in PUBLIC_ROUTES]


def test_the_walk_finds_the_routes_that_matter():
    names = {r.name for r in ROUTES}
    assert {"contacts.detail", "contacts.list", "web.dashboard"} <= names
    assert any(r.is_api and "contact_id" in r.kwargs for r in ROUTES)


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_another_users_object_answers_404(route, auth_client, user, other_user):
    make_contact(user, name="Propia")
    objects = plant_foreign_data(other_user)
    url = url_for(route, objects)
    statuses = {}
    for method in ("get", "post", "put", "patch", "delete"):
        response = getattr(auth_client, method)(url, content_type="application/json")
        statuses[method] = response.status_code
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (method, url)
    # 405 (method not allowed) is decided before any lookup and reveals nothing;
    # every method the route does answer must say "not found".
    assert set(statuses.values()) <= {404, 405}, (url, statuses)
    assert 404 in statuses.values(), (url, statuses)


@pytest.mark.parametrize("route", PLAIN_ROUTES, ids=lambda r: r.name)
def test_pages_without_arguments_show_nothing_of_another_user(route, auth_client, other_user):
    plant_foreign_data(other_user)
    url = url_for(route, {})
    response = auth_client.get(url)
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body, url


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.name not in PUBLIC_ROUTES], ids=lambda r: r.name
)
def test_anonymous_visitors_are_turned_away(route, client, other_user):
    objects = plant_foreign_data(other_user)
    url = url_for(route, objects)
    response = client.get(url)
    if route.is_api:
        assert response.status_code == 401, url
    else:
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next="), url
