"""The match index: needs and offers of many people, kept up to date one edit at a time.

How it stays fast at community scale:

- every text becomes a *signature*: its terms (interned ints) with their factors. Texts with
  the same signature ("diseño web" typed by 300 people) share one entry, so a query scores
  each distinct signature once and then lists its members;
- an inverted index maps each term to the offer signatures that contain it (and to the
  need signatures for which it is a topic), so a query only touches signatures that share a
  term with it, never all pairs;
- document frequencies are counted as texts come and go. IDF weights (and the lengths of
  the signatures, which depend on them) are taken from those counts at a *refresh*: before
  any query while the index is small (under ``exact_below`` texts: results are then exactly
  those of an index built in one go), and once the texts have changed by more than
  ``refresh_share`` since the last one when it is large. A text added since the last
  refresh is found and scored at once; only the weights of its words wait;
- terms found in more than ``common_share`` of all texts (and in more than
  ``common_floor`` texts) are too common to find candidates with: they still add to the
  score of a pair found through another term, but cannot make a match on their own.

Scores are cosine similarities between IDF-weighted term vectors (0..1). A pair is a match
only if the offer has one of the need's *topic* terms (not a common word, a place or whom
the need is for) that is not too common. ``matches_for_need``, ``who_can_help``,
``whom_can_i_help`` and ``search_offers`` are exact; ``suggestions`` over everyone is exact
on small indexes (``EXACT_SUGGESTIONS_BELOW`` texts) or for given ``people``, and on large
ones reads, for each term, only the offers where it weighs most (``POOL_HEAD``), to stay
fast on large communities.
"""

import heapq
import math
import multiprocessing
import os
import pickle
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from vinculo.engines.matching.analysis import Analysis, Analyzer
from vinculo.engines.matching.lexicon import Lexicon, display_words, shared_lexicon
from vinculo.engines.matching.scorers import Scorer

Id = Hashable
ExcludePairs = Callable[[Any, Any], bool] | Collection[tuple[Any, Any]] | None

DEFAULT_MIN_SCORE = 0.15
POOL_HEAD = 64  # suggestions(): offer signatures read per term, where it weighs most
POOL_SIZE = 16  # suggestions(): candidates fully scored per need signature
POOL_KEEP = 8  # suggestions(): best offer signatures kept per need signature
EXACT_SUGGESTIONS_BELOW = 5000  # texts: below this, suggestions() reads every candidate
QUERY_CACHE_LIMIT = 4096  # need signatures whose ranked offers are kept between queries
PARALLEL_ABOVE = 200_000  # rows: from_rows() analyses larger builds in several processes


@dataclass(frozen=True, slots=True)
class MatchedTerm:
    """One thing a need and an offer have in common.

    ``key`` is ``c:<concept>`` for a concept of the list, ``s:<stem>`` for a word;
    ``es``/``en`` name it for a reader in that language (a word is quoted as typed);
    ``share`` is its part of the score (0..1).
    """

    key: str
    es: str
    en: str
    share: float

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.es


@dataclass(frozen=True, slots=True)
class Match:
    """An offer that meets a need, with the score and what they have in common."""

    need_id: Id
    need_person: Id
    need_text: str
    offer_id: Id
    offer_person: Id
    offer_text: str
    score: float
    terms: tuple[MatchedTerm, ...]


@dataclass(frozen=True, slots=True)
class OfferHit:
    """An offer found by free-text search."""

    offer_id: Id
    person: Id
    text: str
    score: float
    terms: tuple[MatchedTerm, ...]


def _order(value: Any) -> tuple[str, Any]:
    """A sort key for ids of any one type (ints, strings, tuples), stable across runs."""
    return (type(value).__name__, value)


def _exclusion(exclude: ExcludePairs) -> Callable[[Any, Any], bool] | None:
    if exclude is None:
        return None
    if callable(exclude):
        return exclude
    pairs = exclude if isinstance(exclude, set | frozenset) else set(exclude)
    if not pairs:
        return None
    return lambda a, b: (a, b) in pairs or (b, a) in pairs


class _Side:
    """The texts of one kind (needs or offers): slots, signatures and postings."""

    def __init__(self, need: bool) -> None:
        self.need = need
        self.slot_of: dict[Id, int] = {}
        self.item: list[Id] = []
        self.person: list[Id] = []
        self.text: list[str] = []
        self.lang: list[str | None] = []
        self.sig: list[int] = []
        self.free: list[int] = []
        # signatures
        self.sig_of: dict[tuple, int] = {}
        self.sig_key: list[tuple | None] = []
        self.sig_terms: list[tuple[int, ...]] = []
        self.sig_factors: list[tuple[float, ...]] = []
        self.sig_lookup: list[dict[int, float] | None] = []  # offers: term -> factor
        self.sig_topics: list[tuple[int, ...]] = []
        self.sig_members: list[dict[int, None]] = []
        self.sig_norm: list[float] = []
        self.sig_norm_version: list[int] = []
        self.sig_free: list[int] = []
        # needs: topic term -> signatures; offers: any wanted term -> signatures
        self.postings: dict[int, dict[int, None]] = {}

    def __len__(self) -> int:
        return len(self.slot_of)

    def live_sigs(self) -> Iterator[int]:
        for sig, members in enumerate(self.sig_members):
            if members:
                yield sig


