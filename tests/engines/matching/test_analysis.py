from vinculo.engines.matching.analysis import language_code


def terms(analyzer, text, hint=None, need=True):
    return analyzer.analyze(text, hint, need=need).terms


def topics(analyzer, text, hint=None):
    return sorted(t for t, (f, topic) in terms(analyzer, text, hint).items() if topic and f > 0)


def test_language_code_keeps_spanish_and_english():
    assert [language_code(c) for c in ("es-MX", "EN", "fr", "", None)] == [
        "es", "en", None, None, None,
    ]  # fmt: skip


def test_detect_spanish_from_function_words(analyzer):
    assert analyzer.analyze("Busco a alguien para la empresa", "en").lang == "es"


def test_detect_english_from_function_words(analyzer):
    assert analyzer.analyze("Web design in Madrid for the hotels", "es").lang == "en"


def test_detect_uses_hint_when_the_text_does_not_tell(analyzer):
    assert [analyzer.analyze("marketing", hint).lang for hint in ("en", "es")] == ["en", "es"]


def test_detect_reads_accents_as_spanish(analyzer):
    assert analyzer.analyze("Diseño UX", "en").lang == "es"


def test_accents_and_case_do_not_matter(analyzer):
    assert terms(analyzer, "CONTABILIDAD PARA AUTONOMOS") == terms(
        analyzer, "contabilidad para autónomos"
    )


def test_stemming_joins_word_forms_of_a_concept(analyzer):
    forms = ["diseñadora", "diseñadores", "diseñar", "diseño"]
    assert [("c:design" in terms(analyzer, f"Busco {w}")) for w in forms] == [True] * 4


def test_stemming_joins_word_forms_outside_the_list(analyzer):
    assert topics(analyzer, "invernaderos") == topics(analyzer, "invernadero") == ["s:invernader"]


def test_accountant_and_accounting_are_one_concept(analyzer):
    assert topics(analyzer, "Busco un contable") == topics(
        analyzer, "Llevo la contabilidad"
    ) == ["c:accounting", "c:tax"]  # fmt: skip


def test_regional_variants_are_one_concept(analyzer):
    pairs = [("ordenador", "computadora"), ("móvil", "celular"), ("contable", "contador")]
    assert [topics(analyzer, a) == topics(analyzer, b) for a, b in pairs] == [True] * 3


def test_translations_are_one_concept(analyzer):
    assert "c:employment_law" in terms(analyzer, "necesito un abogado laboral")
    assert "c:employment_law" in terms(analyzer, "employment lawyer")
    assert "c:employment_law" in terms(analyzer, "derecho del trabajo")


def test_negation_drops_what_follows_in_its_clause(analyzer):
    assert terms(analyzer, "No busco inversores") == {"c:investors": (-0.5, False)}


def test_negation_ends_at_the_clause(analyzer):
    found = terms(analyzer, "No necesito financiación, pero sí un buen abogado mercantil")
    assert found["c:investors"] == (-0.5, False)
    assert found["c:corporate_law"] == (1.0, True)


def test_negation_in_english_contractions(analyzer):
    found = terms(analyzer, "I don't need a website, I need more clients")
    assert found["c:website"] == (-0.5, False)


def test_negation_by_already_having(analyzer):
    found = terms(analyzer, "Ya tengo gestor; necesito un abogado mercantil")
    assert (found["c:accounting"], found["c:corporate_law"]) == ((-0.5, False), (1.0, True))


def test_negation_after_the_words_in_a_clause(analyzer):
    assert terms(analyzer, "Inversores no, gracias") == {"c:investors": (-0.5, False)}


def test_not_only_is_not_a_negation(analyzer):
    assert topics(analyzer, "not only SEO but also copywriting") == ["c:copywriting", "c:seo"]


def test_negation_does_not_come_back_through_related_concepts(analyzer):
    found = terms(analyzer, "A bookkeeper, not a tax adviser")
    assert (found["c:accounting"], found["c:tax"]) == ((1.0, True), (-0.5, False))


def test_red_in_spanish_is_a_network_not_a_colour(analyzer):
    assert topics(analyzer, "Quiero montar una red de distribuidores") == [
        "c:distributors", "s:mont",
    ]  # fmt: skip
    assert "s:en:red" in terms(analyzer, "I import red wine")


def test_local_comercial_and_seo_local_are_different_concepts(analyzer):
    assert topics(analyzer, "Busco un local comercial") == ["c:premises", "c:real_estate"]
    assert topics(analyzer, "SEO local") == ["c:local_seo", "c:seo"]


def test_what_a_need_is_for_does_not_find_candidates(analyzer):
    found = terms(analyzer, "Fotógrafo para un evento")
    assert found["c:events"] == (0.6, False)


def test_two_concepts_make_their_compound(analyzer):
    assert topics(analyzer, "Fotógrafo para un evento") == [
        "c:event_photography", "c:photography",
    ]  # fmt: skip


def test_a_client_need_does_not_look_for_the_trade_of_the_person(analyzer):
    assert topics(analyzer, "Clientes para mi estudio de diseño") == ["c:clients", "s:estudi"]


def test_places_do_not_find_candidates_on_their_own(analyzer):
    found = terms(analyzer, "Diseño web en Madrid")
    assert (found["c:web_design"], found["c:madrid"]) == ((1.0, True), (0.4, False))
