"""From one need or offer, as typed, to weighted terms: concepts of the list and word stems.

The steps, in order:

1. normalize and tokenize (accents and case do not matter; punctuation ends a clause);
2. tell the language (Spanish or English) from function words, accents and the words of
   the concept list, with the caller's hint as tie-breaker;
3. stem every word with Snowball in that language and find the longest phrases of the
   concept list ("abogado laboral", "local comercial", "red de distribuidores");
4. walk the clauses: words after a negation ("no busco inversores", "not looking for
   investors", "ya tengo gestor") are dropped up to the end of their clause; in a need, what
   follows "mi / nuestro / my / our / as a" describes the person, not what they look for,
   and weighs less;
5. weigh each term: topics count in full, whom it is for (segment), places and common words
   count little and never make a match alone; a phrase also counts, at half weight, as the
   concepts inside it, and two concepts that make a known compound ("diseñador" + "web")
   count as the compound.

A term is a string: ``c:<concept>`` or ``s:<stem>``; words spelt alike in both languages
with different meanings (``red``, ``local``) keep their language: ``s:es:red``.
"""

import re
from dataclasses import dataclass

from vinculo.engines.matching.lexicon import (
    BOUNDARY,
    GENERIC,
    LANGUAGES,
    PLACE,
    SEGMENT,
    TOPIC,
    Lexicon,
    PhraseHit,
    normalize,
    tokenize,
)

KIND_FACTOR = {TOPIC: 1.0, SEGMENT: 0.5, GENERIC: 0.3, PLACE: 0.4}
WORD_FACTOR = 0.7  # a word outside the list: it counts, but less than a known concept
GENERIC_WORD_FACTOR = 0.3
INNER_FACTOR = 0.5  # "diseño web" also counts as "diseño" and "web"
RELATED_FACTOR = 0.4
COMPOUND_FACTOR = 0.8
PURPOSE_FACTOR = 0.6  # need: "fotógrafo para un evento"
SELF_FACTOR = 0.5  # need: "clientes para mi estudio de diseño"
NEGATED_FACTOR = 0.5  # "no busco inversores": an offer of investment counts against
_ACCENTED = re.compile("[áéíóúñü¿¡ÁÉÍÓÚÑÜ]")

# Tiers of a term, from most to least telling. Topics find candidates; when a need has
# none, the first tier it has takes their place (self only if it does not ask for clients).
TIER_TOPIC, TIER_PURPOSE, TIER_SELF, TIER_SEGMENT, TIER_PLACE, TIER_GENERIC = range(6)
_KIND_TIER = {TOPIC: TIER_TOPIC, SEGMENT: TIER_SEGMENT, PLACE: TIER_PLACE, GENERIC: TIER_GENERIC}
_SCOPE_FACTOR = {TIER_TOPIC: 1.0, TIER_PURPOSE: PURPOSE_FACTOR, TIER_SELF: SELF_FACTOR}
# token flags
_BOUNDARY, _STOP, _INTENT, _GENERIC, _CUE, _FALSE_FRIEND = 1, 2, 4, 8, 16, 32


def language_code(hint: str | None) -> str | None:
    """``"es-MX"`` -> ``"es"``; languages other than Spanish and English -> ``None``."""
    if not hint:
        return None
    code = hint.strip().lower()[:2]
    return code if code in LANGUAGES else None


@dataclass(frozen=True, slots=True)
class Analysis:
    """The terms of one text: ``terms[term] = (factor, topic)``.

    ``topic`` terms can make a match on their own (and are looked up in the index for a
    need); the others only add to the score of a pair found through a topic term. A
    negative factor marks a concept the text says it does not want.
    ``words`` holds, for word terms, the word they come from (folded).
    """

    lang: str
    terms: dict[str, tuple[float, bool]]
    words: dict[str, str]


