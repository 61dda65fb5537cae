import json
from pathlib import Path

import pytest
from django.utils import translation

DATA = Path(__file__).parent / "data"


def dumped(document) -> str:
    """A document as ``vinculo export`` writes it."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield


@pytest.fixture
def rich_text() -> str:
    return (DATA / "rich.json").read_text(encoding="utf-8")


@pytest.fixture
def rich(rich_text) -> dict:
    return json.loads(rich_text)
