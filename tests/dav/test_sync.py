"""The address book synced with a real CardDAV client (vdirsyncer) against the live server."""

import base64
import urllib.error
import urllib.request

import pytest

from tests.factories import PASSWORD, make_contact
from vinculo.dav import services
from vinculo.people import services as people_services
from vinculo.people.models import Contact

from .sync import Client

pytestmark = pytest.mark.django_db(transaction=True)

NEW_CARD = """BEGIN:VCARD\r
VERSION:3.0\r
UID:phone-1\r
FN:Lucía Ramos\r
N:Ramos;Lucía;;;\r
ORG:Ramos Diseño\r
EMAIL;TYPE=INTERNET:lucia@ramos.example\r
TEL;TYPE=CELL:+34 600 111 222\r
BDAY:1985-04-12\r
X-PHONE-RINGTONE:marimba\r
END:VCARD\r
"""


def request(url: str, username: str, password: str, method: str = "PROPFIND") -> int:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    req = urllib.request.Request(
        url, method=method, headers={"Authorization": f"Basic {token}", "Depth": "0"}
    )
    try:
        with urllib.request.urlopen(req) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


@pytest.fixture
def phone(tmp_path, live_server, user):
    client = Client(tmp_path, f"{live_server.url}/dav/ana/contacts/", "ana", PASSWORD)
    client.discover()
    return client


def test_contact_created_in_app_reaches_the_client(phone, user):
    contact = make_contact(
        user,
        name="Tomás Vidal",
        emails=["tomas@vidal.example"],
        offers=["auditorías de accesibilidad"],
    )
    phone.sync()
    assert list(phone.cards()) == [f"c{contact.pk}.vcf"]
    lines = phone.cards()[f"c{contact.pk}.vcf"].splitlines()
    assert "FN:Tomás Vidal" in lines
    assert "EMAIL;PREF=1:tomas@vidal.example" in lines
    assert "X-VINCULO-OFFER:auditorías de accesibilidad" in lines


def test_contact_created_on_the_client_appears_in_the_app(phone, user):
    (phone.folder / "phone-1.vcf").write_text(NEW_CARD, encoding="utf-8")
    phone.sync()
    contact = Contact.objects.for_user(user).get()
    assert contact.name == "Lucía Ramos"
    assert contact.organization.name == "Ramos Diseño"
    assert contact.emails == ["lucia@ramos.example"]
    assert contact.phones == ["+34 600 11 12 22"]
    assert contact.external_id == "phone-1"
    assert contact.extra["vcard"] == {
        "birthday": "1985-04-12",
        "labels": {"+34 600 111 222": "cell"},
        "x-phone-ringtone": "marimba",
    }


def test_edit_in_app_reaches_the_client_and_keeps_unknown_properties(phone, user):
    (phone.folder / "phone-1.vcf").write_text(NEW_CARD, encoding="utf-8")
    phone.sync()
    contact = Contact.objects.for_user(user).get()
    people_services.contact_update(contact=contact, title="Directora de arte")
    phone.sync()
    text = phone.cards()["phone-1.vcf"]
    assert "TITLE:Directora de arte" in text.splitlines()
    assert "UID:phone-1" in text.splitlines()
    assert "x-phone-ringtone" in text
    # The card goes back and forth unchanged: nothing to sync, nothing lost.
    phone.sync()
    contact.refresh_from_db()
    assert contact.title == "Directora de arte"
    assert contact.extra["vcard"]["x-phone-ringtone"] == "marimba"


def test_edit_on_the_client_reaches_the_app(phone, user):
    contact = make_contact(user, name="Tomás Vidal", emails=["tomas@vidal.example"])
    phone.sync()
    path = phone.folder / f"c{contact.pk}.vcf"
    text = path.read_text(encoding="utf-8")
    text = text.replace("EMAIL;PREF=1:tomas@vidal.example\n", "")
    text = text.replace("FN:Tomás Vidal", "FN:Tomás Vidal Soler")
    path.write_text(text, encoding="utf-8")
    phone.sync()
    contact.refresh_from_db()
    assert contact.name == "Tomás Vidal Soler"
    assert contact.emails == []
    assert contact.extra["carddav_replaced"] == {
        "name": "Tomás Vidal",
        "emails": ["tomas@vidal.example"],
    }


def test_delete_on_the_client_deletes_in_the_app(phone, user):
    kept = make_contact(user, name="Ana Gil")
    gone = make_contact(user, name="Tomás Vidal")
    phone.sync()
    (phone.folder / f"c{gone.pk}.vcf").unlink()
    phone.sync()
    assert list(Contact.objects.for_user(user).values_list("pk", flat=True)) == [kept.pk]


def test_delete_in_the_app_deletes_on_the_client(phone, user):
    kept = make_contact(user, name="Ana Gil")
    gone = make_contact(user, name="Tomás Vidal")
    phone.sync()
    people_services.contact_delete(contact=gone)
    phone.sync()
    assert list(phone.cards()) == [f"c{kept.pk}.vcf"]


def test_conflicting_edit_loses_no_data(phone, user):
    contact = make_contact(user, name="Tomás Vidal", title="Consultor")
    phone.sync()
    people_services.contact_update(contact=contact, title="Socio director")
    path = phone.folder / f"c{contact.pk}.vcf"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("TITLE:Consultor", "TITLE:Consultor sénior"), encoding="utf-8")
    phone.sync()  # the phone's copy wins ("a wins")
    contact.refresh_from_db()
    assert contact.title == "Consultor sénior"
    assert contact.extra["carddav_replaced"] == {"title": "Socio director"}
    assert "TITLE:Consultor sénior" in phone.cards()[f"c{contact.pk}.vcf"].splitlines()


def test_client_finds_the_address_book_from_the_server_address(tmp_path, live_server, user):
    contact = make_contact(user, name="Tomás Vidal")
    client = Client(tmp_path, f"{live_server.url}/dav/", "ana", PASSWORD, collections='["from b"]')
    client.discover()
    client.sync()
    assert list(client.cards()) == [f"contacts/c{contact.pk}.vcf"]


def test_app_password_syncs_and_a_revoked_one_is_refused(tmp_path, live_server, user):
    password, secret = services.app_password_create(user=user, label="Móvil")
    make_contact(user, name="Tomás Vidal")
    url = f"{live_server.url}/dav/ana/contacts/"
    client = Client(tmp_path, url, "ana", secret)
    client.discover()
    client.sync()
    assert len(client.cards()) == 1
    password.refresh_from_db()
    assert password.last_used_at is not None
    services.app_password_revoke(password=password)
    assert request(url, "ana", secret) == 401
    assert client.run("sync").returncode != 0


def test_wrong_password_and_no_login_are_refused(live_server, user):
    url = f"{live_server.url}/dav/ana/contacts/"
    assert request(url, "ana", "wrong") == 401
    token_less = urllib.request.Request(url, method="PROPFIND")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(token_less)
    refused.value.close()
    assert refused.value.code == 401
    assert refused.value.headers["WWW-Authenticate"] == 'Basic realm="Vínculo", charset="UTF-8"'


def test_another_users_address_book_is_refused(live_server, user, other_user):
    make_contact(user, name="Tomás Vidal")
    url = f"{live_server.url}/dav/ana/contacts/"
    assert request(url, "intrusa", PASSWORD) == 403
    assert request(f"{url}c1.vcf", "intrusa", PASSWORD, method="GET") == 403
    assert request(url, "ana", PASSWORD) == 207
