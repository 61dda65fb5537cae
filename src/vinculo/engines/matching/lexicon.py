"""The shipped word lists: concept groups and word lists (``data/``), ready to look up.

A :class:`Lexicon` turns them into lookup tables per language: phrase (as stems, or as
written for ``=`` entries) -> concept. Texts and phrases go through the same
:func:`normalize` and :func:`tokenize`, so what a user types and what the list says are
compared on equal terms.
"""

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

from vinculo.engines.text import fold

DATA = Path(__file__).parent / "data"
LANGUAGES = ("es", "en")
_STEMMER_NAMES = {"es": "spanish", "en": "english"}

# Kinds of concept. Only topics make a match on their own.
TOPIC = "topic"
SEGMENT = "segment"
GENERIC = "generic"
PLACE = "place"
KINDS = (TOPIC, SEGMENT, GENERIC, PLACE)

BOUNDARY = "|"  # token that ends a clause (punctuation)

# (pattern, replacement, a substring without which the pattern cannot match)
_REPLACEMENTS = [
    (re.compile(r"(\w)'s\b"), r"\1", "'s"),  # firm's -> firm
    (re.compile(r"['`]"), "", None),  # don't -> dont
    (re.compile(r"\bi\+d(?:\+i)?"), " imasd ", "+"),
    (re.compile(r"\br&d\b"), " rnd ", "&"),
    (re.compile(r"\bf&b\b"), " fandb ", "&"),
    (re.compile(r"\brr\.?\s?hh\.?"), " rrhh ", "rr"),
    (re.compile(r"\bee\.?\s?uu\.?"), " eeuu ", "ee"),
    (re.compile(r"\bc\+\+"), " cpp ", "+"),
    (re.compile(r"\bc#"), " csharp ", "#"),
    (re.compile(r"\.net\b"), " dotnet ", ".net"),
    (re.compile(r"\bnode\.js\b"), " nodejs ", ".js"),
    (re.compile(r"\b(ux|ui)\s*/\s*(ux|ui)\b"), r" \1 \2 ", "/"),
    # dotted abbreviations: i.a. -> ia, u.s. -> us
    (
        re.compile(r"\b(?:[a-z]\.){2,}"),
        lambda m: " " + m.group(0).replace(".", "") + " ",
        ".",
    ),
    # prefixes that make one word with a hyphen: e-commerce, co-founder, self-employed
    (
        re.compile(
            r"\b(e|co|no|low|pre|non|self|eco|multi|cross|in|on|start|last|full|front|back"
            r"|year|scale|hot|ex|post|re)-(?=[a-z0-9])"
        ),
        r"\1",
        "-",
    ),
]
_TOKEN = re.compile(r"[a-z0-9]+|[.,;:!?()\[\]{}|/\n\"+&=*_<>~]")
_UPPER_IT = re.compile(r"\b(?:IT|TI)\b")
_WORD = re.compile(r"\w+")
_APOSTROPHES = ("'", "`")
# punctuation outside ASCII that ends a clause, and apostrophes, kept through folding
_PUNCTUATION = re.compile("[¿¡•·«»“”…]")


def fast_fold(text: str) -> str:
    """:func:`vinculo.engines.text.fold` for what tokens keep (``a-z0-9``), faster.

    Characters that are neither ASCII nor letters with accents (``€``, ``ø``) are
    dropped instead of kept: tokens are ``[a-z0-9]+`` either way.
    """
    text = text.casefold()
    if text.isascii():
        return text
    text = _PUNCTUATION.sub(",", text).replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def normalize(text: str) -> str:
    """Folded text with the spellings that tokenizing would break joined or spelt out."""
    if "IT" in text or "TI" in text:
        text = _UPPER_IT.sub(" ittech ", text)  # "IT support", "soporte TI"; "it" is a pronoun
    text = fast_fold(text)
    for pattern, repl, needed in _REPLACEMENTS:
        if needed is None:
            if any(a in text for a in _APOSTROPHES):
                text = pattern.sub(repl, text)
        elif needed in text:
            text = pattern.sub(repl, text)
    return text


def tokenize(normalized: str) -> list[str]:
    """Words, and :data:`BOUNDARY` for punctuation that ends a clause."""
    tokens = []
    for tok in _TOKEN.findall(normalized):
        if tok[0].isalnum():
            tokens.append(tok)
        elif tokens and tokens[-1] != BOUNDARY:
            tokens.append(BOUNDARY)
    return tokens


