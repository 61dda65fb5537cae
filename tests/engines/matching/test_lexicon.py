import pytest

from vinculo.engines.matching import Lexicon
from vinculo.engines.matching.analysis import Analyzer
from vinculo.engines.matching.lexicon import normalize, tokenize


def test_shipped_list_has_no_phrase_in_two_concepts(lexicon):
    assert lexicon.conflicts == []


def test_shipped_list_has_at_least_150_concepts(lexicon):
    assert len(lexicon.concepts) >= 150


def test_concepts_are_named_in_both_languages(lexicon):
    names = [(lexicon.label(k, "es"), lexicon.label(k, "en")) for k in ("accounting", "premises")]
    assert names == [("contabilidad", "accounting"), ("local comercial", "commercial premises")]


def test_normalize_joins_spellings_that_tokens_would_break():
    assert tokenize(normalize("E-commerce, I+D y RR.HH. en EE. UU.; IT support")) == [
        "ecommerce", "|", "imasd", "y", "rrhh", "en", "eeuu", "|", "ittech", "support",
    ]  # fmt: skip


def test_user_synonyms_join_a_shipped_concept():
    analyzer = Analyzer(Lexicon([["datáfono", "lector de tarjetas"]]))
    assert "c:fintech" in analyzer.analyze("Busco un lector de tarjetas").terms


def test_user_synonyms_make_a_new_concept():
    analyzer = Analyzer(Lexicon([["kombucha", "té fermentado"]]))
    a = analyzer.analyze("Vendo té fermentado").terms
    b = analyzer.analyze("kombucha artesana").terms
    assert ("c:user_0" in a, "c:user_0" in b) == (True, True)


def test_bad_concept_line_says_where(tmp_path):
    path = tmp_path / "concepts.txt"
    path.write_text("ok | es: uno\nmal | fr: deux\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        Lexicon(concepts_path=path)
    assert str(error.value) == "concepts.txt, line 2: unknown section 'fr'"