class Analyzer:
    def __init__(self, lexicon: Lexicon, default_lang: str = "es") -> None:
        self.lexicon = lexicon
        self.default_lang = default_lang
        es, en = lexicon.words["es"], lexicon.words["en"]
        es_fn, en_fn = es.stop | es.intent, en.stop | en.intent
        self._only = {"es": es_fn - en_fn, "en": en_fn - es_fn}
        self._cue_first = {
            lang: {
                cue[0]
                for group in (w.negation, w.not_negation, w.clause, w.self_cues, w.purpose)
                for cue in group
            }
            for lang, w in lexicon.words.items()
        }
        self._token_cache: dict[str, dict[str, tuple[str, int]]] = {lang: {} for lang in LANGUAGES}
        self._emission_cache: dict[int, tuple[PhraseHit, list]] = {}

    def detect(self, tokens: list[str], text: str, hint: str | None) -> str:
        score = 0.0  # > 0: Spanish
        only_es, only_en = self._only["es"], self._only["en"]
        lex_es, lex_en = self.lexicon.lexicon_only["es"], self.lexicon.lexicon_only["en"]
        for tok in tokens:
            if tok in only_es:
                score += 1
            elif tok in only_en:
                score -= 1
            elif tok in lex_es:
                score += 0.5
            elif tok in lex_en:
                score -= 0.5
        if not text.isascii():
            score += 0.75 * min(2, len(_ACCENTED.findall(text)))
        hint = language_code(hint)
        if hint:
            score += 0.75 if hint == "es" else -0.75
        if score > 0:
            return "es"
        if score < 0:
            return "en"
        return hint or self.default_lang

    def _info(self, lang: str, tok: str) -> tuple[str, int]:
        """``(stem, flags)`` of a token in a language, cached."""
        cache = self._token_cache[lang]
        info = cache.get(tok)
        if info is None:
            wl = self.lexicon.words[lang]
            flags = 0
            if tok == BOUNDARY:
                flags = _BOUNDARY | _STOP
                stem = tok
            else:
                stem = self.lexicon.stemmers.stem(lang, tok)
                if tok in wl.stop or len(tok) < 2 or tok.isdigit():
                    flags |= _STOP
                if tok in wl.intent:
                    flags |= _INTENT
                if tok in wl.generic:
                    flags |= _GENERIC
                if tok in self._cue_first[lang]:
                    flags |= _CUE
                if tok in self.lexicon.false_friends:
                    flags |= _FALSE_FRIEND
            info = (stem, flags)
            if len(cache) < 500_000:
                cache[tok] = info
        return info

    def _emissions(self, hit: PhraseHit) -> list[tuple[str, float, int]]:
        """The terms a phrase adds (itself, the concepts inside it, related ones), cached."""
        key = id(hit)
        cached = self._emission_cache.get(key)
        if cached is not None and cached[0] is hit:
            return cached[1]
        out: list[tuple[str, float, int]] = []
        self._concept_terms(out, hit.concept, 1.0, TIER_TOPIC)
        for inner in hit.inner:
            # the head of a phrase is what it is a kind of; the rest only qualifies it
            if inner == hit.head:
                self._concept_terms(out, inner, INNER_FACTOR, TIER_TOPIC)
            else:
                self._concept_terms(out, inner, INNER_FACTOR * PURPOSE_FACTOR, TIER_PURPOSE)
        self._emission_cache[key] = (hit, out)
        return out

    def _concept_terms(self, out: list, key: str, factor: float, floor: int) -> None:
        concepts = self.lexicon.concepts
        concept = concepts[key]
        f = factor * concept.weight * KIND_FACTOR[concept.kind]
        tier = max(floor, _KIND_TIER[concept.kind])
        out.append((f"c:{key}", f, tier))
        for other in concept.related:
            out.append(
                (f"c:{other}", f * RELATED_FACTOR, max(tier, _KIND_TIER[concepts[other].kind]))
            )

    def analyze(self, text: str, hint: str | None = None, *, need: bool = True) -> Analysis:
        lexicon = self.lexicon
        tokens = tokenize(normalize(text))
        lang = self.detect(tokens, text, hint)
        infos = [self._info(lang, tok) for tok in tokens]
        stems = [info[0] for info in infos]
        content = [not info[1] & _STOP for info in infos]
        bridge = [not info[1] & _CUE for info in infos]  # "para", "no" end a phrase

        # phrases of the list, clause by clause: start -> (end, hit)
        phrases: dict[int, tuple[int, PhraseHit]] = {}
        start = 0
        count = len(tokens)
        for i in range(count + 1):
            if i == count or infos[i][1] & _BOUNDARY:
                if i > start:
                    found = lexicon.match(lang, tokens, stems, content, start, i, bridge=bridge)
                    for a, b, hit in found:
                        phrases[a] = (b, hit)
                start = i + 1

        found: dict[str, list] = {}  # term -> [factor, tier]
        clause: list[tuple[str, float, int]] = []  # what the current clause adds
        words: dict[str, str] = {}
        negated: set[str] = set()  # concepts said not to be wanted ("no busco inversores")
        direct: set[str] = set()  # concepts named outright (not only implied)
        demand = False
        negating = negated_any = False
        scope = TIER_TOPIC  # TIER_PURPOSE after "para", TIER_SELF after "para mi" (needs)
        concepts = lexicon.concepts

        i = 0
        while i <= count:
            if i == count or infos[i][1] & _BOUNDARY:  # the clause ends: keep what it added
                for term, factor, tier in clause:
                    old = found.get(term)
                    if old is None:
                        found[term] = [factor, tier]
                    else:
                        if factor > old[0]:
                            old[0] = factor
                        if tier < old[1]:
                            old[1] = tier
                clause.clear()
                negating, scope = False, TIER_TOPIC
                i += 1
                continue
            phrase = phrases.get(i)
            if phrase is not None:
                i, hit = phrase
                if negating:
                    negated_any = True
                    negated.add(hit.concept)
                    negated.update(hit.inner)
                    continue
                demand = demand or concepts[hit.concept].demand
                direct.add(hit.concept)
                sf = _SCOPE_FACTOR[scope]
                for term, factor, tier in self._emissions(hit):
                    clause.append((term, factor * sf, tier if tier > scope else scope))
                continue
            stem, flags = infos[i]
            if flags & _CUE:
                cue, length = self._cue(lang, tokens, infos, phrases, i, need)
                if cue == "purpose" and not any(t == TIER_TOPIC for _k, _f, t in clause):
                    cue = None  # "looking for", "busco para": nothing needed yet
                if cue:
                    i += length
                    if cue == "clause":
                        found_clause = clause[:]
                        clause.clear()
                        for term, factor, tier in found_clause:
                            old = found.get(term)
                            if old is None:
                                found[term] = [factor, tier]
                            else:
                                old[0], old[1] = max(old[0], factor), min(old[1], tier)
                        negating, scope = False, TIER_TOPIC
                    elif cue == "negation":
                        if (i == count or infos[i][1] & _BOUNDARY) and clause:
                            # "inversores no," / "investors, no": the clause is negated
                            taken_back = {k[2:] for k, _f, _t in clause if k[0] == "c"}
                            negated.update(taken_back)
                            direct.difference_update(taken_back)
                            clause.clear()
                        else:
                            negating, negated_any = True, False
                    elif cue == "self":
                        scope = TIER_SELF
                    elif cue == "purpose":
                        scope = max(scope, TIER_PURPOSE)
                    continue
            tok = tokens[i]
            i += 1
            if flags & _INTENT:
                if negating and negated_any:  # "I don't need X I need Y"
                    negating = False
                if scope != TIER_TOPIC and clause:
                    scope = TIER_TOPIC
                continue
            if flags & _STOP:
                continue
            if negating:
                negated_any = True
                continue
            key = f"s:{lang}:{stem}" if flags & _FALSE_FRIEND else f"s:{stem}"
            words[key] = tok
            if flags & _GENERIC:
                clause.append((key, GENERIC_WORD_FACTOR, TIER_GENERIC))
            else:
                clause.append((key, WORD_FACTOR * _SCOPE_FACTOR[scope], scope))

        # what is said not to be wanted counts against ("a bookkeeper, not a tax adviser")
        unwanted = negated - direct
        for key in unwanted:
            found.pop(f"c:{key}", None)

        # two concepts that make a compound: "diseñador ... web" is also "diseño web"
        partners = lexicon.compound_partners
        for a in [t[2:] for t in found if t[0] == "c" and t[2:] in partners]:
            for b, whole in partners[a].items():
                if a < b and f"c:{b}" in found and f"c:{whole}" not in found:
                    if whole in negated:
                        continue
                    fa, ta = found[f"c:{a}"]
                    fb, tb = found[f"c:{b}"]
                    weight = concepts[whole].weight
                    # a photographer "for an event" is an event photographer: the compound
                    # is as much a topic as the better of its parts
                    found[f"c:{whole}"] = [COMPOUND_FACTOR * weight * min(fa, fb), min(ta, tb)]

        # a need with no topic leans on the next tier it has
        tiers = {tier for _f, tier in found.values()}
        topic_tier = TIER_TOPIC
        if TIER_TOPIC not in tiers:
            usable = sorted(tiers)
            if demand and TIER_SELF in usable and len(usable) > 1:
                usable.remove(TIER_SELF)
            if usable:
                topic_tier = usable[0]
        terms = {term: (f, tier == topic_tier) for term, (f, tier) in found.items()}
        for key in unwanted:
            if concepts[key].kind == TOPIC:
                terms[f"c:{key}"] = (-NEGATED_FACTOR * concepts[key].weight, False)
        return Analysis(lang, terms, words)

    def _cue(self, lang: str, tokens, infos, phrases, i: int, need: bool) -> tuple[str | None, int]:
        """The longest cue (negation, clause word, self, purpose) starting at token ``i``."""
        wl = self.lexicon.words[lang]
        best: tuple[str | None, int] = (None, 0)
        end = min(len(tokens), i + wl.max_cue)
        for j in range(i + 1, end + 1):
            if infos[j - 1][1] & _BOUNDARY or (j - 1 > i and j - 1 in phrases):
                break
            key = tuple(tokens[i:j])
            if key in wl.not_negation:
                best = ("skip", j - i)
            elif key in wl.negation:
                best = ("negation", j - i)
            elif key in wl.clause:
                best = ("clause", j - i)
            elif need and key in wl.self_cues:
                best = ("self", j - i)
            elif need and key in wl.purpose:
                best = ("purpose", j - i)
        return best
