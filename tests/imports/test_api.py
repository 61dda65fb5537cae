"""``POST /api/v1/import/``: the same service as the page and the command line."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vinculo.people.models import Contact

CSV = b"Name,E-mail\nAna Gil,ana@example.es\nLuis,luis(at)example.es\n"


@pytest.fixture
def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def post(client, data: bytes, name: str = "agenda.csv", **fields):
    return client.post(
        "/api/v1/import/", {"file": SimpleUploadedFile(name, data), **fields}, format="multipart"
    )


def test_import_reports_rows_and_errors(api, user):
    response = post(api, CSV)

    assert response.status_code == 200
    assert response.json() == {
        "created": 2,
        "updated": 0,
        "skipped": 0,
        "errors": [
            {
                "where": "agenda.csv: line 3, E-mail",
                "why": "'luis(at)example.es' is not an e-mail address; kept in the notes",
            }
        ],
        "warnings": [],
        "rows": [
            {"line": 2, "name": "Ana Gil", "action": "create", "why": ""},
            {
                "line": 3,
                "name": "Luis",
                "action": "create",
                "why": "'luis(at)example.es' is not an e-mail address; kept in the notes",
            },
        ],
        "duplicates": 0,
    }
    assert Contact.objects.for_user(user).count() == 2


def test_dry_run_writes_nothing(api, user):
    response = post(api, CSV, dry_run="true")

    assert (response.status_code, response.json()["created"]) == (200, 2)
    assert Contact.objects.for_user(user).count() == 0


def test_refused_file_is_422(api, user):
    response = post(api, b"", name="vacio.csv")

    assert response.status_code == 422
    assert response.json()["errors"] == [{"where": "vacio.csv", "why": "the file is empty"}]


def test_anonymous_gets_401():
    response = post(APIClient(), CSV)

    assert response.status_code == 401
