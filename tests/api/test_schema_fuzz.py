"""The API fuzzed against its own OpenAPI schema: every operation called with data generated
from the schema, as a real user with a token. No answer is a server error, and every answer
matches what the schema promises (its body and its content type).

The number of examples per operation fits the test command; run it larger by hand with
``VINCULO_FUZZ_EXAMPLES=200 pytest tests/api/test_schema_fuzz.py``.
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from ..factories import make_contact

EXAMPLES = int(os.environ.get("VINCULO_FUZZ_EXAMPLES", "10"))


@pytest.fixture
def api_schema(db, user):
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    schema.app = get_wsgi_application()
    # As Django's test client does: the request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)


@pytest.fixture
def token(user):
    for name in ("María José Núñez", "Íñigo Ibáñez", "Chloé Dubois"):
        make_contact(user, name=name, offers=["asesoría fiscal"], needs=["diseño web"])
    return Token.objects.create(user=user).key


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests on every run: a failure can be reproduced
    database=None,
    phases=[Phase.explicit, Phase.generate],  # report the first failing request as it is
)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_the_api_answers_every_request_as_its_schema_says(api_schema, token):
    failures, operations = {}, 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @FUZZ
        @given(case=operation.as_strategy())
        def call(case):
            case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

        try:
            call()
        except Exception as exc:  # every operation is tried; all failures are reported
            failures[operation.label] = str(exc)[:2000]

    assert operations > 60
    assert failures == {}
