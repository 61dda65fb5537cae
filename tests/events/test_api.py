"""The events API: events with attendees, the prepare sheet, capture, and card reading."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vinculo.activity import services as activity_services
from vinculo.activity.models import Event
from vinculo.people.models import Contact

from ..factories import make_contact
from .cards import card_image, encoded

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    cache.clear()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_event_create_list_update_delete(api, user):
    ana = make_contact(user, name="Ana")
    luis = make_contact(user, name="Luis")
    response = api.post(
        "/api/v1/events/",
        {
            "name": "Feria Emprende",
            "kind": "fair",
            "date": "2027-03-10",
            "place": "IFEMA",
            "attendees": [ana.pk, luis.pk],
            "to_meet": [luis.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    event_id = body["id"]
    assert {k: body[k] for k in ("name", "kind", "date", "place", "attendees", "to_meet")} == {
        "name": "Feria Emprende",
        "kind": "fair",
        "date": "2027-03-10",
        "place": "IFEMA",
        "attendees": [ana.pk, luis.pk],
        "to_meet": [luis.pk],
    }
    assert api.get("/api/v1/events/").json()["count"] == 1
    response = api.patch(
        f"/api/v1/events/{event_id}/", {"attendees": [luis.pk], "place": "Ifema"}, format="json"
    )
    assert (response.json()["attendees"], response.json()["place"]) == ([luis.pk], "Ifema")
    assert api.delete(f"/api/v1/events/{event_id}/").status_code == 204
    assert Event.objects.for_user(user).count() == 0


def test_event_create_with_another_users_contact_is_refused(api, user, other_user):
    foreign = make_contact(other_user, name="Ajena")
    response = api.post("/api/v1/events/", {"name": "X", "attendees": [foreign.pk]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"attendees": [f'Invalid pk "{foreign.pk}" - object does not exist.']}


def test_event_kind_unknown_is_refused_but_an_imported_one_is_shown(api, user):
    response = api.post("/api/v1/events/", {"name": "X", "kind": "party"}, format="json")
    assert response.json() == {"kind": ['"party" is not a valid choice.']}
    event = activity_services.event_create(owner=user, name="Afterwork", kind="afterwork")
    assert api.get(f"/api/v1/events/{event.pk}/").json()["kind"] == "afterwork"


def test_event_attendees_add_list_remove(api, user, event):
    ana = make_contact(user, name="Ana")
    response = api.post(f"/api/v1/events/{event.pk}/attendees/", {"contact": ana.pk}, format="json")
    assert (response.status_code, response.json()) == (201, [{"id": ana.pk, "name": "Ana"}])
    assert api.get(f"/api/v1/events/{event.pk}/attendees/").json() == [
        {"id": ana.pk, "name": "Ana"}
    ]
    assert api.delete(f"/api/v1/events/{event.pk}/attendees/{ana.pk}/").status_code == 204
    assert list(event.attendees.all()) == []


def test_event_prepare_sheet_in_json(api, user, event):
    marta = make_contact(user, name="Marta", needs=["un diseñador para la web del hostal"])
    jorge = make_contact(user, name="Jorge", offers=["diseño de páginas web"])
    event.attendees.add(marta, jorge)
    body = api.get(f"/api/v1/events/{event.pk}/prepare/").json()
    assert [p["name"] for p in body["attendees"]] == ["Jorge", "Marta"]
    assert body["attendees"][1]["needs"] == ["un diseñador para la web del hostal"]
    assert [(s["need_contact"], s["offer_contact"]) for s in body["among"]] == [
        (marta.pk, jorge.pk)
    ]
    assert body["among"][0]["why"].startswith(
        "Marta needs “un diseñador para la web del hostal”; Jorge offers “diseño de páginas web”"
    )


def test_event_capture_creates_the_contact_met_there(api, user, event, monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 12, 3)
    )
    response = api.post(
        f"/api/v1/events/{event.pk}/capture/",
        {"name": "Lucía Fernández", "phones": ["612345678"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["met"] == {
        "date": "2026-12-03",
        "where": "Hotel Miramar, Málaga",
        "event": event.pk,
    }
    assert response.json()["phones"] == ["+34 612 34 56 78"]
    contact = Contact.objects.for_user(user).get()
    assert list(event.attendees.all()) == [contact]


def test_card_read_returns_the_fields_and_saves_nothing(api, user):
    photo = SimpleUploadedFile("card.png", encoded(card_image(), "PNG"), "image/png")
    response = api.post("/api/v1/cards/read/", {"photo": photo}, format="multipart")
    assert response.status_code == 200
    assert response.json() == {
        "name": "José Núñez Peña",
        "title": "Directora de Innovación",
        "organization": "Cooperativa Añil",
        "emails": ["jose.nunez@cooperativa-anil.es"],
        "phones": ["+34 612 34 56 78", "+34 911 23 45 67"],
        "urls": ["https://www.cooperativa-anil.es"],
        "notes": "",
    }
    assert Contact.objects.for_user(user).count() == 0


def test_card_read_of_a_file_that_is_not_an_image(api):
    photo = SimpleUploadedFile("card.txt", b"hola", "text/plain")
    response = api.post("/api/v1/cards/read/", {"photo": photo}, format="multipart")
    assert (response.status_code, response.json()) == (
        400,
        {"photo": ["This file is not an image: send a photo of the card (JPEG, PNG or WebP)."]},
    )
