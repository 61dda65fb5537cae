import datetime

import pytest

from vinculo.activity import services as activity_services


@pytest.fixture
def event(user):
    return activity_services.event_create(
        owner=user,
        name="Desayuno de la Cámara",
        date=datetime.date(2026, 12, 3),
        place="Hotel Miramar, Málaga",
        kind="breakfast",
    )


@pytest.fixture
def en_client(auth_client, settings):
    """The logged-in client reading the site in English (the language cookie)."""
    auth_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return auth_client
