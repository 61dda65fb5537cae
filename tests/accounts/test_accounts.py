import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

import vinculo.settings as production

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_account_with_argon2_and_logs_in(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = client.post(
        reverse("accounts.signup"),
        {
            "username": "lucia",
            "email": "lucia@example.org",
            "password1": "una clave bien larga 42",
            "password2": "una clave bien larga 42",
        },
    )
    assert response.url == reverse("web.profile")
    user = get_user_model().objects.get(username="lucia")
    assert user.password.startswith("argon2$")
    assert user.language == "es"
    assert client.get(reverse("web.dashboard")).context["user"] == user


def test_every_page_requires_login(client):
    response = client.get(reverse("contacts.list"))
    assert response.status_code == 302
    assert response.url == reverse("accounts.login") + "?next=/contacts/"


def test_login_and_logout(client):
    UserFactory(username="ana")
    response = client.post(reverse("accounts.login"), {"username": "ana", "password": PASSWORD})
    assert response.url == reverse("web.dashboard")
    response = client.post(reverse("accounts.logout"))
    assert response.url == reverse("accounts.login")
    assert client.get(reverse("web.dashboard")).status_code == 302


def test_repeated_failed_logins_are_throttled(client, settings):
    UserFactory(username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("accounts.login"), {"username": "ana", "password": "mal"})
        assert response.status_code == 200
    response = client.post(reverse("accounts.login"), {"username": "ana", "password": "mal"})
    assert response.status_code == 429
    # Even the right password is refused while locked out.
    response = client.post(reverse("accounts.login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_change_password(client):
    user = UserFactory(username="ana")
    client.force_login(user)
    response = client.post(
        reverse("accounts.password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "otra clave muy segura 7",
            "new_password2": "otra clave muy segura 7",
        },
    )
    assert response.url == reverse("accounts.password_change_done")
    user.refresh_from_db()
    assert user.check_password("otra clave muy segura 7")


def test_language_switch_is_remembered_on_the_account(client):
    user = UserFactory(username="ana", language="es")
    client.force_login(user)
    response = client.post(reverse("accounts.language"), {"language": "en", "next": "/contacts/"})
    assert response.url == "/contacts/"
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get(reverse("contacts.list")).content.decode().count("New contact") == 1
    client.post(reverse("accounts.language"), {"language": "es", "next": "/contacts/"})
    assert client.get(reverse("contacts.list")).content.decode().count("Nuevo contacto") == 1


def test_language_switch_refuses_foreign_redirects(client):
    user = UserFactory(username="ana")
    client.force_login(user)
    response = client.post(
        reverse("accounts.language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_production_settings_hash_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