def display_words(text: str) -> dict[str, str]:
    """Folded word -> the word as typed, to quote words in reasons."""
    return {fold(w): w for w in _WORD.findall(text)}


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    kind: str = TOPIC
    weight: float = 1.0
    demand: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("es") or self.labels.get("en") or self.key


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A phrase of the list: the concept it names and the concepts inside it.

    ``head`` is the inner concept that the phrase is a kind of: the first in Spanish
    ("abogado laboral"), the last in English ("employment lawyer").
    """

    concept: str
    inner: tuple[str, ...] = ()
    head: str | None = None


class Stemmers:
    """Snowball stemmers with a cache (the vocabulary of a corpus is small)."""

    def __init__(self) -> None:
        self._stem = {
            lang: snowballstemmer.stemmer(name).stemWord for lang, name in _STEMMER_NAMES.items()
        }
        self._cache: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}

    def stem(self, lang: str, word: str) -> str:
        cache = self._cache[lang]
        stem = cache.get(word)
        if stem is None:
            stem = self._stem[lang](word)
            if len(cache) < 500_000:
                cache[word] = stem
        return stem


@dataclass(slots=True)
class LanguageTables:
    """Lookups for one language. Keys are tuples of stems (or folded words for ``exact``)."""

    full: dict[tuple[str, ...], PhraseHit] = field(default_factory=dict)
    exact: dict[tuple[str, ...], PhraseHit] = field(default_factory=dict)
    content: dict[tuple[str, ...], PhraseHit] = field(default_factory=dict)  # stop words left out
    full_prefixes: set[tuple[str, ...]] = field(default_factory=set)
    exact_prefixes: set[tuple[str, ...]] = field(default_factory=set)
    content_prefixes: set[tuple[str, ...]] = field(default_factory=set)
    first_stems: set[str] = field(default_factory=set)  # first word of any phrase, stemmed
    first_words: set[str] = field(default_factory=set)  # first word of an exact phrase
    max_len: int = 1


@dataclass(slots=True)
class WordLists:
    stop: frozenset[str]
    intent: frozenset[str]
    generic: frozenset[str]
    negation: frozenset[tuple[str, ...]]
    not_negation: frozenset[tuple[str, ...]]
    clause: frozenset[tuple[str, ...]]
    self_cues: frozenset[tuple[str, ...]]
    purpose: frozenset[tuple[str, ...]]
    max_cue: int


def _split(words: str | Sequence[str]) -> list[str]:
    if isinstance(words, str):
        return words.split()
    return list(words)


class Lexicon:
    """Concept groups and word lists, ready to look phrases up in Spanish and English.

    ``extra_synonyms`` are the user's own groups (a list of lists of phrases, in any of the
    two languages); a group that shares a phrase with a shipped concept is merged into it.
    """

    def __init__(
        self,
        extra_synonyms: Iterable[Sequence[str]] = (),
        *,
        concepts_path: Path | None = None,
        words_path: Path | None = None,
    ) -> None:
        self.extra_synonyms = [list(group) for group in extra_synonyms]
        self.concepts_path = concepts_path or DATA / "concepts.txt"
        self.words_path = words_path or DATA / "words.toml"
        self.stemmers = Stemmers()
        self.words = self._load_words(self.words_path)
        self.concepts: dict[str, Concept] = {}
        self.conflicts: list[str] = []
        # (concept, lang or "all", phrase) in file order, before building tables
        self._phrases: list[tuple[str, str, str]] = []
        self._load_concepts(self.concepts_path)
        for n, group in enumerate(self.extra_synonyms):
            self._add_user_group(n, [p for p in group if p and p.strip()])
        self.tables = {lang: LanguageTables() for lang in LANGUAGES}
        for concept, where, phrase in self._phrases:
            for lang in LANGUAGES if where == "all" else (where,):
                self._register(lang, concept, phrase)
        self._find_inner_concepts()
        # words seen only in one language's phrases help to tell the language of a text
        seen: dict[str, set[str]] = {"es": set(), "en": set()}
        for _concept, where, phrase in self._phrases:
            if where in seen:
                seen[where].update(w for w in tokenize(normalize(phrase.lstrip("="))))
        self.lexicon_only = {
            "es": frozenset(seen["es"] - seen["en"]),
            "en": frozenset(seen["en"] - seen["es"]),
        }

    # --- loading -------------------------------------------------------------------------

    def _load_words(self, path: Path) -> dict[str, WordLists]:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        self.false_friends = frozenset(fold(w) for w in _split(data["false_friends"]["words"]))
        lists = {}
        for lang in LANGUAGES:
            d = data[lang]

            def seqs(name: str, d: dict = d) -> frozenset[tuple[str, ...]]:
                return frozenset(tuple(tokenize(normalize(w))) for w in d.get(name, ()))

            cues = [seqs(n) for n in ("negation", "not_negation", "clause", "self", "purpose")]
            lists[lang] = WordLists(
                stop=frozenset(fold(w) for w in _split(d["stop"])),
                intent=frozenset(fold(w) for w in _split(d["intent"])),
                generic=frozenset(fold(w) for w in _split(d["generic"])),
                negation=cues[0],
                not_negation=cues[1],
                clause=cues[2],
                self_cues=cues[3],
                purpose=cues[4],
                max_cue=max(len(c) for group in cues for c in group),
            )
        return lists

    def _load_concepts(self, path: Path) -> None:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            head, *sections = (part.strip() for part in line.split("|"))
            m = re.fullmatch(r"([a-z0-9_]+)\s*(?:\[([^\]]*)\])?", head)
            if not m:
                raise ValueError(f"{path.name}, line {number}: bad concept name {head!r}")
            key, options = m.group(1), [o.strip() for o in (m.group(2) or "").split(",") if o]
            kind, weight, demand = TOPIC, 1.0, False
            for option in options:
                if option in KINDS:
                    kind = option
                elif option == "demand":
                    demand = True
                else:
                    try:
                        weight = float(option)
                    except ValueError:
                        raise ValueError(
                            f"{path.name}, line {number}: unknown option {option!r}"
                        ) from None
            labels: dict[str, str] = {}
            related: tuple[str, ...] = ()
            for section in sections:
                name, _, values = section.partition(":")
                name = name.strip()
                items = [v.strip() for v in values.split(",") if v.strip()]
                if name == "related":
                    related = tuple(items)
                    continue
                if name not in ("es", "en", "all"):
                    raise ValueError(f"{path.name}, line {number}: unknown section {name!r}")
                for item in items:
                    self._phrases.append((key, name, item))
                for lang in LANGUAGES if name == "all" else (name,):
                    labels.setdefault(lang, items[0].lstrip("="))
            if key in self.concepts:
                raise ValueError(f"{path.name}, line {number}: concept {key!r} defined twice")
            self.concepts[key] = Concept(key, kind, weight, demand, labels, related)
        for concept in self.concepts.values():
            for other in concept.related:
                if other not in self.concepts:
                    raise ValueError(f"concept {concept.key!r} is related to unknown {other!r}")

    def _add_user_group(self, number: int, phrases: list[str]) -> None:
        if not phrases:
            return
        folded = {fold(p).strip() for p in phrases}
        target = next((c for c, _w, p in self._phrases if fold(p.lstrip("=")) in folded), None)
        if target is None:
            target = f"user_{number}"
            first = phrases[0].strip()
            self.concepts[target] = Concept(target, labels={"es": first, "en": first})
        for phrase in phrases:
            self._phrases.append((target, "all", phrase.strip()))

    def _keys(self, lang: str, phrase: str) -> tuple[tuple[str, ...], bool]:
        exact = phrase.startswith("=")
        words = tuple(w for w in tokenize(normalize(phrase.lstrip("="))) if w != BOUNDARY)
        if exact:
            return words, True
        return tuple(self.stemmers.stem(lang, w) for w in words), False

    def _register(self, lang: str, concept: str, phrase: str) -> None:
        tables = self.tables[lang]
        key, exact = self._keys(lang, phrase)
        if not key:
            return
        table = tables.exact if exact else tables.full
        prefixes = tables.exact_prefixes if exact else tables.full_prefixes
        self._put(table, prefixes, key, concept, lang, phrase)
        tables.max_len = max(tables.max_len, len(key))
        (tables.first_words if exact else tables.first_stems).add(key[0])
        if not exact:
            stop = self.words[lang].stop
            words = [w for w in tokenize(normalize(phrase)) if w != BOUNDARY]
            content = tuple(s for w, s in zip(words, key, strict=True) if w not in stop)
            if len(content) >= 2 and content != key:
                self._put(tables.content, tables.content_prefixes, content, concept, lang, phrase)
                tables.first_stems.add(content[0])

    def _put(self, table, prefixes, key, concept, lang, phrase) -> None:
        old = table.get(key)
        if old is not None and old.concept != concept:
            self.conflicts.append(f"{lang}: {phrase!r} is both {old.concept} and {concept}")
            return
        table[key] = PhraseHit(concept)
        for n in range(1, len(key)):
            prefixes.add(key[:n])

    def _find_inner_concepts(self) -> None:
        """Record the shorter concepts inside each phrase, and two-part compounds."""
        self.compounds: dict[frozenset[str], str] = {}
        # concept -> the concepts it implies (inside its phrases, or related): a reason that
        # names "diseño web" need not also name "diseño" and "web"
        self.parts: dict[str, set[str]] = {k: set(c.related) for k, c in self.concepts.items()}
        for lang in LANGUAGES:
            tables = self.tables[lang]
            stop = self.words[lang].stop
            for table_name in ("full", "content", "exact"):
                table = getattr(tables, table_name)
                for key, hit in list(table.items()):
                    if len(key) < 2:
                        continue
                    stems = list(key)
                    surfaces = list(key)  # exact keys are words; stem keys match themselves
                    content = [s not in stop for s in surfaces]
                    found = self.match(lang, surfaces, stems, content, 0, len(key), len(key) - 1)
                    inner = tuple(dict.fromkeys(h.concept for _i, _j, h in found))
                    inner = tuple(c for c in inner if c != hit.concept)
                    head = None
                    if inner:
                        head = inner[0] if lang == "es" else inner[-1]
                    table[key] = PhraseHit(hit.concept, inner, head)
                    self.parts[hit.concept].update(inner)
                    covered = set()
                    for i, j, _h in found:
                        covered.update(range(i, j))
                    words_left = [n for n in range(len(key)) if n not in covered and content[n]]
                    kinds = [self.concepts[c].kind for c in inner]
                    if (
                        len(inner) == 2
                        and not words_left
                        and TOPIC in kinds
                        and all(k in (TOPIC, SEGMENT) for k in kinds)
                    ):
                        self.compounds.setdefault(frozenset(inner), hit.concept)
        # concept -> {other concept: the compound they make together}
        self.compound_partners: dict[str, dict[str, str]] = {}
        for pair, whole in self.compounds.items():
            a, b = sorted(pair)
            self.compound_partners.setdefault(a, {})[b] = whole
            self.compound_partners.setdefault(b, {})[a] = whole
        for key, concept in self.concepts.items():  # related concepts count at a lower weight
            for other in concept.related:
                self.parts[key].update(self.parts[other] - {key})

    # --- lookups ---------------------------------------------------------------------------

    def match(
        self,
        lang: str,
        surfaces: Sequence[str],
        stems: Sequence[str],
        content: Sequence[bool],
        start: int,
        end: int,
        max_len: int | None = None,
        bridge: Sequence[bool] | None = None,
    ) -> list[tuple[int, int, PhraseHit]]:
        """Longest phrases of the list in ``[start, end)``, left to right, without overlaps.

        ``bridge``: the stop words a phrase may skip ("diseño de las páginas web" is "diseño
        de páginas web"); by default all. Words that change the meaning ("para", "no") do
        not.
        """
        if bridge is None:
            bridge = [True] * len(stems)
        t = self.tables[lang]
        limit = min(t.max_len, max_len) if max_len else t.max_len
        found = []
        i = start
        ahead = None  # the longest phrase at i, found while looking one word ahead
        while i < end:
            best = (
                ahead
                if ahead is not None
                else self._longest(t, limit, surfaces, stems, content, bridge, i, end)
            )
            ahead = None
            if best is not None and not content[i] and i + 1 < end:
                # "un local comercial": "local comercial" beats "un local"
                ahead = self._longest(t, limit, surfaces, stems, content, bridge, i + 1, end)
                if ahead is not None and ahead[0] > best[0]:
                    i += 1
                    continue
                ahead = None
            if best is None:
                i += 1
            else:
                found.append((i, best[0], best[1]))
                i = best[0]
        return found

    @staticmethod
    def _longest(
        t, limit, surfaces, stems, content, bridge, i, end
    ) -> tuple[int, PhraseHit] | None:
        if stems[i] not in t.first_stems and surfaces[i] not in t.first_words:
            return None
        best = None
        full_alive = exact_alive = True
        content_alive = content[i]
        ckey: tuple[str, ...] = ()
        for j in range(i + 1, min(end, i + limit) + 1):
            if full_alive:
                key = tuple(stems[i:j])
                hit = t.full.get(key)
                if hit is not None:
                    best = (j, hit)
                full_alive = key in t.full_prefixes
            if exact_alive:
                key = tuple(surfaces[i:j])
                hit = t.exact.get(key)
                if hit is not None:
                    best = (j, hit)
                exact_alive = key in t.exact_prefixes
            if content_alive and not content[j - 1] and not bridge[j - 1]:
                content_alive = False
            if content_alive and content[j - 1]:
                ckey = (*ckey, stems[j - 1])
                if len(ckey) >= 2:
                    hit = t.content.get(ckey)
                    if hit is not None:
                        best = (j, hit)
                content_alive = ckey in t.content_prefixes
            if not (full_alive or exact_alive or content_alive):
                break
        return best

    def label(self, concept: str, lang: str) -> str:
        return self.concepts[concept].label(lang)


@functools.cache
def shared_lexicon() -> Lexicon:
    """The shipped lexicon with no user's own groups, built once per process (about a
    second) and shared by every index that has no groups of its own: it is only read."""
    return Lexicon()
