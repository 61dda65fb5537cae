import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_contact
from vinculo.people import services as people


@pytest.fixture
def paths_network(user):
    """Ana knows Alba well (0.9), Carlos a little (0.3) and Diego (0.8); Berta, Tomás and
    Úrsula she does not know (0). Alba knows Berta (0.9), who knows Tomás (0.9); Carlos knows
    Tomás (0.9); Diego and Tomás met once but their tie is 0 (no tie). Tomás offers
    accessibility audits; Úrsula knows nobody."""
    user.display_name = "Ana Ruiz"
    user.save(update_fields=["display_name"])
    alba = make_contact(user, name="Alba Gil", strength=0.9, languages=["en"])
    berta = make_contact(user, name="Berta Sanz", strength=0.0)
    carlos = make_contact(
        user, name="Carlos Pérez", strength=0.3, languages=["es"], emails=["carlos@example.org"]
    )
    diego = make_contact(user, name="Diego Mora", strength=0.8)
    tomas = make_contact(
        user, name="Tomás Vidal", strength=0.0, offers=["auditorías de accesibilidad web"]
    )
    ursula = make_contact(user, name="Úrsula Rey")
    people.tie_create(owner=user, a=alba, b=berta, strength=0.9)
    people.tie_create(owner=user, a=berta, b=tomas, strength=0.9)
    people.tie_create(owner=user, a=carlos, b=tomas, strength=0.9)
    people.tie_create(owner=user, a=diego, b=tomas, strength=0.0)
    return {
        "alba": alba,
        "berta": berta,
        "carlos": carlos,
        "diego": diego,
        "tomas": tomas,
        "ursula": ursula,
    }


@pytest.fixture(autouse=True)
def english_command_line(monkeypatch):
    """The command line speaks the language of the environment; tests read English."""
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")


@pytest.fixture
def api(user):
    """A client authenticated the way scripts are: with the user's token."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
