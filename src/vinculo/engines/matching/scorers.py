"""Scorers: how alike a need and an offer are, 0..1.

The index always finds candidates lexically (concepts and stems, offline, nothing to
download). A :class:`Scorer` given to ``MatchIndex(scorer=...)`` re-scores the best of them;
the final score blends both (``MatchIndex(blend=0.5)``).

- :class:`LexicalScorer`: the same analysis as the index (concepts, stems, negation), on
  its own, without corpus statistics: usable to compare any two texts.
- :class:`EmbeddingScorer`: sentence embeddings from a model already on disk (install the
  ``semantic`` extra: ``pip install 'vinculo[semantic]'``). It never downloads: the Hugging
  Face libraries are put offline and the model is read from the folder given.
"""

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from vinculo.engines.matching.analysis import Analyzer
from vinculo.engines.matching.lexicon import shared_lexicon


class SemanticUnavailable(RuntimeError):
    """The semantic scorer cannot run here: the library or the model is missing."""


@runtime_checkable
class Scorer(Protocol):
    def score(self, pairs: Sequence[tuple[str, str]]) -> Sequence[float]:
        """How well each ``(need text, offer text)`` pair matches, 0..1."""
        ...


class LexicalScorer:
    """Cosine of the concept-and-stem vectors of two texts (no corpus weighting)."""

    def __init__(self, analyzer: Analyzer | None = None) -> None:
        self.analyzer = analyzer if analyzer is not None else Analyzer(shared_lexicon())

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        out = []
        for need_text, offer_text in pairs:
            need = self.analyzer.analyze(need_text, need=True).terms
            offer = self.analyzer.analyze(offer_text, need=False).terms
            if not any(topic and offer.get(t, (0,))[0] > 0 for t, (_f, topic) in need.items()):
                out.append(0.0)
                continue
            dot = sum(
                f * offer[t][0]
                for t, (f, _topic) in need.items()
                if t in offer and (f > 0 or offer[t][0] > 0)
            )
            nn = math.sqrt(sum(f * f for f, _t in need.values() if f > 0))
            on = math.sqrt(sum(f * f for f, _t in offer.values() if f > 0))
            out.append(max(0.0, dot / (nn * on)) if nn and on else 0.0)
        return out


class EmbeddingScorer:
    """Cosine similarity of sentence embeddings from a local model (multilingual, ideally).

    ``model_path`` is a folder holding a sentence-transformers model (for instance a copy of
    ``paraphrase-multilingual-MiniLM-L12-v2``). Nothing is downloaded: if the library is not
    installed or the folder holds no model, :class:`SemanticUnavailable` says what to do.
    """

    def __init__(self, model_path: str | os.PathLike, *, device: str | None = None) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        path = Path(model_path)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise SemanticUnavailable(
                "The semantic scorer needs the 'sentence-transformers' library: "
                "pip install 'vinculo[semantic]'."
            ) from exc
        if not path.is_dir():
            raise SemanticUnavailable(
                f"No sentence-transformers model in {path}: copy a model folder there "
                "(it is never downloaded)."
            )
        try:
            self.model = SentenceTransformer(str(path), device=device, local_files_only=True)
        except Exception as exc:  # the library raises many kinds for a bad folder
            raise SemanticUnavailable(f"Could not load the model in {path}: {exc}") from exc
        self._cache: dict[str, list[float]] = {}

    def _vectors(self, texts: Sequence[str]) -> dict[str, list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            if len(self._cache) + len(missing) > 100_000:
                self._cache.clear()
                missing = list(dict.fromkeys(texts))
            encoded = self.model.encode(missing, normalize_embeddings=True)
            for text, vector in zip(missing, encoded, strict=True):
                self._cache[text] = [float(x) for x in vector]
        return self._cache

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        vectors = self._vectors([t for pair in pairs for t in pair])
        out = []
        for need_text, offer_text in pairs:
            a, b = vectors[need_text], vectors[offer_text]
            out.append(max(0.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True)))))
        return out
