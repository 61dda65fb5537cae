from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vinculo.people.phones import phone_normalize

CORPUS = Path("/work/shared/corpus/contacts")
if not CORPUS.is_dir():  # a checkout beside the shared folder
    CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "contacts"


@pytest.fixture(autouse=True)
def english():
    """Messages in English, whatever the test before chose."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def spanish_phones(settings):
    settings.PHONE_DEFAULT_REGION = "ES"


def phone(raw: str) -> str:
    """How a phone number typed in a file is stored: international form, else as written."""
    try:
        return phone_normalize(raw, "ES")
    except ValidationError:
        return raw
