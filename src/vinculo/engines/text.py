"""Text folding shared by search and matching: accents and case do not matter."""

import unicodedata

# Combining accents, and NUL (typed by no one, stored by no database: PostgreSQL refuses it).
_DROPPED = {0, *range(0x300, 0x370)}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: ``"Núñez"`` -> ``"nunez"``.

    ``ß`` becomes ``ss`` (casefold) and ligatures are split (NFKD), so a search
    typed on any keyboard finds the name as it was written.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ord(ch) not in _DROPPED)


def fold_words(text: str) -> str:
    """``fold`` plus collapsed whitespace, for storing a searchable column."""
    return " ".join(fold(text).split())
