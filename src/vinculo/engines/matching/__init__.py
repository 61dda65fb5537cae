"""Matching engine: which offers meet which needs, across Spanish and English.

Plain Python (no Django): a selector loads rows, services keep the index up to date, and
this package answers. A person is any hashable id (the owner is a person too); needs and
offers are texts with their own ids (two separate id spaces).

Building and editing::

    from vinculo.engines.matching import MatchIndex, reason_text

    index = MatchIndex.from_rows(
        needs=[(person_id, need_id, text, lang_hint), ...],
        offers=[(person_id, offer_id, text, lang_hint), ...],
        extra_synonyms=[["tpv", "datáfono", "card terminal"]],  # the user's own groups
    )
    index.add_need(need_id, person_id, text, "es")  # add, or replace the need with that id
    index.add_offer(offer_id, person_id, text, "en")
    index.remove_need(need_id); index.remove_offer(offer_id)
    index.set_person(person_id, needs=[(id, text, lang)], offers=[...])  # replace all
    index.remove_person(person_id)

``lang_hint`` may be ``None``; each text's language is told from the text itself, the hint
breaking ties. Edits take well under a millisecond per text and are seen by the next query.
An index grown by edits answers exactly like one built in one go while it is small (under
``exact_below`` texts, 50,000 by default); on larger ones the IDF weights are refreshed
once the texts have changed by 1 % (``refresh_share``), or when ``index.refresh()`` is
called. The index is plain in-memory Python: build one per process (or per worker) and
keep it in step through the services that edit needs and offers; it is not thread-safe.

Queries (all best first; ``exclude`` leaves out pairs of people who already know each other
well: a set of ``(a, b)`` pairs, in any order, or a function ``(a, b) -> bool``)::

    index.matches_for_need(need_id, limit=10, exclude=...)     -> list[Match]
    index.who_can_help(person_id, limit=20, exclude=...)       -> list[Match]  # their needs
    index.whom_can_i_help(person_id, limit=20, exclude=...)    -> list[Match]  # their offers
    index.suggestions(limit=50, exclude=..., per_need=1, per_person=3, people=None)
                                                               -> list[Match]  # everyone
    index.search_offers("alguien que haga auditorías", lang="es", limit=10,
                        exclude_people={owner_id})             -> list[OfferHit]
    index.all_matches(per_need=10, exclude=...)                -> Iterator[Match]  # to store

Pairs scoring under ``min_score`` (0.15 by default) are not returned. ``suggestions()``
reads every candidate on small indexes or for given ``people``; on large communities it
reads, for each term, the offers where that term weighs most (seconds for 100,000 people:
run it in a background task and cache it).

A :class:`Match` holds both ids, both people, both texts as typed, ``score`` (0..1) and
``terms`` (what they have in common, each a :class:`MatchedTerm` named in Spanish and
English). :func:`reason_text` renders it for a reader::

    reason_text(match, "es", names={7: "María", 9: "Luis"})
    # María necesita «un diseñador para su web»; Luis ofrece «diseño web para despachos»
    # (coinciden: diseño web)

The reason templates are a small dict in :mod:`.reasons` (Spanish and English); pass
``template=`` for another wording or language (placeholders ``{need_name}``, ``{need}``,
``{offer_name}``, ``{offer}``, ``{terms}``).

Optional semantic scoring: ``MatchIndex(scorer=EmbeddingScorer("/path/to/model"))``
re-scores the best lexical candidates with sentence embeddings from a model already on
disk (extra ``semantic``); it never downloads and raises :class:`SemanticUnavailable` with
what to install when the library or the model is missing.

What the engine understands, and the files to extend it: see :mod:`.analysis` and
``data/concepts.txt`` (concept groups: synonyms, regional variants, translations) and
``data/words.toml`` (stop words, negations, false friends).
"""

from vinculo.engines.matching.index import Match, MatchedTerm, MatchIndex, OfferHit
from vinculo.engines.matching.lexicon import Lexicon
from vinculo.engines.matching.reasons import TEMPLATES, reason_text
from vinculo.engines.matching.scorers import (
    EmbeddingScorer,
    LexicalScorer,
    Scorer,
    SemanticUnavailable,
)

__all__ = [
    "TEMPLATES",
    "EmbeddingScorer",
    "LexicalScorer",
    "Lexicon",
    "Match",
    "MatchIndex",
    "MatchedTerm",
    "OfferHit",
    "Scorer",
    "SemanticUnavailable",
    "reason_text",
]
