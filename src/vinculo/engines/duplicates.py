"""Probable duplicates among people: plain Python, no Django.

Two people are proposed as probably the same when they share an email address, share a
phone number (compared in E.164 form), or have close names in the same organization
(people with no organization count as one: there, only equal names of two words or more).
Names are compared as sets of folded words, so accents, case, punctuation and word order
do not matter: "Núñez Peña, José" is "José Núñez Peña". Names are close when their word
sets are equal, when one holds every word of the other (at least two words: "José Núñez"
and "José Núñez Peña"), or when, word for word, they differ by one typing slip in one
word of five letters or more ("Jose Nunes Peña"); a number in a name must be equal
("Sala 12345" is not "Sala 12346").

Nothing is compared with everything: each address, number and word set is a key in a
dictionary; a contained name is looked up by the subsets of the bigger one, and names one
slip apart meet under a key made of their other words and the first (or last) two letters
of the differing word, which a slip in a word of five letters or more leaves alone.
BENCHMARKS.md has the time it takes with 50,000 people.

A key that very many people share (a switchboard number, ``info@`` of a company) says
nothing about any two of them and is left out (``MAX_SHARED``).
"""

import contextlib
import gc
import marshal
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

import phonenumbers

# Reasons, strongest first: a pair found for several reasons keeps the strongest.
EMAIL, PHONE, NAME = "email", "phone", "name"
_RANK = {EMAIL: 0, PHONE: 1, NAME: 2}

# More people than this sharing an email, a phone or a name is not a duplicate but a
# shared address (info@, a switchboard) or a very common name.
MAX_SHARED = 8
# Names of more words than this are only compared whole (no contained names looked for).
MAX_NAME_WORDS = 8
# Digits a phone number needs before it says anything about who it belongs to.
MIN_PHONE_DIGITS = 7
# Words shorter than this must be equal; longer ones may differ by one typing slip.
MIN_FUZZY_WORD = 5


class Person(NamedTuple):
    """One person as the finder sees them (a tuple: 50,000 are made at a time)."""

    id: int
    name: str
    organization: str = ""
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()


class Pair(NamedTuple):
    """``a`` and ``b`` (``a < b``) are probably the same person, because of ``reason``
    (``email``, ``phone`` or ``name``); ``detail`` is what they share: the address, or the
    number in E.164 form (empty for names: the two names say it)."""

    a: int
    b: int
    reason: str
    detail: str


_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_DIGIT = re.compile(r"\D")
_NOT_WORD = re.compile(r"[\W_]+")
# Between words: like _NOT_WORD, but accents typed as separate marks belong to their word.
_BETWEEN_WORDS = re.compile(r"(?:[^\w\u0300-\u036f]|_)+")


def email_key(email: str) -> str:
    email = email.strip().casefold()
    return email if "@" in email else ""


def phone_key(phone: str, region: str = "ES") -> str:
    """``"+34 612 34 56 78"``, ``"0034612345678"`` and ``"612 345 678"`` (in Spain) are
    ``"+34612345678"``; text that is no phone number gives ``""``."""
    raw = phone.strip()
    digits = _NOT_DIGIT.sub("", raw)
    if len(digits) < MIN_PHONE_DIGITS:
        return ""
    if raw.startswith("+"):
        return "+" + digits  # the usual stored form: no parsing needed
    if raw.startswith("00"):
        return "+" + digits[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=1 << 16)
def _folded(token: str) -> tuple[str, ...]:
    """One word as written, folded (its pieces, when folding splits it: "½" is "1⁄2")."""
    if token.isascii():
        return (token,)
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", token))
    return tuple(_NOT_WORD.sub(" ", text).split())


def name_words(name: str) -> frozenset[str]:
    """The folded words of a name, punctuation dropped: ``"Núñez Peña, José"`` ->
    ``{"jose", "nunez", "pena"}`` (folded as ``engines.text.fold`` does; each different
    word is folded once, as names share most of their words)."""
    words: list[str] = []
    for token in _BETWEEN_WORDS.split(name.casefold()):
        if token:
            words.extend(_folded(token))
    return frozenset(words)


def organization_key(organization: str) -> str:
    return " ".join(sorted(name_words(organization or "")))


def _one_slip(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one inserted, deleted, replaced or swapped letter."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or a == b:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _slip_tolerant(word: str) -> bool:
    """Whether a word may differ by a typing slip: a word of ``MIN_FUZZY_WORD`` letters or
    more. A number is a different number, not a slip ("Oficina 12345", "Oficina 12346")."""
    return len(word) >= MIN_FUZZY_WORD and word.isalpha()


def names_close(a: frozenset[str], b: frozenset[str]) -> bool:
    """Equal word sets; one containing the other (two words at least); or, with as many
    words, all equal but one pair that differs by one slip (both of ``MIN_FUZZY_WORD``
    letters or more)."""
    if not a or not b:
        return False
    if a == b:
        return True
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) >= 2 and len(large) <= MAX_NAME_WORDS and small < large:
        return True
    if len(a) != len(b) or len(a) < 2:
        return False
    only_a, only_b = a - b, b - a
    if len(only_a) != 1 or len(only_b) != 1:
        return False
    (wa,), (wb,) = only_a, only_b
    return _slip_tolerant(wa) and _slip_tolerant(wb) and _one_slip(wa, wb)


