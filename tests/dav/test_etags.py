"""A card's ETag changes with every edit to what the card shows, and only that card's: a
phone downloads again exactly the cards that changed."""

import pytest

from tests.factories import make_contact
from vinculo.activity import services as activity_services
from vinculo.dav import backend, selectors
from vinculo.people import services as people_services
from vinculo.people.models import Contact, Offer
from vinculo.portability import exchange

pytestmark = pytest.mark.django_db


def etags(user) -> dict[int, str]:
    return {card.contact_id: card.etag for card in selectors.cards_list(user=user)}


@pytest.fixture
def pair(user):
    """The contact edited, and one that must not change."""
    edited = make_contact(
        user,
        name="Tomás Vidal",
        organization="Vidal Auditores",
        emails=["tomas@vidal.example"],
        phones=["+34 600 111 222"],
        tags=["clientes"],
        offers=["auditorías de accesibilidad", "formación"],
        needs=["un abogado laboralista"],
        external_id="tomas",
    )
    unrelated = make_contact(user, name="Ana Gil", organization="Gil Diseño", tags=["clientes"])
    return edited, unrelated


def changed(user, pair, edit, /, **arguments) -> tuple[bool, bool]:
    """Whether the ETags of the edited and the unrelated contact changed with
    ``edit(**arguments)``."""
    edited, unrelated = pair
    before = etags(user)
    edit(**arguments)
    after = etags(user)
    return after[edited.pk] != before[edited.pk], after[unrelated.pk] != before[unrelated.pk]


def test_listing_twice_gives_the_same_etags(user, pair):
    assert changed(user, pair, lambda: None) == (False, False)


def test_name_edit_changes_the_etag(user, pair):
    assert changed(
        user, pair, people_services.contact_update, contact=pair[0], name="Tomás Vidal Soler"
    ) == (True, False)


def test_email_edit_changes_the_etag(user, pair):
    assert changed(
        user, pair, people_services.contact_update, contact=pair[0], emails=["t@vidal.example"]
    ) == (True, False)


def test_phone_edit_changes_the_etag(user, pair):
    assert changed(
        user, pair, people_services.contact_update, contact=pair[0], phones=["+34 600 999 888"]
    ) == (True, False)


def test_tag_edit_changes_the_etag(user, pair):
    assert changed(
        user, pair, people_services.contact_update, contact=pair[0], tags=["clientes", "socios"]
    ) == (True, False)


def test_offer_added_changes_the_etag(user, pair):
    assert changed(
        user, pair, people_services.offer_create, owner=user, contact=pair[0], text="mentoría"
    ) == (True, False)


def test_need_added_changes_the_etag(user, pair):
    assert changed(
        user, pair, people_services.need_create, owner=user, contact=pair[0], text="un local"
    ) == (True, False)


def test_offer_edited_changes_the_etag(user, pair):
    offer = Offer.objects.for_user(user).get(text="formación")
    assert changed(
        user, pair, people_services.trait_update, trait=offer, text="formación en empresas"
    ) == (True, False)


def test_offer_deleted_changes_the_etag(user, pair):
    offer = Offer.objects.for_user(user).get(text="formación")
    assert changed(user, pair, people_services.trait_delete, trait=offer) == (True, False)


def test_offers_reordered_change_the_etag(user, pair):
    assert changed(
        user,
        pair,
        people_services.contact_update,
        contact=pair[0],
        offers=["formación", "auditorías de accesibilidad"],
    ) == (True, False)


def test_organization_renamed_changes_the_etags_of_its_people(user, pair):
    organization = pair[0].organization
    assert changed(
        user,
        pair,
        people_services.organization_rename,
        organization=organization,
        name="Vidal y Asociados",
    ) == (True, False)


def test_event_renamed_changes_the_etags_of_who_was_met_there(user, pair):
    event = activity_services.event_create(owner=user, name="Congreso de Diseño")
    people_services.contact_update(contact=pair[0], met_event=event)
    assert changed(
        user, pair, activity_services.event_update, event=event, name="Congreso de Diseño 2026"
    ) == (True, False)


