import pytest
from django.utils import translation

from .factories import UserFactory, make_contact
from .installation import (  # installations and migrated: fixtures for every test
    ON_POSTGRES,
    installations,  # noqa: F401
    migrated,  # noqa: F401
)

# What reaches the suite's database: a test without any of these cannot (pytest-django
# refuses), and runs the same whatever the database, so the PostgreSQL run leaves it to the
# SQLite run (engines, file formats, the fault tests' SQLite folders, the static files).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "migrated",  # installations of their own, on the suite's database server
}


def pytest_collection_modifyitems(config, items):
    if not ON_POSTGRES:
        return
    kept, same = [], []
    for item in items:
        on_database = (
            item.get_closest_marker("django_db")
            or item.get_closest_marker("both_databases")
            or DATABASE_FIXTURES & set(item.fixturenames)
        )
        (kept if on_database else same).append(item)
    if same:
        config.hook.pytest_deselected(items=same)
        items[:] = kept


def pytest_report_header(config):
    if ON_POSTGRES:
        return "PostgreSQL run: the tests that never reach the database ran in the SQLite run"


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
