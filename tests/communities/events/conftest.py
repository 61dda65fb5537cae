import datetime

import pytest
from django.utils import timezone, translation

from vinculo.communities.events import services


@pytest.fixture(autouse=True)
def english():
    """Messages of services in English, as the tests spell them (pages ask for English)."""
    with translation.override("en"):
        yield


@pytest.fixture
def soon():
    """A time next week, on the hour."""
    return (timezone.now() + datetime.timedelta(days=7)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def breakfast(world, soon):
    """Cowork Sevilla's networking breakfast next week, created by Ana (owner)."""
    return services.event_create(
        actor=world.ana,
        title="Desayuno de networking",
        starts_at=soon,
        place="Sala grande",
        description="Café y presentaciones.",
    )
