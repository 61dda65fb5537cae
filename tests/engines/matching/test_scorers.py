import importlib.util
import os

import pytest

from vinculo.engines.matching import (
    EmbeddingScorer,
    LexicalScorer,
    MatchIndex,
    Scorer,
    SemanticUnavailable,
)
from vinculo.engines.matching.analysis import Analyzer

HAS_LIBRARY = importlib.util.find_spec("sentence_transformers") is not None


@pytest.mark.skipif(HAS_LIBRARY, reason="sentence-transformers is installed")
def test_embedding_scorer_without_the_library_says_what_to_install(tmp_path):
    with pytest.raises(SemanticUnavailable) as error:
        EmbeddingScorer(tmp_path)
    assert str(error.value) == (
        "The semantic scorer needs the 'sentence-transformers' library: "
        "pip install 'vinculo[semantic]'."
    )


@pytest.mark.skipif(not HAS_LIBRARY, reason="sentence-transformers is not installed")
def test_embedding_scorer_without_a_model_says_where(tmp_path):
    missing = tmp_path / "no-model"
    with pytest.raises(SemanticUnavailable) as error:
        EmbeddingScorer(missing)
    assert str(error.value) == (
        f"No sentence-transformers model in {missing}: copy a model folder there "
        "(it is never downloaded)."
    )


def test_embedding_scorer_never_goes_online(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    with pytest.raises(SemanticUnavailable):
        EmbeddingScorer(tmp_path / "no-model")
    assert (os.environ["HF_HUB_OFFLINE"], os.environ["TRANSFORMERS_OFFLINE"]) == ("1", "1")


def test_lexical_scorer_scores_pairs(lexicon):
    scorer = LexicalScorer(Analyzer(lexicon))
    scores = scorer.score(
        [("busco un diseñador web", "web design"), ("busco un diseñador web", "red wine")]
    )
    assert [round(s, 3) for s in scores] == [1.0, 0.0]
    assert isinstance(scorer, Scorer)


class Halves:
    """A scorer that finds every pair half alike."""

    def score(self, pairs):
        return [0.5 for _pair in pairs]


def test_index_blends_a_scorer_into_the_score(lexicon):
    plain = MatchIndex(lexicon=lexicon)
    blended = MatchIndex(lexicon=lexicon, scorer=Halves(), blend=0.5)
    for index in (plain, blended):
        index.add_need("n1", "ana", "Busco un contable")
        index.add_offer("o1", "eva", "Contabilidad")
    lexical = plain.matches_for_need("n1")[0].score
    assert blended.matches_for_need("n1")[0].score == round(0.5 * lexical + 0.25, 4)
