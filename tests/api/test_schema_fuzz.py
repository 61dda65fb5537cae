"""The API fuzzed against its own OpenAPI schema: every operation called with data generated
from the schema, as a real user with a token. No answer is a server error, and every answer
matches what the schema promises (its body and its content type).

Operations of a community are called in the user's own community, so they reach its data
instead of answering 404. The number of examples per operation fits the test command; run
it larger by hand with ``VINCULO_FUZZ_EXAMPLES=100 pytest tests/api/test_schema_fuzz.py``.
(It loops over the operations with Hypothesis itself: schemathesis' pytest plugin does not
run under this version of pytest.)
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from .fuzzing import CHECKS, EXAMPLES, network_plant, schema_document, served_schema

# Each operation is a test of its own: the suite's processes share them out.
OPERATIONS = [
    (result.ok().path, result.ok().method)
    for result in schemathesis.openapi.from_dict(schema_document()).get_all_operations()
]


@pytest.fixture
def api_schema(db):
    with served_schema() as schema:
        yield schema


@pytest.fixture
def planted(user):
    return network_plant(user)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests on every run: a failure can be reproduced
    database=None,
    phases=[Phase.explicit, Phase.generate],  # report the first failing request as it is
)


def test_the_walk_has_every_operation_of_the_schema():
    assert len(OPERATIONS) > 100
    assert ("/api/v1/contacts/", "get") in OPERATIONS


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=lambda v: v)
def test_the_api_answers_every_request_as_its_schema_says(path, method, api_schema, planted):
    headers = {"Authorization": f"Token {planted['token']}"}
    operation = api_schema[path][method]
    fixed = {
        name: planted[name]
        for name in ("workspace_slug",)
        if any(p.name == name for p in operation.path_parameters)
    }

    @FUZZ
    @given(case=operation.as_strategy(path_parameters=fixed or None))
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
