from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from vinculo.giving import selectors
from vinculo.giving.matching import matches_rebuild
from vinculo.giving.models import Match
from vinculo.people import services as people
from vinculo.people.models import Need

from ..factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(user):
    maria = make_contact(
        user, name="María José Núñez", needs=["un diseñador para su web"], languages=["es"]
    )
    luis = make_contact(
        user, name="Luis Gómez", offers=["diseño web para despachos"], languages=["es"]
    )
    kate = make_contact(user, name="Kate Smith", offers=["red wine tasting"], languages=["en"])
    return maria, luis, kate


def test_a_need_met_by_an_offer_is_suggested_with_its_reason(user, network):
    maria, luis, _kate = network
    with translation.override("es"):
        suggestions = selectors.suggestion_list(user=user)
    assert [(s.need_contact, s.offer_contact) for s in suggestions] == [(maria, luis)]
    assert suggestions[0].reason.startswith(
        "María José Núñez necesita «un diseñador para su web»; "
        "Luis Gómez ofrece «diseño web para despachos» (coinciden: "
    )
    with translation.override("en"):
        english = selectors.suggestion_list(user=user)[0].reason
    assert english.startswith(
        "María José Núñez needs “un diseñador para su web”; "
        "Luis Gómez offers “diseño web para despachos” (in common: "
    )


def test_editing_a_need_updates_suggestions_without_a_rebuild(user, network):
    maria, _luis, kate = network
    people.contact_update(contact=maria, needs=["una cata de vinos para clientes"])
    with translation.override("es"):
        suggestions = selectors.suggestion_list(user=user)
    assert [(s.need_contact, s.offer_contact) for s in suggestions] == [(maria, kate)]


def test_a_strong_tie_leaves_the_pair_out(user, network):
    maria, luis, _kate = network
    people.tie_create(owner=user, a=maria, b=luis, strength=0.9)
    assert selectors.suggestion_list(user=user) == []
    people.tie_create(owner=user, a=maria, b=luis, strength=0.3)
    assert [s.offer_contact for s in selectors.suggestion_list(user=user)] == [luis]


def test_mine_lists_who_can_help_me_and_whom_i_can_help(user, network):
    people.profile_update(user=user, offers=["diseño de páginas web"], needs=["diseño web"])
    mine = selectors.suggestion_list(user=user, mine=True)
    pairs = sorted(
        (
            s.need_contact.name if s.need_contact else "me",
            s.offer_contact.name if s.offer_contact else "me",
        )
        for s in mine
    )
    assert pairs == [("María José Núñez", "me"), ("me", "Luis Gómez")]


def test_deleting_a_contact_removes_their_matches(user, network):
    _maria, luis, _kate = network
    people.contact_delete(contact=luis)
    assert Match.objects.for_user(user).count() == 0
    assert selectors.suggestion_list(user=user) == []


def test_rebuild_gives_the_same_matches_as_incremental_edits(user, network):
    maria, _luis, kate = network
    people.contact_update(contact=kate, offers=["web design", "red wine tasting"])
    before = sorted(Match.objects.for_user(user).values_list("need_id", "offer_id"))
    assert matches_rebuild(owner=user) == len(before)
    after = sorted(Match.objects.for_user(user).values_list("need_id", "offer_id"))
    assert after == before
    need = Need.objects.for_user(user).get(contact=maria)
    assert {o for n, o in after if n == need.pk} == set(
        Match.objects.for_user(user).filter(need=need).values_list("offer_id", flat=True)
    )


def test_another_users_offers_never_meet_my_needs(user, other_user, network):
    make_contact(other_user, name="Ajeno", offers=["diseñador web freelance"])
    names = {s.offer_contact.name for s in selectors.suggestion_list(user=user)}
    assert names == {"Luis Gómez"}


def test_a_need_whose_offer_went_away_gets_the_next_best(user, network):
    maria, luis, _kate = network
    ines = make_contact(user, name="Inés Vidal", offers=["diseñadora gráfica y web"])
    people.contact_update(contact=luis, offers=["traducción jurada"])
    suggestions = selectors.suggestion_list(user=user, contact=maria, side="needs")
    assert [s.offer_contact for s in suggestions] == [ines]


def test_my_own_synonyms_make_new_matches(auth_client, user):
    ana = make_contact(user, name="Ana", needs=["necesito un luthier"])
    make_contact(user, name="Bea", offers=["guitar repair"])
    assert selectors.suggestion_list(user=user) == []
    auth_client.post(reverse("web.profile"), {"synonyms": "luthier, guitar repair"})
    assert [s.need_contact for s in selectors.suggestion_list(user=user)] == [ana]


def test_a_referral_is_recorded_with_its_value(auth_client, user, network):
    maria, _luis, _kate = network
    auth_client.post(
        reverse("referrals.create", kwargs={"contact_id": maria.pk}),
        {
            "referral-flow": "gave",
            "referral-description": "Cliente para un pacto de socios",
            "referral-value": "1200",
            "referral-currency": "eur",
            "referral-date": "2026-05-10",
        },
    )
    ledger = selectors.ledger_get(user=user, contact=maria)
    assert (ledger.gave["referrals"], ledger.referral_value_gave) == (1, {"EUR": Decimal("1200")})


def test_an_edit_that_changes_no_offer_need_or_language_rescores_nothing(user, network):
    """The edit form sends every field: saving the notes alone must not re-score (in a
    process with a stale index that rebuilt it while holding SQLite's write lock)."""
    maria, _luis, _kate = network
    version = type(user).objects.get(pk=user.pk).match_version
    people.contact_update(
        contact=maria,
        notes="Llamar en enero",
        languages=["es"],
        needs=["un diseñador para su web"],
        offers=[],
    )
    assert type(user).objects.get(pk=user.pk).match_version == version
    people.contact_update(contact=maria, languages=["en"])
    assert type(user).objects.get(pk=user.pk).match_version == version + 1


def _network_reads(run) -> list[bool]:
    """Run ``run()``; for each time the matching index was built from the whole network (its
    one read of every contact's languages), whether that was inside a transaction."""
    from django.db import connection

    built = []

    def watch(execute, sql, params, many, context):
        if sql.startswith(
            'SELECT "people_contact"."id" AS "id", "people_contact"."languages" AS "languages" '
        ):
            built.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        run()
    return built


@pytest.mark.django_db(transaction=True)
def test_an_edit_rebuilds_a_stale_index_before_its_transaction_not_inside_it(user, network):
    """Another process's write leaves this process's index stale; the next edit that changes
    a need rebuilds it first, outside the transaction that holds SQLite's write lock."""
    maria, luis, _kate = network
    people.matches_forget(owner=user)  # as after a write elsewhere
    built = _network_reads(
        lambda: people.contact_update(contact=maria, needs=["diseño web para mi tienda"])
    )
    assert built == [False]
    assert [(m.need.text, m.offer.contact) for m in Match.objects.filter(owner=user)] == [
        ("diseño web para mi tienda", luis)
    ]
    # The index is current now: the next edit builds nothing.
    built = _network_reads(lambda: people.need_create(owner=user, contact=luis, text="un socio"))
    assert built == []
    people.matches_forget(owner=user)
    built = _network_reads(lambda: people.profile_update(user=user, offers=["asesoría fiscal"]))
    assert built == [False]
