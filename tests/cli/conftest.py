import pytest


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The command line speaks the language of the environment; tests read English."""
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")
