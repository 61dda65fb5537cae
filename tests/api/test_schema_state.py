"""The API fuzzed as a client uses it: schemathesis' state machine creates an object, then
follows the schema's links to what takes it (a contact → read, change, delete it, add an
offer or an interaction to it; an ask on the board → reply to it …), as a real user with a
token. No answer is a server error, every answer matches the schema, a deleted object is
gone and a created one is there.

The size fits the test command; run it larger by hand with
``VINCULO_FUZZ_EXAMPLES=100 pytest tests/api/test_schema_state.py``.
"""

import pytest
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, settings
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.specs.openapi.checks import ensure_resource_availability, use_after_free

from vinculo.api.schema_links import LINKS

from .fuzzing import CHECKS, EXAMPLES, network_plant, schema_document, served_schema

STEPS = 10  # calls per scenario at most; VINCULO_FUZZ_EXAMPLES sets how many scenarios


@pytest.fixture
def api_schema(db):
    with served_schema() as schema:
        yield schema


@pytest.fixture
def planted(user):
    return network_plant(user)


def _links(document: dict) -> dict[str, dict]:
    return {
        f"{method.upper()} {path}": response["links"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for response in operation["responses"].values()
        if "links" in response
    }


def test_schema_links_every_create_operation_to_what_takes_its_object(db):
    document = schema_document()

    links = _links(document)
    validate_schema(document)  # still a valid OpenAPI document
    assert {source: sorted(named) for source, named in links.items()} == {
        source: sorted(named) for source, named in LINKS.items()
    }
    assert links["POST /api/v1/contacts/"]["GetContact"] == {
        "operationId": "v1_contacts_retrieve",
        "parameters": {"contact_id": "$response.body#/id"},
    }
    assert links["POST /api/v1/contacts/"]["AddOffer"] == {
        "operationId": "v1_offers_create",
        "parameters": {},
        "requestBody": {"contact": "$response.body#/id"},
    }
    assert links["POST /api/v1/communities/{workspace_slug}/board/"]["Reply"] == {
        "operationId": "v1_communities_board_posts_replies_create",
        "parameters": {
            "workspace_slug": "$request.path.workspace_slug",
            "post_id": "$response.body#/id",
        },
    }


def test_the_api_follows_its_links_as_its_schema_says(api_schema, planted):
    headers = {"Authorization": f"Token {planted['token']}"}
    linked = set()  # operations reached through a link that answered 2xx
    calls = []
    # The schema's own links only: schemathesis would guess more from names that look alike.
    api_schema.config.phases.stateful.inference.algorithms = []

    class Workflow(api_schema.as_state_machine()):
        def step(self, input):
            if "workspace_slug" in (input.case.path_parameters or {}):
                input.case.path_parameters["workspace_slug"] = planted["workspace_slug"]
            output = super().step(input)
            calls.append(output.response.status_code)
            if input.transition is not None and 200 <= output.response.status_code < 300:
                linked.add(input.case.operation.label)
            return output

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=[*CHECKS, use_after_free, ensure_resource_availability],
                headers=headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,  # the same scenarios on every run: a failure can be reproduced
            database=None,
            phases=[Phase.generate],  # report the first failing scenario as it ran
        ),
    )

    # For a run by hand (pytest -s): how much it did.
    print(f"\nstateful: {len(calls)} calls, {len(linked)} operations reached through links")
    # The links were followed: objects created, then used through them.
    assert linked != set()
