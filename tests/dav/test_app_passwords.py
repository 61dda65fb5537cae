import base64
import hashlib

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from vinculo.dav import services
from vinculo.dav.models import AppPassword

pytestmark = pytest.mark.django_db


def basic(username: str, password: str) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_DEPTH": "0"}


def test_profile_shows_the_server_and_the_devices(auth_client, user):
    services.app_password_create(user=user, label="Móvil de Ana")
    response = auth_client.get(reverse("web.profile"))
    body = response.content.decode()
    assert '<code id="carddav-url">http://testserver/dav/</code>' in body
    assert "<td>Móvil de Ana</td>" in body


def test_create_shows_the_secret_once_and_keeps_only_its_hash(auth_client, user):
    response = auth_client.post(reverse("dav.app_password_create"), {"label": "Móvil"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert f'<code id="app-password">{secret}</code>' in response.content.decode()
    password = AppPassword.objects.for_user(user).get()
    assert password.label == "Móvil"
    assert password.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    page = auth_client.get(reverse("web.profile")).content.decode()
    assert secret not in page


def test_revoke_deletes_the_password_and_the_login_stops_working(client, auth_client, user):
    password, secret = services.app_password_create(user=user, label="Móvil")
    assert (
        client.generic("PROPFIND", "/dav/ana/contacts/", **basic("ana", secret)).status_code == 207
    )
    response = auth_client.post(reverse("dav.app_password_revoke", args=[password.pk]))
    assert response.status_code == 302
    assert response.url == "/me/#carddav"
    assert AppPassword.objects.for_user(user).count() == 0
    assert (
        client.generic("PROPFIND", "/dav/ana/contacts/", **basic("ana", secret)).status_code == 401
    )


def test_another_users_app_password_cannot_be_revoked(auth_client, other_user):
    password, _secret = services.app_password_create(user=other_user, label="Ajeno")
    response = auth_client.post(reverse("dav.app_password_revoke", args=[password.pk]))
    assert response.status_code == 404
    assert AppPassword.objects.for_user(other_user).count() == 1


def test_an_app_password_only_logs_in_its_owner(client, user, other_user):
    _password, secret = services.app_password_create(user=other_user, label="Ajeno")
    assert client.generic("PROPFIND", "/dav/ana/", **basic("ana", secret)).status_code == 401


def test_failed_logins_lock_the_account_like_the_login_page(client, user, settings):
    statuses = [
        client.generic("PROPFIND", "/dav/ana/", **basic("ana", "wrong")).status_code
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = client.generic("PROPFIND", "/dav/ana/", **basic("ana", PASSWORD))
    assert response.status_code == 429


def test_well_known_address_leads_to_the_server(client):
    response = client.generic("PROPFIND", "/.well-known/carddav")
    assert response.status_code == 302
    assert response.url == "/dav/"


def test_the_root_names_the_users_own_principal(client, user):
    body = (
        b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop>'
        b"<current-user-principal/></prop></propfind>"
    )
    response = client.generic(
        "PROPFIND", "/dav/", body, content_type="application/xml", **basic("ana", PASSWORD)
    )
    assert response.status_code == 207
    assert "<href>/dav/ana/</href>" in response.content.decode()
