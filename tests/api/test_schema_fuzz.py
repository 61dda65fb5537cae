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
from hypothesis import HealthCheck, Phase, given, settings

from .fuzzing import CHECKS, EXAMPLES, network_plant, served_schema


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


def test_the_api_answers_every_request_as_its_schema_says(api_schema, planted):
    headers = {"Authorization": f"Token {planted['token']}"}
    failures, operations = {}, 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        fixed = {
            name: planted[name]
            for name in ("workspace_slug",)
            if any(p.name == name for p in operation.path_parameters)
        }

        @FUZZ
        @given(case=operation.as_strategy(path_parameters=fixed or None))
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried, all reported
            failures[operation.label] = str(exc)[:2000]

    print(f"\nstateless: {operations} operations, {EXAMPLES} examples each")  # pytest -s
    assert operations > 60
    assert failures == {}