class _Pairs:
    def __init__(self, dismissed: Iterable[tuple[int, int]]):
        self.found: dict[tuple[int, int], Pair] = {}
        self.dismissed = {(min(a, b), max(a, b)) for a, b in dismissed}

    def add(self, x: int, y: int, reason: str, detail: str) -> None:
        if x == y:
            return
        key = (x, y) if x < y else (y, x)
        if key in self.dismissed:
            return
        known = self.found.get(key)
        if known is None or (_RANK[reason], detail) < (_RANK[known.reason], known.detail):
            self.found[key] = Pair(key[0], key[1], reason, detail)

    def add_group(self, ids: list[int], reason: str, detail: str) -> None:
        ids = sorted(set(ids))
        if 2 <= len(ids) <= MAX_SHARED:
            for x, y in combinations(ids, 2):
                self.add(x, y, reason, detail)


class _Keys(NamedTuple):
    """What the search compares of one person: their keys."""

    id: int
    emails: list[str]
    phones: list[str]
    organization: str
    words: frozenset[str]


def _keyed(people: Iterable[Person], region: str) -> Iterator[_Keys]:
    organizations: dict[str, str] = {}  # as written -> key: most people share theirs
    for person in people:
        org = organizations.get(person.organization)
        if org is None:
            org = organizations[person.organization] = organization_key(person.organization)
        yield _Keys(
            person.id,
            [key for email in person.emails or () if (key := email_key(email))],
            [key for phone in person.phones or () if (key := phone_key(phone, region))],
            org,
            name_words(person.name),
        )


def duplicates_find(
    people: Iterable[Person],
    *,
    dismissed: Iterable[tuple[int, int]] = (),
    region: str = "ES",
) -> list[Pair]:
    """Every pair of ``people`` that are probably the same, except the ``dismissed`` pairs
    (said not to be the same), in order of ``(a, b)``.

    ``region`` reads phone numbers written without a country code.
    """
    return _found(_keyed(people, region), dismissed)


def _found(people: Iterable[_Keys], dismissed: Iterable[tuple[int, int]]) -> list[Pair]:
    pairs = _Pairs(dismissed)
    # Key -> its person's id, or a list of ids once a second person has it (most addresses
    # and numbers are one person's: no list for them, as the network may be large).
    by_email: dict[str, int | list[int]] = {}
    by_phone: dict[str, int | list[int]] = {}
    # Organization -> word set -> people.
    by_words: dict[str, dict[frozenset[str], list[int]]] = defaultdict(lambda: defaultdict(list))
    for person in people:
        for key in person.emails:
            _note(by_email, key, person.id)
        for key in person.phones:
            _note(by_phone, key, person.id)
        if person.words:
            by_words[person.organization][person.words].append(person.id)

    for reason, keys in ((EMAIL, by_email), (PHONE, by_phone)):
        for key, ids in keys.items():
            if type(ids) is list:  # held by more than one entry
                pairs.add_group(ids, reason, key)
    for org, groups in by_words.items():
        for words, ids in groups.items():
            # One word and no organization: too little to go by.
            if len(ids) > 1 and (org or len(words) >= 2):
                pairs.add_group(ids, NAME, "")
        if org:  # close but not equal names: only within one organization
            for a, b in _close_sets(groups):
                if len(groups[a]) + len(groups[b]) <= MAX_SHARED:
                    for x in groups[a]:
                        for y in groups[b]:
                            pairs.add(x, y, NAME, "")
    return sorted(pairs.found.values())


def duplicates_find_in_parts(
    people: Iterable[Person],
    *,
    parts: int,
    dismissed: Iterable[tuple[int, int]] = (),
    region: str = "ES",
) -> list[Pair]:
    """The pairs of :func:`duplicates_find`, holding the keys of about ``1 / parts`` of the
    people at a time: memory that does not grow with the network.

    Two people only ever pair under one key: an address, a number, or their organization's
    names (with no organization, their word set). Each person's keys go to the part they
    fall in, spilled to a temporary file per part as the people come; each part is then
    searched alone, and a pair found in two parts (an address in one, a name in another)
    keeps its strongest reason, as in one search.
    """
    if parts <= 1:
        return duplicates_find(people, dismissed=dismissed, region=region)
    dismissed = list(dismissed)
    with contextlib.ExitStack() as stack:
        # What is made here holds no reference cycle, and the records held for spilling
        # made the collector walk the young objects again and again: twice the CPU time.
        stack.enter_context(_collector_paused())
        files = [stack.enter_context(tempfile.TemporaryFile()) for _ in range(parts)]
        held: list[list[tuple]] = [[] for _ in range(parts)]  # written a thousand at a time
        for person in _keyed(people, region):
            pieces: dict[int, tuple[list, list, bool]] = {}
            for key in person.emails:
                pieces.setdefault(hash(key) % parts, ([], [], False))[0].append(key)
            for key in person.phones:
                pieces.setdefault(hash(key) % parts, ([], [], False))[1].append(key)
            if person.words:
                part = hash(person.organization or person.words) % parts
                emails, phones, _named = pieces.get(part, ([], [], False))
                pieces[part] = (emails, phones, True)
            for part, (emails, phones, named) in pieces.items():
                org, words = (person.organization, tuple(person.words)) if named else ("", ())
                held[part].append((person.id, emails, phones, org, words))
                if len(held[part]) >= _SPILLED_AT_ONCE:
                    _spill(held[part], files[part])
                    held[part] = []
        merged = _Pairs(())  # a pair found in two parts keeps its strongest reason
        for file, rest in zip(files, held, strict=True):
            _spill(rest, file)
            file.seek(0)
            for pair in _found(_spilled(file), dismissed):
                merged.add(*pair)
        return sorted(merged.found.values())


