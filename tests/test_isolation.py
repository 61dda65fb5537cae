"""Every route, as another user and as an anonymous visitor, with data present that could leak."""

import re
from dataclasses import dataclass

import pytest
from django.db import transaction

from .api.fuzzing import schema_document
from .factories import UserFactory, make_contact
from .isolation import (
    METHODS,
    NUMBERS,
    PUBLIC_ROUTES,
    REFERENCES,
    SECRETS,
    UNNAMED_ROUTES,
    fingerprint,
    plant_foreign_data,
    request_fields,
    routes,
    unnamed_routes,
    url_for,
)

pytestmark = pytest.mark.django_db

ROUTES = routes()
SCHEMA = schema_document()
REQUEST_FIELDS = request_fields(SCHEMA)
OBJECT_ROUTES = [r for r in ROUTES if r.kwargs]
PLAIN_ROUTES = [r for r in ROUTES if not r.kwargs and r.name not in PUBLIC_ROUTES]


@dataclass(frozen=True)
class Foreign:
    user: object
    objects: dict[str, int]
    fingerprint: str  # of everything of theirs, as planted


@pytest.fixture(scope="module")
def foreign(django_db_setup, django_db_blocker):
    """Another user's network, planted once for the whole module (hundreds of routes ask
    for it) in a transaction rolled back after the module's last test. Each test runs in a
    savepoint of its own inside it: whatever a test changes is undone before the next one,
    which finds the network as planted (its fingerprint says so)."""
    with django_db_blocker.unblock(), transaction.atomic():
        other = UserFactory(username="intrusa")
        objects = plant_foreign_data(other)
        yield Foreign(other, objects, fingerprint(other))
        transaction.set_rollback(True)


def test_the_walk_finds_the_routes_that_matter():
    names = {r.name for r in ROUTES}
    assert {"contacts.detail", "contacts.list", "web.dashboard"} <= names
    assert any(r.is_api and "contact_id" in r.kwargs for r in ROUTES)


def test_every_route_without_a_name_is_listed():
    """The walk reverses routes by name: one without a name would go untested."""
    assert sorted(unnamed_routes()) == sorted(UNNAMED_ROUTES)


def test_the_walk_reaches_every_operation_of_the_api():
    """Every path of the API's schema is a route of the walk, and the walk calls each with
    every method the schema uses."""
    walked = {r.template for r in ROUTES if r.is_api}
    methods = {m for operations in SCHEMA["paths"].values() for m in operations}

    assert (sorted(set(SCHEMA["paths"]) - walked), methods <= set(METHODS)) == ([], True)


def test_every_integer_a_request_sends_is_known():
    """A field of a body or a query that may name an object is walked below; a new one
    fails here until tests/isolation.py says which object it names, or that it is a number."""
    fields = {name for *_operation, name in REQUEST_FIELDS}

    assert sorted(fields - set(REFERENCES) - NUMBERS) == []


def _request(client, method, path, where, name, value):
    if name in ("attendees", "to_meet", "contacts"):
        value = [value, value] if name == "contacts" else [value]  # a path has two at least
    if where == "query":
        return getattr(client, method)(path, {name: value}) if method == "get" else None
    outer, _dot, inner = name.rpartition(".")
    data = {outer: {inner: value}} if outer else {name: value}
    return getattr(client, method)(path, data, content_type="application/json")


@pytest.mark.parametrize(
    "field",
    [f for f in REQUEST_FIELDS if f[3] in REFERENCES],
    ids=lambda f: f"{f[0]} {f[1]} {f[2]}.{f[3]}",
)
def test_another_users_object_named_in_a_request_is_unknown(field, auth_client, user, foreign):
    """Another user's object named in a body or a query is answered exactly as an object
    that does not exist, on one's own objects, and changes nothing of theirs."""
    method, path, where, name = field
    own = plant_foreign_data(user)
    url = path.format(**{k: own[k] for k in re.findall(r"{(\w+)}", path)})
    missing = 10**9
    answers = []
    for value in (missing, foreign.objects[REFERENCES[name]]):
        response = _request(auth_client, method, url, where, name, value)
        body = re.sub(rf"\b{value}\b", "ID", response.content.decode())
        answers.append((response.status_code, body))

    assert answers[1] == answers[0]
    assert answers[1][0] in {200, 400, 404}, answers[1]
    assert fingerprint(foreign.user) == foreign.fingerprint


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_another_users_object_answers_404(route, auth_client, user, foreign):
    make_contact(user, name="Propia")
    url = url_for(route, foreign.objects)
    statuses = {}
    for method in METHODS:
        response = getattr(auth_client, method)(url, content_type="application/json")
        statuses[method] = response.status_code
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (method, url)
    # 405 (method not allowed) is decided before any lookup and reveals nothing;
    # every method the route does answer must say "not found".
    assert set(statuses.values()) <= {404, 405}, (url, statuses)
    assert 404 in statuses.values(), (url, statuses)
    assert fingerprint(foreign.user) == foreign.fingerprint, url


@pytest.mark.parametrize("route", PLAIN_ROUTES, ids=lambda r: r.name)
def test_pages_without_arguments_show_nothing_of_another_user(route, auth_client, foreign):
    url = url_for(route, {})
    for method in METHODS:
        response = getattr(auth_client, method)(url, content_type="application/json")
        body = response.content.decode()
        assert response.status_code < 500, (method, url)
        for secret in SECRETS:
            assert secret not in body, (method, url)
    assert fingerprint(foreign.user) == foreign.fingerprint, url


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.name not in PUBLIC_ROUTES], ids=lambda r: r.name
)
def test_anonymous_visitors_are_turned_away(route, client, foreign):
    url = url_for(route, foreign.objects)
    for method in METHODS:
        response = getattr(client, method)(url, content_type="application/json")
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (method, url)
        if route.is_api:
            assert response.status_code == 401, (method, url)
        else:
            assert response.status_code == 302, (method, url)
            assert response.url.startswith("/accounts/login/?next="), (method, url)
    assert fingerprint(foreign.user) == foreign.fingerprint, url
