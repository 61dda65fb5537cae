import hashlib

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vinculo.dav import services
from vinculo.dav.models import AppPassword

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_create_answers_the_secret_once_and_list_never_shows_it(api, user):
    response = api.post("/api/v1/app-passwords/", {"label": "Tablet"}, format="json")
    assert response.status_code == 201
    body = response.json()
    password = AppPassword.objects.for_user(user).get()
    assert body["id"] == password.pk
    assert body["label"] == "Tablet"
    assert hashlib.sha256(body["secret"].encode()).hexdigest() == password.secret_hash
    listed = api.get("/api/v1/app-passwords/").json()
    assert listed == [
        {
            "id": password.pk,
            "label": "Tablet",
            "created_at": body["created_at"],
            "last_used_at": None,
        }
    ]


def test_delete_revokes(api, user):
    password, _secret = services.app_password_create(user=user, label="Tablet")
    assert api.delete(f"/api/v1/app-passwords/{password.pk}/").status_code == 204
    assert AppPassword.objects.for_user(user).count() == 0


def test_another_users_app_password_answers_404(api, other_user):
    password, _secret = services.app_password_create(user=other_user, label="Ajeno")
    assert api.delete(f"/api/v1/app-passwords/{password.pk}/").status_code == 404
    assert AppPassword.objects.for_user(other_user).count() == 1
