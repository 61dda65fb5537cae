"""One-line reasons for a suggestion, in the reader's language.

The engine returns structured data (:class:`~vinculo.engines.matching.index.Match`: the two
texts as typed, the people, what they have in common); :func:`reason_text` turns it into a
sentence. Templates for Spanish and English live here (plain Python, no gettext); a caller
that wants another wording or language passes its own ``template`` with the same
placeholders: ``{need_name}``, ``{need}``, ``{offer_name}``, ``{offer}``, ``{terms}``.
"""

from collections.abc import Callable, Mapping
from typing import Any

from vinculo.engines.matching.analysis import language_code
from vinculo.engines.matching.index import Match

TEMPLATES = {
    "es": "{need_name} necesita «{need}»; {offer_name} ofrece «{offer}» (coinciden: {terms})",
    "en": "{need_name} needs “{need}”; {offer_name} offers “{offer}” (in common: {terms})",
}


def _name(names: Mapping[Any, str] | Callable[[Any], str] | None, person: Any) -> str:
    if names is None:
        return str(person)
    if callable(names):
        return names(person)
    return names.get(person, str(person))


def reason_text(
    match: Match,
    lang: str = "es",
    *,
    names: Mapping[Any, str] | Callable[[Any], str] | None = None,
    template: str | None = None,
) -> str:
    """``"María necesita «…»; Luis ofrece «…» (coinciden: diseño web)"``.

    ``lang``: the reader's language (``"es"``, ``"en"``, ``"es-MX"``…; others read English).
    ``names``: person id -> display name (a mapping or a function); ids are shown otherwise.
    The texts are quoted as the users wrote them; what they have in common is named in the
    reader's language.
    """
    code = language_code(lang) or "en"
    terms = ", ".join(term.label(code) for term in match.terms)
    return (template or TEMPLATES[code]).format(
        need_name=_name(names, match.need_person),
        need=match.need_text.strip(),
        offer_name=_name(names, match.offer_person),
        offer=match.offer_text.strip(),
        terms=terms,
    )