def test_merge_changes_the_kept_card_and_those_introduced_by_the_other(user, pair):
    edited, unrelated = pair
    twin = make_contact(user, name="Tomás Vidal", emails=["tvidal@correo.example"])
    introduced = make_contact(user, name="Luis Prieto", introduced_by=twin)
    before = etags(user)
    people_services.contact_merge(owner=user, keep=edited, other=twin)
    after = etags(user)
    assert set(after) == {edited.pk, unrelated.pk, introduced.pk}
    assert after[edited.pk] != before[edited.pk]
    assert after[introduced.pk] != before[introduced.pk]
    assert after[unrelated.pk] == before[unrelated.pk]


def _import(*, user, **fields):
    document = {"format": exchange.FORMAT, "contacts": [{"id": "tomas", **fields}]}
    report = exchange.network_import(user=user, document=document, source_name="red.json")
    assert (report.written, report.errors) == (1, [])


def test_import_updating_a_contact_changes_its_etag(user, pair):
    assert changed(
        user, pair, _import, user=user, name="Tomás Vidal", emails=["tomas@vidal-auditores.example"]
    ) == (True, False)


def test_import_changing_only_tags_changes_the_etag(user, pair):
    assert changed(
        user, pair, _import, user=user, name="Tomás Vidal", tags=["clientes", "proveedores"]
    ) == (True, False)


def test_import_changing_only_offers_changes_the_etag(user, pair):
    assert changed(user, pair, _import, user=user, name="Tomás Vidal", offers=["formación"]) == (
        True,
        False,
    )


def test_import_of_the_same_contact_keeps_the_etag(user, pair):
    assert changed(
        user,
        pair,
        _import,
        user=user,
        name="Tomás Vidal",
        tags=["clientes"],
        needs=["un abogado laboralista"],
    ) == (False, False)


def test_a_few_cards_are_written_as_in_the_whole_address_book(user, pair):
    edited, unrelated = pair
    event = activity_services.event_create(owner=user, name="Congreso de Diseño")
    # An external id shaped like another contact's generated id: ids must still agree.
    clash = make_contact(user, name="Eva Ruiz", external_id=f"c{unrelated.pk}")
    introduced = make_contact(user, name="Luis Prieto", introduced_by=unrelated, met_event=event)
    everyone = selectors.cards_text(user=user)
    few = selectors.cards_text(user=user, contacts=[introduced.pk, edited.pk])
    assert few == {introduced.pk: everyone[introduced.pk], edited.pk: everyone[edited.pk]}
    lines = few[introduced.pk].splitlines()
    assert "X-VINCULO-MET-EVENT:Congreso de Diseño" in lines
    assert f"X-VINCULO-INTRODUCED-BY:c{unrelated.pk}-2" in lines
    listed = {card.contact_id: card for card in selectors.cards_list(user=user)}
    assert listed[clash.pk].href == f"c{unrelated.pk}.vcf"
    assert listed[unrelated.pk].href == f"c{unrelated.pk}-2.vcf"
    found = selectors.cards_find(user=user, hrefs=["tomas.vcf", f"c{unrelated.pk}-2.vcf", "x.vcf"])
    assert found == {
        "tomas.vcf": listed[edited.pk],
        f"c{unrelated.pk}-2.vcf": listed[unrelated.pk],
    }


def test_uid_taken_by_a_card(user, pair):
    edited, _unrelated = pair
    Contact.objects.filter(pk=edited.pk).update(extra={"carddav_uid": "phone-7"})
    assert selectors.card_uid_taken(user=user, uid="phone-7") is True
    assert selectors.card_uid_taken(user=user, uid="tomas") is False  # its UID is phone-7
    assert selectors.card_uid_taken(user=user, uid=f"c{pair[1].pk}") is True
    assert selectors.card_uid_taken(user=user, uid="phone-8") is False


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "",
        "/ana/contacts/",
        "/ana/contacts/c12.vcf",
        "ana/contacts",
        "//ana//contacts/",
        "/ana/./contacts/../x.vcf",
        "/ana/../../etc/passwd",
        "/..",
        "/.",
        "/ana/..x/.y.vcf",
        "/ana/contacts/...",
        "/ana/contacts/..",
        "/a b/ñ.vcf/",
    ],
)
def test_paths_are_sanitized_as_radicale_does(path):
    assert backend._sanitize_path(path) == backend.RADICALE_SANITIZE(path)
