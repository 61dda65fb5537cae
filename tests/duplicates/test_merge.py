import datetime

import pytest
from django.db.models import Q
from django.utils import translation

from tests.factories import make_contact
from vinculo.activity import services as activity_services
from vinculo.activity.models import Cadence, Event, FollowUp, Interaction
from vinculo.giving import services as giving_services
from vinculo.giving.models import Favor, Introduction, Match, Referral
from vinculo.people import services
from vinculo.people.duplicates import duplicate_count, duplicate_list, duplicate_pairs
from vinculo.people.models import Contact, DuplicateDismissal, Need, Offer, Tie

DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def pair(user):
    """Two cards of one person, each with its own history, and their friends."""
    keep = make_contact(
        user,
        name="María José Núñez",
        organization="Núñez Abogados",
        emails=["mj@nunezabogados.example"],
        phones=["+34 612 34 56 78"],
        urls=["https://nunezabogados.example"],
        languages=["es"],
        tags=["legal"],
        offers=["contratos entre socios"],
        needs=["un diseñador para su web"],
        notes="Le gusta el pádel.",
        strength=0.4,
    )
    other = make_contact(
        user,
        name="Núñez, María José",
        emails=["MJ@nunezabogados.example", "mariajose@gmail.example"],
        phones=["0034 612345678", "+34 963 00 00 00"],
        urls=["https://linkedin.example/in/mjnunez"],
        languages=["es", "en"],
        tags=["legal", "valencia"],
        title="Socia",
        city="Valencia",
        country="ES",
        does="Abogada mercantilista",
        offers=["contratos entre socios", "constitución de sociedades"],
        needs=["clientes en turismo"],
        notes="Conocida en la Cámara.",
        met_on=DAY,
        met_where="Desayuno de la Cámara",
        strength=0.7,
        external_id="g-17",
    )
    luis = make_contact(user, name="Luis Pérez", offers=["diseño web para despachos"])
    eva = make_contact(user, name="Eva Gómez", introduced_by=other)
    services.tie_create(owner=user, a=keep, b=luis, strength=0.3, how="vecinos")
    services.tie_create(owner=user, a=other, b=luis, strength=0.8, how="compañeros")
    services.tie_create(owner=user, a=other, b=eva, strength=0.5)
    services.tie_create(owner=user, a=keep, b=other, strength=1.0)  # the card and its twin
    for contact, summary in ((keep, "Café"), (other, "Llamada"), (other, "Correo")):
        activity_services.interaction_log(
            owner=user, contact=contact, kind="call", direction="mutual", date=DAY, summary=summary
        )
    activity_services.followup_create(owner=user, contact=other, due=DAY, note="Enviar propuesta")
    activity_services.followup_create(owner=user, contact=keep, due=DAY, note="Llamar")
    breakfast = activity_services.event_create(
        owner=user, name="Desayuno", date=DAY, attendees=[other, luis]
    )
    lunch = activity_services.event_create(owner=user, name="Comida", attendees=[keep, other])
    giving_services.introduction_propose(owner=user, a=other, b=luis)
    giving_services.introduction_propose(owner=user, a=keep, b=other)  # one to the other
    giving_services.favor_record(owner=user, contact=other, flow="gave", description="Un consejo")
    giving_services.referral_record(
        owner=user, contact=other, flow="gave", description="Un cliente"
    )
    return {
        "keep": keep,
        "other": other,
        "luis": luis,
        "eva": eva,
        "breakfast": breakfast,
        "lunch": lunch,
    }


def _of(contact):
    return Q(a=contact) | Q(b=contact)


