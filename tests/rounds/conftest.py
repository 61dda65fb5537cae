import datetime

import pytest

from tests.factories import make_contact
from vinculo.activity import services as activity


@pytest.fixture
def breakfast(user):
    """A members' breakfast of five: María needs a web designer and Kate designs webs for
    law firms; Luis designs webs too, but he works with María; Kate needs a photographer
    and Pedro is one; Zoe neither needs nor offers anything yet."""
    maria = make_contact(
        user,
        name="María José Núñez",
        organization="Núñez Abogados",
        needs=["un diseñador para su web"],
        languages=["es"],
    )
    luis = make_contact(
        user,
        name="Luis Gómez",
        organization="Núñez Abogados",
        offers=["diseño web para despachos"],
        languages=["es"],
    )
    kate = make_contact(
        user,
        name="Kate Smith",
        offers=["web design for law firms"],
        needs=["a photographer for events"],
        languages=["en"],
    )
    pedro = make_contact(
        user, name="Pedro Ruiz", offers=["fotografía de eventos"], languages=["es"]
    )
    zoe = make_contact(user, name="Zoe Lee", languages=["en"])
    event = activity.event_create(
        owner=user,
        name="Desayuno de Socios",
        date=datetime.date(2026, 12, 3),
        attendees=[maria, luis, kate, pedro, zoe],
    )
    return {"event": event, "maria": maria, "luis": luis, "kate": kate, "pedro": pedro, "zoe": zoe}
