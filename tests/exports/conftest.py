import datetime

import pytest

# The API's clients (token and anonymous) and its throttle reset, for the API tests here.
from tests.api.conftest import _fresh_throttles, anon_api, api  # noqa: F401
from tests.factories import make_contact
from vinculo.activity import services as activity_services


@pytest.fixture
def network(user):
    """A small network with every field a contact can have."""
    event = activity_services.event_create(
        owner=user, name="Desayuno de la Cámara de Comercio", date=datetime.date(2026, 3, 12)
    )
    luis = make_contact(
        user,
        name="Luis Pérez",
        emails=["luis@disenoweb.example"],
        offers=["diseño web para despachos"],
        external_id="c7",
    )
    mj = make_contact(
        user,
        name="María José Núñez",
        organization="Núñez Abogados; S.L.",
        title="Socia",
        emails=["mj@nunezabogados.example", "mariajose@correo.example"],
        phones=["+34 612 34 56 78", "+34 963 00 00 00"],
        urls=["https://nunezabogados.example"],
        city="Valencia",
        country="ES",
        languages=["es", "en"],
        tags=["legal", "familia, amigos"],
        does="Abogada mercantilista, asesora a startups",
        offers=["contratos entre socios", "constitución de sociedades"],
        needs=["un diseñador para su web"],
        expects="Conocer emprendedores con proyectos serios",
        notes="Le gusta el pádel.\nPrefiere WhatsApp; nunca llamar antes de las 10.",
        met_on=datetime.date(2026, 3, 12),
        met_where="Desayuno de la Cámara",
        met_event=event,
        introduced_by=luis,
        strength=0.7,
        external_id="c1",
        extra={"twitter": "@mjnunez"},
    )
    plain = make_contact(user, name="Ana")
    return {"mj": mj, "luis": luis, "ana": plain, "event": event}