def test_merge_keeps_everything_of_both(user, pair):
    keep, other, luis, eva = pair["keep"], pair["other"], pair["luis"], pair["eva"]
    # 3 logged, 3 of the two introductions (one of them is on both), a favour, a referral.
    assert Interaction.objects.filter(contact__in=[keep, other]).count() == 8
    interactions = Interaction.objects.for_user(user).count()
    followups = sorted(
        FollowUp.objects.filter(contact__in=[keep, other]).values_list("note", "due")
    )
    assert len(followups) >= 2

    merged = services.contact_merge(owner=user, keep=keep, other=other)

    assert merged.pk == keep.pk
    assert not Contact.objects.filter(pk=other.pk).exists()
    assert Contact.objects.for_user(user).count() == 3
    assert merged.name == "María José Núñez"
    assert merged.emails == ["mj@nunezabogados.example", "mariajose@gmail.example"]
    assert merged.phones == ["+34 612 34 56 78", "+34 963 00 00 00"]
    assert merged.urls == ["https://nunezabogados.example", "https://linkedin.example/in/mjnunez"]
    assert merged.languages == ["es", "en"]
    assert merged.organization.name == "Núñez Abogados"
    assert (merged.title, merged.city, merged.country, merged.does) == (
        "Socia",
        "Valencia",
        "ES",
        "Abogada mercantilista",
    )
    assert (merged.met_on, merged.met_where) == (DAY, "Desayuno de la Cámara")
    assert merged.strength == 0.7
    assert merged.external_id == "g-17"
    assert merged.notes == "Le gusta el pádel.\n\nConocida en la Cámara."
    assert "valencia" in merged.search_text and "socia" in merged.search_text
    assert sorted(merged.tags.values_list("name", flat=True)) == ["legal", "valencia"]
    assert list(merged.offers.values_list("text", flat=True)) == [
        "contratos entre socios",
        "constitución de sociedades",
    ]
    assert list(merged.needs.values_list("text", flat=True)) == [
        "un diseñador para su web",
        "clientes en turismo",
    ]
    # Interactions: every one of both, none lost, none added.
    assert Interaction.objects.for_user(user).count() == interactions
    assert Interaction.objects.filter(contact=keep).count() == 8
    assert sorted(FollowUp.objects.filter(contact=keep).values_list("note", "due")) == followups
    # Ties: the one between the two goes, the two to Luis join (strongest kept), Eva's moves.
    ties = {
        (t.a_id, t.b_id): (t.strength, t.how) for t in Tie.objects.for_user(user).filter(_of(keep))
    }
    assert ties == {
        tuple(sorted((keep.pk, luis.pk))): (0.8, "vecinos; compañeros"),
        tuple(sorted((keep.pk, eva.pk))): (0.5, ""),
    }
    assert Tie.objects.for_user(user).count() == 2
    assert sorted(pair["breakfast"].attendees.values_list("name", flat=True)) == [
        "Luis Pérez",
        "María José Núñez",
    ]
    assert list(pair["lunch"].attendees.values_list("name", flat=True)) == ["María José Núñez"]
    intros = Introduction.objects.for_user(user)
    assert list(intros.values_list("a_id", "b_id")) == [(keep.pk, luis.pk)]
    assert list(Favor.objects.for_user(user).values_list("contact_id", "description")) == [
        (keep.pk, "Un consejo")
    ]
    assert list(Referral.objects.for_user(user).values_list("to_contact_id", flat=True)) == [
        keep.pk
    ]
    eva.refresh_from_db()
    assert eva.introduced_by_id == keep.pk


def test_merge_moves_matches_to_the_kept_contact(user, pair):
    keep, other, luis = pair["keep"], pair["other"], pair["luis"]
    need = Need.objects.get(contact=other, text="clientes en turismo")
    web = Need.objects.get(contact=keep, text="un diseñador para su web")
    before = Match.objects.filter(need=web, offer__contact=luis).count()
    assert before == 1
    services.contact_merge(owner=user, keep=keep, other=other)
    need.refresh_from_db()
    assert need.contact_id == keep.pk
    assert Match.objects.filter(need=web, offer__contact=luis).count() == 1
    # No suggestion pairs the person with themselves.
    assert Match.objects.filter(need__contact=keep, offer__contact=keep).count() == 0


def test_merge_twice_named_offer_keeps_one_and_its_references(user, pair):
    keep, other, luis = pair["keep"], pair["other"], pair["luis"]
    theirs = Offer.objects.get(contact=other, text="contratos entre socios")
    mine = Offer.objects.get(contact=keep, text="contratos entre socios")
    intro, _draft = giving_services.introduction_propose(owner=user, a=luis, b=other, offer=theirs)
    services.contact_merge(owner=user, keep=keep, other=other)
    intro.refresh_from_db()
    assert (intro.b_id, intro.offer_id) == (keep.pk, mine.pk)
    assert Offer.objects.filter(contact=keep, text="contratos entre socios").count() == 1


def test_merge_another_users_contact_is_refused(user, other_user, pair):
    stranger = make_contact(other_user, name="María José Núñez")
    with pytest.raises(Contact.DoesNotExist):
        services.contact_merge(owner=user, keep=pair["keep"], other=stranger)
    assert Contact.objects.filter(pk=stranger.pk).exists()


def test_merge_a_contact_with_itself_is_refused(user, pair):
    with pytest.raises(ValueError):
        services.contact_merge(owner=user, keep=pair["keep"], other=pair["keep"])


