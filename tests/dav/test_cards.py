"""Cards read and written one at a time over CardDAV (Django's test client, the whole stack
below the WSGI server): what a phone downloads and uploads, and what it changes in the app."""

import base64

import pytest

from tests.factories import PASSWORD, make_contact
from vinculo.dav import selectors, services
from vinculo.giving.models import Match
from vinculo.people.models import Contact

pytestmark = pytest.mark.django_db

BOOK = "/dav/ana/contacts/"


@pytest.fixture
def dav(client, user):
    token = base64.b64encode(f"ana:{PASSWORD}".encode()).decode()
    client.defaults["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return client


def card_of(user, contact) -> str:
    return selectors.cards_text(user=user, contacts=[contact.pk])[contact.pk]


def matched(user) -> list[tuple[str, str]]:
    rows = Match.objects.filter(need__owner=user).order_by("need__text", "offer__text")
    return list(rows.values_list("need__contact__name", "offer__contact__name"))


def test_get_answers_the_card_and_its_etag(dav, user):
    contact = make_contact(user, name="Tomás Vidal", emails=["tomas@vidal.example"])
    response = dav.get(f"{BOOK}c{contact.pk}.vcf")
    assert response.status_code == 200
    (card,) = selectors.cards_list(user=user)
    assert response["ETag"] == card.etag
    assert response.content.decode() == card_of(user, contact)
    assert "EMAIL;PREF=1:tomas@vidal.example" in response.content.decode().splitlines()


def test_get_of_an_unknown_card_is_not_found(dav, user):
    make_contact(user, name="Tomás Vidal", external_id="tomas")
    assert dav.get(f"{BOOK}c999.vcf").status_code == 404
    assert dav.get(f"{BOOK}nadie.vcf").status_code == 404
    assert dav.get(f"{BOOK}tomas.vcf").status_code == 200


def test_multiget_answers_the_cards_asked_for(dav, user):
    tomas = make_contact(user, name="Tomás Vidal", external_id="tomas")
    ana = make_contact(user, name="Ana Gil")
    make_contact(user, name="Luis Prieto")
    body = (
        '<?xml version="1.0"?><c:addressbook-multiget xmlns:d="DAV:" '
        'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/>'
        f"</d:prop><d:href>{BOOK}tomas.vcf</d:href><d:href>{BOOK}c{ana.pk}.vcf</d:href>"
        "</c:addressbook-multiget>"
    )
    response = dav.generic("REPORT", BOOK, body, content_type="application/xml", HTTP_DEPTH="1")
    assert response.status_code == 207
    text = response.content.decode()
    assert text.count("BEGIN:VCARD") == 2
    assert "FN:Tomás Vidal" in text
    assert "FN:Ana Gil" in text
    assert "Luis Prieto" not in text
    etags = {card.contact_id: card.etag for card in selectors.cards_list(user=user)}
    assert etags[tomas.pk] in text
    assert etags[ana.pk] in text


def test_put_of_an_edited_card_changes_that_contact_only(dav, user):
    tomas = make_contact(user, name="Tomás Vidal", title="Consultor")
    ana = make_contact(user, name="Ana Gil")
    before = {card.contact_id: card.etag for card in selectors.cards_list(user=user)}
    text = card_of(user, tomas).replace("TITLE:Consultor", "TITLE:Socio")
    response = dav.generic("PUT", f"{BOOK}c{tomas.pk}.vcf", text, content_type="text/vcard")
    assert response.status_code == 204
    after = {card.contact_id: card.etag for card in selectors.cards_list(user=user)}
    assert response["ETag"] == after[tomas.pk]
    assert after[tomas.pk] != before[tomas.pk]
    assert after[ana.pk] == before[ana.pk]
    tomas.refresh_from_db()
    assert tomas.title == "Socio"


def test_put_of_a_new_card_with_a_taken_uid_is_refused(dav, user):
    tomas = make_contact(user, name="Tomás Vidal")
    text = card_of(user, tomas).replace("FN:Tomás Vidal", "FN:Otro")
    response = dav.generic("PUT", f"{BOOK}otro.vcf", text, content_type="text/vcard")
    assert response.status_code == 409
    assert list(Contact.objects.for_user(user).values_list("name", flat=True)) == ["Tomás Vidal"]


def test_upload_with_a_new_offer_refreshes_suggestions(user):
    make_contact(user, name="Ana Gil", needs=["un abogado laboralista"])
    tomas = make_contact(user, name="Tomás Vidal")
    assert matched(user) == []
    text = card_of(user, tomas).replace(
        "END:VCARD", "X-VINCULO-OFFER:abogado laboralista\r\nEND:VCARD"
    )
    services.card_upload(user=user, href=f"c{tomas.pk}.vcf", text=text, contact=tomas)
    assert matched(user) == [("Ana Gil", "Tomás Vidal")]
    # An edit that leaves offers and needs alone keeps the suggestions.
    text = text.replace("FN:Tomás Vidal", "FN:Tomás Vidal Soler")
    services.card_upload(user=user, href=f"c{tomas.pk}.vcf", text=text, contact=tomas)
    assert matched(user) == [("Ana Gil", "Tomás Vidal Soler")]
