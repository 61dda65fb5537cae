import pytest
from django.utils import translation

from .factories import UserFactory, make_contact
from .installation import installations, migrated  # noqa: F401  (fixtures for every test)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a quick hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Spanish), whatever the one before chose."""
    translation.activate("es")
    yield
    translation.deactivate()


@pytest.fixture
def user(db):
    return UserFactory(username="ana")


@pytest.fixture
def other_user(db):
    return UserFactory(username="intrusa")


@pytest.fixture
def auth_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def contact(user):
    return make_contact(
        user,
        name="María José Núñez",
        organization="Núñez Abogados",
        emails=["mj@nunezabogados.example"],
        tags=["legal"],
        offers=["contratos entre socios"],
        needs=["un diseñador para su web"],
    )