class MatchIndex:
    """Needs and offers of people, and the offers that meet each need.

    A person is any hashable id (the owner is a person too); a need or an offer is a text
    with its own id (needs and offers are separate id spaces). ``lang`` is a hint
    (``"es"``, ``"en"``, ``"es-MX"``...) used when a text does not tell its language.

    ``extra_synonyms``: the user's own synonym groups, merged with the shipped list.
    ``scorer``: optional :class:`~vinculo.engines.matching.scorers.Scorer` that re-scores the
    best lexical candidates (see ``EmbeddingScorer``); ``blend`` is its share of the score.
    """

    def __init__(
        self,
        *,
        extra_synonyms: Iterable[Sequence[str]] = (),
        lexicon: Lexicon | None = None,
        default_lang: str = "es",
        min_score: float = DEFAULT_MIN_SCORE,
        common_share: float = 0.05,
        common_floor: int = 1000,
        exact_below: int = 50_000,
        refresh_share: float = 0.01,
        scorer: Scorer | None = None,
        blend: float = 0.5,
        cache_size: int = 300_000,
    ) -> None:
        extra = [list(g) for g in extra_synonyms]
        if lexicon is not None and not extra:
            self.lexicon = lexicon
        else:
            self.lexicon = Lexicon(extra) if extra else shared_lexicon()
        self.analyzer = Analyzer(self.lexicon, default_lang)
        self.min_score = min_score
        self.common_share = common_share
        self.common_floor = common_floor
        self.exact_below = exact_below
        self.refresh_share = refresh_share
        self.scorer = scorer
        self.blend = blend
        self._cache: dict[tuple[str, str | None, bool], tuple] = {}
        self._explained: dict[tuple[str, str | None, bool], Analysis] = {}
        self._hint: dict[int, int] = {}  # id of a cached signature key -> its signature
        self._explanations: dict[tuple, tuple] = {}
        self._cache_size = cache_size
        self._term_id: dict[str, int] = {}
        self._term_key: list[str] = []
        self._df: list[int] = []
        self._texts = 0
        self._idf_values: list[float] = []
        self._idf_n = 0  # texts at the last refresh
        self._changes = 0  # texts added or removed since
        self._version = 0
        # Queries of one need signature give the same ranked offers until the index changes:
        # kept here, with each offer signature's members in order, and dropped on any edit.
        self._mutations = 0
        self._queries: dict = {}
        self._queries_at = -1
        self.needs = _Side(need=True)
        self.offers = _Side(need=False)
        self._by_person: dict[Id, tuple[set[int], set[int]]] = {}

    # --- building and editing -------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        needs: Iterable[tuple[Id, Id, str, str | None]] = (),
        offers: Iterable[tuple[Id, Id, str, str | None]] = (),
        *,
        workers: int | None = None,
        **options: Any,
    ) -> "MatchIndex":
        """An index of ``(person, id, text, lang)`` rows, as a selector loads them.

        ``workers``: processes that analyse the texts. By default one, and on machines with
        several cores two or more for large builds (over ``PARALLEL_ABOVE`` rows); where
        processes cannot be started (a daemonic worker, say) it falls back to one.
        """
        index = cls(**options)
        needs, offers = list(needs), list(offers)
        if workers is None:
            big = len(needs) + len(offers) > PARALLEL_ABOVE
            workers = min(4, os.cpu_count() or 1) if big else 1
        if workers > 1:
            keys = list(
                dict.fromkeys(
                    [(text, lang, True) for _p, _i, text, lang in needs]
                    + [(text, lang, False) for _p, _i, text, lang in offers]
                )
            )
            index._analyze_in_processes(keys, workers)
        for person, item, text, lang in needs:
            index.add_need(item, person, text, lang)
        for person, item, text, lang in offers:
            index.add_offer(item, person, text, lang)
        index.refresh()
        for side in (index.needs, index.offers):  # ready to answer: lengths computed now
            for sig in side.live_sigs():
                index._norm(side, sig)
        if len(index._cache) > index._cache_size:
            index._cache.clear()
            index._hint.clear()
        return index

    def _analyze_in_processes(self, keys: list[tuple[str, str | None, bool]], workers: int) -> None:
        """Analyse these texts in ``workers`` processes (this one too) and cache them."""
        chunks = [keys[n::workers] for n in range(workers)]
        lexicon = self.lexicon
        lists = (lexicon.extra_synonyms, lexicon.concepts_path, lexicon.words_path)
        context = multiprocessing.get_context("spawn")  # safe under threads, unlike fork
        try:
            with ProcessPoolExecutor(
                max_workers=workers - 1,
                mp_context=context,
                initializer=_start_worker,
                initargs=(*lists, self.analyzer.default_lang),
            ) as pool:
                futures = [pool.submit(_analyze_texts, chunk) for chunk in chunks[1:]]
                results = [[self._analyze(*key).terms for key in chunks[0]]]
                results += [future.result() for future in futures]
        except (OSError, AssertionError, BrokenProcessPool, pickle.PicklingError):
            return  # the texts are analysed here, one by one, as they are added
        cache = self._cache
        for chunk, found in zip(chunks, results, strict=True):
            for key, terms in zip(chunk, found, strict=True):
                cache[key] = tuple(
                    (self._intern(term), factor, topic)
                    for term, (factor, topic) in sorted(terms.items())
                )

    def add_need(self, need_id: Id, person: Id, text: str, lang: str | None = None) -> None:
        """Add a need, or replace the need with that id."""
        self._put(self.needs, need_id, person, text, lang)

    def add_offer(self, offer_id: Id, person: Id, text: str, lang: str | None = None) -> None:
        """Add an offer, or replace the offer with that id."""
        self._put(self.offers, offer_id, person, text, lang)

    update_need = add_need
    update_offer = add_offer

    def remove_need(self, need_id: Id) -> bool:
        return self._drop(self.needs, need_id)

    def remove_offer(self, offer_id: Id) -> bool:
        return self._drop(self.offers, offer_id)

    def set_person(
        self,
        person: Id,
        *,
        needs: Iterable[tuple[Id, str, str | None]] = (),
        offers: Iterable[tuple[Id, str, str | None]] = (),
    ) -> None:
        """Replace all needs and offers of ``person`` with these ``(id, text, lang)`` rows."""
        self.remove_person(person)
        for item, text, lang in needs:
            self.add_need(item, person, text, lang)
        for item, text, lang in offers:
            self.add_offer(item, person, text, lang)

    def remove_person(self, person: Id) -> None:
        need_slots, offer_slots = self._by_person.get(person, (set(), set()))
        for slot in list(need_slots):
            self._drop(self.needs, self.needs.item[slot])
        for slot in list(offer_slots):
            self._drop(self.offers, self.offers.item[slot])

    def refresh(self) -> None:
        """Take IDF weights from the current counts (queries do it when it is due)."""
        n = self._texts
        self._idf_n = n
        self._idf_values = [self._idf_formula(df, n) for df in self._df]
        self._changes = 0
        self._version += 1
        self._mutations += 1

    def __len__(self) -> int:
        return self._texts

    def people(self) -> set[Id]:
        return set(self._by_person)

    # --- internals: texts, terms, signatures ----------------------------------------------

    def _analyze(self, text: str, lang: str | None, need: bool) -> Analysis:
        return self.analyzer.analyze(text, lang, need=need)

    def _analysis(self, text: str, lang: str | None, need: bool) -> Analysis:
        """Cached analysis, for explaining results (the same texts come back often)."""
        key = (text, lang, need)
        analysis = self._explained.get(key)
        if analysis is None:
            if len(self._explained) >= 20_000:
                self._explained.clear()
            analysis = self._explained[key] = self._analyze(text, lang, need)
        return analysis

    def _signature_key(self, text: str, lang: str | None, need: bool) -> tuple:
        """``((term id, factor, topic), ...)`` for a text, cached (many texts repeat)."""
        key = (text, lang, need)
        sig_key = self._cache.get(key)
        if sig_key is None:
            terms = self._analyze(text, lang, need).terms
            sig_key = tuple(
                (self._intern(term), factor, topic)
                for term, (factor, topic) in sorted(terms.items())
            )
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
                self._hint.clear()
            self._cache[key] = sig_key
        return sig_key

    def _intern(self, term: str) -> int:
        tid = self._term_id.get(term)
        if tid is None:
            tid = self._term_id[term] = len(self._term_key)
            self._term_key.append(term)
            self._df.append(0)
        return tid

    def _put(self, side: _Side, item: Id, person: Id, text: str, lang) -> None:
        if item in side.slot_of:
            self._drop(side, item)
        sig_key = self._signature_key(text, lang, side.need)
        sig = self._hint.get(id(sig_key))  # the signature this very key made last time
        if sig is None or sig >= len(side.sig_key) or side.sig_key[sig] is not sig_key:
            sig = side.sig_of.get(sig_key)
            if sig is None:
                sig = self._new_sig(side, sig_key)
            if len(self._hint) >= self._cache_size:
                self._hint.clear()
            self._hint[id(sig_key)] = sig
        if side.free:
            slot = side.free.pop()
            side.item[slot], side.person[slot], side.text[slot] = item, person, text
            side.lang[slot], side.sig[slot] = lang, sig
        else:
            slot = len(side.item)
            side.item.append(item)
            side.person.append(person)
            side.text.append(text)
            side.lang.append(lang)
            side.sig.append(sig)
        side.slot_of[item] = slot
        side.sig_members[sig][slot] = None
        df = self._df
        for term in side.sig_terms[sig]:
            df[term] += 1
        self._texts += 1
        self._changes += 1
        self._mutations += 1
        slots = self._by_person.get(person)
        if slots is None:
            slots = self._by_person[person] = (set(), set())
        slots[0 if side.need else 1].add(slot)

    def _drop(self, side: _Side, item: Id) -> bool:
        slot = side.slot_of.pop(item, None)
        if slot is None:
            return False
        sig = side.sig[slot]
        df = self._df
        for term in side.sig_terms[sig]:
            df[term] -= 1
        self._texts -= 1
        self._changes += 1
        self._mutations += 1
        members = side.sig_members[sig]
        del members[slot]
        if not members:
            self._free_sig(side, sig)
        person = side.person[slot]
        slots = self._by_person[person]
        slots[0 if side.need else 1].discard(slot)
        if not slots[0] and not slots[1]:
            del self._by_person[person]
        side.item[slot] = side.person[slot] = None
        side.text[slot] = ""
        side.free.append(slot)
        return True

    @staticmethod
    def _found_by(side: _Side, terms, factors, topics) -> Iterable[int]:
        """The terms a signature is found by: a need's topics, an offer's wanted terms."""
        if side.need:
            return topics
        return [t for t, f in zip(terms, factors, strict=True) if f > 0]

    def _new_sig(self, side: _Side, sig_key: tuple) -> int:
        terms = tuple(t for t, _f, _topic in sig_key)
        factors = tuple(f for _t, f, _topic in sig_key)
        topics = tuple(t for t, _f, topic in sig_key if topic)
        lookup = None if side.need else dict(zip(terms, factors, strict=True))
        if side.sig_free:
            sig = side.sig_free.pop()
            side.sig_key[sig], side.sig_terms[sig], side.sig_factors[sig] = sig_key, terms, factors
            side.sig_topics[sig], side.sig_members[sig], side.sig_lookup[sig] = topics, {}, lookup
            side.sig_norm_version[sig] = -1
        else:
            sig = len(side.sig_key)
            side.sig_key.append(sig_key)
            side.sig_terms.append(terms)
            side.sig_factors.append(factors)
            side.sig_topics.append(topics)
            side.sig_members.append({})
            side.sig_lookup.append(lookup)
            side.sig_norm.append(0.0)
            side.sig_norm_version.append(-1)
        side.sig_of[sig_key] = sig
        for term in self._found_by(side, terms, factors, topics):
            posting = side.postings.get(term)
            if posting is None:
                posting = side.postings[term] = {}
            posting[sig] = None
        return sig

    def _free_sig(self, side: _Side, sig: int) -> None:
        del side.sig_of[side.sig_key[sig]]
        found_by = self._found_by(
            side, side.sig_terms[sig], side.sig_factors[sig], side.sig_topics[sig]
        )
        for term in found_by:
            posting = side.postings[term]
            del posting[sig]
            if not posting:
                del side.postings[term]
        side.sig_key[sig] = None
        side.sig_terms[sig] = side.sig_factors[sig] = side.sig_topics[sig] = ()
        side.sig_lookup[sig] = None
        side.sig_free.append(sig)

    # --- weights ----------------------------------------------------------------------------

    @staticmethod
    def _idf_formula(df: int, n: int) -> float:
        # smooth IDF: a term found everywhere still counts (1.0), a rare one up to 1 + ln(n)
        return math.log((1.0 + n) / (1.0 + df)) + 1.0

    def _fresh(self) -> None:
        """Refresh the weights if it is due (see the module's docstring)."""
        if self._changes and (
            self._texts < self.exact_below or self._changes > self.refresh_share * self._idf_n
        ):
            self.refresh()

    def _idf(self, term: int) -> float:
        values = self._idf_values
        if term >= len(values):  # terms first seen since the last refresh
            n = self._idf_n or self._texts
            df = self._df
            values.extend(self._idf_formula(df[t], n) for t in range(len(values), term + 1))
        return values[term]

    def _common_limit(self) -> float:
        return max(self.common_floor, self.common_share * self._texts)

    def _needles(self, topics: tuple[int, ...]) -> tuple[int, ...]:
        """The topic terms of a need that can find candidates: all but the too common."""
        limit, df = self._common_limit(), self._df
        return tuple(t for t in topics if df[t] <= limit)

    def _length(self, terms: tuple[int, ...], factors: tuple[float, ...]) -> float:
        idf = self._idf
        total = 0.0
        for term, factor in zip(terms, factors, strict=True):
            if factor > 0:  # what a text says it does not want is not part of its length
                w = factor * idf(term)
                total += w * w
        return math.sqrt(total)

    def _norm(self, side: _Side, sig: int) -> float:
        if side.sig_norm_version[sig] != self._version:
            side.sig_norm[sig] = self._length(side.sig_terms[sig], side.sig_factors[sig])
            side.sig_norm_version[sig] = self._version
        return side.sig_norm[sig]

    def _weights(self, terms, factors) -> list[tuple[int, float]]:
        """``(term, factor * idf²)``: a need's side of each product in the dot product."""
        idf = self._idf
        return [(t, f * idf(t) * idf(t)) for t, f in zip(terms, factors, strict=True)]

    @staticmethod
    def _dot(weights: list[tuple[int, float]], lookup: dict[int, float]) -> float:
        dot = 0.0
        for term, c in weights:
            f = lookup.get(term)
            if f is not None and (f > 0 or c > 0):  # two "not X" do not make a match
                dot += c * f
        return dot

    # --- scoring ----------------------------------------------------------------------------

    def _rank_offer_sigs(
        self, weights, qnorm: float, needles, floor: float, candidates=None
    ) -> list[tuple[float, int]]:
        """``(score, offer signature)`` for the offer signatures that meet a need, best first."""
        if not qnorm:
            return []
        offers = self.offers
        if candidates is None:
            candidates = set()
            for term in needles:
                posting = offers.postings.get(term)
                if posting:
                    candidates.update(posting)
        lookup, dot, norm = offers.sig_lookup, self._dot, self._norm
        ranked = []
        for sig in candidates:
            score = dot(weights, lookup[sig]) / (qnorm * norm(offers, sig))
            if score >= floor:
                ranked.append((score, sig))
        ranked.sort(key=lambda x: -x[0])
        return ranked

    def _need_query(self, nsig: int) -> tuple[list, float, tuple]:
        needs = self.needs
        weights = self._weights(needs.sig_terms[nsig], needs.sig_factors[nsig])
        return weights, self._norm(needs, nsig), self._needles(needs.sig_topics[nsig])

    def _members(self, side: _Side, sig: int, cache: dict | None = None) -> list[int]:
        """The slots of a signature, in a stable order (person, then id)."""
        if cache is not None and sig in cache:
            return cache[sig]
        members = list(side.sig_members[sig])
        if len(members) > 1:
            members.sort(key=lambda s: (_order(side.person[s]), _order(side.item[s])))
        if cache is not None:
            cache[sig] = members
        return members

    # --- queries ----------------------------------------------------------------------------

    def matches_for_need(
        self,
        need_id: Id,
        *,
        limit: int = 10,
        exclude: ExcludePairs = None,
        min_score: float | None = None,
    ) -> list[Match]:
        """The offers of other people that meet this need, best first."""
        slot = self.needs.slot_of.get(need_id)
        if slot is None:
            return []
        self._fresh()
        return self._offers_for_need_slot(slot, limit, _exclusion(exclude), min_score)

    def who_can_help(
        self,
        person: Id,
        *,
        limit: int = 20,
        per_need: int = 5,
        exclude: ExcludePairs = None,
        min_score: float | None = None,
    ) -> list[Match]:
        """Offers of other people that meet this person's needs, best first."""
        self._fresh()
        excluded = _exclusion(exclude)
        found: list[Match] = []
        for slot in self._by_person.get(person, (set(), set()))[0]:
            found.extend(self._offers_for_need_slot(slot, per_need, excluded, min_score))
        found.sort(key=_match_order)
        return found[:limit]

    def whom_can_i_help(
        self,
        person: Id,
        *,
        limit: int = 20,
        per_offer: int = 5,
        exclude: ExcludePairs = None,
        min_score: float | None = None,
    ) -> list[Match]:
        """Needs of other people that this person's offers meet, best first (give first)."""
        self._fresh()
        excluded = _exclusion(exclude)
        found: list[Match] = []
        for slot in self._by_person.get(person, (set(), set()))[1]:
            found.extend(self._needs_for_offer_slot(slot, per_offer, excluded, min_score))
        found.sort(key=_match_order)
        return found[:limit]

    def search_offers(
        self,
        text: str,
        *,
        lang: str | None = None,
        limit: int = 10,
        exclude_people: Collection[Id] = (),
        min_score: float | None = None,
    ) -> list[OfferHit]:
        """Offers that meet a need typed as free text ("alguien que haga auditorías")."""
        self._fresh()
        terms = self._analyze(text, lang, True).terms
        known = [
            (self._term_id[t], f, topic) for t, (f, topic) in terms.items() if t in self._term_id
        ]
        known.sort()
        ids = tuple(t for t, _f, _topic in known)
        factors = tuple(f for _t, f, _topic in known)
        # the length counts every term of the query, also words no offer has
        unseen = self._idf_formula(0, self._idf_n or self._texts)
        qnorm = math.sqrt(
            sum(
                (f * (self._idf(self._term_id[t]) if t in self._term_id else unseen)) ** 2
                for t, (f, _topic) in terms.items()
                if f > 0
            )
        )
        needles = self._needles(tuple(t for t, _f, topic in known if topic))
        floor = self.min_score if min_score is None else min_score
        ranked = self._rank_offer_sigs(self._weights(ids, factors), qnorm, needles, floor)
        offers = self.offers
        pool = max(limit * 3, 30) if self.scorer else limit
        hits: list[tuple[float, int]] = []
        for score, sig in ranked:
            if len(hits) >= pool:
                break
            for slot in self._members(offers, sig):
                if offers.person[slot] not in exclude_people:
                    hits.append((score, slot))
        hits.sort(
            key=lambda h: (-round(h[0], 9), _order(offers.person[h[1]]), _order(offers.item[h[1]]))
        )
        hits = hits[:pool]
        if self.scorer and hits:
            hits = self._rescore([(text, offers.text[s]) for _sc, s in hits], hits, floor)
            hits.sort(key=lambda h: -h[0])
        return [
            OfferHit(
                offers.item[slot],
                offers.person[slot],
                offers.text[slot],
                round(score, 4),
                self._explain(text, lang, offers.text[slot], offers.lang[slot]),
            )
            for score, slot in hits[:limit]
        ]

    def suggestions(
        self,
        *,
        limit: int = 50,
        exclude: ExcludePairs = None,
        per_need: int = 1,
        per_person: int = 3,
        min_score: float | None = None,
        people: Collection[Id] | None = None,
    ) -> list[Match]:
        """Introductions to suggest across everyone: a need of one, an offer of another.

        Best first; each need appears at most ``per_need`` times and each person at most
        ``per_person`` times (as either side), so one prolific person does not fill the
        list. ``people``: only pairs where both people are in this set (read exactly).
        """
        self._fresh()
        excluded = _exclusion(exclude)
        floor = self.min_score if min_score is None else min_score
        needs, offers = self.needs, self.offers
        ranked_by_sig = self._rank_all(floor, people)
        heap: list = []  # one entry per need: (-best score, need order, slot, stream)
        for sig, ranked in ranked_by_sig.items():
            best = -round(ranked[0][0], 9)
            for slot in needs.sig_members[sig]:
                if people is None or needs.person[slot] in people:
                    heap.append(
                        (best, _order(needs.person[slot]), _order(needs.item[slot]), slot, None)
                    )
        heapq.heapify(heap)
        member_cache: dict[int, list[int]] = {}
        taken: list[tuple[float, int, int]] = []
        per_need_count: dict[int, int] = {}
        per_person_count: dict[Id, int] = {}
        pool = limit * 3 if self.scorer else limit
        while heap and len(taken) < pool:
            _neg, pkey, ikey, slot, state = heapq.heappop(heap)
            if state is None:  # first visit: start reading this need's candidates
                stream = self._pairs_for_need(
                    slot, ranked_by_sig[needs.sig[slot]], excluded, people, member_cache
                )
            else:
                stream, (score, offer_slot) = state
                need_person, offer_person = needs.person[slot], offers.person[offer_slot]
                if per_person_count.get(need_person, 0) >= per_person:
                    continue  # this need can take nothing more
                if per_person_count.get(offer_person, 0) < per_person:
                    taken.append((score, slot, offer_slot))
                    per_need_count[slot] = per_need_count.get(slot, 0) + 1
                    per_person_count[need_person] = per_person_count.get(need_person, 0) + 1
                    per_person_count[offer_person] = per_person_count.get(offer_person, 0) + 1
                    if per_need_count[slot] >= per_need:
                        continue
            nxt = next(stream, None)
            if nxt is not None:
                heapq.heappush(heap, (-round(nxt[0], 9), pkey, ikey, slot, (stream, nxt)))
        matches = [self._make_match(s, n, o) for s, n, o in taken]
        if self.scorer and matches:
            matches = self._rescore_matches(matches, floor)
        matches.sort(key=_match_order)
        return matches[:limit]

    def all_matches(
        self,
        *,
        per_need: int = 10,
        exclude: ExcludePairs = None,
        min_score: float | None = None,
    ) -> Iterator[Match]:
        """The best offers of every need at once (to store them all), need by need.

        The same answers as ``matches_for_need`` for each need on small indexes; on large
        ones, read as ``suggestions`` reads them (much faster than a query per need).
        """
        self._fresh()
        excluded = _exclusion(exclude)
        floor = self.min_score if min_score is None else min_score
        needs, offers = self.needs, self.offers
        member_cache: dict[int, list[int]] = {}
        ranked_by_sig = self._rank_all(floor, None, keep=max(POOL_KEEP, per_need))
        for sig in sorted(ranked_by_sig, key=lambda s: self._members(needs, s)[0]):
            ranked = ranked_by_sig[sig]
            for slot in self._members(needs, sig):
                pairs: list[tuple[float, int]] = []
                last = None
                for score, offer_slot in self._pairs_for_need(
                    slot, ranked, excluded, None, member_cache
                ):
                    if len(pairs) >= per_need and score != last:
                        break  # (ties with the last one kept are read too: they go by id)
                    pairs.append((score, offer_slot))
                    last = score
                pairs.sort(
                    key=lambda p: (
                        -round(p[0], 9), _order(offers.person[p[1]]), _order(offers.item[p[1]]),
                    )
                )  # fmt: skip
                for score, offer_slot in pairs[:per_need]:
                    yield self._make_match(score, slot, offer_slot)

    # --- query helpers ------------------------------------------------------------------------

    def _rank_all(
        self, floor: float, people, keep: int = POOL_KEEP
    ) -> dict[int, list[tuple[float, int]]]:
        """The best offer signatures of every need signature (see the module's docstring)."""
        needs, offers = self.needs, self.offers
        ranked_by_sig = {}
        if people is not None or self._texts < EXACT_SUGGESTIONS_BELOW:  # read it exactly
            for sig in needs.live_sigs():
                members = needs.sig_members[sig]
                if people is None or any(needs.person[s] in people for s in members):
                    ranked = self._rank_offer_sigs(*self._need_query(sig), floor)
                    if ranked:
                        ranked_by_sig[sig] = ranked
            return ranked_by_sig
        norm, lookup = self._norm, offers.sig_lookup
        # for each term, the offer signatures where it weighs most: (impact, signature)
        heads: dict[int, list[tuple[float, int]]] = {}
        pools: dict[tuple, list[int]] = {}
        for sig in needs.live_sigs():
            weights, qnorm, needles = self._need_query(sig)
            if not needles or not qnorm:
                continue
            pool = pools.get(needles)
            if pool is None:
                # a rough score from the needles alone, read from the heads
                rough: dict[int, float] = {}
                for term, c in weights:
                    if term not in needles:
                        continue
                    head = heads.get(term)
                    if head is None:
                        posting = offers.postings.get(term, {})
                        head = heads[term] = heapq.nlargest(
                            POOL_HEAD,
                            ((lookup[o][term] / (norm(offers, o) or 1.0), o) for o in posting),
                        )
                    for impact, o in head:
                        rough[o] = rough.get(o, 0.0) + c * impact
                pool = heapq.nlargest(max(POOL_SIZE, 2 * keep), rough, key=rough.__getitem__)
                pools[needles] = pool
            ranked = self._rank_offer_sigs(weights, qnorm, needles, floor, candidates=pool)
            if ranked:
                ranked_by_sig[sig] = ranked[:keep]
        return ranked_by_sig

    def _pairs_for_need(self, slot, ranked, excluded, people, member_cache) -> Iterator:
        """``(score, offer slot)`` for one need, best first, skipping what is not allowed."""
        offers = self.offers
        person = self.needs.person[slot]
        for score, sig in ranked:
            for offer_slot in self._members(offers, sig, member_cache):
                other = offers.person[offer_slot]
                if other == person:
                    continue
                if people is not None and other not in people:
                    continue
                if excluded is not None and excluded(person, other):
                    continue
                yield score, offer_slot

    def _query_cache(self) -> dict:
        """What queries keep between them; empty again after any edit of the index."""
        if self._queries_at != self._mutations or len(self._queries) > QUERY_CACHE_LIMIT:
            self._queries = {"members": {}}
            self._queries_at = self._mutations
        return self._queries

    def _offers_for_need_slot(self, slot, limit, excluded, min_score) -> list[Match]:
        offers = self.offers
        floor = self.min_score if min_score is None else min_score
        cache = self._query_cache()
        nsig = self.needs.sig[slot]
        ranked = cache.get((nsig, floor))
        if ranked is None:
            ranked = cache[nsig, floor] = self._rank_offer_sigs(*self._need_query(nsig), floor)
        pool = max(limit * 3, 30) if self.scorer else limit
        pairs: list[tuple[float, int]] = []
        last = None
        members = cache["members"]
        person, people = self.needs.person[slot], offers.person
        for score, sig in ranked:
            # keep going while scores tie with the last one kept: ties go by id, not by chance
            if len(pairs) >= pool and score != last:
                break
            # A signature's members are in the order ties are broken in: past the first
            # ``pool`` of them, none can be among the best ``pool``.
            taken = 0
            for offer_slot in self._members(offers, sig, members):
                other = people[offer_slot]
                if other == person or (excluded is not None and excluded(person, other)):
                    continue
                pairs.append((score, offer_slot))
                taken += 1
                if taken >= pool:
                    break
            if taken:
                last = score
        pairs.sort(
            key=lambda p: (-round(p[0], 9), _order(offers.person[p[1]]), _order(offers.item[p[1]]))
        )
        matches = [self._make_match(score, slot, offer_slot) for score, offer_slot in pairs[:pool]]
        if self.scorer and matches:
            matches = self._rescore_matches(matches, floor)
        return matches[:limit]

    def _needs_for_offer_slot(self, slot, limit, excluded, min_score) -> list[Match]:
        needs, offers = self.needs, self.offers
        osig = offers.sig[slot]
        person = offers.person[slot]
        floor = self.min_score if min_score is None else min_score
        lookup = offers.sig_lookup[osig]
        onorm = self._norm(offers, osig)
        limit_df, df = self._common_limit(), self._df
        candidates: set[int] = set()
        # a pair needs a topic of the need that is not too common: the postings of the
        # offer's other terms cannot hold a match that these do not
        for term in self._found_by(offers, offers.sig_terms[osig], offers.sig_factors[osig], ()):
            if df[term] <= limit_df:
                posting = needs.postings.get(term)
                if posting:
                    candidates.update(posting)
        ranked = []
        idf, norm = self._idf, self._norm
        sig_terms, sig_factors = needs.sig_terms, needs.sig_factors
        for nsig in candidates:
            qnorm = norm(needs, nsig)
            if not qnorm or not onorm:
                continue
            dot = 0.0  # as _dot() from the need's side, in the same order
            for term, f in zip(sig_terms[nsig], sig_factors[nsig], strict=True):
                fo = lookup.get(term)
                if fo is not None and (fo > 0 or f > 0):
                    i = idf(term)
                    dot += f * i * i * fo
            score = dot / (qnorm * onorm)
            if score >= floor:
                ranked.append((score, nsig))
        ranked.sort(key=lambda x: -x[0])
        pool = max(limit * 3, 30) if self.scorer else limit
        pairs: list[tuple[float, int]] = []
        last = None
        for score, nsig in ranked:
            if len(pairs) >= pool and score != last:
                break  # (ties with the last one kept are read too: they go by id)
            for need_slot in needs.sig_members[nsig]:
                other = needs.person[need_slot]
                if other == person or (excluded is not None and excluded(other, person)):
                    continue
                pairs.append((score, need_slot))
                last = score
        pairs.sort(
            key=lambda p: (-round(p[0], 9), _order(needs.person[p[1]]), _order(needs.item[p[1]]))
        )
        matches = [self._make_match(score, need_slot, slot) for score, need_slot in pairs[:pool]]
        if self.scorer and matches:
            matches = self._rescore_matches(matches, floor)
        return matches[:limit]

    def _make_match(self, score: float, need_slot: int, offer_slot: int) -> Match:
        needs, offers = self.needs, self.offers
        terms = self._explain(
            needs.text[need_slot], needs.lang[need_slot], offers.text[offer_slot],
            offers.lang[offer_slot],
        )  # fmt: skip
        return Match(
            needs.item[need_slot], needs.person[need_slot], needs.text[need_slot],
            offers.item[offer_slot], offers.person[offer_slot], offers.text[offer_slot],
            round(score, 4), terms,
        )  # fmt: skip

    def _explain(self, need_text, need_lang, offer_text, offer_lang) -> tuple:
        """What a need and an offer have in common, biggest share first, without repeats."""
        key = (need_text, need_lang, offer_text, offer_lang, self._version)
        terms = self._explanations.get(key)
        if terms is None:
            if len(self._explanations) >= 100_000:
                self._explanations.clear()
            terms = self._explanations[key] = self._common_terms(
                need_text, need_lang, offer_text, offer_lang
            )
        return terms

    def _common_terms(self, need_text, need_lang, offer_text, offer_lang) -> tuple:
        need = self._analysis(need_text, need_lang, True)
        offer = self._analysis(offer_text, offer_lang, False)
        shared = []
        total = 0.0
        for term, (nf, _topic) in need.terms.items():
            of = offer.terms.get(term)
            if of is None or nf <= 0 or of[0] <= 0:
                continue
            tid = self._term_id.get(term)
            idf = self._idf(tid) if tid is not None else 1.0
            part = nf * of[0] * idf * idf
            total += part
            shared.append((part, term))
        if not total:
            return ()
        shared.sort(key=lambda x: (-x[0], x[1]))
        parts = self.lexicon.parts
        concepts = {t[2:] for _p, t in shared if t[0] == "c"}
        # concepts said by a bigger one ("diseño web" says "diseño" and "web"); of two that
        # imply each other (related both ways), the one with the bigger share
        implied = {
            part
            for concept in concepts
            for part in parts.get(concept, ()) & concepts
            if concept not in parts.get(part, ())
        }
        typed = None  # folded word -> as typed
        result = []
        for part, term in shared:
            if part / total < 0.05 or term[2:] in implied:
                continue
            implied |= parts.get(term[2:], set())
            if term.startswith("c:"):
                concept = self.lexicon.concepts[term[2:]]
                es, en = concept.label("es"), concept.label("en")
            else:
                if typed is None:
                    typed = display_words(offer_text) | display_words(need_text)
                word = need.words.get(term) or offer.words.get(term) or term.split(":")[-1]
                es = en = typed.get(word, word)
            result.append(MatchedTerm(term, es, en, round(part / total, 3)))
            if len(result) == 4:
                break
        return tuple(result)

    # --- optional re-scoring ------------------------------------------------------------------

    def _rescore(self, texts: list[tuple[str, str]], hits: list, floor: float) -> list:
        semantic = self.scorer.score(texts)
        b = self.blend
        out = []
        for (lexical, slot), sem in zip(hits, semantic, strict=True):
            score = (1 - b) * lexical + b * max(0.0, min(1.0, float(sem)))
            if score >= floor:
                out.append((score, slot))
        return out

    def _rescore_matches(self, matches: list[Match], floor: float) -> list[Match]:
        semantic = self.scorer.score([(m.need_text, m.offer_text) for m in matches])
        b = self.blend
        out = []
        for m, sem in zip(matches, semantic, strict=True):
            score = round((1 - b) * m.score + b * max(0.0, min(1.0, float(sem))), 4)
            if score >= floor:
                out.append(
                    Match(
                        m.need_id, m.need_person, m.need_text, m.offer_id, m.offer_person,
                        m.offer_text, score, m.terms,
                    )
                )  # fmt: skip
        out.sort(key=_match_order)
        return out


_worker_analyzer: Analyzer | None = None


def _start_worker(extra_synonyms, concepts_path, words_path, default_lang: str) -> None:
    """One analyzer per worker process, with the same word lists as the index."""
    global _worker_analyzer
    lexicon = Lexicon(extra_synonyms, concepts_path=concepts_path, words_path=words_path)
    _worker_analyzer = Analyzer(lexicon, default_lang)


def _analyze_texts(keys: list[tuple[str, str | None, bool]]) -> list[dict]:
    return [_worker_analyzer.analyze(text, lang, need=need).terms for text, lang, need in keys]


def _match_order(m: Match) -> tuple:
    return (
        -m.score, _order(m.need_person), _order(m.need_id), _order(m.offer_person),
        _order(m.offer_id),
    )  # fmt: skip