_SPILLED_AT_ONCE = 1000


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile (reference counting still frees what is
    no longer used), back as it was after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _spill(records: list[tuple], file) -> None:
    # Bytes with their length before them: ``marshal.load`` from a file object reads it
    # piece by piece, many times slower than ``loads`` of the bytes read at once.
    data = marshal.dumps(records)
    file.write(len(data).to_bytes(8, "little") + data)


def _spilled(file) -> Iterator[_Keys]:
    while head := file.read(8):
        records = marshal.loads(file.read(int.from_bytes(head, "little")))
        for pk, emails, phones, org, words in records:
            yield _Keys(pk, emails, phones, org, frozenset(words))


def _note(keys: dict, key: str, pk: int) -> None:
    held = keys.get(key)
    if held is None:
        keys[key] = pk
    elif type(held) is list:
        held.append(pk)
    else:
        keys[key] = [held, pk]


def _close_sets(groups) -> Iterable[tuple[frozenset[str], frozenset[str]]]:
    """Pairs of word sets of one organization that are close but not equal, found through
    keys instead of comparing every two: a contained name is looked up by each of the
    bigger name's subsets; names differing by a slip in one word share their other words
    and, of that word, its first two letters or its last two (a slip in a word of five
    letters or more leaves one end alone).
    """
    found: set[tuple[frozenset[str], frozenset[str]]] = set()
    slips: dict[tuple, list[frozenset[str]]] = defaultdict(list)
    for words in groups:
        if 3 <= len(words) <= MAX_NAME_WORDS:
            ordered = sorted(words)
            for size in range(2, len(words)):
                for part in combinations(ordered, size):
                    if frozenset(part) in groups:
                        found.add((frozenset(part), words))
        if len(words) >= 2:
            for word in words:
                if _slip_tolerant(word):
                    rest = words - {word}
                    slips[rest, word[:2], 0].append(words)
                    slips[rest, word[-2:], 1].append(words)
    for sets in slips.values():
        if len(sets) > 1:
            for i, a in enumerate(sets):
                for b in sets[i + 1 :]:
                    if (a, b) not in found and (b, a) not in found and names_close(a, b):
                        found.add((a, b))
    return found


def duplicate_groups(pairs: Iterable[Pair]) -> list[list[int]]:
    """People linked by pairs, as groups (each sorted, groups in order of their first id)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        ra, rb = root(pair.a), root(pair.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in parent:
        groups[root(x)].append(x)
    return sorted(sorted(g) for g in groups.values())


def duplicates_naive(people: Sequence[Person], *, region: str = "ES") -> list[Pair]:
    """The same pairs as :func:`duplicates_find`, by comparing every person with every
    other: the baseline of the benchmark, and a check of the indexed search in tests."""
    prepared = [
        (
            p.id,
            {email_key(e) for e in p.emails or ()} - {""},
            {phone_key(x, region) for x in p.phones or ()} - {""},
            organization_key(p.organization),
            name_words(p.name),
        )
        for p in people
    ]
    shared: dict[tuple, int] = defaultdict(int)
    for _id, emails, phones, org, words in prepared:
        for e in emails:
            shared[EMAIL, e] += 1
        for x in phones:
            shared[PHONE, x] += 1
        shared[NAME, org, words] += 1
    pairs = _Pairs(())
    for i, (ia, ea, pa, oa, wa) in enumerate(prepared):
        for ib, eb, pb, ob, wb in prepared[i + 1 :]:
            for e in ea & eb:
                if shared[EMAIL, e] <= MAX_SHARED:
                    pairs.add(ia, ib, EMAIL, e)
            for x in pa & pb:
                if shared[PHONE, x] <= MAX_SHARED:
                    pairs.add(ia, ib, PHONE, x)
            if oa != ob or not wa or not wb or not names_close(wa, wb):
                continue
            if wa == wb:
                fits = (bool(oa) or len(wa) >= 2) and shared[NAME, oa, wa] <= MAX_SHARED
            else:
                fits = bool(oa) and shared[NAME, oa, wa] + shared[NAME, ob, wb] <= MAX_SHARED
            if fits:
                pairs.add(ia, ib, NAME, "")
    return sorted(pairs.found.values())
