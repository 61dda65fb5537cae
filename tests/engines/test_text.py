from vinculo.engines.text import fold, fold_words


def test_fold_removes_accents_and_case():
    assert fold("María José Núñez") == "maria jose nunez"


def test_fold_handles_eszett_and_ligatures():
    assert fold("Straße ﬁnanzas") == "strasse finanzas"


def test_fold_words_collapses_whitespace():
    assert fold_words("  Ángel \n  Pérez\t") == "angel perez"


def test_fold_keeps_n_tilde_as_n():
    assert fold("ÑANDÚ") == "nandu"
