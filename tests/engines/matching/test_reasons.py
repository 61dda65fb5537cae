from vinculo.engines.matching import reason_text

PEOPLE = {
    "maria": {"needs": {"n1": "un diseñador para su web"}},
    "luis": {"offers": {"o1": "diseño web para despachos"}},
}
NAMES = {"maria": "María", "luis": "Luis"}


def only_match(build, people=PEOPLE):
    (match,) = build(people).matches_for_need("n1")
    return match


def test_reason_in_spanish(build):
    assert reason_text(only_match(build), "es", names=NAMES) == (
        "María necesita «un diseñador para su web»; Luis ofrece «diseño web para despachos» "
        "(coinciden: diseño web)"
    )


def test_reason_in_english_keeps_the_texts_as_typed(build):
    assert reason_text(only_match(build), "en", names=NAMES) == (
        "María needs “un diseñador para su web”; Luis offers “diseño web para despachos” "
        "(in common: web design)"
    )


def test_reason_reads_regional_language_codes(build):
    assert reason_text(only_match(build), "es-MX", names=NAMES).startswith("María necesita")


def test_reason_falls_back_to_english(build):
    assert reason_text(only_match(build), "fr", names=NAMES).startswith("María needs")


def test_reason_with_a_template_and_a_name_function(build):
    text = reason_text(
        only_match(build),
        "es",
        names=str.upper,
        template="{offer_name} → {need_name}: {terms}",
    )
    assert text == "LUIS → MARIA: diseño web"


def test_reason_quotes_words_outside_the_list_as_typed(build):
    people = {
        "ana": {"needs": {"n1": "Busco experto en Invernaderos"}},
        "eva": {"offers": {"o1": "Construyo invernaderos"}},
    }
    assert reason_text(only_match(build, people), "en") == (
        "ana needs “Busco experto en Invernaderos”; eva offers “Construyo invernaderos” "
        "(in common: Invernaderos)"
    )


def test_languages_are_named_with_a_capital_in_english_and_still_found_in_lower_case(build):
    people = {
        "olga": {"needs": {"n1": "traducción al inglés"}},
        "peter": {"offers": {"o1": "english translation of documents"}},
    }
    match = only_match(build, people)
    assert reason_text(match, "en", names={"olga": "Olga", "peter": "Peter"}).endswith(
        "(in common: translation, English)"
    )
    assert reason_text(match, "es", names={"olga": "Olga", "peter": "Peter"}).endswith(
        "(coinciden: traducción, inglés)"
    )