def test_duplicates_proposed_then_dismissed_are_not_proposed_again(user, pair):
    keep, other = pair["keep"], pair["other"]
    found = duplicate_list(user=user)
    assert [(d.a.pk, d.b.pk, d.reason, d.detail) for d in found] == [
        (keep.pk, other.pk, "email", "mj@nunezabogados.example")
    ]
    with translation.override("en"):
        assert found[0].why == "Same email: mj@nunezabogados.example"
    services.duplicate_dismiss(owner=user, a=other, b=keep)
    services.duplicate_dismiss(owner=user, a=keep, b=other)  # twice is once
    assert DuplicateDismissal.objects.for_user(user).count() == 1
    assert duplicate_pairs(user=user) == []
    assert duplicate_count(user=user) == 0


def test_duplicates_of_the_contacts_an_import_wrote(user, pair):
    keep, other = pair["keep"], pair["other"]
    luis = pair["luis"]
    twin = make_contact(user, name="Luis Perez", phones=["+34 600 111 222"])
    luis_b = make_contact(user, name="Luis B.", phones=["600111222"])
    assert duplicate_count(user=user) == 3
    found = duplicate_pairs(user=user, contact_ids=[twin.pk])
    assert [(p.a, p.b, p.reason, p.detail) for p in found] == [
        (luis.pk, twin.pk, "name", ""),
        (twin.pk, luis_b.pk, "phone", "+34600111222"),
    ]
    assert duplicate_count(user=user, contact_ids=[keep.pk, other.pk]) == 1


@pytest.mark.parametrize("part_contacts", [1, 2, 1000])
def test_a_large_network_is_searched_in_parts_with_the_same_pairs(
    user, pair, monkeypatch, part_contacts
):
    # A network larger than PART_CONTACTS is searched in parts (memory that does not grow
    # with it); here parts of one, two and every contact give the same pairs.
    from vinculo.people import duplicates

    keep, other, luis = pair["keep"], pair["other"], pair["luis"]
    twin = make_contact(user, name="Luis Perez", phones=["+34 600 111 222"])
    luis_b = make_contact(user, name="Luis B.", phones=["600111222"])
    services.duplicate_dismiss(owner=user, a=twin, b=luis_b)
    monkeypatch.setattr(duplicates, "PART_CONTACTS", part_contacts)

    found = duplicate_pairs(user=user)

    assert [(p.a, p.b, p.reason, p.detail) for p in found] == [
        (keep.pk, other.pk, "email", "mj@nunezabogados.example"),
        (luis.pk, twin.pk, "name", ""),
    ]


def test_merge_carries_dismissals_over(user, pair):
    keep, other, luis = pair["keep"], pair["other"], pair["luis"]
    services.duplicate_dismiss(owner=user, a=other, b=luis)
    services.contact_merge(owner=user, keep=keep, other=other)
    assert list(DuplicateDismissal.objects.for_user(user).values_list("a_id", "b_id")) == [
        tuple(sorted((keep.pk, luis.pk)))
    ]


def test_duplicates_are_never_another_users(user, other_user, pair):
    make_contact(other_user, name="María José Núñez", emails=["mj@nunezabogados.example"])
    assert duplicate_count(user=other_user) == 0
    assert duplicate_count(user=user) == 1
    assert Event.objects.for_user(other_user).count() == 0


def test_merge_repoints_relations_it_does_not_name(user, pair):
    """Models that point at contacts without contact_merge naming them (keep-in-touch
    cadences, the people to meet at an event) follow the merge; where keep has its own
    one-per-contact row already, keep's stays."""
    keep, other, luis = pair["keep"], pair["other"], pair["luis"]
    activity_services.event_to_meet_add(event=pair["breakfast"], contact=other)
    activity_services.cadence_set(owner=user, contact=other, ideal_days=30, max_days=60)
    activity_services.cadence_set(owner=user, contact=luis, ideal_days=7, max_days=14)
    services.contact_merge(owner=user, keep=keep, other=other)
    assert list(pair["breakfast"].to_meet.values_list("pk", flat=True)) == [keep.pk]
    assert list(
        Cadence.objects.for_user(user)
        .order_by("ideal_days")
        .values_list("contact_id", "ideal_days")
    ) == [(luis.pk, 7), (keep.pk, 30)]


def test_merge_keeps_the_kept_contacts_own_one_per_contact_row(user, pair):
    keep, other = pair["keep"], pair["other"]
    activity_services.cadence_set(owner=user, contact=keep, ideal_days=14, max_days=30)
    activity_services.cadence_set(owner=user, contact=other, ideal_days=90, max_days=180)
    services.contact_merge(owner=user, keep=keep, other=other)
    assert list(Cadence.objects.for_user(user).values_list("contact_id", "ideal_days")) == [
        (keep.pk, 14)
    ]
