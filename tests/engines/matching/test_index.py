import random

import pytest

from vinculo.engines.matching import Match, MatchIndex, OfferHit

from .phrases import TEXTS


def offer_ids(matches):
    return [m.offer_id for m in matches]


def need_ids(matches):
    return [m.need_id for m in matches]


def test_need_met_by_offer_across_languages(build):
    index = build({
        "maria": {"needs": {"n1": "busco un diseñador web"}},
        "tom": {"offers": {"o1": "Web design for small firms", "o2": "Wine tasting"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o1"]


def test_english_need_met_by_spanish_offer(build):
    index = build({
        "sarah": {"needs": {"n1": "Looking for an employment lawyer"}},
        "javier": {"offers": {"o1": "Abogado laboralista: despidos y ERTE", "o2": "Fotografía"}},
        "carla": {"offers": {"o1b": "Asesoría en derecho del trabajo"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o1", "o1b"]


def test_word_forms_meet(build):
    index = build({
        "ana": {"needs": {"n1": "Necesito una contable que lleve autónomos"}},
        "rosa": {"offers": {"o1": "Llevo la contabilidad de pymes"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o1"]


def test_regional_variants_meet(build):
    index = build({
        "carmen": {"needs": {"n1": "Que alguien me arregle la computadora"}},
        "daniel": {"offers": {"o1": "Reparación de ordenadores"}},
        "sophie": {"offers": {"o2": "Computer repairs"}},
    })  # fmt: skip
    assert sorted(offer_ids(index.matches_for_need("n1"))) == ["o1", "o2"]


def test_synonyms_meet(build):
    index = build({
        "vale": {"needs": {"n1": "Quiero una app para celular"}},
        "oli": {"offers": {"o1": "Desarrollo de aplicaciones para el móvil"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o1"]


def test_negated_need_is_not_met(build):
    index = build({
        "lucia": {"needs": {"n1": "No busco inversores; busco clientes en hostelería"}},
        "diego": {"offers": {"o1": "Business angel: invierto en hostelería"}},
        "tom": {"offers": {"o2": "I know hotel managers in hospitality"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o2"]


def test_need_is_never_met_by_a_need(build):
    index = build({
        "a": {"needs": {"n1": "Busco diseñador web"}},
        "b": {"needs": {"n2": "Busco diseñador web"}},
    })  # fmt: skip
    assert (index.matches_for_need("n1"), index.suggestions()) == ([], [])


def test_offer_never_meets_an_offer(build):
    index = build({
        "a": {"offers": {"o1": "Diseño web"}},
        "b": {"offers": {"o2": "Diseño web"}},
    })  # fmt: skip
    assert (index.whom_can_i_help("a"), index.suggestions()) == ([], [])


def test_own_offer_does_not_meet_own_need(build):
    index = build({"a": {"needs": {"n1": "Diseño web"}, "offers": {"o1": "Diseño web"}}})
    assert index.matches_for_need("n1") == []


def test_red_de_distribuidores_is_not_red_wine(build):
    index = build({
        "elena": {"needs": {"n1": "Quiero montar una red de distribuidores"}},
        "james": {"offers": {"o1": "I import Spanish red wine into the UK"}},
        "miguel": {"offers": {"o2": "Tengo una red de distribución en Andalucía"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o2"]


def test_red_wine_is_not_red_de_distribucion(build):
    index = build({
        "jack": {"needs": {"n1": "Looking for a red wine supplier"}},
        "james": {"offers": {"o1": "I import Spanish red wine into the UK"}},
        "miguel": {"offers": {"o2": "Tengo una red de distribución en Andalucía"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o1"]


def test_local_comercial_is_not_seo_local(build):
    index = build({
        "marta": {"needs": {"n1": "Busco un local comercial en Valencia"}},
        "pablo": {"offers": {"o1": "Posicionamiento SEO local para negocios de barrio"}},
        "ana": {"offers": {"o2": "Alquiler de locales comerciales en Valencia"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o2"]


def test_seo_local_is_not_local_comercial(build):
    index = build({
        "lucia": {"needs": {"n1": "SEO local para que me encuentren en Google Maps"}},
        "pablo": {"offers": {"o1": "Local SEO and Google Business Profile"}},
        "ana": {"offers": {"o2": "Alquiler de locales comerciales en Valencia"}},
    })  # fmt: skip
    assert offer_ids(index.matches_for_need("n1")) == ["o1"]


def test_common_words_alone_do_not_meet(build):
    index = build({
        "camila": {"needs": {"n1": "Busco servicios de contabilidad"}},
        "julian": {"offers": {"o1": "Servicios de limpieza para oficinas"}},
    })  # fmt: skip
    assert index.matches_for_need("n1") == []


def test_a_place_alone_does_not_meet(build):
    index = build({
        "monica": {"needs": {"n1": "Busco fotógrafo en Madrid"}},
        "kevin": {"offers": {"o1": "Web design in Madrid"}},
    })  # fmt: skip
    assert index.matches_for_need("n1") == []


def test_too_common_terms_do_not_find_candidates(build):
    people = {f"p{n}": {"offers": {f"o{n}": "Diseño web"}} for n in range(4)}
    people["x"] = {"needs": {"n1": "Diseño web"}}
    assert len(build(people).matches_for_need("n1")) == 4
    assert build(people, common_share=0.5, common_floor=0).matches_for_need("n1") == []


STRONG = {
    "maria": {"needs": {"n1": "Busco un contable"}},
    "luis": {"offers": {"o1": "Contabilidad para autónomos"}},
    "rosa": {"offers": {"o2": "Contabilidad para autónomos"}},
}


def test_strong_ties_are_left_out_as_pairs(build):
    index = build(STRONG)
    assert offer_ids(index.matches_for_need("n1", exclude={("luis", "maria")})) == ["o2"]


def test_strong_ties_are_left_out_by_a_function(build):
    index = build(STRONG)
    matches = index.suggestions(exclude=lambda a, b: "rosa" in (a, b))
    assert offer_ids(matches) == ["o1"]


def test_scores_are_between_0_and_1_best_first(build):
    index = build({
        "a": {"needs": {"n1": "Busco un diseñador web en Madrid"}},
        "b": {"offers": {"o1": "Diseño web en Madrid"}},
        "c": {"offers": {"o2": "Diseño gráfico y web"}},
        "d": {"offers": {"o3": "Diseño de interiores"}},
    })  # fmt: skip
    matches = index.matches_for_need("n1")
    scores = [m.score for m in matches]
    assert offer_ids(matches) == ["o1", "o2"]
    assert (scores == sorted(scores, reverse=True), scores[0] <= 1, scores[-1] > 0) == (
        True, True, True,
    )  # fmt: skip


def test_match_holds_both_sides_as_typed(build):
    index = build(STRONG)
    match = index.matches_for_need("n1", limit=1)[0]
    assert (match.need_person, match.need_text, match.offer_person, match.offer_text) == (
        "maria", "Busco un contable", "luis", "Contabilidad para autónomos",
    )  # fmt: skip
    assert [t.key for t in match.terms] == ["c:accounting"]


PEOPLE = {
    "ana": {
        "needs": {
            "a-n1": "Busco un contable que lleve autónomos",
            "a-n2": "Fotógrafo para un evento",
        },
        "offers": {"a-o1": "Diseño web para despachos"},
    },
    "ben": {
        "needs": {"b-n1": "Looking for a web designer"},
        "offers": {"b-o1": "Bookkeeping for freelancers", "b-o2": "Event photography"},
    },
    "eva": {
        "needs": {"e-n1": "Necesito un abogado laboral"},
        "offers": {"e-o1": "Fotografía de producto y eventos", "e-o2": "Diseño gráfico"},
    },
    "tom": {"offers": {"t-o1": "Employment lawyer"}, "needs": {"t-n1": "A graphic designer"}},
}


def test_who_can_help_lists_offers_for_the_persons_needs(build):
    matches = build(PEOPLE).who_can_help("ana")
    assert [(m.need_id, m.offer_id, m.score) for m in matches] == [
        ("a-n1", "b-o1", 1.0), ("a-n2", "b-o2", 0.7946), ("a-n2", "e-o1", 0.5745),
    ]  # fmt: skip


def test_whom_can_i_help_lists_needs_the_persons_offers_meet(build):
    matches = build(PEOPLE).whom_can_i_help("eva")
    assert [(m.need_id, m.offer_id) for m in matches] == [("t-n1", "e-o2"), ("a-n2", "e-o1")]


def test_search_offers_finds_people_from_free_text(build):
    index = build({
        "aisha": {"offers": {"o1": "Web accessibility audits (WCAG 2.2)"}},
        "pablo": {"offers": {"o2": "Auditorías SEO"}},
        "me": {"offers": {"o3": "Auditorías de accesibilidad"}},
    })  # fmt: skip
    hits = index.search_offers(
        "alguien que haga auditorías de accesibilidad", exclude_people={"me"}
    )
    assert [(h.offer_id, h.person) for h in hits] == [("o1", "aisha")]
    assert isinstance(hits[0], OfferHit)


def test_suggestions_take_each_need_once_and_cap_each_person(build):
    people = {f"p{n}": {"needs": {f"n{n}": "Busco un contable"}} for n in range(5)}
    people["rosa"] = {"offers": {"o1": "Contabilidad para autónomos"}}
    matches = build(people).suggestions(per_person=3)
    assert [(m.need_id, m.offer_id) for m in matches] == [("n0", "o1"), ("n1", "o1"), ("n2", "o1")]


def test_suggestions_only_among_given_people(build):
    matches = build(PEOPLE).suggestions(people={"ana", "ben"}, per_person=5)
    assert [(m.need_id, m.offer_id) for m in matches] == [
        ("a-n1", "b-o1"), ("b-n1", "a-o1"), ("a-n2", "b-o2"),
    ]  # fmt: skip


def test_suggestions_over_everyone_best_first(build):
    matches = build(PEOPLE).suggestions()
    assert [(m.need_id, m.offer_id) for m in matches] == [
        ("a-n1", "b-o1"), ("e-n1", "t-o1"), ("t-n1", "e-o2"), ("b-n1", "a-o1"),
        ("a-n2", "b-o2"),
    ]  # fmt: skip


def test_user_synonyms_make_matches(lexicon):
    index = MatchIndex(extra_synonyms=[["Holded", "programa de facturación"]])
    index.add_need("n1", "ana", "Busco experto en Holded")
    index.add_offer("o1", "eva", "Implanto programas de facturación")
    assert offer_ids(index.matches_for_need("n1")) == ["o1"]


def test_ids_of_any_hashable_kind(build):
    index = MatchIndex()
    index.add_need(("need", 1), 7, "Busco un contable")
    index.add_offer(3, "owner", "Contabilidad")
    assert [
        (m.need_id, m.need_person, m.offer_id, m.offer_person) for m in index.suggestions()
    ] == [(("need", 1), 7, 3, "owner")]


def test_update_replaces_the_text(build):
    index = build(STRONG)
    index.update_offer("o1", "luis", "Fotografía de producto")
    assert offer_ids(index.matches_for_need("n1")) == ["o2"]


def test_remove_need_and_person(build):
    index = build(STRONG)
    assert (index.remove_offer("o2"), index.remove_offer("o2")) == (True, False)
    index.remove_person("luis")
    assert (index.matches_for_need("n1"), index.people(), len(index)) == ([], {"maria"}, 1)


def everything(index, people):
    """Every answer of the index, to compare two indexes."""
    out = {}
    for person in sorted(people):
        out[("who", person)] = index.who_can_help(person, limit=50)
        out[("whom", person)] = index.whom_can_i_help(person, limit=50)
    for need in sorted(index.needs.slot_of, key=str):
        out[("need", need)] = index.matches_for_need(need, limit=50)
    out["suggestions"] = index.suggestions(limit=100, per_person=100, per_need=3)
    out["search"] = index.search_offers("diseño web y fotografía", limit=20)
    return out


def test_incremental_edits_answer_as_a_full_rebuild(lexicon):
    r = random.Random(7)
    index = MatchIndex(lexicon=lexicon)
    state: dict[str, tuple[str, str, str]] = {}  # id -> (kind, person, text)
    for step in range(400):
        action = r.random()
        if action < 0.6 or not state:
            kind = r.choice(["need", "offer"])
            item = f"{kind}-{step}"
            person, text = f"p{r.randrange(25)}", r.choice(TEXTS[kind])
            getattr(index, f"add_{kind}")(item, person, text)
            state[item] = (kind, person, text)
        elif action < 0.8:
            item = r.choice(sorted(state))
            kind, person, _old = state[item]
            text = r.choice(TEXTS[kind])
            getattr(index, f"update_{kind}")(item, person, text)
            state[item] = (kind, person, text)
        elif action < 0.95:
            item = r.choice(sorted(state))
            kind, _person, _text = state.pop(item)
            getattr(index, f"remove_{kind}")(item)
        else:
            person = f"p{r.randrange(25)}"
            index.remove_person(person)
            state = {k: v for k, v in state.items() if v[1] != person}
    rebuilt = MatchIndex.from_rows(
        [(p, i, t, None) for i, (k, p, t) in sorted(state.items()) if k == "need"],
        [(p, i, t, None) for i, (k, p, t) in sorted(state.items()) if k == "offer"],
        lexicon=lexicon,
    )
    people = {p for _k, p, _t in state.values()}
    got, expected = everything(index, people), everything(rebuilt, people)
    assert sum(len(v) for v in expected.values()) > 200
    assert got == expected
    assert all(isinstance(m, Match) for m in expected["suggestions"])


def test_large_index_answers_as_a_rebuild_once_refreshed(lexicon):
    rows = [(f"p{n % 9}", f"i{n}", TEXTS["need"][n % 20], None) for n in range(60)]
    offers = [(f"p{n % 7}", f"o{n}", TEXTS["offer"][n % 21], None) for n in range(60)]
    index = MatchIndex.from_rows(rows, offers, lexicon=lexicon, exact_below=0, refresh_share=10.0)
    for _p, item, _t, _l in rows[:30]:
        index.remove_need(item)
    rebuilt = MatchIndex.from_rows(rows[30:], offers, lexicon=lexicon, exact_below=0)
    people = {p for p, *_rest in rows + offers}
    assert everything(index, people) != everything(rebuilt, people)  # weights not refreshed
    index.refresh()
    assert everything(index, people) == everything(rebuilt, people)


@pytest.mark.parametrize("text", ["", "   ", "¿?", "de la y el"])
def test_texts_without_words_match_nothing(build, text):
    index = build({"a": {"needs": {"n1": text}}, "b": {"offers": {"o1": text}}})
    assert (index.matches_for_need("n1"), index.search_offers(text)) == ([], [])


def test_build_in_several_processes_answers_as_in_one(lexicon):
    needs = [(f"p{n % 9}", f"i{n}", TEXTS["need"][n % 20], None) for n in range(40)]
    offers = [(f"p{n % 7}", f"o{n}", TEXTS["offer"][n % 21], "es") for n in range(40)]
    one = MatchIndex.from_rows(needs, offers, lexicon=lexicon, workers=1)
    two = MatchIndex.from_rows(needs, offers, lexicon=lexicon, workers=2)
    people = {p for p, *_rest in needs + offers}
    assert everything(two, people) == everything(one, people)


def test_all_matches_are_each_needs_matches(build):
    index = build(PEOPLE)
    expected = [m for need in sorted(index.needs.slot_of) for m in index.matches_for_need(need)]
    assert sorted(index.all_matches(), key=lambda m: (m.need_id, -m.score)) == sorted(
        expected, key=lambda m: (m.need_id, -m.score)
    )
    assert len(expected) == 6
