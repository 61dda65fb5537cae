import re

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"

PROTECTED = [
    ("get", "/api/v1/contacts/"),
    ("post", "/api/v1/contacts/"),
    ("get", "/api/v1/contacts/1/"),
    ("put", "/api/v1/contacts/1/"),
    ("patch", "/api/v1/contacts/1/"),
    ("delete", "/api/v1/contacts/1/"),
    ("get", "/api/v1/offers/"),
    ("get", "/api/v1/offers/1/"),
    ("get", "/api/v1/needs/"),
    ("get", "/api/v1/needs/1/"),
    ("get", "/api/v1/ties/"),
    ("get", "/api/v1/ties/1/"),
    ("get", "/api/v1/interactions/"),
    ("get", "/api/v1/interactions/1/"),
    ("get", "/api/v1/profile/"),
    ("put", "/api/v1/profile/"),
]


@pytest.mark.parametrize(("method", "url"), PROTECTED)
def test_api_anonymous_gets_401_in_json(anon_api, user, contact, method, url):
    response = getattr(anon_api, method)(url, format="json")

    assert (response.status_code, response.json(), response["WWW-Authenticate"]) == (
        401,
        {"detail": "Authentication credentials were not provided."},
        "Token",
    )


def test_api_anonymous_is_not_redirected_to_the_login_page(anon_api, db):
    response = anon_api.get("/api/v1/contacts/")

    assert (response.status_code, response.has_header("Location")) == (401, False)


def test_api_unknown_token_gets_401(anon_api, db):
    anon_api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")

    response = anon_api.get("/api/v1/contacts/")

    assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})


def test_api_session_login_also_works(client, user, contact):
    client.force_login(user)

    response = client.get("/api/v1/contacts/", HTTP_ACCEPT_LANGUAGE="en")

    assert [c["name"] for c in response.json()["results"]] == ["María José Núñez"]


def test_token_obtain_returns_the_users_token(anon_api, user):
    response = anon_api.post(TOKEN_URL, {"username": "ana", "password": PASSWORD}, format="json")

    assert (response.status_code, response.json()) == (
        200,
        {"token": Token.objects.get(user=user).key},
    )


def test_token_obtain_twice_returns_the_same_token(anon_api, user):
    first = anon_api.post(TOKEN_URL, {"username": "ana", "password": PASSWORD}, format="json")
    second = anon_api.post(TOKEN_URL, {"username": "ana", "password": PASSWORD}, format="json")

    assert first.json() == second.json()


def test_token_obtained_then_used_lists_own_contacts(anon_api, user, contact):
    token = anon_api.post(
        TOKEN_URL, {"username": "ana", "password": PASSWORD}, format="json"
    ).json()["token"]
    anon_api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = anon_api.get("/api/v1/contacts/")

    assert [c["name"] for c in response.json()["results"]] == ["María José Núñez"]


def test_token_obtain_wrong_password_is_refused(anon_api, user):
    response = anon_api.post(TOKEN_URL, {"username": "ana", "password": "nope"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Unable to log in with provided credentials."]},
    )
    assert Token.objects.filter(user=user).exists() is False


def test_token_obtain_missing_password_names_the_field(anon_api, db):
    response = anon_api.post(TOKEN_URL, {"username": "ana"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"password": ["This field is required."]},
    )


def test_token_obtain_locks_out_after_repeated_failures(anon_api, user, settings):
    limit = settings.AXES_FAILURE_LIMIT
    bad = {"username": "ana", "password": "nope"}
    refused = [anon_api.post(TOKEN_URL, bad, format="json").status_code for _ in range(limit - 1)]

    last = anon_api.post(TOKEN_URL, bad, format="json")
    right = anon_api.post(TOKEN_URL, {"username": "ana", "password": PASSWORD}, format="json")

    locked = {"detail": "Too many failed attempts. Try again later."}
    assert (refused, last.status_code, last.json()) == ([400] * (limit - 1), 429, locked)
    assert (right.status_code, right.json()) == (429, locked)
    assert Token.objects.filter(user=user).exists() is False


def test_token_obtain_is_throttled(anon_api, user, settings):
    good = {"username": "ana", "password": PASSWORD}
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0])
    statuses = [anon_api.post(TOKEN_URL, good, format="json").status_code for _ in range(allowed)]

    response = anon_api.post(TOKEN_URL, good, format="json")

    assert (statuses, response.status_code) == ([200] * allowed, 429)
    assert re.fullmatch(
        r"Request was throttled\. Expected available in \d+ seconds?\.", response.json()["detail"]
    )
