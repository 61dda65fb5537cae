import pytest

from vinculo.engines.matching import Lexicon, MatchIndex
from vinculo.engines.matching.analysis import Analyzer


@pytest.fixture(scope="session")
def lexicon():
    return Lexicon()


@pytest.fixture(scope="session")
def analyzer(lexicon):
    return Analyzer(lexicon)


@pytest.fixture
def build(lexicon):
    """An index of ``{person: {"needs": {id: text}, "offers": {id: text}}}``."""

    def make(people: dict, **options) -> MatchIndex:
        needs = [
            (person, item, text, None)
            for person, texts in people.items()
            for item, text in texts.get("needs", {}).items()
        ]
        offers = [
            (person, item, text, None)
            for person, texts in people.items()
            for item, text in texts.get("offers", {}).items()
        ]
        return MatchIndex.from_rows(needs, offers, lexicon=lexicon, **options)

    return make
