"""What the schema fuzz tests share: the API's own OpenAPI schema loaded into schemathesis
and answered by the WSGI app in this process, and a real user with a network, a community
and a token to call it with.

The size fits the test command; ``VINCULO_FUZZ_EXAMPLES`` makes it larger by hand
(docs/security.md gives the command and the figures of the last large run).
"""

import functools
import json
import os
from contextlib import contextmanager

import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from vinculo.communities import services as community_services
from vinculo.communities.board import services as board_services

from ..factories import make_contact

EXAMPLES = int(os.environ.get("VINCULO_FUZZ_EXAMPLES", "10"))
# No server error, and every answer as the schema says: its body and its content type.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def schema_document() -> dict:
    """The API's OpenAPI document, as a new dict (the callers may change theirs)."""
    return json.loads(_schema_json())


@functools.cache
def _schema_json() -> str:
    # Generated once per test process: half a second each time, for a hundred tests.
    document = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiJsonRenderer().render(document).decode()


@functools.cache
def _served() -> schemathesis.BaseSchema:
    # Loaded once per test process (a second each time): it keeps no state between calls.
    schema = schemathesis.openapi.from_dict(schema_document())
    schema.app = get_wsgi_application()
    return schema


@contextmanager
def served_schema():
    """The schema, its requests answered by this process's WSGI app on the test's database."""
    schema = _served()
    # As Django's test client does: a request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    try:
        yield schema
    finally:
        request_started.connect(close_old_connections)


def network_plant(user) -> dict[str, str]:
    """Contacts whose needs and offers meet, a community the user runs with one more member
    and an ask on its board; returns the user's token and the community's slug."""
    for name in ("María José Núñez", "Íñigo Ibáñez", "Chloé Dubois"):
        make_contact(user, name=name, offers=["asesoría fiscal"], needs=["diseño web"])
    organiser = community_services.workspace_create(user=user, name="Club de Emprendedoras")
    guest = get_user_model().objects.create_user(username="socia-del-club")
    link = community_services.invitation_link_create(actor=organiser)
    member, _new = community_services.invitation_accept(user=guest, invitation=link)
    community_services.profile_update(
        membership=member, name="Lucía Pérez", offers=["diseño web"], needs=["asesoría fiscal"]
    )
    board_services.post_create(actor=member, kind="ask", text="¿Alguien conoce una gestoría?")
    return {
        "token": Token.objects.create(user=user).key,
        "workspace_slug": organiser.workspace.slug,
    }
